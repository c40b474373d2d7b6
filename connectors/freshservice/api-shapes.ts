// Freshservice API v2 JSON shapes (api.freshservice.com) and their translation to and from the
// neutral model. Pure functions only: the sessions and the emulator share them. Unlike Freshdesk,
// every answer is wrapped: {"ticket": {...}}, {"tickets": [...]}, {"requester": {...}} …
// Facts and their sources: docs/platforms/freshservice.md.
export * from './markers.js';
export * from './api-types.js';
import type {FsAttachment, FsTicket, FsItsmRecord, FsConversation, FsNote, FsRequester, FsAgent, FsRole, FsDepartment, FsTicketField, FsFolder} from './api-types.js';
import {stripHtmlMarker, stripTextMarker, withTextMarker, isMarkerTag} from './markers.js';
import type {Attachment, Comment, FieldType, KbArticle, KbSection, Organization, Person, Ticket, TicketField, TicketKind, TicketStatus} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {agentPerson, articleToNative as freshworksArticleToNative, folderFromNative as freshworksFolderFromNative, stripUndefined} from '../freshworks/shapes.js';

// ---- statuses, priorities, kinds -----------------------------------------------------

/** Tickets: 2 Open, 3 Pending, 4 Resolved, 5 Closed ("Ticket Properties"); custom ones above 5: the Freshworks tables. */
import {priorityFromNative, priorityToNative, statusFromNative, statusToNative} from '../freshworks/tables.js';
export {priorityFromNative, priorityToNative, statusFromNative, statusToNative};
/** Problems: 1 Open, 2 Change Requested, 3 Closed. */
export function problemStatusFromNative(status: number): TicketStatus {
  return ({1: 'open', 2: 'pending', 3: 'closed'} as Record<number, TicketStatus>)[status] ?? 'open';
}
/** Changes: 1 Open, 2 Planning, 3 Approval, 4 Pending Release, 5 Pending Review, 6 Closed. */
export function changeStatusFromNative(status: number): TicketStatus {
  return ({1: 'open', 2: 'open', 3: 'pending', 4: 'hold', 5: 'pending', 6: 'closed'} as Record<number, TicketStatus>)[status] ?? 'open';
}
/** "Incident" and "Service Request" are the ticket types; problems and changes are modules of their own. */
export function kindFromNative(type: string | null | undefined): TicketKind | undefined {
  if (!type) return undefined;
  return /incident/i.test(type) ? 'incident' : /service request/i.test(type) ? 'question' : undefined;
}

// ---- ticket fields --------------------------------------------------------------------

const FIELD_TYPE_FROM_NATIVE: Record<string, FieldType> = {
  custom_text: 'text',
  custom_paragraph: 'textarea',
  custom_checkbox: 'checkbox',
  custom_number: 'integer',
  custom_decimal: 'decimal',
  custom_date: 'date',
  custom_dropdown: 'dropdown',
  nested_field: 'dropdown',
  custom_multi_select_dropdown: 'multiselect',
};

export function ticketFieldFromNative(field: FsTicketField): TicketField {
  const type = FIELD_TYPE_FROM_NATIVE[field.field_type] ?? 'text';
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
  if (type === 'dropdown' || type === 'multiselect') result.options = (field.choices ?? []).map((choice) => ({label: choice.value, value: choice.value}));
  return result;
}

/** Neutral value -> what the field type stores; a dropdown stores its choice's label. */
export function fieldValueToNative(field: Pick<FsTicketField, 'field_type' | 'choices'>, value: Ticket['customFields'][string]): string | number | boolean | string[] | null {
  if (value === null || value === undefined) return null;
  const type = field.field_type;
  if (type === 'custom_multi_select_dropdown') return Array.isArray(value) ? value.map(String) : [String(value)];
  if (Array.isArray(value)) return value.join(', ');
  if (type === 'custom_checkbox') return value === true || value === 'true' || value === 1;
  if (type === 'custom_number') return typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value), 10);
  if (type === 'custom_decimal') return Number(value);
  if (type === 'custom_date') return String(value).slice(0, 10);
  if (type === 'custom_dropdown') {
    const wanted = String(value).toLowerCase();
    return (field.choices ?? []).find((choice) => choice.value.toLowerCase() === wanted)?.value ?? String(value);
  }
  return String(value);
}

// ---- people, departments, groups --------------------------------------------------------

export function requesterFromNative(requester: FsRequester): Person {
  const emails = emailsOf({email: requester.primary_email ?? undefined, emails: requester.secondary_emails});
  const phones = phonesOf({phone: requester.work_phone_number ?? undefined, phones: requester.mobile_phone_number ? [requester.mobile_phone_number] : []});
  const fields = Object.entries(requester.custom_fields ?? {}).filter(([, value]) => value !== null && value !== '');
  return stripUndefined({
    id: String(requester.id),
    name: [requester.first_name, requester.last_name].filter(Boolean).join(' '),
    email: requester.primary_email ?? undefined,
    phone: phones[0],
    emails: emails.length > 1 ? emails : undefined,
    phones: phones.length > 1 ? phones : undefined,
    customFields: fields.length ? Object.fromEntries(fields) : undefined,
    organizationId: requester.department_ids?.length ? String(requester.department_ids[0]) : undefined,
    role: 'end-user' as const,
    active: requester.active,
    createdAt: requester.created_at ?? '1970-01-01T00:00:00Z',
    updatedAt: requester.updated_at ?? requester.created_at ?? '1970-01-01T00:00:00Z',
  });
}

/** first_name is mandatory; the rest of the name goes to last_name. The marker lives in background_information. */
export function requesterToNative(person: Person, sourceKey: string): Record<string, unknown> {
  const [first, ...rest] = (person.name || person.email || 'Unknown').trim().split(/\s+/);
  return stripUndefined({
    first_name: first,
    last_name: rest.length ? rest.join(' ') : undefined,
    primary_email: person.email,
    secondary_emails: emailsOf(person).length > 1 ? emailsOf(person).slice(1) : undefined,
    // An explicit null clears (undo putting back a phone or department the requester lacked);
    // undefined leaves the target's as it is.
    work_phone_number: phonesOf(person)[0] ?? (person.phone === null ? null : undefined),
    mobile_phone_number: phonesOf(person)[1],
    department_ids: person.organizationId ? [Number(person.organizationId)] : person.organizationId === null ? [] : undefined,
    background_information: withTextMarker('', sourceKey),
  });
}

export const ADMIN_ROLES = new Set(['account admin', 'admin', 'it ops admin', 'sd admin']);

export function agentFromNative(agent: FsAgent, roles: Map<number, FsRole>): Person {
  const admin = (agent.roles ?? []).some((role) => ADMIN_ROLES.has(roles.get(role.role_id)?.name.toLowerCase() ?? ''));
  const name = [agent.first_name, agent.last_name].filter(Boolean).join(' ');
  return agentPerson({id: agent.id, name, email: agent.email, phone: agent.work_phone_number, admin, active: agent.active, groupIds: agent.member_of ?? [], createdAt: agent.created_at, updatedAt: agent.updated_at});
}

export function departmentFromNative(department: FsDepartment): Organization {
  return stripUndefined({
    id: String(department.id),
    name: department.name,
    domains: department.domains ?? [],
    notes: stripTextMarker(department.description ?? '') || undefined,
    createdAt: department.created_at,
    updatedAt: department.updated_at,
  });
}
export function departmentToNative(org: Organization, sourceKey: string): Record<string, unknown> {
  return {name: org.name, description: withTextMarker(org.notes ?? '', sourceKey), domains: org.domains};
}

// Groups, solution categories, folders and articles: the Freshworks kit's shapes (connectors/freshworks/shapes.ts).
export {groupFromNative, groupToNative, categoryFromNative, articleFromNative} from '../freshworks/shapes.js';

/** Freshservice documents no folder hierarchy: a parent_folder_id is not read as one. */
export function folderFromNative(folder: FsFolder): KbSection {
  return freshworksFolderFromNative({...folder, parent_folder_id: undefined});
}

/** article_type 1 is "permanent" (2 "workaround"); Freshservice's Create Article takes the folder in the body. */
export function articleToNative(article: KbArticle, folderId: number, sourceKey: string): Record<string, unknown> {
  return freshworksArticleToNative(article, sourceKey, {article_type: 1, folder_id: folderId});
}

// ---- tickets, problems, changes -----------------------------------------------------------

/** Problems and changes share the tickets' record type; their ids are prefixed so they never collide. */
export const ITSM_KINDS = {problem: {path: 'problems', tag: 'freshservice-problem'}, change: {path: 'changes', tag: 'freshservice-change'}} as const;
export type ItsmKind = keyof typeof ITSM_KINDS;

export function parseTicketId(id: string): {kind: 'ticket' | ItsmKind; native: string} {
  const match = /^(problem|change)-(\d+)$/.exec(id);
  return match ? {kind: match[1] as ItsmKind, native: match[2]!} : {kind: 'ticket', native: id};
}

export function attachmentFromNative(attachment: FsAttachment, index: number, owner: string): Attachment {
  return {id: String(attachment.id ?? `${owner}-${index}`), fileName: attachment.name, contentType: attachment.content_type, size: attachment.size ?? 0, url: attachment.attachment_url, inline: false};
}

/** Custom field values keyed by TicketField.id (field name when the field list does not know it). */
function customFieldsFromNative(values: FsTicket['custom_fields'] | undefined, fieldIdsByName: Map<string, string>): Ticket['customFields'] {
  const custom: Ticket['customFields'] = {};
  for (const [name, value] of Object.entries(values ?? {})) custom[fieldIdsByName.get(name) ?? name] = value;
  return custom;
}

export function ticketFromNative(ticket: FsTicket, conversations: FsConversation[], fieldIdsByName: Map<string, string>): Ticket {
  const first: Comment = {
    id: `${ticket.id}-description`,
    authorId: String(ticket.requester_id),
    body: stripHtmlMarker(ticket.description ?? ''),
    public: true,
    createdAt: ticket.created_at,
    attachments: (ticket.attachments ?? []).map((a, i) => attachmentFromNative(a, i, `${ticket.id}-description`)),
  };
  const rest = [...conversations].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).map(conversationFromNative);
  return stripUndefined({
    id: String(ticket.id),
    subject: ticket.subject,
    status: statusFromNative(ticket.status),
    priority: priorityFromNative(ticket.priority),
    kind: kindFromNative(ticket.type),
    requesterId: String(ticket.requester_id),
    assigneeId: ticket.responder_id ? String(ticket.responder_id) : undefined,
    groupId: ticket.group_id ? String(ticket.group_id) : undefined,
    organizationId: ticket.department_id ? String(ticket.department_id) : undefined,
    tags: (ticket.tags ?? []).filter((tag) => !isMarkerTag(tag)),
    ccEmails: ticket.cc_emails ?? [],
    customFields: customFieldsFromNative(ticket.custom_fields, fieldIdsByName),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    comments: [first, ...rest],
  });
}

/** A problem or a change as a ticket: id "problem-7", a tag naming the module, notes as private comments. */
export function itsmFromNative(kind: ItsmKind, record: FsItsmRecord, notes: FsNote[]): Ticket {
  const id = `${kind}-${record.id}`;
  const first: Comment = {id: `${id}-description`, authorId: String(record.requester_id), body: record.description ?? '', public: true, createdAt: record.created_at, attachments: []};
  const rest = [...notes].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).map((note) => ({id: `${id}-note-${note.id}`, authorId: String(note.user_id), body: note.body, public: false, createdAt: note.created_at, attachments: []}));
  return stripUndefined({
    id,
    subject: `[${kind === 'problem' ? 'Problem' : 'Change'} #${record.id}] ${record.subject}`,
    status: kind === 'problem' ? problemStatusFromNative(record.status) : changeStatusFromNative(record.status),
    priority: priorityFromNative(record.priority),
    kind: kind === 'problem' ? ('problem' as const) : ('task' as const),
    requesterId: String(record.requester_id),
    assigneeId: record.agent_id ? String(record.agent_id) : undefined,
    groupId: record.group_id ? String(record.group_id) : undefined,
    organizationId: record.department_id ? String(record.department_id) : undefined,
    tags: [ITSM_KINDS[kind].tag],
    ccEmails: [],
    // Problem and change fields are separate field sets from the ticket form's: not carried.
    customFields: {},
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    comments: [first, ...rest],
  });
}

export function conversationFromNative(conversation: FsConversation): Comment {
  return {
    id: String(conversation.id),
    authorId: String(conversation.user_id),
    body: stripHtmlMarker(conversation.body),
    public: !conversation.private,
    createdAt: conversation.created_at,
    attachments: (conversation.attachments ?? []).map((a, i) => attachmentFromNative(a, i, `c${conversation.id}`)),
  };
}

export {stripUndefined};
