// Reading a Freshdesk account as a migration source.
import {dayWindowQuery, recordFilter} from '../freshworks/filters.js';
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, RecordOf, RecordType, Ticket} from '../../source/contracts/model.js';
import {FeatureUnavailableError} from '../../source/contracts/errors.js';
import {
  articleFromNative,
  categoryFromNative,
  companyFromNative,
  contactFromNative,
  folderFromNative,
  groupFromNative,
  isAdminRole,
  type FdAgent,
  type FdArticle,
  type FdCategory,
  type FdCompany,
  type FdContact,
  type FdFolder,
  type FdGroup,
  type FdRole,
  type FdTicket,
  type FdTicketField,
} from './api-shapes.js';
import {downloadAttachment, type PlainFetch} from './download.js';
import {FreshdeskReader, MAX_PER_PAGE, nextLink, PageLoopGuard, TICKETS_PAGE_CAP, withPerPage} from './reader.js';
import {paginate} from '../../source/platform/paginator.js';

/** Without updated_since, List Tickets only returns the last 30 days: always send one. */
const EPOCH = '1970-01-01T00:00:00Z';

/** Ids below the lowest listed one that may be missing in a row before the archive probe stops */
export const ARCHIVE_PROBE_MISSES = 100;
const ARCHIVE_PROBE_BATCH = 20;

interface ArchiveCursor {
  /** Next index into the gaps between the listed ids */
  gap: number;
  /** Next id to probe below the lowest listed one */
  below: number;
  /** Ids in a row below the lowest listed one that were not archived tickets */
  misses: number;
}

interface TicketCursor {
  since: string;
  page: number;
  /** Ids already read at exactly `since` (the window restarts inclusively on that instant) */
  skip: number[];
}

export interface FreshdeskSourceOptions {
  /** Records per list page (Freshdesk's maximum is 100; tests use less to cross the page cap) */
  perPage?: number;
  /** The credential-free client attachments are downloaded with (tests replace it) */
  fetch?: PlainFetch;
}

export function openFreshdeskSource(settings: ConnectorSettings, http: HttpClient, options: FreshdeskSourceOptions = {}): SourceSession {
  return new FreshdeskSource(settings, http, options.perPage ?? MAX_PER_PAGE, options.fetch);
}

class FreshdeskSource implements SourceSession {
  private readonly reader: FreshdeskReader;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
    private readonly perPage: number,
    private readonly fetch?: PlainFetch,
  ) {
    this.reader = new FreshdeskReader(http, perPage);
  }

  async check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'source');
  }

  async count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined> {
    if (type === 'tickets') {
      // The filter API answers `total` for any query; it works in whole days, so this is an estimate.
      const response = await this.http.request<{total: number}>({method: 'GET', url: '/api/v2/search/tickets', searchParams: {query: dayWindowQuery(filter)}});
      return response.body.total;
    }
    if (type === 'groups' || type === 'agents' || type === 'ticket_fields' || type === 'kb_categories') {
      let total = 0;
      for await (const page of this.read(type, {filter})) total += page.records.length;
      return total;
    }
    return undefined;
  }

  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const keep = recordFilter(options.filter);
    const generator = (async function* (self: FreshdeskSource): AsyncGenerator<Page<unknown>> {
      switch (type) {
        case 'tickets':
          yield* self.readTickets(options.cursor, options.filter, keep);
          return;
        case 'contacts': {
          // "List All Contacts" documents `updated_since` (the shared notes' `_updated_since` is not on the vendor's page).
          const since = options.filter.updatedSince ? `&updated_since=${encodeURIComponent(options.filter.updatedSince)}` : '';
          yield* self.readLinked<FdContact>(`/api/v2/contacts?page=1${since}`, options.cursor, 'contacts.list', async (items) => items.map(contactFromNative));
          return;
        }
        case 'agents':
          yield* self.readLinked<FdAgent>('/api/v2/agents?page=1', options.cursor, undefined, (items) => self.reader.agentsToNeutral(items));
          return;
        case 'organizations':
          yield* self.readLinked<FdCompany>('/api/v2/companies?page=1', options.cursor, undefined, async (items) => items.map(companyFromNative));
          return;
        case 'groups':
          yield* self.readLinked<FdGroup>('/api/v2/groups?page=1', options.cursor, undefined, async (items) => items.map(groupFromNative));
          return;
        case 'ticket_fields':
          // One unpaged answer: the list documents only a `type` filter, no page/per_page.
          yield {records: self.reader.customTicketFields(await self.reader.ticketFields())};
          return;
        case 'kb_categories':
          yield* self.readLinked<FdCategory>('/api/v2/solutions/categories?page=1', options.cursor, undefined, async (items) => items.map(categoryFromNative));
          return;
        case 'kb_sections':
          // Parents before children, so a subfolder's parent is migrated first.
          yield {records: (await self.reader.allFolders()).map(folderFromNative)};
          return;
        case 'kb_articles':
          yield* self.readNested<FdArticle>((await self.reader.allFolders()).map((folder) => String(folder.id)), (id) => `/api/v2/solutions/folders/${id}/articles?page=1`, options.cursor, (items, parent) =>
            items.map((article) => articleFromNative({...article, folder_id: article.folder_id ?? Number(parent)})),
          );
          return;
      }
    })(this);
    return filtered(generator, keep) as AsyncIterable<Page<RecordOf[T]>>;
  }

  get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined> {
    return this.reader.get(type, id);
  }

  /**
   * Archived tickets (closed and inactive for months) are in no list ("Archive Tickets": served at
   * /tickets/archived/{id} only). Ticket ids are an account's running numbers, so they are the
   * ids the listing skipped: every gap between the lowest and highest listed id, then downwards
   * from the lowest (archiving takes the oldest first) until ARCHIVE_PROBE_MISSES ids in a row
   * are not there (deleted or spam tickets leave gaps too).
   */
  unlisted<T extends RecordType>(type: T, listedIds: ReadonlySet<string>, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const self = this;
    const keep = recordFilter(options.filter);
    return (async function* (): AsyncGenerator<Page<RecordOf[T]>> {
      if (type !== 'tickets' || options.filter.updatedSince) return;
      const ids = [...listedIds].map(Number).filter(Number.isSafeInteger).sort((a, b) => a - b);
      if (!ids.length) return;
      const listed = new Set(ids);
      const gaps: number[] = [];
      for (let id = ids[0]! + 1; id < ids.at(-1)!; id++) if (!listed.has(id)) gaps.push(id);
      let state: ArchiveCursor = options.cursor ? (JSON.parse(options.cursor) as ArchiveCursor) : {gap: 0, below: ids[0]! - 1, misses: 0};
      while (state.gap < gaps.length || (state.below >= 1 && state.misses < ARCHIVE_PROBE_MISSES)) {
        const batch: number[] = [];
        const next: ArchiveCursor = {...state};
        while (batch.length < ARCHIVE_PROBE_BATCH && next.gap < gaps.length) batch.push(gaps[next.gap++]!);
        const belowStart = batch.length;
        while (batch.length < ARCHIVE_PROBE_BATCH && next.below >= 1 && next.misses + (batch.length - belowStart) < ARCHIVE_PROBE_MISSES) batch.push(next.below--);
        const found = await Promise.all(batch.map((id) => self.reader.archivedTicketOrUnavailable(id)));
        if (found.includes('unavailable'))
          throw new FeatureUnavailableError(
            `${gaps.length} ticket id(s) between #${ids[0]} and #${ids.at(-1)} were not in the ticket list, nor were ids below #${ids[0]}: archived tickets among them could not be read, because this Freshdesk account gives no access to archived tickets (GET /tickets/archived/{id} answered 403). Export them from Freshdesk (Admin > Account > Export) to keep them.`,
          );
        // Misses below the lowest listed id count in a row; a hit starts the count again.
        for (let index = belowStart; index < batch.length; index++) next.misses = found[index] ? 0 : next.misses + 1;
        const records = found.filter((ticket): ticket is Ticket => Boolean(ticket) && ticket !== 'unavailable').filter((ticket) => keep({createdAt: ticket.createdAt, updatedAt: ticket.updatedAt}));
        state = next;
        const more = state.gap < gaps.length || (state.below >= 1 && state.misses < ARCHIVE_PROBE_MISSES);
        yield {records: records as Array<RecordOf[T]>, cursor: more ? JSON.stringify(state) : undefined};
      }
    })();
  }

  download(attachment: Attachment): Promise<Buffer> {
    return downloadAttachment(attachment.url, {accountBaseUrl: this.settings.baseUrl, http: this.http, what: `attachment ${attachment.fileName}`, fetch: this.fetch});
  }

  /** Link-paginated list; the cursor is the next page's path. */
  private async *readLinked<N>(first: string, cursor: string | undefined, endpoint: string | undefined, convert: (items: N[]) => Promise<unknown[]>): AsyncGenerator<Page<unknown>> {
    const start = cursor ? (JSON.parse(cursor) as {next: string}).next : withPerPage(first, this.perPage);
    const pages = paginate({guard: new PageLoopGuard(first), start, check: 'before-request', fetch: (url: string | undefined) => this.reader.page<N>(url!, endpoint)});
    for await (const page of pages) yield {records: await convert(page.items), cursor: page.next ? JSON.stringify({next: page.next}) : undefined};
  }

  /** Children listed per parent (folders per category, articles per folder); the cursor names the parent and the page. */
  private async *readNested<N>(parents: string[], firstUrl: (parent: string) => string, cursor: string | undefined, convert: (items: N[], parent: string) => unknown[]): AsyncGenerator<Page<unknown>> {
    const resume = cursor ? (JSON.parse(cursor) as {parent: string; next: string}) : undefined;
    let index = resume ? parents.indexOf(resume.parent) : 0;
    if (index < 0) throw new Error(`Freshdesk: cannot resume the knowledge base listing: ${resume!.parent} no longer exists. Start this record type again.`);
    let url: string | undefined = resume?.next;
    const guard = new PageLoopGuard('knowledge base');
    for (; index < parents.length; index++, url = undefined) {
      const parent = parents[index]!;
      url ??= withPerPage(firstUrl(parent), this.perPage);
      // One guard over every parent's pages: a link back to any page read is a loop.
      for await (const page of paginate({guard, start: url, check: 'before-request', fetch: (next: string | undefined) => this.reader.page<N>(next!)})) {
        const nextParent = page.next ? parent : parents[index + 1];
        const nextUrl = page.next ?? (nextParent ? withPerPage(firstUrl(nextParent), this.perPage) : undefined);
        yield {records: convert(page.items, parent), cursor: nextParent && nextUrl ? JSON.stringify({parent: nextParent, next: nextUrl}) : undefined};
      }
    }
  }

  /** Tickets oldest-updated first with updated_since (which also lifts the 30-day default window).
   * Past page 300 the list refuses to go on, so, as Zammad's freshdesk/tickets.rb does, the window
   * restarts at the last ticket's updated_at, skipping the ids already read at that instant. */
  private async *readTickets(cursor: string | undefined, filter: SourceFilter, keep: (record: Record<string, unknown>) => boolean): AsyncGenerator<Page<unknown>> {
    const start: TicketCursor = cursor ? (JSON.parse(cursor) as TicketCursor) : {since: filter.updatedSince ?? EPOCH, page: 1, skip: []};
    const pages = paginate({
      guard: new PageLoopGuard('tickets'),
      start,
      check: 'before-request',
      key: (state: TicketCursor) => `${state.since}#${state.page}`,
      fetch: (state: TicketCursor | undefined) => this.ticketPage(state!, keep),
    });
    for await (const page of pages) yield {records: page.records, cursor: page.next ? JSON.stringify(page.next) : undefined};
  }

  /** One page of the tickets listing, each ticket read in full, and where the listing goes next. */
  private async ticketPage(state: TicketCursor, keep: (record: Record<string, unknown>) => boolean): Promise<{records: unknown[]; next?: TicketCursor}> {
    const response = await this.http.request<FdTicket[]>({
      method: 'GET',
      url: '/api/v2/tickets',
      searchParams: {updated_since: state.since, order_by: 'updated_at', order_type: 'asc', per_page: this.perPage, page: state.page},
      endpoint: 'tickets.list',
    });
    const listed = response.body ?? [];
    const skip = new Set(state.skip);
    const wanted = listed.filter((ticket) => !skip.has(ticket.id) && keep({createdAt: ticket.created_at, updatedAt: ticket.updated_at}));
    const tickets = await Promise.all(wanted.map((ticket) => this.reader.fullTicket(ticket.id)));
    return {records: tickets.filter((ticket) => ticket !== undefined), next: nextTicketCursor(state, listed, !!nextLink(response))};
  }
}

/** Where the tickets listing goes after a page: the next page, or a new window past the cap. */
export function nextTicketCursor(state: TicketCursor, listed: Array<Pick<FdTicket, 'id' | 'updated_at'>>, hasNext: boolean): TicketCursor | undefined {
  if (!hasNext || !listed.length) return undefined;
  if (state.page < TICKETS_PAGE_CAP) return {...state, page: state.page + 1};
  const since = listed[listed.length - 1]!.updated_at;
  if (since === state.since)
    throw new Error(`Freshdesk: more than ${TICKETS_PAGE_CAP} pages of tickets share the update time ${since}; the list API cannot page past them.`);
  return {since, page: 1, skip: listed.filter((ticket) => ticket.updated_at === since).map((ticket) => ticket.id)};
}

export async function checkAccount(settings: ConnectorSettings, http: HttpClient, side: 'source' | 'target'): Promise<AccountCheck> {
  const me = await http.request<FdAgent>({method: 'GET', url: '/api/v2/agents/me'});
  const problems: string[] = [];
  const roles = await http.request<FdRole[]>({method: 'GET', url: '/api/v2/roles', accept: [403]});
  const who = `${me.body.contact.name} <${me.body.contact.email}>`;
  if (roles.status === 403 || !me.body.role_ids.some((id) => isAdminRole((roles.body as FdRole[]).find((role) => role.id === id)))) {
    problems.push(
      side === 'source'
        ? `${who} is not a Freshdesk administrator: use an administrator's API key (Profile settings > Your API key), or some records (roles, ticket fields) cannot be read.`
        : `${who} is not a Freshdesk administrator: use an administrator's API key, or ticket fields and the migration marker field cannot be created.`,
    );
  }
  const total = Number(headerOf(me.headers, 'x-ratelimit-total'));
  let host = settings.baseUrl;
  try {
    host = new URL(settings.baseUrl).host;
  } catch {
    // keep the text as given
  }
  return {description: `${host} as ${who}`, problems, liveRequestsPerMinute: Number.isFinite(total) && total > 0 ? total : undefined};
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}


/** The API cannot filter most lists by date: records outside the filter are dropped here. */
async function* filtered(pages: AsyncGenerator<Page<unknown>>, keep: (record: Record<string, unknown>) => boolean): AsyncGenerator<Page<unknown>> {
  for await (const page of pages) yield {...page, records: page.records.filter((record) => keep(record as Record<string, unknown>))};
}
