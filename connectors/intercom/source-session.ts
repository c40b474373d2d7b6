// Reading an Intercom workspace as a migration source. Contacts and conversations are cursor lists
// (List contacts, List conversations: per_page up to 150, starting_after); a delta reads them through
// the search endpoints (updated_at > the bookmark). Each conversation is then retrieved whole (Retrieve
// a conversation: up to 500 parts). Companies, Help Center collections and articles are numbered pages.
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Id, RecordOf, RecordType} from '../../source/contracts/model.js';
import {
  adminFromNative,
  articleFromNative,
  categoryFromNative,
  companyFromNative,
  contactFromNative,
  conversationFromNative,
  fieldFromNative,
  sectionFromNative,
  toUnix,
  type IcAdmin,
  type IcArticle,
  type IcCollection,
  type IcCompany,
  type IcContact,
  type IcConversation,
  type IcDataAttribute,
} from './api-shapes.js';
import {IntercomReader} from './reader.js';
import {isTicketId, ticketFromNative, ticketIdOf, type IcTicket} from './ticket-shapes.js';
import {WINDOW_SECONDS} from './tiers.js';

/** Teams (groups) are read-only in the API and tickets of the Tickets product are not read: see docs/platforms/intercom.md. */
export const INTERCOM_RECORD_TYPES: RecordType[] = ['ticket_fields', 'organizations', 'agents', 'contacts', 'tickets', 'kb_categories', 'kb_sections', 'kb_articles'];

export const PER_PAGE = 150;
/** Companies list at most 60 a page ("List all companies": per_page max 60). */
export const COMPANIES_PER_PAGE = 60;

export function openIntercomSource(settings: ConnectorSettings, http: HttpClient): SourceSession {
  return new IntercomSource(http);
}

/** `tickets`: the conversations are read, the Tickets product's tickets are being read (Search tickets). */
type Cursor = {after?: string; page?: number; tickets?: boolean};

class IntercomSource implements SourceSession {
  private readonly reader: IntercomReader;
  private attributes?: Promise<IcDataAttribute[]>;

  constructor(private readonly http: HttpClient) {
    this.reader = new IntercomReader(http);
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.http);
  }

  async count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined> {
    const total = async (url: string, search?: unknown) => {
      const response = search
        ? await this.http.request<{total_count?: number}>({method: 'POST', url, json: {query: search, pagination: {per_page: 1}}, repeatable: true, what: `${url} count`})
        : await this.http.request<{total_count?: number}>({method: 'GET', url, searchParams: {per_page: 1}, what: `${url} count`});
      return response.body?.total_count;
    };
    if (type === 'contacts') return filter.updatedSince ? total('/contacts/search', since(filter)) : total('/contacts');
    if (type === 'tickets') {
      const conversations = filter.updatedSince ? await total('/conversations/search', since(filter)) : await total('/conversations');
      const tickets = await this.ticketTotal(filter);
      return conversations === undefined || tickets === undefined ? undefined : conversations + tickets;
    }
    if (type === 'ticket_fields') return (await this.fields()).length;
    if (type === 'agents') return (await this.admins()).length;
    return undefined;
  }

  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const self = this;
    const start: Cursor = options.cursor ? (JSON.parse(options.cursor) as Cursor) : {};
    const keep = recordFilter(options.filter);
    const search = options.filter.updatedSince ? since(options.filter) : undefined;
    return (async function* (): AsyncGenerator<Page<RecordOf[T]>> {
      const cursorOf = (next: string | undefined) => (next === undefined ? undefined : JSON.stringify({after: next}));
      const pageOf = (next: number | undefined) => (next === undefined ? undefined : JSON.stringify({page: next}));
      switch (type) {
        case 'contacts':
          for await (const page of self.reader.cursorPages<IcContact>({url: search ? '/contacts/search' : '/contacts', what: 'contacts', perPage: PER_PAGE, start: start.after, search}))
            yield {records: page.items.map(contactFromNative).filter((person) => keep(person.createdAt, person.updatedAt)) as Array<RecordOf[T]>, cursor: cursorOf(page.next)};
          return;
        case 'tickets': {
          if (!start.tickets) {
            const fields = await self.fields();
            for await (const page of self.reader.cursorPages<IcConversation>({url: search ? '/conversations/search' : '/conversations', what: 'conversations', perPage: PER_PAGE, start: start.after, search})) {
              const tickets = [];
              for (const listed of page.items) {
                // A conversation the API says is a ticket is read with the tickets (see the doc's Unsure).
                if (listed.ticket) continue;
                if (!keep(new Date(listed.created_at * 1000).toISOString(), new Date(listed.updated_at * 1000).toISOString())) continue;
                const whole = await self.conversation(listed.id);
                if (whole) tickets.push(conversationFromNative(whole, fields));
              }
              // After the last page of conversations come the Tickets product's tickets.
              yield {records: tickets as Array<RecordOf[T]>, cursor: page.next === undefined ? JSON.stringify({tickets: true}) : cursorOf(page.next)};
            }
          }
          // There is no list of tickets: Search tickets, every ticket created after 0 (or updated since the bookmark).
          const query = search ?? {field: 'created_at', operator: '>', value: 0};
          for await (const page of self.reader.cursorPages<IcTicket>({url: '/tickets/search', what: 'tickets', perPage: PER_PAGE, start: start.tickets ? start.after : undefined, search: query, endpoint: 'tickets'})) {
            const tickets = [];
            for (const listed of page.items) {
              if (!keep(new Date(listed.created_at * 1000).toISOString(), new Date(listed.updated_at * 1000).toISOString())) continue;
              const whole = await self.ticket(listed.id);
              if (whole) tickets.push(ticketFromNative(whole));
            }
            yield {records: tickets as Array<RecordOf[T]>, cursor: page.next === undefined ? undefined : JSON.stringify({tickets: true, after: page.next})};
          }
          return;
        }
        case 'organizations':
          for await (const page of self.reader.numberedPages<IcCompany>({url: '/companies/list', method: 'POST', what: 'companies', perPage: COMPANIES_PER_PAGE, start: start.page}))
            yield {records: page.items.map(companyFromNative).filter((org) => keep(org.createdAt, org.updatedAt)) as Array<RecordOf[T]>, cursor: pageOf(page.next)};
          return;
        case 'agents':
          yield {records: (await self.admins()).map(adminFromNative) as Array<RecordOf[T]>};
          return;
        case 'ticket_fields':
          yield {records: (await self.fields()).map(fieldFromNative) as Array<RecordOf[T]>};
          return;
        case 'kb_categories':
        case 'kb_sections': {
          const all = await self.collections();
          const byId = new Map(all.map((collection) => [collection.id, collection]));
          const records = type === 'kb_categories' ? all.filter((c) => !c.parent_id).map(categoryFromNative) : all.filter((c) => c.parent_id).map((c) => sectionFromNative(c, byId));
          yield {records: records as Array<RecordOf[T]>};
          return;
        }
        case 'kb_articles':
          for await (const page of self.reader.numberedPages<IcArticle>({url: '/articles', what: 'articles', perPage: 50, start: start.page}))
            yield {records: page.items.map(articleFromNative).filter((article) => keep(article.createdAt, article.updatedAt)) as Array<RecordOf[T]>, cursor: pageOf(page.next)};
          return;
        default:
          return;
      }
    })();
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
      case 'agents': {
        const admin = await one<IcAdmin>(`/admins/${path}`);
        return admin && (adminFromNative(admin) as RecordOf[T]);
      }
      case 'tickets': {
        if (isTicketId(id)) {
          const ticket = await this.ticket(ticketIdOf(id));
          return ticket && (ticketFromNative(ticket) as RecordOf[T]);
        }
        const conversation = await this.conversation(id);
        return conversation && (conversationFromNative(conversation, await this.fields()) as RecordOf[T]);
      }
      case 'ticket_fields':
        return (await this.fields()).map(fieldFromNative).find((field) => field.id === id) as RecordOf[T] | undefined;
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

  /** Attachment URLs are the file's own address; they are fetched with the workspace's credentials. */
  async download(attachment: Attachment): Promise<Buffer> {
    const response = await this.http.request<Buffer>({method: 'GET', url: attachment.url, responseType: 'buffer', what: `attachment ${attachment.fileName}`});
    return response.body;
  }

  private async conversation(id: string): Promise<IcConversation | undefined> {
    const response = await this.http.request<IcConversation>({method: 'GET', url: `/conversations/${encodeURIComponent(id)}`, searchParams: {display_as: 'html'}, accept: [404], what: `conversation ${id}`});
    return response.status === 404 ? undefined : response.body;
  }

  /** Retrieve a ticket: the whole ticket with its parts (up to 500). */
  private async ticket(id: string): Promise<IcTicket | undefined> {
    const response = await this.http.request<IcTicket>({method: 'GET', url: `/tickets/${encodeURIComponent(id)}`, accept: [404], endpoint: 'tickets', what: `ticket ${id}`});
    return response.status === 404 ? undefined : response.body;
  }

  private async ticketTotal(filter: SourceFilter): Promise<number | undefined> {
    const query = filter.updatedSince ? since(filter) : {field: 'created_at', operator: '>', value: 0};
    const response = await this.http.request<{total_count?: number}>({method: 'POST', url: '/tickets/search', json: {query, pagination: {per_page: 1}}, repeatable: true, endpoint: 'tickets', what: 'tickets count'});
    return response.body?.total_count;
  }

  private fields(): Promise<IcDataAttribute[]> {
    this.attributes ??= conversationAttributes(this.http);
    this.attributes.catch(() => (this.attributes = undefined));
    return this.attributes;
  }

  private async admins(): Promise<IcAdmin[]> {
    return listAdmins(this.http);
  }

  private collections(): Promise<IcCollection[]> {
    return this.reader.all(this.reader.numberedPages<IcCollection>({url: '/help_center/collections', what: 'collections', perPage: 50}));
  }
}

/** Custom conversation data attributes (List all data attributes, model=conversation), archived ones too. */
export async function conversationAttributes(http: HttpClient): Promise<IcDataAttribute[]> {
  const response = await http.request<{data: IcDataAttribute[]}>({method: 'GET', url: '/data_attributes', searchParams: {model: 'conversation', include_archived: true}, what: 'conversation data attributes'});
  return (response.body?.data ?? []).filter((attribute) => attribute.custom);
}

export async function listAdmins(http: HttpClient): Promise<IcAdmin[]> {
  const response = await http.request<{admins: IcAdmin[]}>({method: 'GET', url: '/admins', what: 'admins'});
  return response.body?.admins ?? [];
}

function since(filter: SourceFilter) {
  return {field: 'updated_at', operator: '>', value: toUnix(filter.updatedSince!) - 1};
}

function recordFilter(filter: SourceFilter): (createdAt: string, updatedAt: string) => boolean {
  return (createdAt, updatedAt) => {
    if (filter.createdFrom && Date.parse(createdAt) < Date.parse(filter.createdFrom)) return false;
    if (filter.createdTo && Date.parse(createdAt) > Date.parse(filter.createdTo)) return false;
    if (filter.updatedSince && Date.parse(updatedAt) < Date.parse(filter.updatedSince)) return false;
    return true;
  };
}

/** Identify an admin (GET /me): whose token this is; X-RateLimit-Limit is per 10-second window. */
export async function checkAccount(http: HttpClient): Promise<AccountCheck> {
  const answer = await http.request<IcAdmin & {app?: {name?: string; id_code?: string}}>({method: 'GET', url: '/me', what: 'the token\'s admin'});
  const me = answer.body;
  const limit = Number(headerOf(answer.headers, 'x-ratelimit-limit'));
  const problems: string[] = [];
  if (!me?.id) problems.push('Intercom did not say whose access token this is (GET /me).');
  return {
    description: `Intercom workspace ${me?.app?.name ?? me?.app?.id_code ?? ''} as ${me?.name ?? '?'} <${me?.email ?? '?'}>`.replace('  ', ' '),
    problems,
    liveRequestsPerMinute: Number.isFinite(limit) && limit > 0 ? limit * (60 / WINDOW_SECONDS) : undefined,
  };
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
