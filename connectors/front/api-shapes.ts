// Front Core API shapes (api2.frontapp.com; the OpenAPI spec in github.com/frontapp/front-api-specs,
// core-api/core-api.json) and their translation to and from the neutral model. Facts and sources:
// docs/platforms/front.md.
import type {Attachment, Comment, Organization, Person, Ticket, TicketField, TicketStatus} from '../../source/contracts/model.js';
import {htmlMarkerOf, stripHtmlMarker, stripTextMarker, textMarkerOf, withHtmlMarker, withTextMarker} from '../shared/markers.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {personFieldsFrom} from '../shared/people.js';

export {htmlMarkerOf, stripHtmlMarker, stripTextMarker, textMarkerOf, withHtmlMarker, withTextMarker};

/** Every list: `_results`, and `_pagination.next`, the URL of the next page (with its page_token), null on the last. */
export interface FrontList<T> {
  _pagination?: {next?: string | null};
  _links?: {self?: string};
  _results: T[];
}

export interface FrontTeammate {
  id: string;
  email: string;
  username?: string;
  first_name: string;
  last_name: string;
  is_admin: boolean;
  is_available?: boolean;
  is_blocked?: boolean;
  type?: string;
}
export interface FrontInbox {
  id: string;
  name: string;
  is_private?: boolean;
}
export interface FrontHandle {
  handle: string;
  source: 'email' | 'phone' | 'twitter' | 'facebook' | 'intercom' | 'front_chat' | 'custom';
}
export interface FrontContact {
  id: string;
  name: string | null;
  description: string | null;
  handles: FrontHandle[];
  links?: string[];
  custom_fields?: Record<string, unknown>;
  is_private?: boolean;
  /** Not in Front's contact object: the emulator's bookkeeping is kept apart (see the store) */
}
export interface FrontAccount {
  id: string;
  name: string;
  description: string | null;
  domains: string[];
  external_id: string | null;
  custom_fields?: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}
export interface FrontCustomField {
  id: string;
  name: string;
  description?: string;
  type: 'string' | 'boolean' | 'datetime' | 'number' | 'teammate' | 'inbox' | 'enum';
  values?: Array<{value: string; label?: string}>;
}
export interface FrontAttachment {
  id: string;
  filename: string;
  url: string;
  content_type: string;
  size: number;
  metadata?: {is_inline?: boolean; cid?: string};
}
export interface FrontRecipient {
  _links?: {related?: {contact?: string | null}};
  name?: string | null;
  handle: string;
  role: 'from' | 'to' | 'cc' | 'bcc' | 'reply-to';
}
export interface FrontMessage {
  _links?: {self?: string; related?: {conversation?: string}};
  id: string;
  message_uid?: string;
  type: string;
  is_inbound: boolean;
  created_at: number;
  subject?: string;
  author: FrontTeammate | null;
  recipients: FrontRecipient[];
  body: string;
  attachments: FrontAttachment[];
  metadata?: {external_id?: string; thread_ref?: string};
}
export interface FrontComment {
  id: string;
  author: FrontTeammate | null;
  body: string;
  posted_at: number;
  attachments: FrontAttachment[];
}
export interface FrontConversation {
  id: string;
  subject: string;
  status: 'archived' | 'unassigned' | 'deleted' | 'assigned';
  assignee: FrontTeammate | null;
  recipient: FrontRecipient | null;
  tags: Array<{id: string; name: string}>;
  custom_fields: Record<string, unknown>;
  created_at: number;
  updated_at?: number;
  is_private?: boolean;
}

/** Front's documented error body (see the doc's Unsure): `{_error: {status, title, message, details}}`. */
export function describeFrontError(status: number, body: unknown): string {
  const error = (body as {_error?: {title?: string; message?: string; details?: string[]}} | undefined)?._error;
  if (error?.message) return `${error.title ? `${error.title}: ` : ''}${error.message}${error.details?.length ? ` (${error.details.join('; ')})` : ''}`;
  return `HTTP ${status}`;
}

/** Front's timestamps are seconds (with up to 3 decimals); the neutral model's are ISO 8601. */
export const isoOf = (seconds: number | null | undefined): string => new Date(Math.round((seconds ?? 0) * 1000)).toISOString().replace(/\.000Z$/, 'Z');
export const secondsOf = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** The id at the end of a related link, e.g. …/contacts/crd_123 → crd_123. */
export function idOfLink(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  const last = link.split('?')[0]!.split('/').pop();
  return last ? decodeURIComponent(last) : undefined;
}

export function teammateFromNative(teammate: FrontTeammate): Person {
  return {
    id: teammate.id,
    name: `${teammate.first_name ?? ''} ${teammate.last_name ?? ''}`.trim() || teammate.username || teammate.email,
    email: teammate.email,
    role: teammate.is_admin ? 'admin' : 'agent',
    active: !teammate.is_blocked,
    createdAt: '1970-01-01T00:00:00Z',
    updatedAt: '1970-01-01T00:00:00Z',
  };
}

/** Every email and phone handle goes to the neutral person, the first of each as the primary (front.md: people). */
export function contactFromNative(contact: FrontContact, organizationId?: string, dates?: {createdAt: string; updatedAt: string}): Person {
  const emails = contact.handles.filter((handle) => handle.source === 'email').map((handle) => handle.handle);
  const phones = contact.handles.filter((handle) => handle.source === 'phone').map((handle) => handle.handle);
  const email = emails[0];
  const phone = phones[0];
  const customFields = personFieldsFrom(contact.custom_fields);
  return {
    id: contact.id,
    name: contact.name || email || phone || contact.id,
    ...(email ? {email} : {}),
    ...(phone ? {phone} : {}),
    ...(emails.length > 1 ? {emails} : {}),
    ...(phones.length > 1 ? {phones} : {}),
    ...(customFields ? {customFields} : {}),
    ...(organizationId ? {organizationId} : {}),
    role: 'end-user',
    active: true,
    createdAt: dates?.createdAt ?? '1970-01-01T00:00:00Z',
    updatedAt: dates?.updatedAt ?? '1970-01-01T00:00:00Z',
  };
}

export function contactToNative(person: Person, sourceKey: string): Record<string, unknown> {
  const handles: FrontHandle[] = [];
  for (const email of emailsOf(person)) handles.push({handle: email, source: 'email'});
  for (const phone of phonesOf(person)) handles.push({handle: phone, source: 'phone'});
  // Create contact requires handles: a person with neither gets a custom handle naming the source record.
  if (!handles.length) handles.push({handle: sourceKey, source: 'custom'});
  return {name: person.name, description: withTextMarker('', sourceKey), handles};
}

export function accountFromNative(account: FrontAccount): Organization {
  return {id: account.id, name: account.name, domains: account.domains ?? [], ...(account.description ? {notes: stripTextMarker(account.description)} : {}), ...(personFieldsFrom(account.custom_fields) ? {customFields: personFieldsFrom(account.custom_fields)} : {}), createdAt: isoOf(account.created_at), updatedAt: isoOf(account.updated_at)};
}

/** Accounts take an `external_id`: ferry's source key, so a lost answer is found by it. */
export function accountToNative(organization: Organization, sourceKey: string): Record<string, unknown> {
  return {name: organization.name, description: organization.notes ?? '', domains: organization.domains, external_id: sourceKey};
}

const FIELD_TYPES: Record<FrontCustomField['type'], TicketField['type'] | undefined> = {string: 'text', boolean: 'checkbox', datetime: 'date', number: 'decimal', enum: 'dropdown', teammate: undefined, inbox: undefined};

export function fieldFromNative(field: FrontCustomField): TicketField {
  const type = FIELD_TYPES[field.type] ?? 'text';
  return {
    id: field.id,
    title: field.name,
    key: field.name,
    type,
    required: false,
    ...(type === 'dropdown' ? {options: (field.values ?? []).map((value) => ({label: value.label ?? value.value, value: value.value}))} : {}),
    active: true,
    createdAt: '1970-01-01T00:00:00Z',
    updatedAt: '1970-01-01T00:00:00Z',
  };
}

/** The Front field type a neutral field would need; undefined when Front has none (multiselect, regexp). */
export function fieldTypeToNative(type: TicketField['type']): FrontCustomField['type'] | undefined {
  return ({text: 'string', textarea: 'string', checkbox: 'boolean', date: 'datetime', integer: 'number', decimal: 'number', dropdown: 'enum'} as Partial<Record<TicketField['type'], FrontCustomField['type']>>)[type];
}

/** A neutral value in the field's Front type; undefined when Front cannot hold it. */
export function fieldValueToNative(field: FrontCustomField, value: Ticket['customFields'][string]): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'datetime': {
      const at = Date.parse(String(value));
      return Number.isFinite(at) ? Math.floor(at / 1000) : undefined;
    }
    case 'enum':
      return (field.values ?? []).some((option) => option.value === String(value)) ? String(value) : undefined;
    case 'string':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return undefined;
  }
}

export function fieldValueFromNative(field: FrontCustomField | undefined, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (field?.type === 'datetime' && typeof value === 'number') return isoOf(value).slice(0, 10);
  return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

/** Archived conversations are done; assigned and unassigned ones are open (Front has no pending, hold or priority). */
export function statusFromNative(status: FrontConversation['status']): TicketStatus {
  return status === 'archived' || status === 'deleted' ? 'closed' : 'open';
}

export const isArchived = (status: TicketStatus): boolean => status === 'solved' || status === 'closed';

/** The marker tag on an imported conversation: how findByMarker finds it after a lost answer. */
export const markerTag = (sourceKey: string): string => `ferry-${sourceKey.replace(/[^A-Za-z0-9_.:-]/g, '_')}`;
/** A marker tag names a source key (platform:type:id); other tags, ferry's own "ferry-migrated" included, are the ticket's. */
export const isMarkerTag = (name: string): boolean => /^ferry-[^:]+:[^:]+:.+/.test(name);

/** Imported messages take an `external_id`, which "Front won't import … twice": one per source comment. */
export const externalIdOf = (sourceKey: string, commentId: string): string => `${sourceKey}#comment:${commentId}`;

function attachmentFromNative(attachment: FrontAttachment): Attachment {
  return {id: attachment.id, fileName: attachment.filename, contentType: attachment.content_type, size: attachment.size, url: attachment.url, inline: attachment.metadata?.is_inline === true};
}

/** The contact a message is from (inbound) or the teammate who wrote it (outbound). */
function messageAuthor(message: FrontMessage): string {
  if (!message.is_inbound && message.author) return message.author.id;
  const from = message.recipients.find((recipient) => recipient.role === 'from');
  return idOfLink(from?._links?.related?.contact) ?? from?.handle ?? 'unknown';
}

/**
 * A conversation with its messages (public) and comments (private notes), oldest first. The requester is
 * the conversation's recipient contact; cc are the first message's cc handles.
 */
export function conversationFromNative(conversation: FrontConversation, messages: FrontMessage[], comments: FrontComment[], fields: FrontCustomField[]): Ticket {
  const list: Comment[] = [
    ...messages.map((message) => ({id: message.id, authorId: messageAuthor(message), body: stripHtmlMarker(message.body), public: true, createdAt: isoOf(message.created_at), attachments: message.attachments.map(attachmentFromNative)})),
    ...comments.map((comment) => ({id: comment.id, authorId: comment.author?.id ?? 'unknown', body: stripHtmlMarker(stripDatedLine(comment.body)), public: false, createdAt: isoOf(commentDate(comment)), attachments: comment.attachments.map(attachmentFromNative)})),
  ].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const first = [...messages].sort((a, b) => a.created_at - b.created_at)[0];
  const byName = new Map(fields.map((field) => [field.name, field]));
  const customFields: Ticket['customFields'] = {};
  for (const [name, value] of Object.entries(conversation.custom_fields ?? {})) {
    const field = byName.get(name);
    if (field) customFields[field.id] = fieldValueFromNative(field, value);
  }
  return {
    id: conversation.id,
    subject: conversation.subject ?? '',
    status: statusFromNative(conversation.status),
    priority: 'normal',
    requesterId: idOfLink(conversation.recipient?._links?.related?.contact) ?? (first ? messageAuthor(first) : 'unknown'),
    ...(conversation.assignee ? {assigneeId: conversation.assignee.id} : {}),
    tags: conversation.tags.map((tag) => tag.name).filter((name) => !isMarkerTag(name)),
    ccEmails: first ? first.recipients.filter((recipient) => recipient.role === 'cc').map((recipient) => recipient.handle) : [],
    customFields,
    createdAt: isoOf(conversation.created_at),
    updatedAt: isoOf(conversation.updated_at ?? conversation.created_at),
    comments: list,
  };
}

/**
 * Add comment takes no date: ferry writes the original one in the note's first line ("Written <iso> by …"),
 * and reads it back from there, so a note written by ferry keeps its date through a round trip.
 */
const DATED = /^<p><em>Written (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)( by [^<]*)?<\/em><\/p>\n?/;
export function datedNote(comment: Pick<Comment, 'body' | 'createdAt' | 'authorLabel' | 'byMigration'>, byLabel: boolean): string {
  // The date line places the note in the conversation (the reader orders comments by it); a note
  // about the migration (the source's CCs) names no author.
  return `<p><em>Written ${comment.createdAt}${byLabel && !comment.byMigration && comment.authorLabel ? ` by ${escapeHtml(comment.authorLabel)}` : ''}</em></p>\n${comment.body}`;
}
function commentDate(comment: FrontComment): number {
  const dated = DATED.exec(comment.body);
  return dated ? Date.parse(dated[1]!) / 1000 : comment.posted_at;
}
function stripDatedLine(body: string): string {
  return body.replace(DATED, '');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Front's API base: https://api2.frontapp.com (every endpoint in the spec's `servers`). */
export const FRONT_API = 'https://api2.frontapp.com';

export type {Ticket};
