// The platform-neutral record model. Source connectors translate their API's
// shapes into these; target connectors translate these into their API's shapes.
// The engine maps between accounts (ids, agents, groups, fields) in this model only.

export const RECORD_TYPES = [
  'ticket_fields',
  'groups',
  'organizations',
  'agents',
  'contacts',
  'tickets',
  'kb_categories',
  'kb_sections',
  'kb_articles',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Migration order: referenced objects always come before what references them. */
export const MIGRATION_ORDER: readonly RecordType[] = RECORD_TYPES;

export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
  ticket_fields: 'Ticket fields',
  groups: 'Groups',
  organizations: 'Organizations',
  agents: 'Agents',
  contacts: 'Contacts',
  tickets: 'Tickets',
  kb_categories: 'KB categories',
  kb_sections: 'KB sections',
  kb_articles: 'KB articles',
};

export type Id = string;
/** ISO 8601 UTC timestamp, e.g. 2024-03-01T12:00:00Z */
export type Timestamp = string;

export type FieldType =
  | 'text'
  | 'textarea'
  | 'checkbox'
  | 'date'
  | 'integer'
  | 'decimal'
  | 'dropdown'
  | 'multiselect'
  | 'regexp';

export interface TicketField {
  id: Id;
  /** Human title shown to agents, e.g. "Product" */
  title: string;
  /** Stable machine key on its platform (Zendesk: id-based; Freshdesk: cf_name) */
  key: string;
  type: FieldType;
  /** Agents must fill it before solving/closing (target side: a write without it fails) */
  required: boolean;
  /** For dropdown and multiselect */
  options?: Array<{label: string; value: string}>;
  /** For regexp fields */
  pattern?: string;
  active: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface Group {
  id: Id;
  name: string;
  description?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface Organization {
  id: Id;
  name: string;
  domains: string[];
  notes?: string;
  /** Organization custom fields by the source's field key (see PersonFieldValue) */
  customFields?: Record<string, PersonFieldValue>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A contact or organization custom field's value (dates as YYYY-MM-DD, lists for multi-selects). */
export type PersonFieldValue = string | number | boolean | string[] | null;

export interface Person {
  id: Id;
  name: string;
  /** May be missing or invalid in source data; the engine validates it. */
  email?: string;
  phone?: string;
  /** Every email the source holds, the primary (`email`) first; absent when the source holds one or none */
  emails?: string[];
  /** Every phone number the source holds, `phone` first; absent when the source holds one or none */
  phones?: string[];
  /** Contact custom fields by the source's field key; targets match their own fields by key or title */
  customFields?: Record<string, PersonFieldValue>;
  organizationId?: Id;
  role: 'end-user' | 'agent' | 'admin';
  active: boolean;
  /** For agents: the groups they belong to */
  groupIds?: Id[];
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** The neutral model's ticket statuses, priorities and types, in their natural order. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_KINDS = ['question', 'incident', 'problem', 'task'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketKind = (typeof TICKET_KINDS)[number];

export interface Attachment {
  id: Id;
  fileName: string;
  contentType: string;
  size: number;
  /** Absolute URL the source serves the bytes from (fetched with the source's auth) */
  url: string;
  /** An image embedded in the comment body rather than attached */
  inline: boolean;
}

export interface Comment {
  id: Id;
  authorId: Id;
  /** HTML body */
  body: string;
  /** false: an internal note agents only see */
  public: boolean;
  createdAt: Timestamp;
  attachments: Attachment[];
  /** Set by the engine on mapped comments: the original author as people read it,
   * for targets that cannot set the author ("Jane Doe <jane@acme.test>") */
  authorLabel?: string;
  /** A note ferry writes about the migration (the source's CCs): written as the API's own user,
   * with no original author or date line, on targets that can (Freshdesk, Freshservice) */
  byMigration?: boolean;
}

export interface TicketEvent {
  id: Id;
  authorId?: Id;
  createdAt: Timestamp;
  /** One line, e.g. "Status changed from open to pending" */
  description: string;
}

export interface Ticket {
  id: Id;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  kind?: TicketKind;
  requesterId: Id;
  assigneeId?: Id;
  groupId?: Id;
  organizationId?: Id;
  tags: string[];
  ccEmails: string[];
  /** Keyed by TicketField.id of the same account */
  customFields: Record<Id, string | number | boolean | string[] | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Oldest first; the first is the ticket's description */
  comments: Comment[];
  /** Only filled when the source can give them and the plan asks for them */
  events?: TicketEvent[];
}

export interface KbCategory {
  id: Id;
  name: string;
  description?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface KbSection {
  id: Id;
  categoryId: Id;
  /** The section (folder) this one sits in, when sections nest */
  parentId?: Id;
  name: string;
  description?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface KbArticle {
  id: Id;
  sectionId: Id;
  title: string;
  /** HTML */
  body: string;
  authorId?: Id;
  draft: boolean;
  tags: string[];
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RecordOf {
  ticket_fields: TicketField;
  groups: Group;
  organizations: Organization;
  agents: Person;
  contacts: Person;
  tickets: Ticket;
  kb_categories: KbCategory;
  kb_sections: KbSection;
  kb_articles: KbArticle;
}

export type AnyRecord = RecordOf[RecordType];

/** Every email of a person, the primary first, without repeats (case-insensitive). */
export function emailsOf(person: Pick<Person, 'email' | 'emails'>): string[] {
  return uniqueValues([person.email, ...(person.emails ?? [])]);
}

/** Every phone number of a person, `phone` first, without repeats. */
export function phonesOf(person: Pick<Person, 'phone' | 'phones'>): string[] {
  return uniqueValues([person.phone, ...(person.phones ?? [])]);
}

function uniqueValues(values: Array<string | undefined | null>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const trimmed = value?.trim();
    if (!trimmed || seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    out.push(trimmed);
  }
  return out;
}

/** A target's contact or organization field, matched to a source field by key or title. */
export interface TargetPersonField {
  key: string;
  title?: string;
}

const fieldName = (text: string) => text.toLowerCase().replace(/^cf_/, '').replace(/[^a-z0-9]+/g, '');
const isEmptyValue = (value: PersonFieldValue | undefined) => value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);

/**
 * The source's custom field values the target has a field for (same key or title, ignoring case,
 * punctuation and Freshdesk's `cf_` prefix), keyed by the target's key, and the names of the rest.
 * The targets' writes and verify place values with it, so both agree where each value goes.
 */
export function matchPersonFields(values: Record<string, PersonFieldValue> | undefined, fields: TargetPersonField[]): {native: Record<string, PersonFieldValue>; leftOut: string[]} {
  const native: Record<string, PersonFieldValue> = {};
  const leftOut: string[] = [];
  for (const [name, value] of Object.entries(values ?? {})) {
    if (isEmptyValue(value)) continue; // nothing to carry
    const field = fields.find((candidate) => fieldName(candidate.key) === fieldName(name) || (candidate.title !== undefined && fieldName(candidate.title) === fieldName(name)));
    if (field) native[field.key] = value;
    else leftOut.push(name);
  }
  return {native, leftOut};
}

/** The custom fields of a record that carry a value (what a target must hold or name). */
export function filledFields(values: Record<string, PersonFieldValue> | undefined): string[] {
  return Object.entries(values ?? {}).filter(([, value]) => !isEmptyValue(value)).map(([name]) => name);
}
