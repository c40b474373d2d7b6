// Writing the neutral model into an Intercom workspace.
//
// Markers (how findByMarker finds what an earlier, crashed attempt created):
// - contacts: `external_id` = the source key (unique per workspace: a second create answers 409);
// - organizations: `company_id` = the source key ("Create or update a company" by company_id, so a
//   resend updates the same company);
// - tickets: see conversation-writer.ts;
// - Help Center collections: "[ferry-source: …]" in the description; articles: an HTML comment in the body.
// Admins, teams and conversation data attributes cannot be created through the API: agents and
// custom fields are matched by email or name, never created.
import type {AccountCheck, ConnectorSettings, TargetCatalog, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, KbArticle, KbCategory, KbSection, Organization, Person, PersonFieldValue, RecordOf, RecordType, TargetPersonField, Ticket, TicketField} from '../../source/contracts/model.js';
import {RecordError} from '../../source/contracts/errors.js';
import {
  adminFromNative,
  articleFromNative,
  attributeName,
  categoryFromNative,
  companyFromNative,
  companyToNative,
  contactFromNative,
  contactToNative,
  conversationFromNative,
  fieldFromNative,
  fieldTypeToNative,
  htmlMarkerOf,
  sectionFromNative,
  textMarkerOf,
  withHtmlMarker,
  withTextMarker,
  type IcArticle,
  type IcCollection,
  type IcCompany,
  type IcContact,
  type IcConversation,
  type IcDataAttribute,
  type IcList,
} from './api-shapes.js';
import {ConversationWriter} from './conversation-writer.js';
import {TicketWriter, ticketNotes} from './ticket-writer.js';
import {catalogIsAdmin, previewIntercomTicket} from './ticket-notes.js';
import {isTicketId, ticketFromNative, ticketIdOf, type IcTicket} from './ticket-shapes.js';
import {IntercomReader, itemsOf} from './reader.js';
import {checkAccount, conversationAttributes, listAdmins} from './source-session.js';
import {filledFields, organizationLeftOut, personLeftOut} from '../shared/people.js';
import {matchPersonFields, phonesOf} from '../../source/contracts/model.js';

export function openIntercomTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new IntercomTarget(http, settings.credentials.ticketType?.trim() || undefined);
}

class IntercomTarget implements TargetSession {
  private readonly reader: IntercomReader;
  private readonly writer: ConversationWriter;
  /** Tickets become tickets of the Tickets product when the target names a ticket type, else conversations. */
  private readonly tickets?: TicketWriter;
  private attributesCache?: Promise<IcDataAttribute[]>;
  private readonly personAttributes = new Map<'contact' | 'company', Promise<TargetPersonField[]>>();
  private adminsCache?: Promise<Set<string>>;
  private meCache?: Promise<string>;

  constructor(
    private readonly http: HttpClient,
    ticketType?: string,
  ) {
    this.reader = new IntercomReader(http);
    this.writer = new ConversationWriter({http, me: () => this.me(), admins: () => this.adminIds(), attributes: () => this.attributes()});
    if (ticketType) this.tickets = new TicketWriter({http, ticketType, me: () => this.me(), admins: () => this.adminIds()});
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.http);
  }

  /** The Fields preview's notes, from the writer this session writes tickets with (conversations or tickets). */
  async ticketNotes(): Promise<(ticket: Ticket, catalog: TargetCatalog) => string[]> {
    if (!this.tickets) return previewIntercomTicket;
    const type = await this.tickets.type();
    return (ticket, catalog) => ticketNotes(ticket, type, catalogIsAdmin(catalog));
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await listAdmins(this.http)).map(adminFromNative) as Array<RecordOf[T]>;
    if (type === 'ticket_fields') return (await this.attributes()).map(fieldFromNative) as Array<RecordOf[T]>;
    return [];
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    const same = (a: string | undefined | null, b: string | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
    if (type === 'agents' && by.email) return (await listAdmins(this.http)).find((admin) => same(admin.email, by.email))?.id;
    if (type === 'contacts' && by.email) {
      const found = await this.search<IcContact>('/contacts/search', {field: 'email', operator: '=', value: by.email}, `contact ${by.email}`);
      return found.find((contact) => same(contact.email, by.email))?.id;
    }
    if (type === 'organizations' && by.name) {
      const response = await this.http.request<IcCompany | IcList<IcCompany>>({method: 'GET', url: '/companies', searchParams: {name: by.name}, accept: [404], what: `company ${by.name}`});
      if (response.status === 404) return undefined;
      const body = response.body as IcCompany & IcList<IcCompany>;
      const companies = body.type === 'company' ? [body as IcCompany] : itemsOf(body);
      return companies.find((company) => same(company.name, by.name))?.id;
    }
    if (type === 'ticket_fields' && by.name) {
      this.attributesCache = undefined;
      const name = attributeName(by.name);
      return (await this.attributes()).find((attribute) => same(attribute.name, name) || same(attribute.label, by.name))?.id?.toString();
    }
    return undefined;
  }

  async findByMarker(type: RecordType, sourceKey: string): Promise<Id | undefined> {
    switch (type) {
      case 'contacts':
        return (await this.search<IcContact>('/contacts/search', {field: 'external_id', operator: '=', value: sourceKey}, `contact ${sourceKey}`)).find((contact) => contact.external_id === sourceKey)?.id;
      case 'organizations': {
        const response = await this.http.request<IcCompany>({method: 'GET', url: '/companies', searchParams: {company_id: sourceKey}, accept: [404], what: `company ${sourceKey}`});
        return response.status === 404 ? undefined : response.body?.id;
      }
      case 'tickets':
        return this.tickets ? this.tickets.findByMarker(sourceKey) : this.writer.findByMarker(sourceKey);
      case 'kb_categories':
      case 'kb_sections':
        return (await this.collections()).find((collection) => textMarkerOf(collection.description) === sourceKey)?.id;
      case 'kb_articles':
        return (await this.reader.all(this.reader.numberedPages<IcArticle>({url: '/articles', what: 'articles', perPage: 50}))).find((article) => htmlMarkerOf(article.body) === sourceKey)?.id;
      default:
        return undefined;
    }
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'contacts': {
        const person = record as Person;
        // An Intercom contact holds one email and one phone, and the custom attributes the workspace has.
        const response = await this.http.request<IcContact>({method: 'POST', url: '/contacts', json: {...contactToNative(person, context.sourceKey), ...(await this.customAttributes(person, context))}, what: `contact ${person.email ?? person.name}`});
        return response.body.id;
      }
      case 'organizations': {
        // Create or update by company_id: sending it again updates the same company, so it may be repeated.
        const organization = record as Organization;
        const response = await this.http.request<IcCompany>({method: 'POST', url: '/companies', json: {...companyToNative(organization, context.sourceKey), ...(await this.customAttributes(organization, context))}, repeatable: true, what: `company ${organization.name}`});
        return response.body.id;
      }
      case 'agents': {
        const agent = record as Person;
        throw new RecordError(`Intercom admins cannot be created through the API: invite ${agent.name}${agent.email ? ` <${agent.email}>` : ''} as a teammate (Settings > Teammates), then run again.`);
      }
      case 'ticket_fields':
        // "Create a data attribute" takes model contact or company only: conversation attributes are made in the app.
        throw new RecordError(intercomFieldRefusal(record as TicketField));
      case 'tickets':
        return this.tickets ? this.tickets.create(record as Ticket, context) : this.writer.create(record as Ticket, context);
      case 'kb_categories':
      case 'kb_sections':
        return this.createCollection(record as KbCategory & Partial<KbSection>, context);
      case 'kb_articles':
        return this.createArticle(record as KbArticle, context);
    }
    throw new RecordError(`Intercom's API cannot store records of type ${type}.`);
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') await (isTicketId(targetId) ? this.ticketWriter().complete(targetId, record as Ticket, context) : this.writer.complete(targetId, record as Ticket, context));
    if (type === 'contacts' && (record as Person).organizationId) await this.attachCompany(targetId, (record as Person).organizationId!);
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    const id = encodeURIComponent(targetId);
    switch (type) {
      case 'tickets':
        return isTicketId(targetId) ? this.ticketWriter().complete(targetId, record as Ticket, context) : this.writer.update(targetId, record as Ticket, context);
      case 'contacts': {
        const person = record as Person;
        await this.http.request({method: 'PUT', url: `/contacts/${id}`, json: {name: person.name, ...(person.email ? {email: person.email} : {}), ...(person.phone ? {phone: person.phone} : {}), ...(await this.customAttributes(person, context))}, what: `contact ${targetId}`});
        if (person.organizationId) await this.attachCompany(targetId, person.organizationId);
        return;
      }
      case 'organizations':
        await this.http.request({method: 'POST', url: '/companies', json: {...companyToNative(record as Organization, context.sourceKey), ...(await this.customAttributes(record as Organization, context))}, repeatable: true, what: `company ${targetId}`});
        return;
      case 'kb_articles': {
        const article = record as KbArticle;
        await this.http.request({method: 'PUT', url: `/articles/${id}`, json: {title: article.title, body: withHtmlMarker(article.body, context.sourceKey), state: article.draft ? 'draft' : 'published'}, what: `article ${targetId}`});
        return;
      }
      default:
        context.note(`Intercom ${type.replace('_', ' ')} are not updated by a delta: nothing was written.`);
    }
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    const one = async <R>(url: string): Promise<R | undefined> => {
      const response = await this.http.request<R>({method: 'GET', url, accept: [404], what: `${type} ${id}`});
      return response.status === 404 ? undefined : response.body;
    };
    const path = encodeURIComponent(id);
    switch (type) {
      case 'contacts': {
        const contact = await one<IcContact>(`/contacts/${path}`);
        return contact && (contactFromNative(contact) as RecordOf[T]);
      }
      case 'organizations': {
        const company = await one<IcCompany>(`/companies/${path}`);
        return company && (companyFromNative(company) as RecordOf[T]);
      }
      case 'tickets': {
        if (isTicketId(id)) {
          const ticket = await one<IcTicket>(`/tickets/${encodeURIComponent(ticketIdOf(id))}`);
          return ticket && (ticketFromNative(ticket) as RecordOf[T]);
        }
        const conversation = await one<IcConversation>(`/conversations/${path}`);
        return conversation && (conversationFromNative(conversation, await this.attributes()) as RecordOf[T]);
      }
      case 'agents':
        return (await listAdmins(this.http)).map(adminFromNative).find((admin) => admin.id === id) as RecordOf[T] | undefined;
      case 'ticket_fields':
        return (await this.attributes()).map(fieldFromNative).find((field) => field.id === id) as RecordOf[T] | undefined;
      case 'kb_categories':
      case 'kb_sections': {
        const all = await this.collections();
        const found = all.find((collection) => collection.id === id);
        if (!found) return undefined;
        return (found.parent_id ? sectionFromNative(found, new Map(all.map((c) => [c.id, c]))) : categoryFromNative(found)) as RecordOf[T];
      }
      case 'kb_articles': {
        const article = await one<IcArticle>(`/articles/${path}`);
        return article && (articleFromNative(article) as RecordOf[T]);
      }
      default:
        return undefined;
    }
  }

  // ---- pieces ---------------------------------------------------------------------------

  /** A ticket ferry wrote as a ticket, met again when the target no longer names a ticket type. */
  private ticketWriter(): TicketWriter {
    if (!this.tickets) throw new RecordError("this ticket was written as an Intercom ticket: name its ticket type in the target's settings again to update it");
    return this.tickets;
  }

  private async search<R>(url: string, query: unknown, what: string): Promise<R[]> {
    const response = await this.http.request<IcList<R>>({method: 'POST', url, json: {query, pagination: {per_page: 50}}, repeatable: true, what});
    return itemsOf(response.body);
  }

  /** Attach a contact to a company: attaching it again leaves one link, so it may be repeated. */
  private async attachCompany(contactId: Id, companyId: Id): Promise<void> {
    await this.http.request({method: 'POST', url: `/contacts/${encodeURIComponent(contactId)}/companies`, json: {id: companyId}, repeatable: true, what: `contact ${contactId} company ${companyId}`});
  }

  private async createCollection(record: KbCategory & Partial<KbSection>, context: WriteContext): Promise<Id> {
    const parent = record.parentId ?? record.categoryId;
    const json: Record<string, unknown> = {name: record.name, description: withTextMarker(record.description ?? '', context.sourceKey)};
    if (parent) json.parent_id = parent;
    const response = await this.http.request<IcCollection>({method: 'POST', url: '/help_center/collections', json, what: `collection ${record.name}`});
    return String(response.body.id);
  }

  private async createArticle(article: KbArticle, context: WriteContext): Promise<Id> {
    const admins = await this.adminIds();
    let author = article.authorId;
    if (!author || !admins.has(author)) {
      author = await this.me();
      context.note(`article author ${article.authorId ?? '(none)'} is not an Intercom admin: written with the token's admin as its author.`);
    }
    const json = {title: article.title, body: withHtmlMarker(article.body, context.sourceKey), author_id: Number(author), state: article.draft ? 'draft' : 'published', parent_id: Number(article.sectionId), parent_type: 'collection'};
    const response = await this.http.request<IcArticle>({method: 'POST', url: '/articles', json, what: `article ${article.title}`});
    return String(response.body.id);
  }

  private collections(): Promise<IcCollection[]> {
    return this.reader.all(this.reader.numberedPages<IcCollection>({url: '/help_center/collections', what: 'collections', perPage: 50}));
  }

  /** The workspace's custom data attributes of contacts or companies (List data attributes, model=…), read once each:
   * verify places values as the writes do. */
  personFields(type: 'contacts' | 'organizations'): Promise<TargetPersonField[]> {
    const model = type === 'contacts' ? 'contact' : 'company';
    let list = this.personAttributes.get(model);
    if (!list) {
      list = this.http
        .request<{data: IcDataAttribute[]}>({method: 'GET', url: '/data_attributes', searchParams: {model}, what: `${model} data attributes`})
        .then((response) => (response.body?.data ?? []).filter((attribute) => attribute.custom && !attribute.archived).map((attribute) => ({key: attribute.name, title: attribute.label})));
      list.catch(() => this.personAttributes.delete(model));
      this.personAttributes.set(model, list);
    }
    return list;
  }

  /** `custom_attributes` for the values the workspace has an attribute for (by name or label); the rest, and a
   * contact's second email and phone, are named on the record. The attribute list is read only when there is a value. */
  private async customAttributes(record: Person | Organization, context: WriteContext): Promise<{custom_attributes?: Record<string, PersonFieldValue>}> {
    const isPerson = 'role' in record;
    const {native, leftOut} = matchPersonFields(record.customFields, filledFields(record.customFields).length ? await this.personFields(isPerson ? 'contacts' : 'organizations') : []);
    const why = `no ${isPerson ? 'contact' : 'company'} data attribute of that name in the workspace`;
    const note = isPerson ? personLeftOut(record, {emails: 1, phones: 1, fieldsLeftOut: leftOut, fieldsWhy: why}) : organizationLeftOut(record, leftOut, why);
    if (note) context.note(note);
    return Object.keys(native).length ? {custom_attributes: native} : {};
  }

  private attributes(): Promise<IcDataAttribute[]> {
    this.attributesCache ??= conversationAttributes(this.http);
    this.attributesCache.catch(() => (this.attributesCache = undefined));
    return this.attributesCache;
  }

  private adminIds(): Promise<Set<string>> {
    this.adminsCache ??= listAdmins(this.http).then((admins) => new Set(admins.map((admin) => admin.id)));
    this.adminsCache.catch(() => (this.adminsCache = undefined));
    return this.adminsCache;
  }

  private me(): Promise<string> {
    this.meCache ??= this.http.request<{id: string}>({method: 'GET', url: '/me', what: "the token's admin"}).then((response) => String(response.body.id));
    this.meCache.catch(() => (this.meCache = undefined));
    return this.meCache;
  }
}

/** Why a custom field cannot be created (TargetLimits.ticketFieldCreateRefusal: the Fields dry run says the same). */
export function intercomFieldRefusal(field: TicketField): string {
  const native = fieldTypeToNative(field.type);
  return native
    ? `Intercom's API cannot create conversation data attributes (Create a data attribute takes contact or company ones): add "${attributeName(field.title)}" as ${native === "options" ? "a list" : native === "integer" ? "an integer" : `a ${native}`} attribute (Settings > Data > Conversation data), then run again.`
    : `Intercom has no ${field.type} conversation data attribute: "${field.title}" cannot be kept; map its values to another field in the plan, or leave it out.`;
}
