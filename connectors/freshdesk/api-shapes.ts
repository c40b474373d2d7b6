// Freshdesk API v2 JSON shapes and their translation to and from the neutral model.
// Pure functions only: the sessions and the emulator share them.
// Shapes follow developers.freshdesk.com/api (v2) as quoted by public clients
// (api-evangelist/freshdesk, fresh-samples, Zammad's importer).
// Over 400 lines on purpose: every Freshdesk shape with both of its translations in one file, so the
// connector and the emulator (which share it) cannot drift apart.
import type {
  Attachment,
  Comment,
  FieldType,
  KbArticle,
  Organization,
  Person,
  PersonFieldValue,
  Ticket,
  TicketField,
  TicketKind,
} from '../../source/contracts/model.js';
import {withTextMarker, stripHtmlMarker} from '../freshworks/writer.js';
// Markers, the origin line and the error reading are the Freshworks kit's (connectors/freshworks/).
export {withTextMarker, textMarkerOf, stripTextMarker, withHtmlMarker, htmlMarkerOf, stripHtmlMarker, escapeHtml, originHeader} from '../freshworks/writer.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {agentPerson, articleFromNative as freshworksArticleFromNative, stripUndefined} from '../freshworks/shapes.js';

export interface FdAttachment {
  id: number;
  name: string;
  content_type: string;
  /** The docs print `size` (Reply, conversations) and `file_size` (Create a Ticket With Attachment) */
  size?: number;
  file_size?: number;
  attachment_url: string;
  created_at: string;
  updated_at: string;
}

export interface FdTicket {
  id: number;
  subject: string;
  description?: string;
  description_text?: string;
  status: number;
  priority: number;
  source: number;
  type: string | null;
  requester_id: number;
  responder_id: number | null;
  group_id: number | null;
  company_id: number | null;
  tags: string[];
  cc_emails: string[];
  custom_fields: Record<string, string | number | boolean | null>;
  attachments?: FdAttachment[];
  /** Only on GET /tickets/archived/{id} */
  archived?: boolean;
  created_at: string;
  updated_at: string;
}

export interface FdConversation {
  id: number;
  body: string;
  body_text: string;
  incoming: boolean;
  private: boolean;
  user_id: number;
  /** 0 reply, 2 note (Freshdesk conversation sources) */
  source: number;
  ticket_id: number;
  attachments: FdAttachment[];
  created_at: string;
  updated_at: string;
}

export interface FdContact {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  /** Additional emails (freshdesk.md: people) */
  other_emails?: string[];
  /** Contact fields by their `name` */
  custom_fields?: Record<string, PersonFieldValue>;
  company_id: number | null;
  unique_external_id: string | null;
  /** Freshdesk: the contact is verified */
  active: boolean;
  deleted?: boolean;
  created_at: string;
  updated_at: string;
}

export interface FdAgent {
  id: number;
  available: boolean;
  occasional: boolean;
  ticket_scope: number;
  group_ids: number[];
  role_ids: number[];
  type: string;
  contact: {name: string; email: string; phone: string | null; active: boolean};
  created_at: string;
  updated_at: string;
}

export interface FdRole {
  id: number;
  name: string;
  default: boolean;
}

export interface FdCompany {
  id: number;
  name: string;
  description: string | null;
  note: string | null;
  domains: string[];
  /** Company fields by their `name` */
  custom_fields?: Record<string, PersonFieldValue>;
  created_at: string;
  updated_at: string;
}

export interface FdGroup {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** /api/v2/admin/ticket_fields shape (choices as objects); /api/v2/ticket_fields lists dropdown choices as strings. */
export interface FdTicketField {
  id: number;
  name: string;
  label: string;
  description: string | null;
  position: number;
  type: string;
  default: boolean;
  required_for_closure: boolean;
  required_for_agents: boolean;
  customers_can_edit: boolean;
  label_for_customers: string;
  displayed_to_customers: boolean;
  choices?: Array<string | {id?: number; label?: string; value: string; position?: number}> | Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface FdCategory {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface FdFolder {
  id: number;
  name: string;
  description: string | null;
  /** 1 all users, 2 logged-in users, 3 agents, 4 selected companies */
  visibility: number;
  category_id: number;
  /** "Flexible Hierarchy" accounts: the folder's parent folder and how many folders it holds */
  parent_folder_id?: number | null;
  sub_folders_count?: number;
  created_at: string;
  updated_at: string;
}

export interface FdArticle {
  id: number;
  type: number;
  category_id: number;
  folder_id: number;
  title: string;
  description: string;
  description_text: string;
  /** 1 draft, 2 published */
  status: number;
  agent_id: number | null;
  tags: string[];
  created_at: string;
  updated_at: string;
}

// ---- statuses, priorities, kinds -------------------------------------------------

/** Statuses 2 Open, 3 Pending, 4 Resolved, 5 Closed (6+ custom) and priorities 1-4: the Freshworks tables. */
import {priorityFromNative, priorityToNative, statusFromNative, statusToNative} from '../freshworks/tables.js';
export {priorityFromNative, priorityToNative, statusFromNative, statusToNative};

/** Default choices of Freshdesk's ticket_type field. */
export const DEFAULT_TICKET_TYPES = ['Question', 'Incident', 'Problem', 'Feature Request', 'Refund'];

export function kindFromNative(type: string | null | undefined): TicketKind | undefined {
  const lower = type?.toLowerCase();
  return lower === 'question' || lower === 'incident' || lower === 'problem' || lower === 'task' ? lower : undefined;
}

/** "task" has no default Freshdesk type: it is left out (the caller notes it). */
export function kindToNative(kind: TicketKind | undefined): string | undefined {
  if (!kind || kind === 'task') return undefined;
  return kind[0]!.toUpperCase() + kind.slice(1);
}

// ---- ticket fields ------------------------------------------------------------------

const FIELD_TYPE_FROM_NATIVE: Record<string, FieldType> = {
  custom_text: 'text',
  custom_paragraph: 'textarea',
  custom_checkbox: 'checkbox',
  custom_number: 'integer',
  custom_decimal: 'decimal',
  custom_date: 'date',
  custom_dropdown: 'dropdown',
  nested_field: 'dropdown',
};

/** Freshdesk documents no multi-select nor regex ticket field: multiselect becomes a paragraph
 * holding the labels comma-separated, regexp a plain text field (without the check). */
export function fieldTypeToNative(type: FieldType): string {
  return {
    text: 'custom_text',
    textarea: 'custom_paragraph',
    checkbox: 'custom_checkbox',
    date: 'custom_date',
    integer: 'custom_number',
    decimal: 'custom_decimal',
    dropdown: 'custom_dropdown',
    multiselect: 'custom_paragraph',
    regexp: 'custom_text',
  }[type];
}

export function choiceLabels(field: Pick<FdTicketField, 'choices'>): string[] {
  const choices = field.choices;
  if (!Array.isArray(choices)) return choices && typeof choices === 'object' ? Object.keys(choices) : [];
  // nested_field choices of GET /ticket_fields are objects keyed by the top-level choice ({"usa": […]}).
  return choices.map((choice) => (typeof choice === 'string' ? choice : (choice.value ?? choice.label ?? Object.keys(choice)[0] ?? '')));
}

export function ticketFieldFromNative(field: FdTicketField): TicketField {
  const type = FIELD_TYPE_FROM_NATIVE[field.type] ?? 'text';
  const result: TicketField = {
    id: String(field.id),
    title: field.label,
    key: field.name,
    type,
    required: field.required_for_closure || field.required_for_agents,
    active: true,
    createdAt: field.created_at,
    updatedAt: field.updated_at,
  };
  if (type === 'dropdown') result.options = choiceLabels(field).map((label) => ({label, value: label}));
  return result;
}

/** Body of POST /api/v2/admin/ticket_fields. */
export function ticketFieldToNative(field: TicketField): Record<string, unknown> {
  const body: Record<string, unknown> = {
    label: field.title,
    label_for_customers: field.title,
    type: fieldTypeToNative(field.type),
    customers_can_edit: false,
    displayed_to_customers: false,
    required_for_closure: field.required,
    required_for_agents: false,
  };
  if (field.type === 'dropdown') body.choices = (field.options ?? []).map((option, index) => ({value: option.label, position: index + 1}));
  return body;
}

/** Neutral custom field value -> the value Freshdesk stores for that field type. */
export function fieldValueToNative(type: string, value: Ticket['customFields'][string]): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (type === 'custom_checkbox') return value === true || value === 'true' || value === 1;
  if (type === 'custom_number') return typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value), 10);
  if (type === 'custom_decimal') return typeof value === 'number' ? value : Number(value);
  if (type === 'custom_date') return String(value).slice(0, 10);
  return String(value);
}

// ---- people, companies, groups ------------------------------------------------------

/** A contact or company field as View Contact Fields / View Company Fields lists it. */
export interface FdPersonField {
  id: number;
  name: string;
  label: string;
  type: string;
  default: boolean;
}

/** Freshdesk keeps the primary email and up to 10 other emails (freshdesk.md: people, unsure), a phone and a mobile. */
export const MAX_OTHER_EMAILS = 10;

export function contactFromNative(contact: FdContact): Person {
  const emails = emailsOf({email: contact.email ?? undefined, emails: contact.other_emails});
  const phones = phonesOf({phone: contact.phone ?? undefined, phones: contact.mobile ? [contact.mobile] : []});
  const customFields = filled(contact.custom_fields);
  return stripUndefined({
    id: String(contact.id),
    name: contact.name,
    email: contact.email ?? undefined,
    phone: phones[0],
    emails: emails.length > 1 ? emails : undefined,
    phones: phones.length > 1 ? phones : undefined,
    customFields,
    organizationId: contact.company_id ? String(contact.company_id) : undefined,
    role: 'end-user' as const,
    active: contact.active && !contact.deleted,
    createdAt: contact.created_at,
    updatedAt: contact.updated_at,
  });
}

/** Custom fields that hold a value; undefined when none does. */
function filled(values: Record<string, PersonFieldValue> | undefined): Record<string, PersonFieldValue> | undefined {
  const kept = Object.entries(values ?? {}).filter(([, value]) => value !== null && value !== '');
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** The contact body: every email up to the primary and 10 others, the first phone as `phone`, the second as `mobile`,
 * and the custom fields the target has (`customFields`: already keyed by the target's field names). */
export function contactToNative(person: Person, sourceKey: string, customFields?: Record<string, PersonFieldValue>): Record<string, unknown> {
  const emails = emailsOf(person);
  const phones = phonesOf(person);
  return stripUndefined({
    name: person.name,
    email: emails[0],
    other_emails: emails.length > 1 ? emails.slice(1, 1 + MAX_OTHER_EMAILS) : undefined,
    // An explicit null clears the value (undo putting back a phone or company the contact lacked);
    // undefined leaves the target's as it is.
    phone: phones[0] ?? (person.phone === null ? null : undefined),
    mobile: phones[1],
    custom_fields: customFields && Object.keys(customFields).length ? customFields : undefined,
    company_id: person.organizationId ? Number(person.organizationId) : person.organizationId === null ? null : undefined,
    unique_external_id: sourceKey,
  });
}

const ADMIN_ROLES = new Set(['account administrator', 'administrator']);

export function isAdminRole(role: FdRole | undefined): boolean {
  return !!role && ADMIN_ROLES.has(role.name.toLowerCase());
}

export function agentFromNative(agent: FdAgent, roles: Map<number, FdRole>): Person {
  const {name, email, phone, active} = agent.contact;
  return agentPerson({id: agent.id, name, email, phone, admin: agent.role_ids.some((id) => isAdminRole(roles.get(id))), active, groupIds: agent.group_ids, createdAt: agent.created_at, updatedAt: agent.updated_at});
}

export function companyFromNative(company: FdCompany): Organization {
  return stripUndefined({
    id: String(company.id),
    name: company.name,
    domains: company.domains ?? [],
    notes: company.note ?? undefined,
    customFields: filled(company.custom_fields),
    createdAt: company.created_at,
    updatedAt: company.updated_at,
  });
}

/** The company description carries the marker: the neutral model has no use for it. */
export function companyToNative(org: Organization, sourceKey: string, customFields?: Record<string, PersonFieldValue>): Record<string, unknown> {
  return stripUndefined({name: org.name, domains: org.domains, note: org.notes, description: withTextMarker('', sourceKey), custom_fields: customFields && Object.keys(customFields).length ? customFields : undefined});
}

// Groups, solution categories, folders and articles: the Freshworks kit's shapes (connectors/freshworks/shapes.ts).
export {groupFromNative, groupToNative, categoryFromNative, folderFromNative, articleToNative} from '../freshworks/shapes.js';

/** Freshdesk's articles name their author in agent_id only (no user_id as Freshservice's Create prints). */
export function articleFromNative(article: FdArticle): KbArticle {
  return freshworksArticleFromNative({...article, user_id: undefined});
}

// ---- knowledge base -----------------------------------------------------------------

// ---- tickets and conversations ------------------------------------------------------

export const TICKET_MARKER_FIELD = 'cf_ferry_source_id';
export const TICKET_MARKER_LABEL = 'ferry source id';

export function attachmentFromNative(attachment: FdAttachment): Attachment {
  return {
    id: String(attachment.id),
    fileName: attachment.name,
    contentType: attachment.content_type,
    size: attachment.size ?? attachment.file_size ?? 0,
    url: attachment.attachment_url,
    inline: false,
  };
}

const INLINE_IMAGE = /<img\b[^>]*\bsrc="([^"]*\/inline\/attachment\?token=[^"]*)"[^>]*>/gi;

/** Inline images are not in `attachments`: Freshdesk serves them from /inline/attachment?token=… in the body
 * (Zammad's freshdesk/conversation/inline_images.rb downloads them the same way). Size is unknown until fetched. */
export function inlineImagesFromBody(body: string): Attachment[] {
  const images: Attachment[] = [];
  for (const match of body.matchAll(INLINE_IMAGE)) {
    const tag = match[0];
    const url = match[1]!.replace(/&amp;/g, '&');
    const token = /token=([^&"]+)/.exec(url)?.[1] ?? url;
    const id = /\bdata-id="([^"]+)"/.exec(tag)?.[1] ?? `inline-${token}`;
    const fileName = /\balt="([^"]*)"/.exec(tag)?.[1] || 'inline-image';
    images.push({id, fileName, contentType: guessContentType(fileName), size: 0, url, inline: true});
  }
  return images;
}

export function guessContentType(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return (
    {png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', txt: 'text/plain'}[ext] ??
    'application/octet-stream'
  );
}

/** Custom field values keyed by TicketField.id; the marker field is ours, not the account's data. */
export function ticketFromNative(ticket: FdTicket, conversations: FdConversation[], fieldIdsByName: Map<string, string>): Ticket {
  const customFields: Ticket['customFields'] = {};
  for (const [name, value] of Object.entries(ticket.custom_fields ?? {})) {
    if (name === TICKET_MARKER_FIELD) continue;
    customFields[fieldIdsByName.get(name) ?? name] = value;
  }
  const description = ticket.description ?? '';
  const first: Comment = {
    id: `${ticket.id}-description`,
    authorId: String(ticket.requester_id),
    body: description,
    public: true,
    createdAt: ticket.created_at,
    attachments: [...(ticket.attachments ?? []).map(attachmentFromNative), ...inlineImagesFromBody(description)],
  };
  const comments = [first, ...[...conversations].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).map(conversationFromNative)];
  return stripUndefined({
    id: String(ticket.id),
    subject: ticket.subject,
    status: statusFromNative(ticket.status),
    priority: priorityFromNative(ticket.priority),
    kind: kindFromNative(ticket.type),
    requesterId: String(ticket.requester_id),
    assigneeId: ticket.responder_id ? String(ticket.responder_id) : undefined,
    groupId: ticket.group_id ? String(ticket.group_id) : undefined,
    organizationId: ticket.company_id ? String(ticket.company_id) : undefined,
    tags: ticket.tags ?? [],
    ccEmails: ticket.cc_emails ?? [],
    customFields,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    comments,
  });
}

export function conversationFromNative(conversation: FdConversation): Comment {
  return {
    id: String(conversation.id),
    authorId: String(conversation.user_id),
    body: stripHtmlMarker(conversation.body),
    public: !conversation.private,
    createdAt: conversation.created_at,
    attachments: [...conversation.attachments.map(attachmentFromNative), ...inlineImagesFromBody(conversation.body)],
  };
}

// ---- errors -------------------------------------------------------------------------

export {describeFreshworksError as describeFreshdeskError, type FreshworksErrorBody as FdErrorBody} from '../freshworks/errors.js';
