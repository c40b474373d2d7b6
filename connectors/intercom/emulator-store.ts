// The Intercom emulator's in-memory workspace, in Intercom's own shapes, seeded from a neutral
// AccountSnapshot (admins, teams, companies, contacts, conversation data attributes, conversations
// with their parts and files, Help Center collections and articles) and translated back to the
// neutral model for the test hooks.
import {attachmentBytes, type AccountSnapshot} from '../../demo-data/account.js';
import type {Attachment, RecordOf, RecordType, Ticket} from '../../source/contracts/model.js';
import {
  adminFromNative,
  articleFromNative,
  attributeName,
  categoryFromNative,
  companyFromNative,
  contactFromNative,
  conversationFromNative,
  fieldFromNative,
  fieldTypeToNative,
  htmlToText,
  sectionFromNative,
  toUnix,
  type IcAdmin,
  type IcArticle,
  type IcAttachment,
  type IcCollection,
  type IcCompany,
  type IcContact,
  type IcConversation,
  type IcDataAttribute,
  type IcPart,
} from './api-shapes.js';
import {DESCRIPTION, stateCategoryOf, ticketFromNative, TITLE, type IcTicket, type IcTicketPart, type IcTicketType} from './ticket-shapes.js';

export interface StoredFile {
  id: string;
  name: string;
  content_type: string;
  filesize: number;
  bytes?: Buffer;
  seed?: number;
}
export type StoredPart = Omit<IcPart, 'attachments'> & {fileIds: string[]};
/** A conversation with its parts and files by id; `indexedAt` (ms): when the search sees it. */
export type StoredConversation = Omit<IcConversation, 'conversation_parts' | 'source'> & {
  source: Omit<IcConversation['source'], 'attachments'> & {fileIds: string[]};
  parts: StoredPart[];
  indexedAt: number;
  contactCompanyIds?: string[];
};
export type StoredContact = IcContact & {companyIds: string[]; indexedAt: number};
export type StoredTicketPart = Omit<IcTicketPart, 'attachments'> & {fileIds: string[]};
/** A ticket of the Tickets product: its type, state and tags by id; `indexedAt` (ms): when the search sees it. */
export type StoredTicket = Omit<IcTicket, 'ticket_parts' | 'ticket_type' | 'ticket_state' | 'tags'> & {typeId: string; stateId: string; parts: StoredTicketPart[]; tagIds: string[]; indexedAt: number};

export class IntercomStore {
  readonly admins = new Map<string, IcAdmin>();
  readonly teams = new Map<string, {type: 'team'; id: string; name: string; admin_ids: number[]}>();
  readonly contacts = new Map<string, StoredContact>();
  readonly companies = new Map<string, IcCompany>();
  readonly attributes = new Map<number, IcDataAttribute>();
  readonly conversations = new Map<string, StoredConversation>();
  readonly tags = new Map<string, {type: 'tag'; id: string; name: string}>();
  readonly collections = new Map<string, IcCollection>();
  readonly articles = new Map<string, IcArticle>();
  readonly files = new Map<string, StoredFile>();
  readonly ticketTypes = new Map<string, IcTicketType>();
  readonly tickets = new Map<string, StoredTicket>();
  /** Archived contacts and companies (emulator-deletes.ts): off every list, kept as the workspace keeps them */
  readonly archivedContacts = new Map<string, StoredContact>();
  readonly archivedCompanies = new Map<string, IcCompany>();
  private readonly aliases = new Map<string, string>();
  /** The app's access token, kept with the workspace so a reopened demo answers the token its plan names */
  token?: string;
  private next = 5000;

  newId(): string {
    return String(++this.next);
  }
  /** Contacts and companies have 24-hex-digit ids in Intercom's examples. */
  newHexId(): string {
    return (++this.next).toString(16).padStart(24, '6');
  }

  /** `asTickets`: how many of the snapshot's last tickets are Tickets-product tickets rather than conversations. */
  seed(snapshot: AccountSnapshot, now: number, asTickets = 0) {
    this.seedTicketTypes();
    const adminBySource = new Map<string, string>();
    for (const agent of snapshot.agents) {
      const id = this.newId();
      adminBySource.set(agent.id, id);
      this.admins.set(id, {type: 'admin', id, name: agent.name, email: agent.email ?? `admin${id}@emulator.test`, job_title: null, away_mode_enabled: false, has_inbox_seat: true, team_ids: []});
    }
    for (const group of snapshot.groups) {
      const id = this.newId();
      const members = snapshot.agents.filter((agent) => agent.groupIds?.includes(group.id)).map((agent) => Number(adminBySource.get(agent.id)));
      this.teams.set(id, {type: 'team', id, name: group.name, admin_ids: members});
      for (const member of members) this.admins.get(String(member))?.team_ids?.push(Number(id));
    }
    const companyBySource = new Map<string, string>();
    for (const org of snapshot.organizations) {
      const id = this.newHexId();
      companyBySource.set(org.id, id);
      this.companies.set(id, {type: 'company', id, company_id: `seed-${org.id}`, name: org.name, website: org.domains[0] ? `https://${org.domains[0]}` : null, created_at: toUnix(org.createdAt), updated_at: toUnix(org.updatedAt), remote_created_at: toUnix(org.createdAt), custom_attributes: {...org.customFields}});
    }
    const contactBySource = new Map<string, string>();
    for (const person of snapshot.contacts) {
      const id = this.newHexId();
      contactBySource.set(person.id, id);
      const company = person.organizationId ? companyBySource.get(person.organizationId) : undefined;
      this.contacts.set(id, {type: 'contact', id, role: 'user', external_id: null, email: person.email ?? null, phone: person.phone ?? null, name: person.name || null, created_at: toUnix(person.createdAt), updated_at: toUnix(person.updatedAt), signed_up_at: toUnix(person.createdAt), custom_attributes: {...person.customFields}, companyIds: company ? [company] : [], indexedAt: 0});
    }
    // The account's contact and company fields are custom data attributes of those models (strings).
    for (const [model, fields] of [['contact', snapshot.contactFields ?? []], ['company', snapshot.organizationFields ?? []]] as const)
      for (const field of fields) {
        const id = Number(this.newId());
        this.attributes.set(id, {type: 'data_attribute', id, model, name: field.key, full_name: `custom_attributes.${field.key}`, label: field.title, description: '', data_type: 'string', custom: true, archived: false, created_at: toUnix('2020-01-01T00:00:00Z'), updated_at: toUnix('2020-01-01T00:00:00Z')});
      }
    const attributeBySource = new Map<string, IcDataAttribute>();
    for (const field of snapshot.ticketFields) {
      const dataType = fieldTypeToNative(field.type);
      // Intercom has no multi-select or regular-expression attribute: an Intercom workspace cannot hold them.
      if (!dataType || field.type === 'regexp') continue;
      const id = Number(this.newId());
      const attribute: IcDataAttribute = {type: 'data_attribute', id, model: 'conversation', name: attributeName(field.title), full_name: `custom_attributes.${attributeName(field.title)}`, label: field.title, description: '', data_type: dataType, ...(dataType === 'options' ? {options: (field.options ?? []).map((option) => option.value)} : {}), custom: true, archived: !field.active, created_at: toUnix(field.createdAt), updated_at: toUnix(field.updatedAt)};
      this.attributes.set(id, attribute);
      attributeBySource.set(field.id, attribute);
    }
    const person = (id: string): {type: 'admin' | 'user'; id: string} => {
      const admin = adminBySource.get(id);
      return admin ? {type: 'admin', id: admin} : {type: 'user', id: this.contactFor(id, contactBySource, snapshot)};
    };
    for (const [index, ticket] of snapshot.tickets.entries()) {
      if (index >= snapshot.tickets.length - asTickets && !adminBySource.has(ticket.requesterId)) this.seedTicket(ticket, person, adminBySource, snapshot, now);
      else this.seedConversation(ticket, person, attributeBySource, adminBySource, snapshot, now);
    }
    const collectionBySource = new Map<string, string>();
    for (const category of snapshot.kbCategories) {
      const id = this.newId();
      collectionBySource.set(category.id, id);
      this.collections.set(id, {id, name: category.name, description: category.description ?? null, created_at: toUnix(category.createdAt), updated_at: toUnix(category.updatedAt), parent_id: null, help_center_id: 1});
    }
    for (const section of snapshot.kbSections) {
      const id = this.newId();
      collectionBySource.set(section.id, id);
      const parent = collectionBySource.get(section.parentId ?? section.categoryId) ?? null;
      this.collections.set(id, {id, name: section.name, description: section.description ?? null, created_at: toUnix(section.createdAt), updated_at: toUnix(section.updatedAt), parent_id: parent, help_center_id: 1});
    }
    const firstAdmin = [...this.admins.keys()][0];
    for (const article of snapshot.kbArticles) {
      const id = this.newId();
      const author = (article.authorId && adminBySource.get(article.authorId)) || firstAdmin;
      this.articles.set(id, {type: 'article', id, title: article.title, description: null, body: article.body, author_id: Number(author ?? 0), state: article.draft ? 'draft' : 'published', created_at: toUnix(article.createdAt), updated_at: toUnix(article.updatedAt), parent_id: Number(collectionBySource.get(article.sectionId)) || null, parent_type: 'collection'});
    }
  }

  /** A contact for someone a ticket names who is no contact (a deleted requester). */
  private contactFor(id: string, bySource: Map<string, string>, snapshot: AccountSnapshot): string {
    const known = bySource.get(id) ?? this.aliases.get(id);
    if (known) return known;
    const agent = snapshot.agents.find((candidate) => candidate.id === id);
    const created = this.newHexId();
    this.contacts.set(created, {type: 'contact', id: created, role: 'lead', external_id: null, email: agent?.email ?? null, phone: null, name: agent?.name ?? 'Deleted contact', created_at: 1577836800, updated_at: 1577836800, custom_attributes: {}, companyIds: [], indexedAt: 0});
    this.aliases.set(id, created);
    return created;
  }

  private seedConversation(ticket: Ticket, person: (id: string) => {type: 'admin' | 'user'; id: string}, attributes: Map<string, IcDataAttribute>, admins: Map<string, string>, snapshot: AccountSnapshot, now: number) {
    const id = this.newId();
    const [first, ...rest] = ticket.comments;
    // A conversation starts from a contact: an agent's ticket starts from the contact made for the agent.
    const requester = admins.has(ticket.requesterId) ? this.contactFor(`agent-${ticket.requesterId}`, new Map(), {...snapshot, agents: snapshot.agents.map((a) => ({...a, id: `agent-${a.id}`}))}) : person(ticket.requesterId).id;
    const custom: Record<string, unknown> = {};
    for (const [fieldId, value] of Object.entries(ticket.customFields)) {
      const attribute = attributes.get(fieldId);
      if (attribute && value !== null && value !== '' && !Array.isArray(value)) custom[attribute.name] = value;
    }
    const state = ticket.status === 'solved' || ticket.status === 'closed' ? 'closed' : ticket.status === 'pending' || ticket.status === 'hold' ? 'snoozed' : 'open';
    const tags = ticket.tags.map((name) => this.tag(name));
    const author = first ? person(first.authorId) : {type: 'user' as const, id: requester};
    this.conversations.set(id, {
      type: 'conversation',
      id,
      title: ticket.subject,
      created_at: toUnix(ticket.createdAt),
      updated_at: toUnix(ticket.updatedAt),
      state,
      open: state !== 'closed',
      priority: ticket.priority === 'high' || ticket.priority === 'urgent' ? 'priority' : 'not_priority',
      admin_assignee_id: ticket.assigneeId && admins.get(ticket.assigneeId) ? Number(admins.get(ticket.assigneeId)) : null,
      team_assignee_id: null,
      tags: {type: 'tag.list', tags},
      source: {type: 'conversation', id: this.newId(), delivered_as: 'customer_initiated', subject: '', body: first?.body ?? '', author: {...author, type: author.type === 'admin' ? 'admin' : 'user'}, fileIds: this.seedFiles(first?.attachments ?? [], snapshot)},
      contacts: {type: 'contact.list', contacts: [{type: 'contact', id: requester}]},
      custom_attributes: custom,
      parts: rest.map((comment) => {
        const by = person(comment.authorId);
        return {type: 'conversation_part', id: this.newId(), part_type: comment.public ? 'comment' : 'note', body: comment.body, created_at: toUnix(comment.createdAt), updated_at: toUnix(comment.createdAt), author: {type: by.type, id: by.id}, fileIds: this.seedFiles(comment.attachments, snapshot)};
      }),
      indexedAt: now,
    });
  }

  /** Three ticket types, one of each category, with the four state categories and the default attributes. */
  private seedTicketTypes() {
    const at = 1700000000;
    for (const [name, category] of [['Customer request', 'Customer'], ['Task', 'Back-office'], ['Tracker', 'Tracker']] as const) {
      const id = this.newId();
      const states = (['submitted', 'in_progress', 'waiting_on_customer', 'resolved'] as const).map((state) => {
        const label = {submitted: 'Submitted', in_progress: 'In progress', waiting_on_customer: 'Waiting on customer', resolved: 'Resolved'}[state];
        return {type: 'ticket_state' as const, id: this.newId(), category: state, internal_label: label, external_label: label};
      });
      const attributes = [TITLE, DESCRIPTION].map((attribute) => ({type: 'ticket_type_attribute' as const, id: this.newId(), name: attribute, description: '', data_type: 'string' as const, required_to_create: false, default: true, ticket_type_id: Number(id), archived: false}));
      this.ticketTypes.set(id, {type: 'ticket_type', id, name, description: '', category, archived: false, is_internal: false, ticket_type_attributes: {type: 'list', data: attributes}, ticket_states: {type: 'list', data: states}, created_at: at, updated_at: at});
    }
  }

  private seedTicket(ticket: Ticket, person: (id: string) => {type: 'admin' | 'user'; id: string}, admins: Map<string, string>, snapshot: AccountSnapshot, now: number) {
    const type = [...this.ticketTypes.values()].find((candidate) => candidate.category === 'Customer')!;
    const state = type.ticket_states.data.find((candidate) => candidate.category === stateCategoryOf(ticket.status))!;
    const [first, ...rest] = ticket.comments;
    const id = this.newId();
    const requester = person(ticket.requesterId).id;
    this.tickets.set(id, {
      type: 'ticket',
      id,
      ticket_id: String(this.tickets.size + 1),
      category: type.category,
      ticket_attributes: {[TITLE]: ticket.subject, [DESCRIPTION]: htmlToText(first?.body ?? '')},
      typeId: type.id,
      stateId: state.id,
      contacts: {type: 'contact.list', contacts: [{type: 'contact', id: requester}]},
      admin_assignee_id: (ticket.assigneeId && admins.get(ticket.assigneeId)) || '0',
      team_assignee_id: '0',
      created_at: toUnix(ticket.createdAt),
      updated_at: toUnix(ticket.updatedAt),
      open: ticket.status !== 'closed',
      is_shared: true,
      tagIds: ticket.tags.map((name) => this.tag(name).id),
      parts: rest.map((comment) => {
        const by = person(comment.authorId);
        return {type: 'ticket_part', id: this.newId(), part_type: comment.public ? 'comment' : 'note', body: comment.body, created_at: toUnix(comment.createdAt), updated_at: toUnix(comment.createdAt), author: {type: by.type, id: by.id}, fileIds: this.seedFiles(comment.attachments, snapshot)};
      }),
      indexedAt: now,
    });
  }

  /** A ticket as Retrieve a ticket answers it; the 2.14 ticket object has no tags, so only the test hooks add them. */
  nativeTicket(ticket: StoredTicket, base: string, withTags = false): IcTicket {
    const {typeId, stateId, parts, tagIds, indexedAt: _indexed, ...rest} = ticket;
    const type = this.ticketTypes.get(typeId)!;
    return {
      ...rest,
      ticket_type: type,
      ticket_state: type.ticket_states.data.find((state) => state.id === stateId)!,
      ticket_parts: {type: 'ticket_part.list', ticket_parts: parts.map(({fileIds, ...part}) => ({...part, attachments: fileIds.map((file) => this.nativeFile(file, base))})), total_count: parts.length},
      ...(withTags ? {tags: {type: 'tag.list' as const, tags: tagIds.map((tag) => this.tags.get(tag)!).filter(Boolean)}} : {}),
    };
  }

  private seedFiles(list: Attachment[], snapshot: AccountSnapshot): string[] {
    return list.map((attachment) => {
      const id = this.newId();
      const content = snapshot.attachmentContents[attachment.id];
      this.files.set(id, {id, name: attachment.fileName, content_type: attachment.contentType, filesize: content?.size ?? attachment.size, seed: content?.seed ?? Number(id)});
      return id;
    });
  }

  tag(name: string): {type: 'tag'; id: string; name: string} {
    const found = [...this.tags.values()].find((tag) => tag.name === name);
    if (found) return found;
    const tag = {type: 'tag' as const, id: this.newId(), name};
    this.tags.set(tag.id, tag);
    return tag;
  }

  bytesOf(file: StoredFile): Buffer {
    return file.bytes ?? attachmentBytes(file.seed ?? Number(file.id), file.filesize);
  }

  nativeFile(id: string, base: string): IcAttachment {
    const file = this.files.get(id)!;
    return {type: 'upload', name: file.name, url: `${base}/__files/${file.id}/${encodeURIComponent(file.name)}`, content_type: file.content_type, filesize: file.filesize};
  }

  nativeContact(contact: StoredContact): IcContact {
    const {companyIds, indexedAt: _indexed, ...rest} = contact;
    return {...rest, companies: {type: 'list', data: companyIds.map((id) => ({type: 'company', id})), total_count: companyIds.length}};
  }

  /** The conversation as Retrieve a conversation answers it (parts included) or as lists show it (without). */
  nativeConversation(conversation: StoredConversation, base: string, withParts = true): IcConversation {
    const {parts, indexedAt: _indexed, contactCompanyIds: _companies, source, ...rest} = conversation;
    const {fileIds, ...sourceRest} = source;
    const native: IcConversation = {...rest, source: {...sourceRest, attachments: fileIds.map((id) => this.nativeFile(id, base))}};
    if (withParts) native.conversation_parts = {type: 'conversation_part.list', conversation_parts: parts.map(({fileIds: ids, ...part}) => ({...part, attachments: ids.map((id) => this.nativeFile(id, base))})), total_count: parts.length};
    return native;
  }

  /** Everything of one neutral type, for tests comparing accounts. */
  neutral(type: RecordType, base: string): Array<RecordOf[RecordType]> {
    const conversationFields = [...this.attributes.values()].filter((attribute) => attribute.model === 'conversation');
    switch (type) {
      case 'ticket_fields':
        return conversationFields.map(fieldFromNative);
      case 'agents':
        return [...this.admins.values()].map(adminFromNative);
      case 'contacts':
        return [...this.contacts.values()].map((contact) => contactFromNative(this.nativeContact(contact)));
      case 'organizations':
        return [...this.companies.values()].map(companyFromNative);
      case 'tickets':
        return [...[...this.conversations.values()].map((conversation) => conversationFromNative(this.nativeConversation(conversation, base), conversationFields)), ...[...this.tickets.values()].map((ticket) => ticketFromNative(this.nativeTicket(ticket, base)))];
      case 'kb_categories':
        return [...this.collections.values()].filter((collection) => !collection.parent_id).map(categoryFromNative);
      case 'kb_sections':
        return [...this.collections.values()].filter((collection) => collection.parent_id).map((collection) => sectionFromNative(collection, this.collections));
      case 'kb_articles':
        return [...this.articles.values()].map(articleFromNative);
      default:
        return [];
    }
  }
}
