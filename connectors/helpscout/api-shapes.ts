// Help Scout Mailbox API 2.0 shapes (developer.helpscout.com/mailbox-api/) and their translation
// to and from the neutral model. Pure functions only: the sessions and the emulator share them.
// Every fact used here is in docs/platforms/helpscout.md with its source.
import type {Attachment, Comment, FieldType, Person, PersonFieldValue, Ticket, TicketField, TicketStatus} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';

/** HAL list answer: `_embedded.<key>`, `page`, `_links.next` (List Mailboxes, List Conversations). */
export interface HsPage<T> {
  _embedded?: Record<string, T[]>;
  page?: {size: number; totalElements: number; totalPages: number; number: number};
  _links?: {next?: {href: string}; [name: string]: unknown};
}

export interface HsUser {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  /** owner, admin or user (List Users) */
  role: string;
  type?: string;
  createdAt: string;
  updatedAt: string;
}

export interface HsEntry {
  id?: number;
  value: string;
  type: string;
}

export interface HsCustomer {
  id: number;
  firstName: string;
  lastName: string;
  organization?: string | null;
  jobTitle?: string | null;
  background?: string | null;
  createdAt: string;
  updatedAt: string;
  /** Get Customer embeds `properties`: each with its slug and value (customers/get example) */
  _embedded?: {emails?: HsEntry[]; phones?: HsEntry[]; properties?: Array<{slug: string; value?: unknown; type?: string; name?: string; text?: string}>};
}

export interface HsFieldOption {
  id: number;
  label: string;
  order: number;
}

/** GET /v2/mailboxes/{id}/fields: SINGLE_LINE, MULTI_LINE, DATE, NUMBER, DROPDOWN */
export interface HsField {
  id: number;
  name: string;
  type: string;
  required: boolean;
  order: number;
  options: HsFieldOption[];
}

export interface HsMailbox {
  id: number;
  name: string;
  email: string;
  createdAt: string;
  updatedAt: string;
}

export interface HsAttachment {
  id: number;
  filename: string;
  mimeType: string;
  size: number;
  _links?: {data?: {href: string}; web?: {href: string}};
}

export interface HsPersonRef {
  id: number;
  type?: string;
  email?: string;
  first?: string;
  last?: string;
}

/** Thread types of List Threads: customer, message (an agent's reply), note, chat, phone, lineitem … */
export interface HsThread {
  id: number;
  type: string;
  status?: string;
  state?: string;
  body?: string;
  customer?: HsPersonRef;
  createdBy?: HsPersonRef;
  cc?: string[];
  createdAt: string;
  _embedded?: {attachments?: HsAttachment[]};
}

export interface HsConversation {
  id: number;
  number: number;
  type: string;
  status: string;
  state?: string;
  subject: string;
  mailboxId: number;
  assignee?: HsPersonRef | null;
  /** Named in Get Conversation's field guide; absent from its printed excerpt, so createdBy (a customer) stands in */
  primaryCustomer?: HsPersonRef;
  createdBy?: HsPersonRef;
  createdAt: string;
  closedAt?: string | null;
  userUpdatedAt?: string | null;
  cc?: string[];
  tags?: Array<{id: number; tag: string; color?: string}>;
  customFields?: Array<{id: number; name: string; value: string; text?: string}>;
  /** Number of threads (the conversation object's `threads`) */
  threads?: number;
  /** With embed=threads: the threads (chat threads truncated, List Conversations) */
  _embedded?: {threads?: HsThread[]};
}

// ---- markers ----------------------------------------------------------------------------

/**
 * A conversation's marker is a tag: List Conversations filters by `tag`, tags ride on the create
 * request itself (so the marker is written atomically with the conversation), and tags are plain
 * lower-case words. "zendesk:tickets:123" becomes "ferry-zendesk-tickets-123".
 */
export function markerTag(sourceKey: string): string {
  return `ferry-${sourceKey.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function isMarkerTag(tag: string): boolean {
  return tag.startsWith('ferry-');
}

/** Threads and customers carry the marker in their text: threads can only be listed per conversation. */
export function withHtmlMarker(html: string, marker: string): string {
  return `${html}\n<!-- ferry-source: ${marker} -->`;
}
export function htmlMarkerOf(html: string | null | undefined): string | undefined {
  return /<!-- ferry-source: (.+?) -->\s*$/.exec(html ?? '')?.[1];
}
export function stripHtmlMarker(html: string): string {
  return html.replace(/\n?<!-- ferry-source: .+? -->\s*$/, '');
}
export function withTextMarker(text: string, sourceKey: string): string {
  return `${text ? `${text}\n` : ''}[ferry-source: ${sourceKey}]`;
}
export function textMarkerOf(text: string | null | undefined): string | undefined {
  return /\[ferry-source: ([^\]]+)\]\s*$/.exec(text ?? '')?.[1];
}
export function stripTextMarker(text: string): string {
  return text.replace(/\n?\[ferry-source: [^\]]+\]\s*$/, '');
}

// ---- values -----------------------------------------------------------------------------

/** Conversation statuses: active, pending, closed, spam (Create Conversation, Errors page example). */
export function statusFromNative(status: string): TicketStatus {
  if (status === 'pending') return 'pending';
  if (status === 'closed' || status === 'spam') return 'closed';
  return 'open';
}

export function statusToNative(status: TicketStatus): 'active' | 'pending' | 'closed' {
  if (status === 'pending' || status === 'hold') return 'pending';
  if (status === 'solved' || status === 'closed') return 'closed';
  return 'active';
}

/** v1 documented SINGLE_LINE, MULTI_LINE, DATE (once misspelt DATA), NUMBER, DROPDOWN; the v2 List Mailbox
 * Custom Fields example prints "dropdown" in lower case: types are compared without case or underscores. */
const FIELD_TYPES: Record<string, FieldType> = {SINGLELINE: 'text', MULTILINE: 'textarea', DATE: 'date', DATA: 'date', NUMBER: 'decimal', DROPDOWN: 'dropdown'};
export const fieldKind = (type: string) => type.toUpperCase().replace(/[^A-Z]/g, '');

/** The Help Scout field type for a neutral one (v2 spelling, lower case as in its example); undefined: Help Scout has none. */
export function fieldTypeToNative(type: FieldType): string | undefined {
  switch (type) {
    case 'text':
    case 'regexp':
      return 'single_line';
    case 'textarea':
      return 'multi_line';
    case 'date':
      return 'date';
    case 'integer':
    case 'decimal':
      return 'number';
    case 'dropdown':
      return 'dropdown';
    default:
      return undefined;
  }
}

export function fieldFromNative(field: HsField, mailbox: HsMailbox): TicketField {
  return {
    id: String(field.id),
    title: field.name,
    key: String(field.id),
    type: FIELD_TYPES[fieldKind(field.type)] ?? 'text',
    required: field.required,
    // A dropdown's value on a conversation is the option's id; the neutral model carries labels.
    options: fieldKind(field.type) === 'DROPDOWN' ? [...field.options].sort((a, b) => a.order - b.order).map((option) => ({label: option.label, value: option.label})) : undefined,
    active: true,
    createdAt: mailbox.createdAt,
    updatedAt: mailbox.updatedAt,
  };
}

/** A neutral value as Help Scout's `fields[].value`: dropdowns by option id, numbers and dates as text. */
export function fieldValueToNative(field: HsField, value: Ticket['customFields'][string]): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (fieldKind(field.type) === 'DROPDOWN') {
    const label = Array.isArray(value) ? value[0] : String(value);
    const option = field.options.find((candidate) => candidate.label === label || String(candidate.id) === label);
    return option ? String(option.id) : undefined;
  }
  if (fieldKind(field.type) === 'DATE' || fieldKind(field.type) === 'DATA') return String(value).slice(0, 10);
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function fullName(first: string | undefined | null, last: string | undefined | null): string {
  return [first, last].filter(Boolean).join(' ').trim();
}

export function splitName(name: string): {firstName: string; lastName: string} {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return {firstName: parts[0] ?? '', lastName: ''};
  return {firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)!};
}

export function userFromNative(user: HsUser): Person {
  return {
    id: String(user.id),
    name: fullName(user.firstName, user.lastName) || user.email,
    email: user.email,
    role: user.role === 'owner' || user.role === 'admin' ? 'admin' : 'agent',
    active: true,
    groupIds: [],
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function customerFromNative(customer: HsCustomer): Person {
  // Every entry of the customer's email and phone lists, in Help Scout's order (helpscout.md).
  const emails = (customer._embedded?.emails ?? []).map((entry) => entry.value).filter(Boolean);
  const phones = (customer._embedded?.phones ?? []).map((entry) => entry.value).filter(Boolean);
  const email = emails[0];
  const phone = phones[0];
  // Customer properties with a value (Get Customer embeds them; a list page may not).
  const properties = (customer._embedded?.properties ?? []).filter((property) => property.value !== undefined && property.value !== null && property.value !== '');
  return {
    id: String(customer.id),
    name: fullName(customer.firstName, customer.lastName) || email || `Customer ${customer.id}`,
    ...(email ? {email} : {}),
    ...(phone ? {phone} : {}),
    ...(emails.length > 1 ? {emails} : {}),
    ...(phones.length > 1 ? {phones} : {}),
    ...(properties.length ? {customFields: Object.fromEntries(properties.map((property) => [property.slug, property.value as PersonFieldValue]))} : {}),
    role: 'end-user',
    active: true,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

/** Create Customer: first and last name "When defined … must be between 1 and 40 characters". */
export const MAX_NAME_CHARS = 40;

/**
 * A person's name as Help Scout takes it: the last word is the last name, the rest the first name; a
 * one-word name has a first name only (an empty lastName is refused), and each part is cut to 40
 * characters, which the note says (undefined when nothing was cut).
 */
export function customerNames(name: string): {names: {firstName?: string; lastName?: string}; note?: string} {
  const {firstName, lastName} = splitName(name);
  const cut = (part: string) => [...part].slice(0, MAX_NAME_CHARS).join('');
  const names: {firstName?: string; lastName?: string} = {};
  if (firstName) names.firstName = cut(firstName);
  if (lastName) names.lastName = cut(lastName);
  const shortened = names.firstName !== (firstName || undefined) || names.lastName !== (lastName || undefined);
  return shortened ? {names, note: `Help Scout keeps first and last names of up to ${MAX_NAME_CHARS} characters: "${name.trim()}" was written as "${fullName(names.firstName, names.lastName)}".`} : {names};
}

/** Create Customer body: names, the marker in `background`, emails and phones as entries. */
export function customerToNative(person: Person, sourceKey: string): Record<string, unknown> {
  const body: Record<string, unknown> = {...customerNames(person.name).names, background: withTextMarker('', sourceKey)};
  const emails = emailsOf(person);
  const phones = phonesOf(person);
  if (emails.length) body.emails = emails.map((value) => ({type: 'work', value}));
  if (phones.length) body.phones = phones.map((value) => ({type: 'work', value}));
  return body;
}

export function attachmentFromNative(attachment: HsAttachment, conversationId: number, baseUrl: string): Attachment {
  const href = attachment._links?.data?.href;
  return {
    id: String(attachment.id),
    fileName: attachment.filename,
    contentType: attachment.mimeType,
    size: attachment.size,
    url: href && /^https?:/.test(href) ? href : `${baseUrl.replace(/\/$/, '')}/v2/conversations/${conversationId}/attachments/${attachment.id}/data`,
    inline: false,
  };
}

/** Threads a conversation shows as its history: line items (status changes, workflows) are events, not comments. */
export const COMMENT_THREAD_TYPES = new Set(['customer', 'message', 'reply', 'note', 'chat', 'phone']);

export function threadFromNative(thread: HsThread, conversationId: number, baseUrl: string): Comment {
  const author = thread.createdBy ?? thread.customer;
  return {
    id: String(thread.id),
    authorId: String(author?.id ?? ''),
    body: stripHtmlMarker(thread.body ?? ''),
    public: thread.type !== 'note',
    createdAt: thread.createdAt,
    attachments: (thread._embedded?.attachments ?? []).map((attachment) => attachmentFromNative(attachment, conversationId, baseUrl)),
  };
}

/** Threads come newest first (List Threads); the neutral model wants the oldest first. */
export function conversationFromNative(conversation: HsConversation, threads: HsThread[], baseUrl: string): Ticket {
  const comments = threads
    .filter((thread) => COMMENT_THREAD_TYPES.has(thread.type) && thread.state !== 'draft' && thread.state !== 'hidden')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .map((thread) => threadFromNative(thread, conversation.id, baseUrl));
  const customFields: Ticket['customFields'] = {};
  for (const field of conversation.customFields ?? []) customFields[String(field.id)] = field.text ?? field.value;
  return {
    id: String(conversation.id),
    subject: conversation.subject,
    status: statusFromNative(conversation.status),
    // Help Scout conversations have no priority and no type.
    priority: 'normal',
    requesterId: String(conversation.primaryCustomer?.id ?? (conversation.createdBy?.type === 'customer' ? conversation.createdBy.id : threads.find((thread) => thread.customer)?.customer?.id) ?? ''),
    ...(conversation.assignee?.id ? {assigneeId: String(conversation.assignee.id)} : {}),
    tags: (conversation.tags ?? []).map((tag) => tag.tag),
    ccEmails: conversation.cc ?? [],
    customFields,
    createdAt: conversation.createdAt,
    updatedAt: conversation.userUpdatedAt ?? conversation.closedAt ?? conversation.createdAt,
    comments,
  };
}

/** The message of a vnd.error body: `message`, then each `_embedded.errors` entry as "path: message". */
export function describeHelpScoutError(status: number, body: unknown): string {
  const error = body as {message?: string; error?: string; error_description?: string; _embedded?: {errors?: Array<{path?: string; message?: string; rejectedValue?: unknown}>}} | undefined;
  if (!error || typeof error !== 'object') return typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`;
  const details = (error._embedded?.errors ?? []).map((entry) => `${entry.path ? `${entry.path}: ` : ''}${entry.message ?? ''}${entry.rejectedValue !== undefined ? ` (${JSON.stringify(entry.rejectedValue)})` : ''}`);
  const head = error.message ?? error.error_description ?? error.error ?? `HTTP ${status}`;
  return details.length ? `${head}: ${details.join('; ')}` : head;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The id Help Scout gives a created resource: the Resource-ID header, else the end of Location. */
export function createdId(headers: Record<string, string | string[] | undefined>): string | undefined {
  const pick = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const resourceId = pick('resource-id');
  if (resourceId) return resourceId.trim();
  const location = pick('location');
  return location ? /\/(\d+)(?:\.json)?\/?$/.exec(location)?.[1] : undefined;
}
