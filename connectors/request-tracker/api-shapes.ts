// Request Tracker 5 REST 2.0 shapes <-> the neutral model. Pure functions only.
// Shapes checked against a live RT 5.0.3 (see /work/shared/research/rt5.md) and
// RT's own REST2 sources (RT::REST2::Resource::*).
// Over 400 lines on purpose: every RT shape with both of its translations in one file, so reading and
// writing a record follow the same rules.
import type {
  Attachment,
  Comment,
  FieldType,
  Group,
  Person,
  Ticket,
  TicketEvent,
  TicketField,
  TicketPriority,
  TicketStatus,
  Timestamp,
} from '../../source/contracts/model.js';
import {phonesOf} from '../../source/contracts/model.js';

/** A reference RT embeds in records: users by Name, queues/tickets by numeric id. */
export interface RtRef {
  id: string | number;
  type?: string;
  _url?: string;
}

export interface RtCollection<T> {
  page: number;
  pages?: number;
  per_page: number;
  total?: number;
  count: number;
  next_page?: string;
  items: T[];
}

export interface RtUser {
  id: number | string;
  Name: string;
  EmailAddress?: string;
  RealName?: string;
  Organization?: string;
  WorkPhone?: string;
  MobilePhone?: string;
  HomePhone?: string;
  Comments?: string;
  Disabled?: string | number;
  Created?: string;
  LastUpdated?: string;
}

export interface RtQueue {
  id: string | number;
  Name: string;
  Description?: string;
  Disabled?: string | number;
  Created?: string;
  LastUpdated?: string;
}

export interface RtCustomField {
  id: string | number;
  Name: string;
  Type: string;
  MaxValues: string | number;
  LookupType?: string;
  Pattern?: string;
  Description?: string;
  Disabled?: string | number;
  Created?: string;
  LastUpdated?: string;
}

export interface RtTicketCustomField {
  id: string;
  name: string;
  values: string[];
}

export interface RtTicket {
  id: string | number;
  Subject: string;
  Status: string;
  Priority: string | number;
  Queue: RtRef;
  Owner?: RtRef;
  Requestor?: RtRef[];
  Cc?: RtRef[];
  CustomFields?: RtTicketCustomField[];
  Created: string;
  LastUpdated: string;
}

export interface RtTransaction {
  id: string;
  Type: string;
  Creator?: RtRef;
  Created: string;
  Field?: string;
  OldValue?: string;
  NewValue?: string;
}

export interface RtAttachmentMeta {
  id: string;
  TransactionId: string;
  Filename?: string;
  ContentType: string;
  ContentLength?: string | number;
  Headers?: string;
  Content?: string;
}

/** Users RT creates for itself; never migrated. */
export const SYSTEM_USER_NAMES = new Set(['Nobody', 'RT_System']);
/** The ticket custom field that carries each migrated ticket's source key (see findByMarker). */
export const SOURCE_FIELD_NAME = 'Ferry Source';
/** Tags have no native home in RT: they live in this multi-value ticket custom field. */
export const TAGS_FIELD_NAME = 'Ferry Tags';
export const SYSTEM_FIELD_NAMES = new Set([SOURCE_FIELD_NAME, TAGS_FIELD_NAME]);
/** Transaction types that carry a message: the ticket's comments. */
export const MESSAGE_TXN_TYPES = new Set(['Create', 'Correspond', 'Comment']);
/** Transactions that are RT's own bookkeeping (outgoing mail copies), not history. */
const NOISE_TXN_TYPES = new Set(['EmailRecord', 'CommentEmailRecord', 'Forward Transaction', 'Forward Ticket']);

// ---- dates -------------------------------------------------------------------

/** RT answers ISO 8601; "1970-01-01T00:00:00Z" means "not set". */
export function fromRtDate(value: string | undefined, fallback: Timestamp = '1970-01-01T00:00:00Z'): Timestamp {
  if (!value || value.startsWith('1970-01-01')) return fallback;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString().replace(/\.000Z$/, 'Z') : fallback;
}

/** RT parses only its SQL format on writes ("YYYY-MM-DD HH:MM:SS", UTC); ISO is silently dropped. */
export function toRtDate(value: Timestamp): string {
  return new Date(value).toISOString().slice(0, 19).replace('T', ' ');
}

// ---- statuses and priorities ----------------------------------------------------

/** RT's default lifecycle: new, open, stalled, resolved, rejected, deleted. */
export function fromRtStatus(status: string): TicketStatus {
  switch (status) {
    case 'new':
      return 'new';
    case 'stalled':
      return 'hold';
    case 'resolved':
      return 'solved';
    case 'rejected':
    case 'deleted':
      return 'closed';
    default:
      return 'open';
  }
}

/** Nearest native status: pending and hold are both "stalled"; solved and closed are both "resolved". */
export function toRtStatus(status: TicketStatus): string {
  switch (status) {
    case 'new':
      return 'new';
    case 'open':
      return 'open';
    case 'pending':
    case 'hold':
      return 'stalled';
    case 'solved':
    case 'closed':
      return 'resolved';
  }
}

/** RT priorities are numbers 0-100; RT 5 shows 0 as Low, 50 Medium, 100 High. */
export function fromRtPriority(priority: string | number): TicketPriority {
  const value = Number(priority) || 0;
  if (value < 25) return 'low';
  if (value < 65) return 'normal';
  if (value < 90) return 'high';
  return 'urgent';
}

export function toRtPriority(priority: TicketPriority): number {
  return {low: 0, normal: 50, high: 80, urgent: 100}[priority];
}

// ---- people, queues ---------------------------------------------------------------

/** Person ids are RT user Names: tickets reference users by Name, so no lookups are needed. */
export function fromRtUser(user: RtUser, privileged: boolean): Person {
  return {
    id: user.Name,
    name: user.RealName || user.Name,
    email: user.EmailAddress || undefined,
    phone: phonesOf({phones: [user.WorkPhone ?? '', user.MobilePhone ?? '', user.HomePhone ?? '']})[0],
    ...(phonesOf({phones: [user.WorkPhone ?? '', user.MobilePhone ?? '', user.HomePhone ?? '']}).length > 1 ? {phones: phonesOf({phones: [user.WorkPhone ?? '', user.MobilePhone ?? '', user.HomePhone ?? '']})} : {}),
    // RT has no organizations: the Organization text of a user stands for one (id = its name).
    organizationId: user.Organization || undefined,
    role: privileged ? (user.Name === 'root' ? 'admin' : 'agent') : 'end-user',
    active: !Number(user.Disabled || 0),
    createdAt: fromRtDate(user.Created),
    updatedAt: fromRtDate(user.LastUpdated, fromRtDate(user.Created)),
  };
}

const QUEUE_MARKER = /\s*\[ferry-source: [^\]]*\]$/;

/** Queues carry their marker at the end of the Description (queues have no free field of their own). */
export function queueMarker(sourceKey: string): string {
  return `[ferry-source: ${sourceKey}]`;
}

export function fromRtQueue(queue: RtQueue): Group {
  const description = (queue.Description ?? '').replace(QUEUE_MARKER, '');
  return {
    id: String(queue.id),
    name: queue.Name,
    description: description || undefined,
    createdAt: fromRtDate(queue.Created),
    updatedAt: fromRtDate(queue.LastUpdated, fromRtDate(queue.Created)),
  };
}

export function userMarker(sourceKey: string): string {
  return `ferry-source: ${sourceKey}`;
}

// ---- custom fields ------------------------------------------------------------------

// RT has no integer, decimal or checkbox types: those are Freeform/Select fields with
// a validation Pattern; the "(?#Name)" prefix is RT's own convention for naming patterns.
const INTEGER_PATTERN = '(?#Integer)^-?\\d*$';
const DECIMAL_PATTERN = '(?#Decimal)^-?\\d*(\\.\\d+)?$';
const CHECKBOX_PATTERN = '(?#Checkbox)^(true|false)?$';
const MANDATORY_PATTERN = '(?#Mandatory).';

/** `values`: the field's value names, or names with their labels (RT keeps a label as the value's Description). */
export function fromRtCustomField(cf: RtCustomField, values: Array<string | {name: string; label?: string}>): TicketField {
  const pattern = cf.Pattern ?? '';
  const single = Number(cf.MaxValues) === 1;
  let type: FieldType = 'text';
  if (cf.Type === 'Select' || cf.Type === 'Combobox' || cf.Type === 'Autocomplete') {
    type = pattern.startsWith('(?#Checkbox)') ? 'checkbox' : single ? 'dropdown' : 'multiselect';
  } else if (cf.Type === 'Text' || cf.Type === 'Wikitext' || cf.Type === 'HTML') type = 'textarea';
  else if (cf.Type === 'Date' || cf.Type === 'DateTime') type = 'date';
  else if (pattern.startsWith('(?#Integer)')) type = 'integer';
  else if (pattern.startsWith('(?#Decimal)')) type = 'decimal';
  else if (pattern && !pattern.startsWith('(?#Mandatory)')) type = 'regexp';
  const field: TicketField = {
    id: String(cf.id),
    title: cf.Name,
    key: cf.Name,
    type,
    required: pattern.startsWith('(?#Mandatory)'),
    active: !Number(cf.Disabled || 0),
    createdAt: fromRtDate(cf.Created),
    updatedAt: fromRtDate(cf.LastUpdated, fromRtDate(cf.Created)),
  };
  if (type === 'dropdown' || type === 'multiselect')
    field.options = values.map((value) => (typeof value === 'string' ? {label: value, value} : {label: value.label || value.name, value: value.name}));
  if (type === 'regexp') field.pattern = pattern;
  return field;
}

/** The POST /customfield body for a neutral field (applied globally with Queue: 0). */
export function toRtCustomField(field: TicketField, sourceKey: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Name: field.title,
    LookupType: 'RT::Queue-RT::Ticket',
    Queue: 0,
    MaxValues: field.type === 'multiselect' ? 0 : 1,
    Description: userMarker(sourceKey),
    Disabled: field.active ? 0 : 1,
  };
  switch (field.type) {
    case 'textarea':
      body.Type = 'Text';
      break;
    case 'date':
      body.Type = 'Date';
      break;
    case 'dropdown':
    case 'multiselect':
      body.Type = 'Select';
      break;
    case 'checkbox':
      body.Type = 'Select';
      body.Pattern = CHECKBOX_PATTERN;
      break;
    case 'integer':
      body.Type = 'Freeform';
      body.Pattern = INTEGER_PATTERN;
      break;
    case 'decimal':
      body.Type = 'Freeform';
      body.Pattern = DECIMAL_PATTERN;
      break;
    case 'regexp':
      body.Type = 'Freeform';
      body.Pattern = field.pattern ?? '';
      break;
    default:
      body.Type = 'Freeform';
  }
  if (field.required && !body.Pattern) body.Pattern = MANDATORY_PATTERN;
  return body;
}

/** Options a neutral field needs as RT values (checkboxes get true/false). */
export function fieldValueNames(field: TicketField): string[] {
  if (field.type === 'checkbox') return ['true', 'false'];
  return (field.options ?? []).map((option) => option.value);
}

export type FieldValue = string | number | boolean | string[] | null;

export function fromRtFieldValue(field: TicketField | undefined, values: string[]): FieldValue {
  if (!field) return values.length > 1 ? values : (values[0] ?? null);
  if (field.type === 'multiselect') return values;
  const first = values[0];
  if (first === undefined || first === '') return null;
  if (field.type === 'checkbox') return first === 'true';
  if (field.type === 'integer' || field.type === 'decimal') return Number(first);
  return first;
}

/** RT values as strings; undefined when there is nothing to write. */
export function toRtFieldValues(value: FieldValue): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value === '') return undefined;
  return [String(value)];
}

// ---- tickets ----------------------------------------------------------------------

function refId(ref: RtRef | undefined): string | undefined {
  return ref ? String(ref.id) : undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function header(headers: string | undefined, name: string): string | undefined {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers ?? '');
  return match?.[1]?.trim();
}

/** Assemble a ticket from its record, its message transactions and their MIME parts. */
export function fromRtTicket(
  ticket: RtTicket,
  transactions: RtTransaction[],
  parts: RtAttachmentMeta[],
  fields: Map<string, TicketField>,
  attachmentUrl: (id: string) => string,
): Ticket {
  const partsByTxn = new Map<string, RtAttachmentMeta[]>();
  for (const part of parts) {
    const list = partsByTxn.get(String(part.TransactionId)) ?? [];
    list.push(part);
    partsByTxn.set(String(part.TransactionId), list);
  }
  const comments: Comment[] = [];
  const events: TicketEvent[] = [];
  for (const txn of transactions) {
    if (MESSAGE_TXN_TYPES.has(txn.Type)) {
      const txnParts = partsByTxn.get(String(txn.id)) ?? [];
      // A ticket created without content (e.g. its first message was private) has an empty Create.
      if (txn.Type === 'Create' && txnParts.length === 0) continue;
      comments.push({
        id: String(txn.id),
        authorId: refId(txn.Creator) ?? 'RT_System',
        body: messageBody(txnParts),
        public: txn.Type !== 'Comment',
        createdAt: fromRtDate(txn.Created),
        attachments: txnParts.filter((part) => part.Filename).map((part) => toAttachment(part, attachmentUrl)),
      });
    } else if (!NOISE_TXN_TYPES.has(txn.Type)) {
      events.push({id: String(txn.id), authorId: refId(txn.Creator), createdAt: fromRtDate(txn.Created), description: describeTransaction(txn)});
    }
  }
  const customFields: Ticket['customFields'] = {};
  let tags: string[] = [];
  for (const cf of ticket.CustomFields ?? []) {
    if (cf.name === TAGS_FIELD_NAME) tags = cf.values;
    if (SYSTEM_FIELD_NAMES.has(cf.name)) continue;
    // RT lists every field applied to the queue; unset ones are left out.
    if (!cf.values?.length) continue;
    customFields[String(cf.id)] = fromRtFieldValue(fields.get(String(cf.id)), cf.values);
  }
  const owner = refId(ticket.Owner);
  return {
    id: String(ticket.id),
    subject: ticket.Subject,
    status: fromRtStatus(ticket.Status),
    priority: fromRtPriority(ticket.Priority),
    requesterId: refId(ticket.Requestor?.[0]) ?? '',
    assigneeId: owner && owner !== 'Nobody' ? owner : undefined,
    groupId: refId(ticket.Queue),
    tags,
    ccEmails: (ticket.Cc ?? []).map((ref) => String(ref.id)).filter((name) => name.includes('@')),
    customFields,
    createdAt: fromRtDate(ticket.Created),
    updatedAt: fromRtDate(ticket.LastUpdated, fromRtDate(ticket.Created)),
    comments,
    events,
  };
}

function toAttachment(part: RtAttachmentMeta, attachmentUrl: (id: string) => string): Attachment {
  const contentId = header(part.Headers, 'Content-ID');
  return {
    id: String(part.id),
    fileName: part.Filename ?? 'attachment',
    contentType: part.ContentType,
    size: Number(part.ContentLength) || 0,
    url: attachmentUrl(String(part.id)),
    // RT marks every upload "Content-Disposition: inline"; only a Content-ID makes it embedded.
    inline: Boolean(contentId) && part.ContentType.startsWith('image/'),
  };
}

/** The body is the first unnamed text/html part, else the first unnamed text/plain part. */
export function messageBody(parts: RtAttachmentMeta[]): string {
  const bodies = parts.filter((part) => !part.Filename && part.Content !== undefined);
  const html = bodies.find((part) => part.ContentType === 'text/html');
  if (html) return html.Content ?? '';
  const plain = bodies.find((part) => part.ContentType === 'text/plain');
  if (plain) return `<p>${escapeHtml(plain.Content ?? '').replace(/\n/g, '<br>')}</p>`;
  return '';
}

export function describeTransaction(txn: RtTransaction): string {
  const what = txn.Field || txn.Type;
  if (txn.OldValue || txn.NewValue) return `${what} changed from ${txn.OldValue || '(none)'} to ${txn.NewValue || '(none)'}`;
  return what;
}

/** Visible first line for comments whose author and date RT cannot set. */
export function originalAuthorLine(comment: Comment): string {
  // A note about the migration (the source's CCs) is the API user's own, with no original author or date.
  if (comment.byMigration) return '';
  const who = comment.authorLabel ?? comment.authorId;
  return `<p><em>Originally from ${escapeHtml(who)} on ${escapeHtml(comment.createdAt)}</em></p>`;
}

/** Invisible marker of a written comment, found again by commentMarkerIn after a crash. */
export function commentMarker(sourceKey: string, commentId: string): string {
  return `<!-- ferry-source: ${sourceKey}#comment-${commentId} -->`;
}

export function eventsNoteHtml(events: TicketEvent[]): string {
  const lines = events.map((event) => `<li>${escapeHtml(event.createdAt)}: ${escapeHtml(event.description)}</li>`);
  return `<p><strong>Ticket history from the source help desk</strong></p><ul>${lines.join('')}</ul>`;
}

/** RT's error body is {"message": "..."}; some endpoints answer a JSON array of messages or plain text. */
export function describeRtError(status: number, body: unknown): string {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'message' in body) return String((body as {message: unknown}).message);
  if (Array.isArray(body)) return body.map(String).join('; ');
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return `HTTP ${status}`;
}
