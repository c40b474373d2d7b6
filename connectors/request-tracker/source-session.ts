// Reading a Request Tracker 5 through REST 2.0. Tickets are listed with TicketSQL in id
// order and paged by keyset ("id > last") rather than page numbers, so tickets created
// while a migration reads never shift a page; everything else uses RT's page numbers.
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Id, Organization, RecordOf, RecordType, Ticket, TicketField} from '../../source/contracts/model.js';
import {
  fromRtDate,
  fromRtQueue,
  fromRtTicket,
  fromRtUser,
  MESSAGE_TXN_TYPES,
  SYSTEM_USER_NAMES,
  toRtDate,
  type RtAttachmentMeta,
  type RtQueue,
  type RtTicket,
  type RtTransaction,
  type RtUser,
} from './api-shapes.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {keysetStrategy, paginate} from '../../source/platform/paginator.js';
import {rtAttachmentBytes} from './attachment-bytes.js';
import {allOf, enc, WITH_DISABLED, JSON_HEADERS, PER_PAGE, restBase, restPrefix, RtApi, TICKET_FIELDS, USER_FIELDS, type CollectionRequest} from './rest.js';

/** TicketSQL for a filter; RT compares dates given in its SQL format (UTC). */
export function ticketQuery(filter: SourceFilter, afterId = 0): string {
  const clauses = [`id > ${afterId}`];
  if (filter.createdFrom) clauses.push(`Created >= '${toRtDate(filter.createdFrom)}'`);
  if (filter.createdTo) clauses.push(`Created < '${toRtDate(filter.createdTo)}'`);
  // LastUpdated moves on every change and starts at creation: "created or updated since".
  if (filter.updatedSince) clauses.push(`LastUpdated >= '${toRtDate(filter.updatedSince)}'`);
  return clauses.join(' AND ');
}

/**
 * RT only searches users on their "public" attributes (RT::REST2::Resource::Users
 * searchable_fields; RT::User's _Accessible: Name, EmailAddress, Organization, RealName ...):
 * conditions on id, Created or LastUpdated are dropped silently. They are sent anyway (an RT
 * that honours them reads less) and the filter is applied again to what comes back.
 */
function userSearch(filter: SourceFilter): NonNullable<CollectionRequest['search']> {
  const search: NonNullable<CollectionRequest['search']> = [{field: 'id', operator: '>', value: 0}];
  if (filter.createdFrom) search.push({field: 'Created', operator: '>=', value: toRtDate(filter.createdFrom)});
  if (filter.createdTo) search.push({field: 'Created', operator: '<', value: toRtDate(filter.createdTo)});
  if (filter.updatedSince) search.push({field: 'LastUpdated', operator: '>=', value: toRtDate(filter.updatedSince)});
  return allOf(search);
}

/** Compared as instants: RT keeps whole seconds, filters may carry milliseconds. */
function inFilter(filter: SourceFilter, createdAt: string, updatedAt: string): boolean {
  const at = Date.parse;
  if (filter.createdFrom && at(createdAt) < at(filter.createdFrom)) return false;
  if (filter.createdTo && at(createdAt) >= at(filter.createdTo)) return false;
  if (filter.updatedSince && at(updatedAt) < at(filter.updatedSince)) return false;
  return true;
}

export class RtTicketReader {
  private fieldsById?: Map<string, TicketField>;

  constructor(
    readonly api: RtApi,
    readonly base: string,
  ) {}

  /** Ticket fields by id, cached; `refresh` re-reads them (after fields were created). */
  async fields(refresh = false): Promise<Map<string, TicketField>> {
    if (refresh) this.fieldsById = undefined;
    this.fieldsById ??= new Map((await this.api.ticketFields()).map((field) => [field.id, field]));
    return this.fieldsById;
  }

  forgetFields(): void {
    this.fieldsById = undefined;
  }

  async ticketPage(filter: SourceFilter, afterId: number): Promise<RtTicket[]> {
    const body = await this.api.getCollection<RtTicket>(
      {path: '/tickets', params: {query: ticketQuery(filter, afterId), orderby: 'id', order: 'ASC', fields: TICKET_FIELDS}, endpoint: 'tickets.list'},
      1,
    );
    return body.items ?? [];
  }

  async getTicket(id: Id): Promise<Ticket | undefined> {
    const ticket = await this.api.get<RtTicket>(`/ticket/${enc(id)}`, 'tickets.get', `ticket ${id}`);
    if (!ticket || ticket.Status === 'deleted') return undefined;
    return this.complete(ticket);
  }

  /** A listed ticket with its comments, attachments and history: three calls. */
  async complete(ticket: RtTicket): Promise<Ticket> {
    const id = String(ticket.id);
    const transactions = await this.api.all<RtTransaction>({
      path: `/ticket/${id}/history`,
      params: {fields: 'Type,Creator,Created,Field,OldValue,NewValue', orderby: 'id', order: 'ASC'},
      endpoint: 'tickets.history',
    });
    const parts = await this.messageParts(transactions);
    return fromRtTicket(ticket, transactions, parts, await this.fields(), (attachmentId) => `${this.base}/attachment/${attachmentId}`);
  }

  /** MIME parts of the message transactions: metadata of all, content of the text parts only. */
  async messageParts(transactions: RtTransaction[]): Promise<RtAttachmentMeta[]> {
    const txnIds = transactions.filter((txn) => MESSAGE_TXN_TYPES.has(txn.Type)).map((txn) => Number(txn.id));
    if (txnIds.length === 0) return [];
    const byTxn = {field: 'TransactionId', operator: 'IN', value: txnIds};
    const meta = await this.api.all<RtAttachmentMeta>({path: '/attachments', search: [byTxn], params: {fields: 'TransactionId,Filename,ContentType,ContentLength,Headers', orderby: 'id'}, endpoint: 'attachments.list'});
    const texts = await this.api.all<RtAttachmentMeta>({
      path: '/attachments',
      search: [byTxn, {field: 'ContentType', operator: 'LIKE', value: 'text/'}],
      params: {fields: 'TransactionId,Filename,ContentType,Content', orderby: 'id'},
      endpoint: 'attachments.list',
    });
    const contentById = new Map(texts.map((part) => [String(part.id), part.Content]));
    return meta.map((part) => ({...part, Content: contentById.get(String(part.id))}));
  }
}

export class RtSourceSession implements SourceSession {
  readonly api: RtApi;
  readonly tickets: RtTicketReader;

  constructor(
    readonly settings: ConnectorSettings,
    readonly http: HttpClient,
  ) {
    this.api = new RtApi(http, restPrefix(settings));
    this.tickets = new RtTicketReader(this.api, restBase(settings));
  }

  async check(): Promise<AccountCheck> {
    return checkAccount(this.api, this.settings);
  }

  async count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined> {
    if (type === 'tickets') {
      const body = await this.api.getCollection<RtTicket>({path: '/tickets', params: {query: ticketQuery(filter), fields: 'id'}, endpoint: 'tickets.list'}, 1, 1);
      return Number(body.total ?? 0);
    }
    if (type === 'groups') return (await this.api.queues()).filter((q) => inFilter(filter, q.Created ?? '', q.LastUpdated ?? '')).length;
    if (type === 'ticket_fields') return (await this.api.ticketFields()).length;
    return undefined;
  }

  async *read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const filter = options.filter;
    type Out = Page<RecordOf[T]>;
    switch (type) {
      case 'ticket_fields': {
        const fields = (await this.api.ticketFields()).filter((f) => inFilter(filter, f.createdAt, f.updatedAt));
        yield {records: fields} as Out;
        return;
      }
      case 'groups': {
        const queues = (await this.api.queues()).map(fromRtQueue).filter((q) => inFilter(filter, q.createdAt, q.updatedAt));
        yield {records: queues} as Out;
        return;
      }
      case 'organizations': {
        yield {records: await this.organizations()} as Out;
        return;
      }
      case 'agents':
      case 'contacts': {
        const wantAgents = type === 'agents';
        const start = options.cursor ? (JSON.parse(options.cursor) as {page: number}).page : 1;
        const request: CollectionRequest = {path: '/users', search: userSearch(filter), params: {fields: USER_FIELDS, orderby: 'id', ...WITH_DISABLED}, endpoint: 'users.list'};
        for await (const page of this.api.pages<RtUser>(request, start)) {
          const people = page.items.filter((user) => !SYSTEM_USER_NAMES.has(user.Name) && inFilter(filter, fromRtDate(user.Created), fromRtDate(user.LastUpdated, fromRtDate(user.Created))));
          const privileged = await this.api.privilegedNames(people);
          const records = people.filter((user) => privileged.has(user.Name) === wantAgents).map((user) => fromRtUser(user, wantAgents));
          yield {records, cursor: page.nextPage ? JSON.stringify({page: page.nextPage}) : undefined} as Out;
        }
        return;
      }
      case 'tickets': {
        // Keyset on the paginator base: "id > last", ascending, a short page is the last.
        const pages = paginate({
          guard: new PageLoopGuard('Request Tracker', 'tickets'),
          start: options.cursor ? (JSON.parse(options.cursor) as {afterId: number}).afterId : 0,
          ...keysetStrategy<number, RtTicket>({
            platform: 'Request Tracker',
            what: 'tickets',
            fetchAfter: (after) => this.tickets.ticketPage(filter, after ?? 0),
            keyOf: (ticket) => Number(ticket.id),
            last: (items) => items.length < PER_PAGE,
          }),
        });
        for await (const page of pages) {
          const records: Ticket[] = [];
          for (const ticket of page.items) records.push(await this.tickets.complete(ticket));
          yield {records, cursor: page.next === undefined ? undefined : JSON.stringify({afterId: page.next})} as Out;
        }
        return;
      }
      default:
        // RT articles are not read (see index.ts: no kb_* record types).
        yield {records: []} as Out;
    }
  }

  /** RT has no organizations: each distinct Organization text of the users is one (id = the text). */
  async organizations(): Promise<Organization[]> {
    const byName = new Map<string, Organization>();
    for (const user of await this.api.users()) {
      const name = user.Organization?.trim();
      if (!name || byName.has(name)) continue;
      byName.set(name, {id: name, name, domains: [], createdAt: user.Created ?? '1970-01-01T00:00:00Z', updatedAt: user.LastUpdated ?? user.Created ?? '1970-01-01T00:00:00Z'});
    }
    return [...byName.values()];
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return getRecord(this.api, this.tickets, type, id);
  }

  async download(attachment: Attachment): Promise<Buffer> {
    // REST 2.0 serves attachment bytes only inside JSON, base64-encoded (GET /attachment/:id).
    // Textual parts come back as UTF-8 whatever their charset: see attachment-bytes.ts.
    const response = await this.http.request<{Content?: string; Headers?: string; ContentType?: string}>({method: 'GET', url: attachment.url, headers: JSON_HEADERS, endpoint: 'attachments.get', what: `attachment ${attachment.fileName}`});
    return rtAttachmentBytes(response.body?.Content, response.body?.Headers, response.body?.ContentType ?? attachment.contentType);
  }
}

export async function getRecord<T extends RecordType>(api: RtApi, tickets: RtTicketReader, type: T, id: Id): Promise<RecordOf[T] | undefined> {
  type Out = RecordOf[T] | undefined;
  switch (type) {
    case 'tickets':
      return (await tickets.getTicket(id)) as Out;
    case 'agents':
    case 'contacts': {
      const user = await api.get<RtUser & {Privileged?: number | string}>(`/user/${enc(id)}`, 'users.get', `user ${id}`);
      return (user ? fromRtUser(user, Boolean(Number(user.Privileged))) : undefined) as Out;
    }
    case 'groups': {
      const queue = await api.get<RtQueue>(`/queue/${enc(id)}`, 'queues.get', `queue ${id}`);
      return (queue ? fromRtQueue(queue) : undefined) as Out;
    }
    case 'ticket_fields':
      return (await api.ticketFields(true)).find((field) => field.id === String(id)) as Out;
    case 'organizations': {
      const users = await api.users([{field: 'Organization', value: id}]);
      const first = users[0];
      return (first ? {id, name: id, domains: [], createdAt: first.Created ?? '', updatedAt: first.LastUpdated ?? ''} : undefined) as Out;
    }
    default:
      return undefined;
  }
}

/** Who we are, and what will stop a migration: unprivileged users cannot see queues or users. */
export async function checkAccount(api: RtApi, settings: ConnectorSettings): Promise<AccountCheck> {
  const rt = await api.get<{Version?: string}>('/rt', 'rt');
  // Tokens look like "1-<user id>-<secret>": the middle part names the token's owner.
  const who = settings.authKind === 'token' ? (settings.credentials.token ?? '').split('-')[1] ?? '' : settings.credentials.username ?? '';
  const user = who ? await api.get<RtUser & {Privileged?: number | string}>(`/user/${enc(who)}`, 'users.get') : undefined;
  const problems: string[] = [];
  if (!user) problems.push(`Could not read the user "${who}" the credentials belong to: use an RT administrator's credentials.`);
  else if (!Number(user.Privileged)) problems.push(`${user.Name} is not a privileged user: use an RT administrator (e.g. root) so queues, users and custom fields can be read and written.`);
  const label = user ? `${user.RealName || user.Name} <${user.EmailAddress || user.Name}>` : who;
  return {description: `Request Tracker ${rt?.Version ?? '?'} at ${settings.baseUrl} as ${label}`, problems};
}
