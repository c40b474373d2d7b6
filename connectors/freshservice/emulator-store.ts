// The Freshservice emulator's in-memory account, in Freshservice's own shapes, seeded from a neutral
// AccountSnapshot (demo-data/account.ts) and translated back to the neutral model for test hooks.
// A source seed also gets a few problems and changes, which the connector reads as tickets.
import type {AccountSnapshot} from '../../demo-data/account.js';
import {FreshworksStoreBase, hashSeed, slug, stripTags, type StoredAttachment} from '../freshworks/emulator-kit.js';
export {slug, stripTags} from '../freshworks/emulator-kit.js';
import type {Attachment, RecordOf, RecordType, Ticket} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {
  agentFromNative,
  articleFromNative,
  categoryFromNative,
  departmentFromNative,
  folderFromNative,
  groupFromNative,
  itsmFromNative,
  priorityToNative,
  requesterFromNative,
  statusToNative,
  ticketFieldFromNative,
  ticketFromNative,
  type FsAgent,
  type FsArticle,
  type FsAttachment,
  type FsCategory,
  type FsConversation,
  type FsDepartment,
  type FsFolder,
  type FsGroup,
  type FsItsmRecord,
  type FsNote,
  type FsRequester,
  type FsRole,
  type FsTicket,
  type FsTicketField,
} from './api-shapes.js';

export type {StoredAttachment} from '../freshworks/emulator-kit.js';
/** `indexedAt`: when Filter Tickets can see it (ms); a new or changed ticket is indexed after a lag. */
export type StoredTicket = Omit<FsTicket, 'attachments' | 'description_text'> & {attachmentIds: number[]; tags: string[]; indexedAt: number};
export type StoredConversation = Omit<FsConversation, 'attachments' | 'body_text'> & {attachmentIds: number[]};

export const ROLES: FsRole[] = [
  {id: 1, name: 'Account Admin'},
  {id: 2, name: 'Admin'},
  {id: 3, name: 'Agent'},
];

const DEFAULT_FIELDS: Array<[string, string]> = [
  ['requester', 'default_requester'], ['subject', 'default_subject'], ['source', 'default_source'], ['ticket_type', 'default_ticket_type'], ['status', 'default_status'],
  ['urgency', 'default_urgency'], ['impact', 'default_impact'], ['priority', 'default_priority'], ['group', 'default_group'], ['agent', 'default_agent'],
  ['department', 'default_department'], ['description', 'default_description'],
];
const FIELD_TYPE: Record<string, string> = {text: 'custom_text', textarea: 'custom_paragraph', checkbox: 'custom_checkbox', date: 'custom_date', integer: 'custom_number', decimal: 'custom_decimal', dropdown: 'custom_dropdown', multiselect: 'custom_multi_select_dropdown', regexp: 'custom_text'};

export class FreshserviceStore extends FreshworksStoreBase {
  readonly requesters = new Map<number, FsRequester>();
  readonly agents = new Map<number, FsAgent>();
  readonly departments = new Map<number, FsDepartment>();
  readonly groups = new Map<number, FsGroup>();
  readonly fields = new Map<number, FsTicketField>();
  /** List All Requester Fields: the built-in ones, then the account's custom requester fields (text). */
  requesterFields: Array<{id: number; name: string; label: string; type: string; default: boolean; position: number}> = [];
  readonly tickets = new Map<number, StoredTicket>();
  readonly conversations = new Map<number, StoredConversation>();
  readonly problems = new Map<number, FsItsmRecord>();
  readonly changes = new Map<number, FsItsmRecord>();
  readonly notes = new Map<string, FsNote[]>();
  readonly categories = new Map<number, FsCategory>();
  readonly folders = new Map<number, FsFolder>();
  readonly articles = new Map<number, FsArticle>();

  constructor(now = new Date().toISOString()) {
    super();
    DEFAULT_FIELDS.forEach(([name, type], index) => this.fields.set(index + 1, fieldOf(index + 1, name, name[0]!.toUpperCase() + name.slice(1).replace('_', ' '), type, now, true)));
  }

  seed(snapshot: AccountSnapshot, withItsm: boolean) {
    const fieldsBySourceId = new Map<string, {native: FsTicketField; options?: Array<{label: string; value: string}>}>();
    for (const field of snapshot.ticketFields) {
      const id = this.claim(field.id);
      const native = fieldOf(id, slug(field.title), field.title, FIELD_TYPE[field.type] ?? 'custom_text', field.createdAt, false);
      native.required_for_closure = field.required;
      native.choices = (field.options ?? []).map((option, index) => ({id: id * 100 + index, value: option.label}));
      this.fields.set(id, native);
      fieldsBySourceId.set(field.id, {native, options: field.options});
    }
    for (const group of snapshot.groups) {
      const id = this.claim(group.id);
      this.groups.set(id, {id, name: group.name, description: group.description ?? null, created_at: group.createdAt, updated_at: group.updatedAt});
    }
    for (const org of snapshot.organizations) {
      const id = this.claim(org.id);
      this.departments.set(id, {id, name: org.name, description: org.notes ?? null, domains: org.domains, created_at: org.createdAt, updated_at: org.updatedAt});
    }
    for (const agent of snapshot.agents) {
      const id = this.claim(agent.id);
      const [first, ...last] = agent.name.split(' ');
      this.agents.set(id, {id, first_name: first ?? agent.name, last_name: last.join(' ') || null, email: agent.email ?? `agent${id}@invalid.test`, work_phone_number: agent.phone ?? null, active: agent.active, member_of: (agent.groupIds ?? []).map(Number), roles: [{role_id: agent.role === 'admin' ? 1 : 3, assignment_scope: 'entire_helpdesk'}], created_at: agent.createdAt, updated_at: agent.updatedAt});
    }
    // Deleted contacts are gone from a Freshservice account ("forget"): tickets may still name them.
    const builtIn = ['first_name', 'last_name', 'job_title', 'primary_email', 'secondary_emails', 'work_phone_number', 'mobile_phone_number', 'department', 'reporting_manager', 'address', 'time_zone', 'language', 'location', 'background_information'];
    this.requesterFields = [
      ...builtIn.map((name) => ({name, label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: `default_${name}`, default: true})),
      ...(snapshot.contactFields ?? []).map((field) => ({name: field.key, label: field.title, type: 'custom_text', default: false})),
    ].map((field, index) => ({id: this.newId(), position: index + 1, ...field}));
    for (const contact of snapshot.contacts) {
      if (snapshot.deletedContactIds.includes(contact.id)) continue;
      const id = this.agents.has(Number(contact.id)) ? this.newId() : this.claim(contact.id);
      const [first, ...last] = contact.name.split(' ');
      this.requesters.set(id, {id, first_name: first ?? contact.name, last_name: last.join(' ') || null, primary_email: contact.email ?? null, secondary_emails: emailsOf(contact).slice(1), work_phone_number: phonesOf(contact)[0] ?? null, mobile_phone_number: phonesOf(contact)[1] ?? null, custom_fields: {...contact.customFields}, department_ids: contact.organizationId ? [Number(contact.organizationId)] : [], background_information: null, active: contact.active, is_agent: false, created_at: contact.createdAt, updated_at: contact.updatedAt});
    }
    const seedAttachments = (list: Attachment[]) =>
      list.map((attachment) => {
        const id = this.claim(attachment.id);
        const content = snapshot.attachmentContents[attachment.id];
        this.attachments.set(id, {id, name: attachment.fileName, content_type: attachment.contentType, size: content?.size ?? attachment.size, created_at: new Date(0).toISOString(), seed: content?.seed ?? hashSeed(attachment.id)});
        return id;
      });
    for (const ticket of snapshot.tickets) this.seedTicket(ticket, fieldsBySourceId, seedAttachments);
    for (const category of snapshot.kbCategories) {
      const id = this.claim(category.id);
      this.categories.set(id, {id, name: category.name, description: category.description ?? null, created_at: category.createdAt, updated_at: category.updatedAt});
    }
    for (const section of snapshot.kbSections) {
      const id = this.claim(section.id);
      this.folders.set(id, {id, name: section.name, description: section.description ?? null, category_id: Number(section.categoryId), visibility: 1, created_at: section.createdAt, updated_at: section.updatedAt});
    }
    for (const article of snapshot.kbArticles) {
      const id = this.claim(article.id);
      this.articles.set(id, {id, title: article.title, description: article.body, status: article.draft ? 1 : 2, folder_id: Number(article.sectionId), category_id: this.folders.get(Number(article.sectionId))?.category_id, article_type: 1, agent_id: article.authorId ? Number(article.authorId) : null, tags: article.tags, created_at: article.createdAt, updated_at: article.updatedAt});
    }
    if (withItsm) this.seedItsm(snapshot);
  }

  private seedTicket(ticket: Ticket, fields: Map<string, {native: FsTicketField; options?: Array<{label: string; value: string}>}>, seedAttachments: (list: Attachment[]) => number[]) {
    const id = this.claim(ticket.id);
    const [first, ...rest] = ticket.comments;
    const custom: Record<string, string | number | boolean | null> = {};
    for (const [fieldId, value] of Object.entries(ticket.customFields)) {
      const field = fields.get(fieldId);
      if (!field || value === null || value === undefined) continue;
      // Dropdowns store their choice's label; a multi-select keeps the labels as a list.
      const label = (item: unknown) => field.options?.find((option) => option.value === item)?.label ?? String(item);
      custom[field.native.name] = (Array.isArray(value) ? value.map(label) : field.options ? label(value) : value) as never;
    }
    this.tickets.set(id, {
      id,
      subject: ticket.subject,
      description: first?.body ?? '',
      status: statusToNative(ticket.status),
      priority: priorityToNative(ticket.priority),
      source: 1,
      type: ticket.kind === 'question' ? 'Service Request' : 'Incident',
      requester_id: Number(ticket.requesterId),
      responder_id: ticket.assigneeId ? Number(ticket.assigneeId) : null,
      group_id: ticket.groupId ? Number(ticket.groupId) : null,
      department_id: ticket.organizationId ? Number(ticket.organizationId) : null,
      tags: ticket.tags,
      cc_emails: ticket.ccEmails,
      custom_fields: custom,
      urgency: 1,
      impact: 1,
      created_at: ticket.createdAt,
      updated_at: ticket.updatedAt,
      attachmentIds: seedAttachments(first?.attachments ?? []),
      indexedAt: 0,
    });
    for (const comment of rest) {
      const conversationId = this.claim(comment.id);
      const author = Number(comment.authorId);
      this.conversations.set(conversationId, {id: conversationId, body: comment.body, incoming: this.requesters.has(author), private: !comment.public, user_id: author, source: 2, ticket_id: id, created_at: comment.createdAt, updated_at: comment.createdAt, attachmentIds: seedAttachments(comment.attachments)});
    }
  }

  /** Two problems and two changes raised by the first requesters, each with a note by an agent. */
  private seedItsm(snapshot: AccountSnapshot) {
    const requesters = [...this.requesters.values()].filter((r) => r.active).slice(0, 2);
    const agent = [...this.agents.values()][0];
    requesters.forEach((requester, index) => {
      const at = `2024-0${index + 1}-10T09:00:00Z`;
      const base = {requester_id: requester.id, agent_id: agent?.id ?? null, group_id: null, department_id: requester.department_ids[0] ?? null, priority: 2, impact: 1, created_at: at, updated_at: at};
      const problemId = this.newId();
      this.problems.set(problemId, {...base, id: problemId, subject: `Recurring sync failures (${index + 1})`, description: `<p>Several customers report sync failures (${snapshot.tickets.length} tickets reviewed).</p>`, status: index === 0 ? 1 : 3});
      this.notes.set(`problems:${problemId}`, agent ? [{id: this.newId(), body: '<p>Root cause under investigation.</p>', user_id: agent.id, created_at: at, updated_at: at}] : []);
      const changeId = this.newId();
      this.changes.set(changeId, {...base, id: changeId, subject: `Roll out sync fix (${index + 1})`, description: '<p>Deploy the fixed sync service.</p>', status: index === 0 ? 2 : 6});
      this.notes.set(`changes:${changeId}`, agent ? [{id: this.newId(), body: '<p>Approved by the CAB.</p>', user_id: agent.id, created_at: at, updated_at: at}] : []);
    });
  }

  nativeAttachment(id: number, base: string): FsAttachment {
    const attachment = this.attachments.get(id)!;
    return {id, name: attachment.name, content_type: attachment.content_type, size: attachment.size, attachment_url: `${base}/__emulator/attachments/${id}`, created_at: attachment.created_at, updated_at: attachment.created_at};
  }

  /** As View a Ticket shows it: tags only when asked for (include=tags); the list shows no attachments. */
  nativeTicket(ticket: StoredTicket, base: string, options: {tags?: boolean; attachments?: boolean} = {tags: true, attachments: true}): FsTicket {
    const {attachmentIds, indexedAt: _indexed, tags, ...rest} = ticket;
    const native: FsTicket = {...rest, description_text: stripTags(ticket.description)};
    if (options.tags) native.tags = tags;
    if (options.attachments) native.attachments = attachmentIds.map((id) => this.nativeAttachment(id, base));
    return native;
  }

  nativeConversation(conversation: StoredConversation, base: string): FsConversation {
    const {attachmentIds, ...rest} = conversation;
    return {...rest, body_text: stripTags(conversation.body), attachments: attachmentIds.map((id) => this.nativeAttachment(id, base))};
  }

  ticketConversations(ticketId: number): StoredConversation[] {
    return [...this.conversations.values()].filter((c) => c.ticket_id === ticketId).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  }

  ticketAttachmentBytes(ticketId: number): number {
    const ticket = this.tickets.get(ticketId);
    if (!ticket) return 0;
    return [...ticket.attachmentIds, ...this.ticketConversations(ticketId).flatMap((c) => c.attachmentIds)].reduce((sum, id) => sum + (this.attachments.get(id)?.size ?? 0), 0);
  }

  /** Everything of one neutral type, as the connector would read it (attachments carry sha256). */
  neutral(type: RecordType, base: string): Array<RecordOf[RecordType]> {
    const byName = new Map([...this.fields.values()].map((field) => [field.name, String(field.id)]));
    switch (type) {
      case 'ticket_fields':
        return [...this.fields.values()].filter((field) => !field.default_field).map(ticketFieldFromNative);
      case 'groups':
        return [...this.groups.values()].map(groupFromNative);
      case 'organizations':
        return [...this.departments.values()].map(departmentFromNative);
      case 'agents':
        return [...this.agents.values()].map((agent) => agentFromNative(agent, new Map(ROLES.map((role) => [role.id, role]))));
      case 'contacts':
        return [...this.requesters.values()].map(requesterFromNative);
      case 'tickets': {
        const tickets = [...this.tickets.values()].filter((ticket) => !ticket.deleted).map((ticket) => {
          const neutral = ticketFromNative(this.nativeTicket(ticket, base), this.ticketConversations(ticket.id).map((c) => this.nativeConversation(c, base)), byName);
          for (const comment of neutral.comments)
            comment.attachments = comment.attachments.map((attachment) => {
              const stored = this.attachments.get(Number(attachment.id));
              return stored ? Object.assign({...attachment}, {sha256: this.sha256Of(stored)}) : attachment;
            });
          return neutral;
        });
        const itsm = (['problem', 'change'] as const).flatMap((kind) => [...(kind === 'problem' ? this.problems : this.changes).values()].map((record) => itsmFromNative(kind, record, this.notes.get(`${kind}s:${record.id}`) ?? [])));
        return [...tickets, ...itsm];
      }
      case 'kb_categories':
        return [...this.categories.values()].map(categoryFromNative);
      case 'kb_sections':
        return [...this.folders.values()].map(folderFromNative);
      case 'kb_articles':
        return [...this.articles.values()].map(articleFromNative);
    }
  }
}

function fieldOf(id: number, name: string, label: string, type: string, at: string, isDefault: boolean): FsTicketField {
  return {id, name, label, field_type: type, default_field: isDefault, required_for_closure: false, required_for_agents: false, choices: [], created_at: at, updated_at: at};
}
