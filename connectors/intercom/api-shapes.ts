// Intercom REST API shapes (developers.intercom.com/docs/references/2.14/rest-api/, the version
// ferry sends in Intercom-Version) and their translation to and from the neutral model. Pure
// functions only: the sessions and the emulator share them (over 400 lines: every shape and translation
// of the conversation side is kept in one place so the two sides cannot drift; the Tickets product's are
// in ticket-shapes.ts). Facts and sources: docs/platforms/intercom.md.
import type {Attachment, Comment, FieldType, KbArticle, KbCategory, KbSection, Organization, Person, Ticket, TicketField, TicketStatus} from '../../source/contracts/model.js';
import {createHash} from 'node:crypto';
import {htmlMarkerOf, stripHtmlMarker, stripTextMarker, textMarkerOf, withHtmlMarker, withTextMarker} from '../shared/markers.js';
import {personFieldsFrom} from '../shared/people.js';

export {htmlMarkerOf, stripHtmlMarker, stripTextMarker, textMarkerOf, withHtmlMarker, withTextMarker};

/** The API version ferry speaks (and intercom-client 7.0.3 sends by default). */
export const INTERCOM_VERSION = '2.14';

/** Cursor pages of list and search answers: `pages.next.starting_after` names the next page. */
export interface IcPages {
  type: 'pages';
  page?: number;
  per_page?: number;
  total_pages?: number;
  next?: {page?: number; starting_after?: string} | string | null;
}
/** A list answer: records in `data`, or in `conversations` for a conversation.list (List and Search conversations). */
export interface IcList<T> {
  type: string;
  data?: T[];
  conversations?: T[];
  /** Search tickets keeps its records here (`type: ticket.list`) */
  tickets?: T[];
  total_count?: number;
  pages?: IcPages;
}

/** Error List: every failed request (Error object, intercom-client types/Error_). */
export interface IcErrorList {
  type: 'error.list';
  request_id?: string;
  errors: Array<{code: string; message?: string; field?: string}>;
}

export interface IcAdmin {
  type: 'admin';
  id: string;
  name: string;
  email: string;
  job_title?: string | null;
  away_mode_enabled?: boolean;
  has_inbox_seat?: boolean;
  team_ids?: number[];
}

export interface IcContact {
  type: 'contact';
  id: string;
  workspace_id?: string;
  role: 'user' | 'lead';
  external_id: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  created_at: number;
  updated_at: number;
  signed_up_at?: number | null;
  custom_attributes: Record<string, unknown>;
  companies?: {type: 'list'; data: Array<{type: 'company'; id: string}>; total_count?: number};
}

export interface IcCompany {
  type: 'company';
  id: string;
  company_id: string;
  name: string;
  website?: string | null;
  created_at: number;
  updated_at: number;
  remote_created_at?: number | null;
  custom_attributes: Record<string, unknown>;
}

export interface IcDataAttribute {
  type: 'data_attribute';
  id: number;
  model: 'contact' | 'company' | 'conversation';
  name: string;
  full_name: string;
  label: string;
  description?: string;
  data_type: 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'options';
  options?: string[];
  custom: boolean;
  archived: boolean;
  created_at: number;
  updated_at: number;
}

export interface IcAttachment {
  type: 'upload';
  name: string;
  url: string;
  content_type: string;
  filesize: number;
}

export interface IcAuthor {
  type: 'user' | 'lead' | 'admin' | 'bot' | 'team';
  id: string;
  name?: string | null;
  email?: string | null;
}

export interface IcPart {
  type: 'conversation_part';
  id: string;
  part_type: string;
  body: string | null;
  created_at: number;
  updated_at: number;
  author: IcAuthor;
  attachments: IcAttachment[];
}

export interface IcConversation {
  type: 'conversation';
  id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
  state: 'open' | 'closed' | 'snoozed';
  open: boolean;
  priority: 'priority' | 'not_priority';
  admin_assignee_id: number | null;
  team_assignee_id: string | null;
  tags: {type: 'tag.list'; tags: Array<{type: 'tag'; id: string; name: string}>};
  source: {type: string; id: string; delivered_as: string; subject: string; body: string; author: IcAuthor; attachments: IcAttachment[]};
  contacts: {type: 'contact.list'; contacts: Array<{type: 'contact'; id: string; external_id?: string | null}>};
  custom_attributes: Record<string, unknown>;
  conversation_parts?: {type: 'conversation_part.list'; conversation_parts: IcPart[]; total_count: number};
  /** Not in the 2.14 description: read only to skip a conversation that is a ticket, should the API say so (doc's Unsure) */
  ticket?: {id?: string} | null;
}

/** A Help Center collection (no `type` field in the 2.14 examples). */
export interface IcCollection {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
  parent_id: string | null;
  help_center_id?: number | null;
}

export interface IcArticle {
  type: 'article';
  id: string;
  title: string;
  description: string | null;
  body: string;
  author_id: number;
  state: 'published' | 'draft';
  created_at: number;
  updated_at: number;
  parent_id: number | null;
  parent_type: 'collection' | null;
}

// ---- dates ------------------------------------------------------------------------------

/** Intercom's dates are UTC Unix timestamps in seconds. */
export const toUnix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
export const fromUnix = (seconds: number | null | undefined): string => new Date((seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---- errors -----------------------------------------------------------------------------

export function isErrorList(body: unknown): body is IcErrorList {
  return !!body && typeof body === 'object' && (body as IcErrorList).type === 'error.list' && Array.isArray((body as IcErrorList).errors);
}

export function describeIntercomError(status: number, body: unknown): string {
  if (isErrorList(body)) return body.errors.map((error) => `${error.code}${error.message ? `: ${error.message}` : ''}${error.field ? ` (${error.field})` : ''}`).join('; ');
  return `HTTP ${status}`;
}

// ---- people and companies ---------------------------------------------------------------

export function adminFromNative(admin: IcAdmin): Person {
  return {id: admin.id, name: admin.name, email: admin.email, role: 'agent', active: true, groupIds: (admin.team_ids ?? []).map(String), createdAt: fromUnix(0), updatedAt: fromUnix(0)};
}

export function contactFromNative(contact: IcContact): Person {
  const company = contact.companies?.data?.[0];
  return {
    id: contact.id,
    name: contact.name ?? contact.email ?? '',
    email: contact.email ?? undefined,
    phone: contact.phone ?? undefined,
    ...(personFieldsFrom(contact.custom_attributes) ? {customFields: personFieldsFrom(contact.custom_attributes)} : {}),
    organizationId: company?.id,
    role: 'end-user',
    active: true,
    createdAt: fromUnix(contact.created_at),
    updatedAt: fromUnix(contact.updated_at),
  };
}

/** Create a contact: a user whose external_id is ferry's source key (the exactly-once marker). */
export function contactToNative(person: Person, sourceKey: string): Record<string, unknown> {
  const body: Record<string, unknown> = {role: 'user', external_id: sourceKey, name: person.name || undefined, signed_up_at: toUnix(person.createdAt)};
  if (person.email) body.email = person.email;
  if (person.phone) body.phone = person.phone;
  return body;
}

export function companyFromNative(company: IcCompany): Organization {
  const host = company.website ? company.website.replace(/^https?:\/\//, '').replace(/\/.*$/, '') : undefined;
  return {id: company.id, name: company.name, domains: host ? [host] : [], ...(personFieldsFrom(company.custom_attributes) ? {customFields: personFieldsFrom(company.custom_attributes)} : {}), createdAt: fromUnix(company.remote_created_at ?? company.created_at), updatedAt: fromUnix(company.updated_at)};
}

/** Create or update a company: `company_id` is ferry's source key, so sending it twice updates the same company. */
export function companyToNative(organization: Organization, sourceKey: string): Record<string, unknown> {
  const body: Record<string, unknown> = {company_id: sourceKey, name: organization.name, remote_created_at: toUnix(organization.createdAt)};
  if (organization.domains[0]) body.website = `https://${organization.domains[0]}`;
  return body;
}

// ---- custom fields (conversation data attributes) ------------------------------------------

const FROM_DATA_TYPE: Record<IcDataAttribute['data_type'], FieldType> = {options: 'dropdown', string: 'text', integer: 'integer', float: 'decimal', boolean: 'checkbox', date: 'date', datetime: 'date'};

export function fieldFromNative(attribute: IcDataAttribute): TicketField {
  const options = attribute.options?.length ? attribute.options.map((value) => ({label: value, value})) : undefined;
  return {
    id: String(attribute.id),
    title: attribute.label || attribute.name,
    key: attribute.name,
    type: options ? 'dropdown' : FROM_DATA_TYPE[attribute.data_type],
    required: false,
    ...(options ? {options} : {}),
    active: !attribute.archived,
    createdAt: fromUnix(attribute.created_at),
    updatedAt: fromUnix(attribute.updated_at),
  };
}

/** The data_type a neutral field becomes; undefined when Intercom has none (multiselect, regexp kept as text). */
export function fieldTypeToNative(type: FieldType): IcDataAttribute['data_type'] | undefined {
  switch (type) {
    case 'text':
    case 'textarea':
    case 'regexp':
      return 'string';
    case 'dropdown':
      return 'options';
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'float';
    case 'checkbox':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      return undefined;
  }
}

/** Data attribute names: letters, digits, spaces, dashes and underscores ("name" in Create a data attribute). */
export function attributeName(title: string): string {
  return title.replace(/[^A-Za-z0-9 _-]/g, '').trim().slice(0, 190) || 'field';
}

/** A neutral value as the attribute takes it; undefined when it cannot hold it. */
export function fieldValueToNative(attribute: IcDataAttribute, value: Ticket['customFields'][string]): string | number | boolean | undefined {
  if (value === null || value === undefined || value === '' || Array.isArray(value)) return undefined;
  switch (attribute.data_type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    case 'integer':
      return Number.isInteger(Number(value)) ? Number(value) : undefined;
    case 'float':
      return Number.isFinite(Number(value)) ? Number(value) : undefined;
    case 'date':
    case 'datetime':
      return typeof value === 'string' && Number.isFinite(Date.parse(value)) ? value : undefined;
    default:
      if (attribute.options?.length && !attribute.options.includes(String(value))) return undefined;
      return String(value);
  }
}

// ---- conversations ------------------------------------------------------------------------

const STATUS: Record<IcConversation['state'], TicketStatus> = {open: 'open', snoozed: 'pending', closed: 'closed'};

/** Parts that carry what someone wrote (assignment, close, open and the like are events). */
export const TEXT_PARTS = new Set(['comment', 'note', 'assign_and_reopen', 'open', 'close', 'assignment']);

export function attachmentFromNative(attachment: IcAttachment, partId: string, index: number): Attachment {
  return {id: `${partId}:${index}`, fileName: attachment.name, contentType: attachment.content_type, size: attachment.filesize, url: attachment.url, inline: false};
}

function partComment(part: IcPart): Comment | undefined {
  const hasText = !!part.body && part.body.replace(/<[^>]*>/g, '').trim() !== '';
  if (part.part_type !== 'comment' && part.part_type !== 'note' && !hasText) return undefined;
  if (!hasText && !part.attachments.length) return undefined;
  return {
    id: part.id,
    authorId: part.author.id,
    body: stripHtmlMarker(part.body ?? ''),
    public: part.part_type !== 'note',
    createdAt: fromUnix(part.created_at),
    attachments: part.attachments.map((attachment, index) => attachmentFromNative(attachment, part.id, index)),
  };
}

export function conversationFromNative(conversation: IcConversation, fields: IcDataAttribute[]): Ticket {
  const source = conversation.source;
  const first: Comment = {
    id: `${conversation.id}-source`,
    authorId: source.author.id,
    body: stripTextMarker(source.body ?? ''),
    public: true,
    createdAt: fromUnix(conversation.created_at),
    attachments: source.attachments.map((attachment, index) => attachmentFromNative(attachment, `${conversation.id}-source`, index)),
  };
  const customFields: Ticket['customFields'] = {};
  for (const field of fields) {
    const value = conversation.custom_attributes?.[field.name];
    if (value !== undefined && value !== null) customFields[String(field.id)] = value as string | number | boolean;
  }
  const parts = conversation.conversation_parts?.conversation_parts ?? [];
  return {
    id: conversation.id,
    subject: conversation.title || source.subject || firstLine(source.body),
    status: STATUS[conversation.state] ?? 'open',
    priority: conversation.priority === 'priority' ? 'high' : 'normal',
    requesterId: conversation.contacts.contacts[0]?.id ?? source.author.id,
    assigneeId: conversation.admin_assignee_id ? String(conversation.admin_assignee_id) : undefined,
    tags: conversation.tags.tags.map((tag) => tag.name),
    ccEmails: [],
    customFields,
    createdAt: fromUnix(conversation.created_at),
    updatedAt: fromUnix(conversation.updated_at),
    comments: [first, ...parts.map(partComment).filter((comment): comment is Comment => !!comment)],
  };
}

/**
 * A conversation's marker: "[ferry-source: <key> <token>]" at the end of its first message. Search
 * conversations matches `source.body` "against every element of the value separately" (one word with
 * `=`), so the search looks for the token, one alphanumeric word made from the key.
 */
export function markerToken(sourceKey: string): string {
  return `ferry${createHash('sha256').update(sourceKey).digest('hex').slice(0, 24)}`;
}
export function withConversationMarker(text: string, sourceKey: string): string {
  return withTextMarker(text, `${sourceKey} ${markerToken(sourceKey)}`);
}
/** The source key a conversation's first message carries (in plain text or in HTML), if any. */
export function conversationMarkerOf(body: string | null | undefined): string | undefined {
  const marker = textMarkerOf(htmlToText(body ?? ''));
  const [key, token] = marker?.split(' ') ?? [];
  return key && token === markerToken(key) ? key : undefined;
}

/** "Create a conversation": "The content of the message. HTML is not supported." */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function firstLine(body: string | null | undefined): string {
  return htmlToText(stripTextMarker(body ?? '')).split('\n')[0]!.slice(0, 120);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---- Help Center ------------------------------------------------------------------------

export function categoryFromNative(collection: IcCollection): KbCategory {
  return {id: collection.id, name: collection.name, description: stripTextMarker(collection.description ?? '') || undefined, createdAt: fromUnix(collection.created_at), updatedAt: fromUnix(collection.updated_at)};
}

/** A collection inside another: a section of its top-level collection (parentId when nested deeper). */
export function sectionFromNative(collection: IcCollection, byId: Map<string, IcCollection>): KbSection {
  let root = collection;
  while (root.parent_id && byId.get(root.parent_id)) root = byId.get(root.parent_id)!;
  const parent = collection.parent_id && collection.parent_id !== root.id ? collection.parent_id : undefined;
  return {id: collection.id, categoryId: root.id, ...(parent ? {parentId: parent} : {}), name: collection.name, description: stripTextMarker(collection.description ?? '') || undefined, createdAt: fromUnix(collection.created_at), updatedAt: fromUnix(collection.updated_at)};
}

export function articleFromNative(article: IcArticle): KbArticle {
  return {id: article.id, sectionId: article.parent_id ? String(article.parent_id) : '', title: article.title, body: stripHtmlMarker(article.body ?? ''), authorId: String(article.author_id), draft: article.state === 'draft', tags: [], createdAt: fromUnix(article.created_at), updatedAt: fromUnix(article.updated_at)};
}
