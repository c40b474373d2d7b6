// The emulator's in-memory Freshdesk account, in Freshdesk's own shapes, seeded from a
// neutral AccountSnapshot, and translated back to the neutral model for the test hooks.
// Over 400 lines on purpose: the whole account (people, fields, tickets, KB) is seeded in one place.
import type {AccountSnapshot} from '../../demo-data/account.js';
import {FreshworksStoreBase, hashSeed, slug, stripTags, type StoredAttachment} from '../freshworks/emulator-kit.js';
export {slug, stripTags} from '../freshworks/emulator-kit.js';
import type {Attachment, RecordOf, RecordType, Ticket, TicketField} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {
  agentFromNative,
  articleFromNative,
  categoryFromNative,
  companyFromNative,
  contactFromNative,
  DEFAULT_TICKET_TYPES,
  escapeHtml,
  fieldTypeToNative,
  fieldValueToNative,
  folderFromNative,
  groupFromNative,
  kindToNative,
  priorityToNative,
  statusToNative,
  ticketFieldFromNative,
  ticketFromNative,
  TICKET_MARKER_FIELD,
  type FdAgent,
  type FdArticle,
  type FdAttachment,
  type FdCategory,
  type FdCompany,
  type FdContact,
  type FdPersonField,
  type FdConversation,
  type FdFolder,
  type FdGroup,
  type FdRole,
  type FdTicket,
  type FdTicketField,
} from './api-shapes.js';

export type {StoredAttachment} from '../freshworks/emulator-kit.js';

/** `archived`: closed and inactive long enough that Freshdesk serves it only at /tickets/archived/{id};
 * `indexedAt`: when the search index has it (ms; Filter Tickets: "updates will take a few minutes to get indexed"). */
export type StoredTicket = Omit<FdTicket, 'attachments' | 'description_text'> & {attachmentIds: number[]; deleted?: boolean; archived?: boolean; indexedAt?: number};
export type StoredConversation = Omit<FdConversation, 'attachments' | 'body_text'> & {attachmentIds: number[]};

export const ROLES: FdRole[] = [
  {id: 1, name: 'Account Administrator', default: true},
  {id: 2, name: 'Administrator', default: true},
  {id: 3, name: 'Supervisor', default: true},
  {id: 4, name: 'Agent', default: true},
];

export class FreshdeskStore extends FreshworksStoreBase {
  readonly contacts = new Map<number, FdContact>();
  readonly agents = new Map<number, FdAgent>();
  readonly companies = new Map<number, FdCompany>();
  /** View Contact Fields / View Company Fields: the default fields, then the account's custom ones */
  contactFields: FdPersonField[] = [];
  companyFields: FdPersonField[] = [];
  readonly groups = new Map<number, FdGroup>();
  readonly fields = new Map<number, FdTicketField>();
  readonly tickets = new Map<number, StoredTicket>();
  readonly conversations = new Map<number, StoredConversation>();
  readonly categories = new Map<number, FdCategory>();
  readonly folders = new Map<number, FdFolder>();
  readonly articles = new Map<number, FdArticle>();

  constructor(now = new Date().toISOString()) {
    super();
    // Freshdesk's default (non-custom) fields, so the field list looks like a real account's.
    const defaults: Array<[string, string, string[]?]> = [
      ['requester', 'default_requester'],
      ['subject', 'default_subject'],
      ['ticket_type', 'default_ticket_type', DEFAULT_TICKET_TYPES],
      ['source', 'default_source'],
      ['status', 'default_status'],
      ['priority', 'default_priority'],
      ['group', 'default_group'],
      ['agent', 'default_agent'],
      ['description', 'default_description'],
      ['company', 'default_company'],
    ];
    defaults.forEach(([name, type, choices], index) => {
      const id = 1 + index;
      this.fields.set(id, {...fieldBase(id, name, name[0]!.toUpperCase() + name.slice(1).replace('_', ' '), type, now), default: true, position: index + 1, choices: choices?.map((value, position) => ({id: position + 1, label: value, value, position: position + 1}))});
    });
  }

  seed(snapshot: AccountSnapshot) {
    const users = new Map<string, number>();
    const fieldNames = new Map<string, {native: FdTicketField; neutral: TicketField}>();
    for (const field of snapshot.ticketFields) {
      const id = this.claim(field.id);
      const name = field.key.startsWith('cf_') ? field.key : `cf_${slug(field.title)}`;
      const native: FdTicketField = {
        ...fieldBase(id, name, field.title, fieldTypeToNative(field.type), field.createdAt, field.updatedAt),
        required_for_closure: field.required,
        position: this.fields.size + 1,
        choices: field.type === 'dropdown' ? (field.options ?? []).map((option, index) => ({id: index + 1, label: option.label, value: option.label, position: index + 1})) : undefined,
      };
      this.fields.set(id, native);
      fieldNames.set(field.id, {native, neutral: field});
    }
    const personFields = (defaults: string[], custom: Array<{key: string; title: string}> | undefined): FdPersonField[] => [
      ...defaults.map((name) => ({id: this.newId(), name, label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: `default_${name}`, default: true})),
      ...(custom ?? []).map((field) => ({id: this.newId(), name: field.key, label: field.title, type: 'custom_text', default: false})),
    ];
    this.contactFields = personFields(['name', 'email', 'phone', 'mobile', 'company_name'], snapshot.contactFields);
    this.companyFields = personFields(['name', 'description', 'note', 'domains'], snapshot.organizationFields);
    for (const group of snapshot.groups) {
      const id = this.claim(group.id);
      this.groups.set(id, {id, name: group.name, description: group.description ?? null, created_at: group.createdAt, updated_at: group.updatedAt});
    }
    for (const org of snapshot.organizations) {
      const id = this.claim(org.id);
      this.companies.set(id, {id, name: org.name, description: null, note: org.notes ?? null, domains: org.domains, custom_fields: {...org.customFields}, created_at: org.createdAt, updated_at: org.updatedAt});
    }
    for (const agent of snapshot.agents) {
      const id = this.claim(agent.id);
      users.set(agent.id, id);
      this.agents.set(id, {
        id,
        available: true,
        occasional: false,
        ticket_scope: 1,
        group_ids: (agent.groupIds ?? []).map(Number),
        role_ids: [agent.role === 'admin' ? 1 : 4],
        type: 'support_agent',
        contact: {name: agent.name, email: agent.email ?? `agent${id}@invalid.test`, phone: agent.phone ?? null, active: agent.active},
        created_at: agent.createdAt,
        updated_at: agent.updatedAt,
      });
    }
    for (const contact of snapshot.contacts) {
      // Agents and contacts share Freshdesk's user ids: a clash gets a fresh id.
      const id = users.has(contact.id) || this.agents.has(Number(contact.id)) ? this.newId() : this.claim(contact.id);
      users.set(contact.id, id);
      this.contacts.set(id, {
        id,
        name: contact.name,
        email: contact.email ?? null,
        phone: phonesOf(contact)[0] ?? null,
        mobile: phonesOf(contact)[1] ?? null,
        other_emails: emailsOf(contact).slice(1),
        custom_fields: {...contact.customFields},
        company_id: contact.organizationId ? Number(contact.organizationId) : null,
        unique_external_id: null,
        active: contact.active,
        created_at: contact.createdAt,
        updated_at: contact.updatedAt,
      });
    }
    const userId = (id: string) => users.get(id) ?? Number(id);
    const seedAttachments = (list: Attachment[]) =>
      list.map((attachment) => {
        const id = this.claim(attachment.id);
        const content = snapshot.attachmentContents[attachment.id];
        this.attachments.set(id, {
          id,
          name: attachment.fileName,
          content_type: attachment.contentType,
          size: content?.size ?? attachment.size,
          created_at: new Date(0).toISOString(),
          seed: content?.seed ?? hashSeed(attachment.id),
          inlineToken: attachment.inline ? `tok${id}` : undefined,
        });
        return id;
      });
    for (const ticket of snapshot.tickets) this.seedTicket(ticket, userId, fieldNames, seedAttachments);
    for (const category of snapshot.kbCategories) {
      const id = this.claim(category.id);
      this.categories.set(id, {id, name: category.name, description: category.description ?? null, created_at: category.createdAt, updated_at: category.updatedAt});
    }
    for (const section of snapshot.kbSections) {
      const id = this.claim(section.id);
      this.folders.set(id, {id, name: section.name, description: section.description ?? null, visibility: 1, category_id: Number(section.categoryId), parent_folder_id: section.parentId ? Number(section.parentId) : null, created_at: section.createdAt, updated_at: section.updatedAt});
    }
    for (const article of snapshot.kbArticles) {
      const id = this.claim(article.id);
      const folder = this.folders.get(Number(article.sectionId));
      this.articles.set(id, {
        id,
        type: 1,
        category_id: folder?.category_id ?? 0,
        folder_id: Number(article.sectionId),
        title: article.title,
        description: article.body,
        description_text: stripTags(article.body),
        status: article.draft ? 1 : 2,
        agent_id: article.authorId ? userId(article.authorId) : null,
        tags: article.tags,
        created_at: article.createdAt,
        updated_at: article.updatedAt,
      });
    }
  }

  private seedTicket(ticket: Ticket, userId: (id: string) => number, fields: Map<string, {native: FdTicketField; neutral: TicketField}>, seedAttachments: (list: Attachment[]) => number[]) {
    const id = this.claim(ticket.id);
    const [first, ...rest] = ticket.comments;
    const custom: Record<string, string | number | boolean | null> = {};
    for (const [fieldId, value] of Object.entries(ticket.customFields)) {
      const field = fields.get(fieldId);
      if (!field) continue;
      // Freshdesk stores dropdown values by their label; multiselect labels are joined.
      const label = (item: unknown) => field.neutral.options?.find((option) => option.value === item)?.label ?? String(item);
      const shown = Array.isArray(value) ? value.map(label) : typeof value === 'string' && field.neutral.options ? label(value) : value;
      custom[field.native.name] = fieldValueToNative(field.native.type, shown);
    }
    const firstIds = seedAttachments(first?.attachments ?? []);
    this.tickets.set(id, {
      id,
      subject: ticket.subject,
      description: this.withInlineImages(first?.body ?? '', firstIds),
      status: statusToNative(ticket.status),
      priority: priorityToNative(ticket.priority),
      source: 1,
      type: kindToNative(ticket.kind) ?? (ticket.kind === 'task' ? 'Task' : null),
      requester_id: userId(ticket.requesterId),
      responder_id: ticket.assigneeId ? userId(ticket.assigneeId) : null,
      group_id: ticket.groupId ? Number(ticket.groupId) : null,
      company_id: ticket.organizationId ? Number(ticket.organizationId) : null,
      tags: ticket.tags,
      cc_emails: ticket.ccEmails,
      custom_fields: custom,
      created_at: ticket.createdAt,
      updated_at: ticket.updatedAt,
      attachmentIds: firstIds.filter((attachmentId) => !this.attachments.get(attachmentId)!.inlineToken),
    });
    for (const comment of rest) {
      const conversationId = this.claim(comment.id);
      const ids = seedAttachments(comment.attachments);
      const author = userId(comment.authorId);
      this.conversations.set(conversationId, {
        id: conversationId,
        body: this.withInlineImages(comment.body, ids),
        incoming: this.contacts.has(author),
        private: !comment.public,
        user_id: author,
        source: comment.public ? 0 : 2,
        ticket_id: id,
        created_at: comment.createdAt,
        updated_at: comment.createdAt,
        attachmentIds: ids.filter((attachmentId) => !this.attachments.get(attachmentId)!.inlineToken),
      });
    }
  }

  /** Inline images live in the body as /inline/attachment?token=… (the host is added when served). */
  private withInlineImages(body: string, attachmentIds: number[]): string {
    let html = body;
    for (const id of attachmentIds) {
      const attachment = this.attachments.get(id)!;
      if (attachment.inlineToken && !html.includes(attachment.inlineToken))
        html += `<img src="/inline/attachment?token=${attachment.inlineToken}" data-id="${id}" alt="${escapeHtml(attachment.name)}">`;
    }
    return html;
  }

  nativeAttachment(id: number, base: string): FdAttachment {
    const attachment = this.attachments.get(id)!;
    return {
      id,
      name: attachment.name,
      content_type: attachment.content_type,
      size: attachment.size,
      attachment_url: `${base}/__emulator/attachments/${id}`,
      created_at: attachment.created_at,
      updated_at: attachment.created_at,
    };
  }

  nativeTicket(ticket: StoredTicket, base: string, withDescription = true): FdTicket {
    const {attachmentIds, deleted: _deleted, archived, indexedAt: _indexedAt, ...rest} = ticket;
    const native: FdTicket = {...rest, description: absoluteInline(ticket.description ?? '', base), ...(archived ? {archived: true} : {})};
    if (withDescription) {
      native.description_text = stripTags(ticket.description ?? '');
      native.attachments = attachmentIds.map((id) => this.nativeAttachment(id, base));
    } else delete native.description;
    return native;
  }

  nativeConversation(conversation: StoredConversation, base: string): FdConversation {
    const {attachmentIds, ...rest} = conversation;
    return {...rest, body: absoluteInline(conversation.body, base), body_text: stripTags(conversation.body), attachments: attachmentIds.map((id) => this.nativeAttachment(id, base))};
  }

  /** A folder as Freshdesk shows it with Flexible Hierarchy: its parent and how many folders it holds. */
  nativeFolder(folder: FdFolder): FdFolder {
    return {...folder, parent_folder_id: folder.parent_folder_id ?? null, sub_folders_count: [...this.folders.values()].filter((child) => child.parent_folder_id === folder.id).length};
  }

  ticketConversations(ticketId: number): StoredConversation[] {
    return [...this.conversations.values()].filter((conversation) => conversation.ticket_id === ticketId).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  }

  /** Everything of one neutral type, for tests comparing accounts (attachments carry sha256). */
  neutral(type: RecordType, base: string): Array<RecordOf[RecordType]> {
    const byName = new Map([...this.fields.values()].map((field) => [field.name, String(field.id)]));
    switch (type) {
      case 'ticket_fields':
        return [...this.fields.values()].filter((field) => !field.default && field.name !== TICKET_MARKER_FIELD).map(ticketFieldFromNative);
      case 'groups':
        return [...this.groups.values()].map(groupFromNative);
      case 'organizations':
        return [...this.companies.values()].map(companyFromNative);
      case 'agents': {
        const roles = new Map(ROLES.map((role) => [role.id, role]));
        return [...this.agents.values()].map((agent) => agentFromNative(agent, roles));
      }
      case 'contacts':
        return [...this.contacts.values()].filter((contact) => !contact.deleted).map(contactFromNative);
      case 'tickets':
        return [...this.tickets.values()]
          .filter((ticket) => !ticket.deleted)
          .map((ticket) => {
            const neutral = ticketFromNative(this.nativeTicket(ticket, base), this.ticketConversations(ticket.id).map((c) => this.nativeConversation(c, base)), byName);
            for (const comment of neutral.comments)
              comment.attachments = comment.attachments.map((attachment) => {
                const stored = this.attachments.get(Number(attachment.id));
                return stored ? Object.assign({...attachment, size: stored.size}, {sha256: this.sha256Of(stored)}) : attachment;
              });
            return neutral;
          });
      case 'kb_categories':
        return [...this.categories.values()].map(categoryFromNative);
      case 'kb_sections':
        return [...this.folders.values()].map(folderFromNative);
      case 'kb_articles':
        return [...this.articles.values()].map(articleFromNative);
    }
  }
}

export function fieldBase(id: number, name: string, label: string, type: string, createdAt: string, updatedAt = createdAt): FdTicketField {
  return {
    id,
    name,
    label,
    description: null,
    position: id,
    type,
    default: false,
    required_for_closure: false,
    required_for_agents: false,
    customers_can_edit: false,
    label_for_customers: label,
    displayed_to_customers: false,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function absoluteInline(html: string, base: string): string {
  return html.replace(/src="\/inline\/attachment/g, `src="${base}/inline/attachment`);
}
