// Zendesk's native JSON shapes (Support API v2 and Help Center API) and the pure
// conversions between them and the neutral model. Shared by the connector and the
// emulator, so both read and write exactly the same shapes.
// Over 400 lines on purpose: every Zendesk shape with both of its translations in one file, so the
// connector and the emulator (which share it) cannot drift apart.
import type {
  Attachment,
  Comment,
  FieldType,
  Group,
  KbArticle,
  KbCategory,
  KbSection,
  Organization,
  Person,
  PersonFieldValue,
  Ticket,
  TicketField,
  TicketKind,
  TicketPriority,
  TicketEvent,
  TicketStatus,
} from '../../source/contracts/model.js';
import {TICKET_STATUSES, emailsOf, phonesOf} from '../../source/contracts/model.js';

export interface ZdCustomFieldOption {
  id?: number;
  name: string;
  value: string;
  default?: boolean;
}

export interface ZdTicketField {
  id: number;
  url?: string;
  type: string;
  title: string;
  description?: string;
  /** Visible to agents only: where this connector writes its marker (ticket fields have no external_id) */
  agent_description?: string | null;
  active: boolean;
  required: boolean;
  removable?: boolean;
  regexp_for_validation?: string | null;
  custom_field_options?: ZdCustomFieldOption[];
  created_at: string;
  updated_at: string;
}

export interface ZdGroup {
  id: number;
  name: string;
  /** Agent-facing only: carries this connector's marker (groups have no external_id) */
  description: string;
  default?: boolean;
  deleted?: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZdOrganization {
  id: number;
  name: string;
  external_id: string | null;
  domain_names: string[];
  notes: string | null;
  details?: string | null;
  /** Organization fields by key (zendesk.md: people) */
  organization_fields?: Record<string, PersonFieldValue>;
  created_at: string;
  updated_at: string;
}

export interface ZdUser {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: 'end-user' | 'agent' | 'admin';
  active: boolean;
  verified?: boolean;
  external_id: string | null;
  organization_id: number | null;
  default_group_id?: number | null;
  suspended?: boolean;
  /** User fields by key (zendesk.md: people) */
  user_fields?: Record<string, PersonFieldValue>;
  created_at: string;
  updated_at: string;
}

/** A user identity (List Identities, or side-loaded with include=identities): emails and phone numbers among others. */
export interface ZdIdentity {
  id: number;
  user_id: number;
  type: string;
  value: string;
  primary: boolean;
}

/** A user or organization field (List User Fields / List Organization Fields). */
export interface ZdPersonField {
  id: number;
  key: string;
  title: string;
  type: string;
  active: boolean;
}

export interface ZdGroupMembership {
  id: number;
  user_id: number;
  group_id: number;
  default: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZdAttachment {
  id: number;
  file_name: string;
  content_url: string;
  mapped_content_url?: string;
  content_type: string;
  size: number;
  inline: boolean;
  deleted?: boolean;
}

export interface ZdComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  /** Not in every documented example (List Comments prints only `body`) */
  html_body?: string;
  plain_body?: string;
  public: boolean;
  attachments: ZdAttachment[];
  audit_id?: number;
  created_at: string;
}

export interface ZdTicket {
  id: number;
  url?: string;
  external_id: string | null;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  type: string | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  group_id: number | null;
  organization_id: number | null;
  collaborator_ids: number[];
  email_cc_ids?: number[];
  tags: string[];
  custom_fields: Array<{id: number; value: unknown}>;
  /** How the ticket was made; a follow-up names the closed ticket in source.from.ticket_id */
  via?: {channel: string; source?: {rel?: string | null; from?: {ticket_id?: number}}};
  created_at: string;
  updated_at: string;
}

export interface ZdCategory {
  id: number;
  name: string;
  description: string;
  locale: string;
  source_locale: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface ZdSection extends ZdCategory {
  category_id: number;
}

export interface ZdArticle {
  id: number;
  section_id: number;
  title: string;
  body: string;
  author_id: number | null;
  draft: boolean;
  label_names: string[];
  locale: string;
  source_locale: string;
  permission_group_id: number;
  user_segment_id: number | null;
  created_at: string;
  updated_at: string;
}

// ---- Markers ---------------------------------------------------------------
// external_id carries the source key on tickets, users and organizations. Groups,
// ticket fields and Help Center categories/sections have no external_id: the
// marker goes into a description line (agent-only for groups and ticket fields),
// and Help Center articles carry it as a label.

const MARKER_LINE = /\n*\[ferry (\S+)\]\s*$/;

export function withMarker(text: string | undefined, sourceKey: string): string {
  return `${stripMarker(text ?? '')}\n\n[ferry ${sourceKey}]`.replace(/^\n+/, '');
}

export function markerOf(text: string | null | undefined): string | undefined {
  return text ? MARKER_LINE.exec(text)?.[1] : undefined;
}

export function stripMarker(text: string): string {
  return text.replace(MARKER_LINE, '');
}

/** The article marker every plan keeps: a hidden HTML comment at the end of the body (labels are plan-gated). */
export function bodyMarker(sourceKey: string): string {
  return `<!-- ferry ${sourceKey} -->`;
}
const BODY_MARKER = /\s*<!-- ferry \S+ -->\s*$/;
export function stripBodyMarker(body: string): string {
  return body.replace(BODY_MARKER, '');
}

export const LABEL_MARKER_PREFIX = 'ferry:';
export function markerLabel(sourceKey: string): string {
  return LABEL_MARKER_PREFIX + sourceKey;
}

// ---- Enumerations -----------------------------------------------------------
// Zendesk's statuses, priorities and types are the neutral ones (the neutral model
// was drawn after them), so the mapping is the identity with safe fallbacks.

const STATUSES: readonly TicketStatus[] = TICKET_STATUSES;
const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
const KINDS: TicketKind[] = ['question', 'incident', 'problem', 'task'];

export function statusToNeutral(status: string): TicketStatus {
  return (STATUSES as string[]).includes(status) ? (status as TicketStatus) : 'open';
}
/** A null priority in Zendesk means "not set": neutral 'normal' is the nearest. */
export function priorityToNeutral(priority: string | null): TicketPriority {
  return priority && (PRIORITIES as string[]).includes(priority) ? (priority as TicketPriority) : 'normal';
}
export function kindToNeutral(type: string | null): TicketKind | undefined {
  return type && (KINDS as string[]).includes(type) ? (type as TicketKind) : undefined;
}

/** Native custom field types; 'tagger' is Zendesk's drop-down. System fields are left out. */
const FIELD_TYPES: Record<string, FieldType> = {
  text: 'text',
  textarea: 'textarea',
  checkbox: 'checkbox',
  date: 'date',
  integer: 'integer',
  decimal: 'decimal',
  tagger: 'dropdown',
  multiselect: 'multiselect',
  regexp: 'regexp',
};
export const SYSTEM_FIELD_TYPES = ['subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee', 'custom_status'];

export function isCustomFieldType(type: string): boolean {
  return type in FIELD_TYPES;
}
export function fieldTypeToNative(type: FieldType): string {
  return type === 'dropdown' ? 'tagger' : type;
}

/** Zendesk option values are tags: lower case, no spaces. */
export function tagOf(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\-:/.]+/gu, '_');
}

// ---- Native -> neutral --------------------------------------------------------

export function ticketFieldToNeutral(field: ZdTicketField): TicketField {
  const type = FIELD_TYPES[field.type] ?? 'text';
  return {
    id: String(field.id),
    title: field.title,
    key: String(field.id),
    type,
    required: field.required,
    ...(field.custom_field_options?.length ? {options: field.custom_field_options.map((option) => ({label: option.name, value: option.value}))} : {}),
    ...(field.regexp_for_validation ? {pattern: field.regexp_for_validation} : {}),
    active: field.active,
    createdAt: field.created_at,
    updatedAt: field.updated_at,
  };
}

export function groupToNeutral(group: ZdGroup): Group {
  const description = stripMarker(group.description ?? '');
  return {id: String(group.id), name: group.name, ...(description ? {description} : {}), createdAt: group.created_at, updatedAt: group.updated_at};
}

export function organizationToNeutral(org: ZdOrganization): Organization {
  return {
    id: String(org.id),
    name: org.name,
    domains: [...org.domain_names],
    ...(org.notes ? {notes: org.notes} : {}),
    ...filledFields(org.organization_fields),
    createdAt: org.created_at,
    updatedAt: org.updated_at,
  };
}

/** A user's custom fields that hold a value, as the neutral `customFields` (nothing when none does). */
function filledFields(values: Record<string, PersonFieldValue> | undefined): {customFields?: Record<string, PersonFieldValue>} {
  const kept = Object.entries(values ?? {}).filter(([, value]) => value !== null && value !== '');
  return kept.length ? {customFields: Object.fromEntries(kept)} : {};
}

/** `identities`: the user's identities when read (emails and phone numbers beyond `email` and `phone`), primary first. */
export function userToNeutral(user: ZdUser, groupIds?: number[], identities?: ZdIdentity[]): Person {
  const mine = (identities ?? []).filter((identity) => identity.user_id === user.id).sort((a, b) => Number(b.primary) - Number(a.primary));
  const emails = emailsOf({email: user.email ?? undefined, emails: mine.filter((identity) => identity.type === 'email').map((identity) => identity.value)});
  const phones = phonesOf({phone: user.phone ?? undefined, phones: mine.filter((identity) => identity.type === 'phone_number').map((identity) => identity.value)});
  return {
    id: String(user.id),
    name: user.name,
    ...(user.email ? {email: user.email} : {}),
    ...(phones[0] ? {phone: phones[0]} : {}),
    ...(emails.length > 1 ? {emails} : {}),
    ...(phones.length > 1 ? {phones} : {}),
    ...filledFields(user.user_fields),
    ...(user.organization_id ? {organizationId: String(user.organization_id)} : {}),
    role: user.role,
    active: user.active && !user.suspended,
    ...(user.role !== 'end-user' ? {groupIds: (groupIds ?? []).map(String)} : {}),
    createdAt: user.created_at,
    updatedAt: user.updated_at,
  };
}

export function attachmentToNeutral(att: ZdAttachment): Attachment {
  return {id: String(att.id), fileName: att.file_name, contentType: att.content_type, size: att.size, url: att.content_url, inline: att.inline};
}

/** List Comments documents `body` (plain text) and may leave out html_body (ticket_comments
 * reference, List Comments example): the text is kept either way. */
export function commentToNeutral(comment: ZdComment): Comment {
  return {
    id: String(comment.id),
    authorId: String(comment.author_id),
    body: comment.html_body ?? plainToHtml(comment.body ?? comment.plain_body ?? ''),
    public: comment.public,
    createdAt: comment.created_at,
    attachments: comment.attachments.filter((att) => !att.deleted).map(attachmentToNeutral),
  };
}

function plainToHtml(text: string): string {
  if (!text) return '';
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped.replace(/\r?\n/g, '<br>')}</p>`;
}

/** `emailOf` resolves CC user ids (Zendesk keeps CCs as users) to addresses. */
export function ticketToNeutral(ticket: ZdTicket, comments: ZdComment[], emailOf: (userId: number) => string | undefined): Ticket {
  const customFields: Ticket['customFields'] = {};
  for (const field of ticket.custom_fields) {
    if (field.value === null || field.value === undefined || field.value === '') continue;
    customFields[String(field.id)] = field.value as Ticket['customFields'][string];
  }
  const ccIds = [...new Set([...(ticket.collaborator_ids ?? []), ...(ticket.email_cc_ids ?? [])])];
  const kind = kindToNeutral(ticket.type);
  return {
    id: String(ticket.id),
    subject: ticket.subject,
    status: statusToNeutral(ticket.status),
    priority: priorityToNeutral(ticket.priority),
    ...(kind ? {kind} : {}),
    requesterId: String(ticket.requester_id),
    ...(ticket.assignee_id ? {assigneeId: String(ticket.assignee_id)} : {}),
    ...(ticket.group_id ? {groupId: String(ticket.group_id)} : {}),
    ...(ticket.organization_id ? {organizationId: String(ticket.organization_id)} : {}),
    tags: [...ticket.tags],
    ccEmails: ccIds.map(emailOf).filter((email): email is string => !!email),
    customFields,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    comments: [...comments].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).map(commentToNeutral),
  };
}

export function categoryToNeutral(category: ZdCategory): KbCategory {
  const description = stripMarker(category.description ?? '');
  return {id: String(category.id), name: category.name, ...(description ? {description} : {}), createdAt: category.created_at, updatedAt: category.updated_at};
}

export function sectionToNeutral(section: ZdSection): KbSection {
  const description = stripMarker(section.description ?? '');
  return {
    id: String(section.id),
    categoryId: String(section.category_id),
    name: section.name,
    ...(description ? {description} : {}),
    createdAt: section.created_at,
    updatedAt: section.updated_at,
  };
}

export function articleToNeutral(article: ZdArticle): KbArticle {
  return {
    id: String(article.id),
    sectionId: String(article.section_id),
    title: article.title,
    body: stripBodyMarker(article.body ?? ''),
    ...(article.author_id ? {authorId: String(article.author_id)} : {}),
    draft: article.draft,
    tags: article.label_names.filter((label) => !label.startsWith(LABEL_MARKER_PREFIX)),
    createdAt: article.created_at,
    updatedAt: article.updated_at,
  };
}

// ---- Errors ------------------------------------------------------------------

/** Zendesk's error bodies: {error, description, details: {field: [{description}]}} or {error: "text"}. */
export function describeZendeskError(status: number, body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 300) || `HTTP ${status}`;
  if (!body || typeof body !== 'object') return `HTTP ${status}`;
  const record = body as {error?: unknown; description?: unknown; details?: unknown; detail?: unknown};
  const parts: string[] = [];
  const error = typeof record.error === 'string' ? record.error : typeof record.error === 'object' && record.error ? (record.error as {title?: string; message?: string}).message ?? (record.error as {title?: string}).title : undefined;
  const description = typeof record.description === 'string' ? record.description : undefined;
  if (description) parts.push(error && !/\s/.test(error) ? `${description} (${error})` : description);
  else if (error) parts.push(error);
  if (typeof record.detail === 'string') parts.push(record.detail);
  if (record.details && typeof record.details === 'object') {
    const details: string[] = [];
    for (const [field, entries] of Object.entries(record.details as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        const text = typeof entry === 'string' ? entry : (entry as {description?: string})?.description;
        if (!text) continue;
        // Zendesk writes "Email: is invalid"; keep the field name in lower case like the API key.
        const stripped = text.replace(/^[^:]{1,60}:\s*/, '');
        details.push(`${field}: ${stripped}`);
      }
    }
    if (details.length) parts.push(details.join('; '));
  }
  return parts.join(' - ') || `HTTP ${status}`;
}

// ---- Ticket audits (events as notes) ------------------------------------------
// developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/ and the Ticket Audit
// events reference: each audit is one update, with events such as Create, Change, Comment.

export interface ZdAuditEvent {
  id: number;
  type: string;
  field_name?: string;
  value?: unknown;
  previous_value?: unknown;
  body?: string;
  public?: boolean;
}

export interface ZdAudit {
  id: number;
  ticket_id: number;
  author_id: number;
  created_at: string;
  events: ZdAuditEvent[];
}

const FIELD_LABELS: Record<string, string> = {status: 'Status', priority: 'Priority', type: 'Type', assignee_id: 'Assignee', group_id: 'Group', subject: 'Subject', organization_id: 'Organization', requester_id: 'Requester', tags: 'Tags'};

function shown(value: unknown, field: string): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.join(' ') : '(none)';
  return /_id$/.test(field) ? `#${String(value)}` : String(value);
}

/** The changes of a ticket's audits, one line each (comments are migrated as comments). */
export function auditsToEvents(audits: ZdAudit[]): TicketEvent[] {
  const events: TicketEvent[] = [];
  for (const audit of audits)
    for (const event of audit.events) {
      if (event.type !== 'Change' || !event.field_name) continue;
      const field = /^\d+$/.test(event.field_name) ? `Field #${event.field_name}` : (FIELD_LABELS[event.field_name] ?? event.field_name);
      events.push({id: String(event.id), authorId: String(audit.author_id), createdAt: audit.created_at, description: `${field} changed from ${shown(event.previous_value, event.field_name)} to ${shown(event.value, event.field_name)}`});
    }
  return events;
}
