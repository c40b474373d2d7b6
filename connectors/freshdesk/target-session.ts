// Writing the neutral model into a Freshdesk account.
//
// Markers (how findByMarker finds what an earlier, crashed attempt created):
// - contacts: `unique_external_id` (documented filter GET /contacts?unique_external_id=)
// - tickets: the custom text field cf_ferry_source_id, created here on first use; looked up with the
//   filter API and, because its index lags, also among the most recently created tickets
// - notes: an HTML comment <!-- ferry-source: … --> at the end of the body (found via /conversations)
// - companies, groups, KB categories and folders: "[ferry-source: …]" at the end of the description;
//   KB articles: the same HTML comment as notes. The sessions' readers strip them again.
// - ticket fields: none: Freshdesk field labels are unique, so a re-create fails with 409 and
//   findExisting({name}) finds the field. Agents are never created (they must be invited).
//
// Freshdesk cannot set ticket or note dates: "Originally from <author> on <date>" is written at the
// top of the description and of each note. Comments become notes (POST /tickets/{id}/notes, with
// `private` and `user_id`); /reply is never used because it emails the customer.
import type {AccountCheck, ConnectorSettings, TargetSession, WriteContext} from '../../source/connector.js';
import type {HttpClient} from '../../source/http.js';
import type {Attachment, Comment, Id, KbArticle, KbCategory, KbSection, Organization, Person, RecordOf, RecordType, Ticket, TicketField, Group} from '../../source/model.js';
import {HttpRecordError, PossiblyAppliedError, RecordError} from '../../source/errors.js';
import {
  articleToNative,
  companyToNative,
  contactToNative,
  describeFreshdeskError,
  escapeHtml,
  fieldValueToNative,
  groupFromNative,
  groupToNative,
  htmlMarkerOf,
  kindToNative,
  originHeader,
  packAttachments,
  priorityToNative,
  statusToNative,
  textMarkerOf,
  ticketFieldToNative,
  TICKET_MARKER_FIELD,
  TICKET_MARKER_LABEL,
  withHtmlMarker,
  withTextMarker,
  type FdAgent,
  type FdArticle,
  type FdCategory,
  type FdCompany,
  type FdContact,
  type FdConversation,
  type FdFolder,
  type FdGroup,
  type FdTicket,
  type FdTicketField,
} from './api-shapes.js';
import {FreshdeskReader} from './reader.js';
import {checkAccount} from './source-session.js';

type FieldValue = string | number | boolean | null | undefined | string[] | Record<string, string | number | boolean>;

export function openFreshdeskTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new FreshdeskTarget(settings, http);
}

class FreshdeskTarget implements TargetSession {
  private readonly reader: FreshdeskReader;
  private adminFields?: Promise<FdTicketField[]>;
  private markerField?: Promise<string>;
  private agentIds?: Promise<Set<string>>;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new FreshdeskReader(http);
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'target');
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await this.reader.agentsToNeutral(await this.reader.all<FdAgent>('/api/v2/agents'))) as Array<RecordOf[T]>;
    if (type === 'groups') return (await this.reader.all<FdGroup>('/api/v2/groups')).map(groupFromNative) as Array<RecordOf[T]>;
    return this.reader.customTicketFields(await this.fields()) as Array<RecordOf[T]>;
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    const sameName = (name: string) => !!by.name && name.trim().toLowerCase() === by.name.trim().toLowerCase();
    if ((type === 'contacts' || type === 'agents') && by.email) {
      const list = await this.http.request<Array<{id: number}>>({method: 'GET', url: `/api/v2/${type}`, searchParams: {email: by.email}, endpoint: type === 'contacts' ? 'contacts.list' : undefined});
      return list.body[0] ? String(list.body[0].id) : undefined;
    }
    if (!by.name) return undefined;
    switch (type) {
      case 'organizations': {
        const found = await this.http.request<{companies: Array<{id: number; name: string}>}>({method: 'GET', url: '/api/v2/companies/autocomplete', searchParams: {name: by.name}});
        return idOf(found.body.companies.find((company) => sameName(company.name)));
      }
      case 'groups':
        return idOf((await this.reader.all<FdGroup>('/api/v2/groups')).find((group) => sameName(group.name)));
      case 'ticket_fields':
        return idOf((await this.fields()).find((field) => !field.default && sameName(field.label)));
      case 'kb_categories':
        return idOf((await this.categories()).find((category) => sameName(category.name)));
      case 'kb_sections':
        return idOf((await this.folders()).find((folder) => sameName(folder.name)));
      default:
        return undefined;
    }
  }

  async findByMarker(type: RecordType, sourceKey: string): Promise<Id | undefined> {
    switch (type) {
      case 'contacts': {
        const found = await this.http.request<FdContact[]>({method: 'GET', url: '/api/v2/contacts', searchParams: {unique_external_id: sourceKey}, endpoint: 'contacts.list'});
        return idOf(found.body[0]);
      }
      case 'tickets':
        return this.findTicketByMarker(sourceKey);
      case 'organizations':
        return idOf((await this.reader.all<FdCompany>('/api/v2/companies')).find((company) => textMarkerOf(company.description) === sourceKey));
      case 'groups':
        return idOf((await this.reader.all<FdGroup>('/api/v2/groups')).find((group) => textMarkerOf(group.description) === sourceKey));
      case 'kb_categories':
        return idOf((await this.categories()).find((category) => textMarkerOf(category.description) === sourceKey));
      case 'kb_sections':
        return idOf((await this.folders()).find((folder) => textMarkerOf(folder.description) === sourceKey));
      case 'kb_articles':
        for (const folder of await this.folders()) {
          const found = (await this.reader.all<FdArticle>(`/api/v2/solutions/folders/${folder.id}/articles`)).find((article) => htmlMarkerOf(article.description) === sourceKey);
          if (found) return String(found.id);
        }
        return undefined;
      default:
        return undefined;
    }
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'tickets':
        return this.createTicket(record as Ticket, context);
      case 'contacts':
        return this.post('/api/v2/contacts', contactToNative(record as Person, context.sourceKey), `contact ${(record as Person).email ?? (record as Person).name}`);
      case 'agents': {
        const agent = record as Person;
        throw new RecordError(`Freshdesk agents cannot be created by a migration: invite ${agent.name}${agent.email ? ` <${agent.email}>` : ''} as an agent on the target (Admin > Agents) first, then run again.`);
      }
      case 'organizations':
        return this.post('/api/v2/companies', companyToNative(record as Organization, context.sourceKey), `company ${(record as Organization).name}`);
      case 'groups':
        return this.post('/api/v2/groups', groupToNative(record as Group, context.sourceKey), `group ${(record as Group).name}`);
      case 'ticket_fields': {
        const field = record as TicketField;
        if (field.type === 'multiselect') context.note('Freshdesk has no multi-select field: created as a paragraph field holding the chosen labels comma-separated.');
        if (field.type === 'regexp') context.note('Freshdesk has no pattern-checked field: created as a text field without the pattern.');
        const id = await this.post('/api/v2/admin/ticket_fields', ticketFieldToNative(field), `ticket field ${field.title}`);
        this.adminFields = undefined;
        return id;
      }
      case 'kb_categories': {
        const category = record as KbCategory;
        return this.post('/api/v2/solutions/categories', {name: category.name, description: withTextMarker(category.description ?? '', context.sourceKey)}, `KB category ${category.name}`);
      }
      case 'kb_sections': {
        const section = record as KbSection;
        // visibility 1 = all users: the neutral model has no audience, and Freshdesk requires one.
        return this.post(`/api/v2/solutions/categories/${section.categoryId}/folders`, {name: section.name, description: withTextMarker(section.description ?? '', context.sourceKey), visibility: 1}, `KB folder ${section.name}`);
      }
      case 'kb_articles': {
        const article = record as KbArticle;
        if (article.authorId) context.note('Freshdesk sets the article author to the API key\'s agent; the original author was not kept.');
        return this.post(`/api/v2/solutions/folders/${article.sectionId}/articles`, articleToNative(article, context.sourceKey), `KB article ${article.title}`);
      }
    }
    throw new RecordError(`Freshdesk cannot store records of type ${type}.`);
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    const id = encodeURIComponent(targetId);
    switch (type) {
      case 'tickets': {
        const ticket = record as Ticket;
        await this.send('PUT', `/api/v2/tickets/${id}`, await this.ticketFields(ticket, context), [], `ticket ${targetId}`, context, 'tickets.update');
        for (const comment of ticket.comments.slice(1)) await this.addNote(targetId, comment, context);
        return;
      }
      case 'contacts': {
        const {unique_external_id: _marker, ...fields} = contactToNative(record as Person, context.sourceKey);
        await this.send('PUT', `/api/v2/contacts/${id}`, fields, [], `contact ${targetId}`, context);
        return;
      }
      case 'agents':
        context.note('Agents are managed on the Freshdesk target: nothing was written.');
        return;
      case 'organizations': {
        const {description: _marker, ...fields} = companyToNative(record as Organization, context.sourceKey);
        await this.send('PUT', `/api/v2/companies/${id}`, fields, [], `company ${targetId}`, context);
        return;
      }
      case 'groups':
        await this.send('PUT', `/api/v2/groups/${id}`, groupToNative(record as Group, context.sourceKey), [], `group ${targetId}`, context);
        return;
      case 'ticket_fields': {
        const {type: _type, ...fields} = ticketFieldToNative(record as TicketField);
        await this.send('PUT', `/api/v2/admin/ticket_fields/${id}`, fields, [], `ticket field ${targetId}`, context);
        this.adminFields = undefined;
        return;
      }
      case 'kb_categories': {
        const category = record as KbCategory;
        await this.send('PUT', `/api/v2/solutions/categories/${id}`, {name: category.name, description: withTextMarker(category.description ?? '', context.sourceKey)}, [], `KB category ${targetId}`, context);
        return;
      }
      case 'kb_sections': {
        const section = record as KbSection;
        await this.send('PUT', `/api/v2/solutions/folders/${id}`, {name: section.name, description: withTextMarker(section.description ?? '', context.sourceKey)}, [], `KB folder ${targetId}`, context);
        return;
      }
      case 'kb_articles':
        await this.send('PUT', `/api/v2/solutions/articles/${id}`, articleToNative(record as KbArticle, context.sourceKey), [], `KB article ${targetId}`, context);
        return;
    }
  }

  get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return this.reader.get(type, id);
  }

  // ---- tickets ----------------------------------------------------------------------

  /** The ticket itself, with its description and the first attachments: one request. */
  private async createTicket(ticket: Ticket, context: WriteContext): Promise<Id> {
    const [first] = ticket.comments;
    const fields = await this.ticketFields(ticket, context);
    fields.custom_fields = {...(fields.custom_fields as Record<string, string | number | boolean>), [await this.ensureMarkerField()]: context.sourceKey};
    fields.description = originHeader(first?.authorLabel, first?.createdAt ?? ticket.createdAt) + withoutInlineImages(first?.body ?? '', first?.attachments ?? []);
    const {batches} = packAttachments(first?.attachments ?? []);
    return this.send('POST', '/api/v2/tickets', fields, batches[0] ?? [], `ticket ${ticket.subject}`, context, 'tickets.create');
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') await this.completeTicket(targetId, record as Ticket, context);
  }

  /** Everything after the ticket itself, each note once: a resumed ticket continues here. */
  private async completeTicket(ticketId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const [first, ...rest] = ticket.comments;
    context.note('Freshdesk cannot set creation dates: the original author and date are written at the top of the description and of each note.');
    const {batches, tooLarge} = packAttachments(first?.attachments ?? []);
    this.noteAttachmentLimits(first?.attachments ?? [], tooLarge, context);
    // Attachments beyond the 20 MB a single request takes travel on private notes of their own.
    for (let index = 1; index < batches.length; index++) {
      const marker = `${context.sourceKey}#description:attachments:${index}`;
      await context.once(
        `description-attachments-${index}`,
        () => this.send('POST', `/api/v2/tickets/${ticketId}/notes`, {body: withHtmlMarker('<p><em>More attachments of the original description</em></p>', marker), private: true}, batches[index]!, `ticket ${ticketId}`, context),
        () => this.findNote(ticketId, marker),
      );
    }
    for (const comment of rest) await this.addNote(ticketId, comment, context);
  }

  private async addNote(ticketId: Id, comment: Comment, context: WriteContext): Promise<void> {
    const marker = `${context.sourceKey}#comment:${comment.id}`;
    const {batches, tooLarge} = packAttachments(comment.attachments);
    this.noteAttachmentLimits(comment.attachments, tooLarge, context);
    const fields: Record<string, FieldValue> = {
      body: withHtmlMarker(originHeader(comment.authorLabel, comment.createdAt) + withoutInlineImages(comment.body, comment.attachments), marker),
      private: !comment.public,
    };
    if (/^\d+$/.test(comment.authorId)) {
      fields.user_id = Number(comment.authorId);
      // A customer's comment shows as incoming, as it did on the source.
      fields.incoming = !(await this.agents()).has(comment.authorId);
    }
    for (let index = 0; index < Math.max(1, batches.length); index++) {
      const stepMarker = index === 0 ? marker : `${marker}:attachments:${index}`;
      const body = index === 0 ? fields : {body: withHtmlMarker('<p><em>More attachments of the comment above</em></p>', stepMarker), private: !comment.public};
      await context.once(
        index === 0 ? `note:${comment.id}` : `note:${comment.id}:attachments:${index}`,
        () => this.send('POST', `/api/v2/tickets/${ticketId}/notes`, body, batches[index] ?? [], `ticket ${ticketId} note`, context),
        () => this.findNote(ticketId, stepMarker),
      );
    }
  }

  private noteAttachmentLimits(all: Attachment[], tooLarge: Attachment[], context: WriteContext) {
    for (const attachment of tooLarge) context.note(`Attachment ${attachment.fileName} (${attachment.size} bytes) is over Freshdesk's 20 MB limit and was not migrated.`);
    const inline = all.filter((attachment) => attachment.inline && !tooLarge.includes(attachment));
    if (inline.length) context.note(`Freshdesk's API cannot embed images: ${inline.length} inline image(s) were attached as files.`);
  }

  private async ticketFields(ticket: Ticket, context: WriteContext): Promise<Record<string, FieldValue>> {
    const byId = new Map((await this.fields()).map((field) => [String(field.id), field]));
    const custom: Record<string, string | number | boolean> = {};
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const field = byId.get(id);
      if (!field) {
        context.note(`Custom field ${id} does not exist on the target: its value was left out.`);
        continue;
      }
      const native = fieldValueToNative(field.type, value);
      if (native !== null && !(typeof native === 'number' && Number.isNaN(native))) custom[field.name] = native;
    }
    const type = kindToNative(ticket.kind);
    if (ticket.kind === 'task') context.note('Freshdesk has no "Task" ticket type: the type was left empty.');
    return {
      subject: ticket.subject,
      requester_id: Number(ticket.requesterId),
      responder_id: ticket.assigneeId ? Number(ticket.assigneeId) : undefined,
      group_id: ticket.groupId ? Number(ticket.groupId) : undefined,
      company_id: ticket.organizationId ? Number(ticket.organizationId) : undefined,
      status: statusToNative(ticket.status),
      priority: priorityToNative(ticket.priority),
      type,
      tags: ticket.tags,
      cc_emails: ticket.ccEmails,
      custom_fields: custom,
    };
  }

  private async findTicketByMarker(sourceKey: string): Promise<Id | undefined> {
    const field = await this.ensureMarkerField();
    const search = await this.http.request<{results: FdTicket[]}>({method: 'GET', url: '/api/v2/search/tickets', searchParams: {query: `"${field}:'${sourceKey.replace(/'/g, "\\'")}'"`}});
    const hit = search.body.results.find((ticket) => ticket.custom_fields?.[field] === sourceKey);
    if (hit) return String(hit.id);
    // The search index trails writes by minutes; a ticket a crashed attempt just created is among the newest.
    const recent = await this.http.request<FdTicket[]>({method: 'GET', url: '/api/v2/tickets', searchParams: {order_by: 'created_at', order_type: 'desc', per_page: 100}, endpoint: 'tickets.list'});
    return idOf(recent.body.find((ticket) => ticket.custom_fields?.[field] === sourceKey));
  }

  private async findNote(ticketId: Id, marker: string): Promise<Id | undefined> {
    const conversations = await this.reader.all<FdConversation>(`/api/v2/tickets/${ticketId}/conversations`);
    return idOf(conversations.find((conversation) => htmlMarkerOf(conversation.body) === marker));
  }

  /** The marker field's name (cf_ferry_source_id), creating the field on first use. */
  private ensureMarkerField(): Promise<string> {
    this.markerField ??= (async () => {
      const find = async () => (await this.fields()).find((field) => field.name === TICKET_MARKER_FIELD || field.label === TICKET_MARKER_LABEL)?.name;
      const existing = await find();
      if (existing) return existing;
      try {
        const created = await this.http.request<FdTicketField>({
          method: 'POST',
          url: '/api/v2/admin/ticket_fields',
          json: {label: TICKET_MARKER_LABEL, label_for_customers: TICKET_MARKER_LABEL, type: 'custom_text', customers_can_edit: false, displayed_to_customers: false, required_for_closure: false, required_for_agents: false},
          what: 'migration marker field',
        });
        this.adminFields = undefined;
        return created.body.name;
      } catch (error) {
        // A create whose answer was lost, or another ferry's: the field is there, use it.
        if (!(error instanceof PossiblyAppliedError) && !(error instanceof HttpRecordError && error.status === 409)) throw error;
        this.adminFields = undefined;
        const found = await find();
        if (found) return found;
        throw error;
      }
    })();
    this.markerField.catch(() => (this.markerField = undefined));
    return this.markerField;
  }

  // ---- helpers ----------------------------------------------------------------------

  private fields(): Promise<FdTicketField[]> {
    this.adminFields ??= this.reader.all<FdTicketField>('/api/v2/admin/ticket_fields');
    return this.adminFields;
  }

  private agents(): Promise<Set<string>> {
    this.agentIds ??= this.reader.all<FdAgent>('/api/v2/agents').then((agents) => new Set(agents.map((agent) => String(agent.id))));
    return this.agentIds;
  }

  private categories(): Promise<FdCategory[]> {
    return this.reader.all<FdCategory>('/api/v2/solutions/categories');
  }

  private async folders(): Promise<FdFolder[]> {
    const folders: FdFolder[] = [];
    for (const category of await this.categories()) folders.push(...(await this.reader.all<FdFolder>(`/api/v2/solutions/categories/${category.id}/folders`)));
    return folders;
  }

  private async post(url: string, body: Record<string, unknown>, what: string): Promise<Id> {
    // A duplicate (409 duplicate_value) fails this record; the HTTP layer would retry a 409 as a conflict.
    const response = await this.http.request<{id: number}>({method: 'POST', url, json: body, accept: [409], what});
    if (response.status === 409) throw new HttpRecordError(`${what}: Freshdesk answered 409 ${describeFreshdeskError(409, response.body)}`, 409, response.body);
    return String(response.body.id);
  }

  /** JSON, or multipart/form-data when files go along (attachments[] parts, custom_fields[name], tags[]). */
  private async send(method: 'POST' | 'PUT', url: string, fields: Record<string, unknown>, files: Attachment[], what: string, context: WriteContext, endpoint?: string): Promise<Id> {
    const clean = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    let request: {json?: unknown; form?: FormData} = {json: clean};
    if (files.length) {
      const form = new FormData();
      for (const [key, value] of Object.entries(clean)) appendField(form, key, value);
      for (const file of files) {
        const bytes = await context.attachmentBytes(file);
        form.append('attachments[]', new Blob([new Uint8Array(bytes)], {type: file.contentType}), file.fileName);
      }
      request = {form};
    }
    const response = await this.http.request<{id: number}>({method, url, ...request, accept: [409], what, endpoint});
    if (response.status === 409) throw new HttpRecordError(`${what}: Freshdesk answered 409 ${describeFreshdeskError(409, response.body)}`, 409, response.body);
    return String(response.body?.id ?? '');
  }
}

function appendField(form: FormData, key: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const item of value) form.append(`${key}[]`, String(item));
  else if (typeof value === 'object') for (const [sub, item] of Object.entries(value as Record<string, unknown>)) form.append(`${key}[${sub}]`, String(item));
  else form.append(key, String(value));
}

/** Inline images travel as attachments: their <img> tags would point at the source account. */
function withoutInlineImages(body: string, attachments: Attachment[]): string {
  const inline = new Map(attachments.filter((attachment) => attachment.inline).map((image) => [image.url, image.fileName]));
  if (!inline.size) return body;
  return body.replace(/<img\b[^>]*\bsrc="([^"]*)"[^>]*>/gi, (tag, src: string) => {
    const name = inline.get(src.replace(/&amp;/g, '&'));
    return name === undefined ? tag : `<p>[image attached: ${escapeHtml(name)}]</p>`;
  });
}

function idOf(record: {id: number} | undefined): Id | undefined {
  return record ? String(record.id) : undefined;
}
