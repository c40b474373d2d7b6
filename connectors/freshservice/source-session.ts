// Reading a Freshservice account as a migration source. Tickets, then problems, then changes are
// read as one stream of neutral tickets: a problem is "problem-<id>", a change "change-<id>", each
// tagged freshservice-problem / freshservice-change with its module and number in the subject, so
// ids never collide with tickets' and the target shows where each came from.
import {dayWindowQuery, recordFilter} from '../freshworks/filters.js';
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, RecordOf, RecordType} from '../../source/contracts/model.js';
import {paginate} from '../../source/platform/paginator.js';
import {FeatureUnavailableError, HttpRecordError} from '../../source/contracts/errors.js';
import {
  categoryFromNative,
  departmentFromNative,
  folderFromNative,
  groupFromNative,
  articleFromNative,
  requesterFromNative,
  ITSM_KINDS,
  type FsAgent,
  type FsArticle,
  type FsDepartment,
  type FsGroup,
  type FsItsmRecord,
  type FsRequester,
  type FsTicket,
  type ItsmKind,
} from './api-shapes.js';
import {FreshserviceReader, guard, MAX_PER_PAGE, withPerPage} from './paging.js';
import {CHANGES_LIST, PROBLEMS_LIST} from './tiers.js';

/** Without updated_since, View List of Tickets only returns tickets created in the past 30 days. */
const EPOCH = '1970-01-01T00:00:00Z';
const PHASES = ['tickets', 'problem', 'change'] as const;
type Phase = (typeof PHASES)[number];
interface TicketCursor {
  phase: Phase;
  next: string;
}

export interface FreshserviceSourceOptions {
  perPage?: number;
  /** The credential-free fetch attachments are downloaded with (tests replace it) */
  fetch?: typeof fetch;
}

export function openFreshserviceSource(settings: ConnectorSettings, http: HttpClient, options: FreshserviceSourceOptions = {}): SourceSession {
  return new FreshserviceSource(settings, http, options.perPage ?? MAX_PER_PAGE, options.fetch ?? fetch);
}

class FreshserviceSource implements SourceSession {
  private readonly reader: FreshserviceReader;
  /** Modules the plan lacks (403 on their list), said by unlisted() after the listing */
  private readonly unavailable: string[] = [];

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
    private readonly perPage: number,
    private readonly plainFetch: typeof fetch,
  ) {
    this.reader = new FreshserviceReader(http, perPage);
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'source');
  }

  async count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined> {
    if (type === 'tickets') {
      // Filter Tickets answers `total`; it counts tickets only (not problems or changes) and works in days.
      const response = await this.http.request<{total?: number}>({method: 'GET', url: '/api/v2/tickets/filter', searchParams: {query: dayWindowQuery(filter)}, endpoint: 'tickets.list'});
      return response.body?.total;
    }
    if (type === 'groups' || type === 'agents' || type === 'ticket_fields' || type === 'kb_categories' || type === 'organizations') {
      let total = 0;
      for await (const page of this.read(type, {filter})) total += page.records.length;
      return total;
    }
    return undefined;
  }

  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const keep = recordFilter(options.filter);
    const self = this;
    const pages = (async function* (): AsyncGenerator<Page<unknown>> {
      switch (type) {
        case 'tickets':
          yield* self.readTickets(options.cursor, options.filter);
          return;
        case 'contacts':
          yield* self.readLinked<FsRequester>('/api/v2/requesters', 'requesters', options.cursor, 'requesters.list', async (items) => items.map(requesterFromNative), false);
          return;
        case 'agents':
          yield* self.readLinked<FsAgent>('/api/v2/agents', 'agents', options.cursor, 'agents.list', (items) => self.reader.agentsToNeutral(items), false);
          return;
        case 'organizations':
          yield* self.readLinked<FsDepartment>('/api/v2/departments', 'departments', options.cursor, undefined, async (items) => items.map(departmentFromNative));
          return;
        case 'groups':
          yield* self.readLinked<FsGroup>('/api/v2/groups', 'groups', options.cursor, undefined, async (items) => items.map(groupFromNative));
          return;
        case 'ticket_fields':
          yield {records: self.reader.customTicketFields(await self.reader.ticketFields())};
          return;
        case 'kb_categories':
          yield {records: (await self.reader.all<import('./api-shapes.js').FsCategory>('/api/v2/solutions/categories', 'categories')).map(categoryFromNative)};
          return;
        case 'kb_sections':
          yield {records: (await self.reader.allFolders()).map(folderFromNative)};
          return;
        case 'kb_articles': {
          // List Solution Articles requires folder_id; the cursor names the folder index.
          const folders = await self.reader.allFolders();
          for (let index = options.cursor ? Number(options.cursor) : 0; index < folders.length; index++) {
            const articles = await self.reader.all<FsArticle>(`/api/v2/solutions/articles?folder_id=${folders[index]!.id}`, 'articles');
            yield {records: articles.map(articleFromNative), cursor: index + 1 < folders.length ? String(index + 1) : undefined};
          }
          return;
        }
      }
    })();
    return (async function* () {
      for await (const page of pages) yield {...page, records: page.records.filter((record) => keep(record as Record<string, unknown>))};
    })() as AsyncIterable<Page<RecordOf[T]>>;
  }

  get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined> {
    return this.reader.get(type, id);
  }

  /** Problems or changes the plan does not offer were left out of the listing: said once, after it. */
  unlisted<T extends RecordType>(type: T): AsyncIterable<Page<RecordOf[T]>> {
    const missing = [...this.unavailable];
    return (async function* (): AsyncGenerator<Page<RecordOf[T]>> {
      if (type === 'tickets' && missing.length)
        throw new FeatureUnavailableError(`${missing.join(' and ')} could not be read: the Freshservice source account's plan does not offer ${missing.length > 1 ? 'these modules' : 'this module'} (403). Only tickets were migrated.`);
    })();
  }

  download(attachment: Attachment): Promise<Buffer> {
    return downloadAttachment(attachment, this.settings.baseUrl, this.http, this.plainFetch);
  }

  /**
   * A Link-header list. `resumable` false: the list is "always sorted by the first name" (requesters,
   * agents), so a page cursor kept across a restart can skip or repeat people; such a list's
   * checkpoint is its first page (a resumed run reads it again and the journal skips who moved).
   */
  private async *readLinked<N>(path: string, key: string, cursor: string | undefined, endpoint: string | undefined, convert: (items: N[]) => Promise<unknown[]>, resumable = true): AsyncGenerator<Page<unknown>> {
    const start = withPerPage(path, this.perPage);
    const pages = paginate<string, {items: N[]; next?: string}>({guard: guard(path), start: (resumable && cursor) || start, check: 'before-request', fetch: (url) => this.reader.page<N>(url!, key, endpoint)});
    for await (const page of pages) yield {records: await convert(page.items), cursor: page.next && (resumable ? page.next : start)};
  }

  /** Tickets oldest first from `updated_since` (which also lifts the 30-day default window), then
   * problems, then changes; the cursor names the phase and the next page's path. */
  private async *readTickets(cursor: string | undefined, filter: SourceFilter): AsyncGenerator<Page<unknown>> {
    const since = filter.updatedSince ?? EPOCH;
    const first: Record<Phase, string> = {
      tickets: `/api/v2/tickets?updated_since=${encodeURIComponent(since)}&order_type=asc&per_page=${this.perPage}&page=1`,
      problem: `/api/v2/problems?per_page=${this.perPage}&page=1`,
      change: `/api/v2/changes?updated_since=${encodeURIComponent(since)}&order_type=asc&per_page=${this.perPage}&page=1`,
    };
    const start: TicketCursor = cursor ? (JSON.parse(cursor) as TicketCursor) : {phase: 'tickets', next: first.tickets};
    const pages = paginate<TicketCursor, {records: unknown[]; next?: TicketCursor}>({
      guard: guard('tickets'),
      start,
      check: 'before-request',
      key: (state) => state.next,
      fetch: async (state) => {
        const {phase, next}: TicketCursor = state!;
        let records: unknown[] = [];
        let following: string | undefined;
        if (phase === 'tickets') {
          const page: {items: FsTicket[]; next?: string} = await this.reader.page<FsTicket>(next, 'tickets', 'tickets.list');
          records = (await Promise.all(page.items.filter((ticket) => !ticket.deleted).map((ticket) => this.reader.fullTicket(ticket.id)))).filter(Boolean);
          following = page.next;
        } else {
          const kind: ItsmKind = phase;
          try {
            const page: {items: FsItsmRecord[]; next?: string} = await this.reader.page<FsItsmRecord>(next, ITSM_KINDS[kind].path, kind === 'problem' ? PROBLEMS_LIST : CHANGES_LIST);
            records = await Promise.all(page.items.map((item) => this.reader.itsm(kind, item)));
            following = page.next;
          } catch (error) {
            if (!(error instanceof FeatureUnavailableError)) throw error;
            this.unavailable.push(kind === 'problem' ? 'Problems' : 'Changes');
          }
        }
        const nextPhase: Phase | undefined = PHASES[PHASES.indexOf(phase) + 1];
        return {records, next: following ? {phase, next: following} : nextPhase ? {phase: nextPhase, next: first[nextPhase]} : undefined};
      },
    });
    for await (const page of pages) yield {records: page.records, cursor: page.next ? JSON.stringify(page.next) : undefined};
  }
}

export async function checkAccount(settings: ConnectorSettings, http: HttpClient, side: 'source' | 'target'): Promise<AccountCheck> {
  // There is no documented "current agent" call: the roles list needs admin rights, so a 403 on it
  // says the key is not an administrator's.
  const roles = await http.request<{roles: unknown[]}>({method: 'GET', url: '/api/v2/roles', accept: [403]});
  const problems: string[] = [];
  if (roles.status === 403)
    problems.push(
      side === 'source'
        ? 'The Freshservice API key is not an administrator\'s: use an admin\'s key (Profile settings > API key), or agents\' roles, requesters and problems/changes may not be readable.'
        : 'The Freshservice API key is not an administrator\'s: use an admin\'s key, or departments, groups and solution folders cannot be created.',
    );
  const total = Number(header(roles.headers, 'x-ratelimit-total'));
  let host = settings.baseUrl;
  try {
    host = new URL(settings.baseUrl).host;
  } catch {
    // keep the text as given
  }
  return {description: `${host} (Freshservice API v2)`, problems, liveRequestsPerMinute: Number.isFinite(total) && total > 0 ? total : undefined};
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}


/** The documented download is `GET /api/v2/attachments/[id]` with the API key (API v2, Attachments):
 * sent through the account's own client (paced, retried, counted). A redirect to storage is followed
 * without the key (got drops Authorization on a redirect to another host). An attachment printed
 * without an id (View a Ticket's example has none), or one the route does not know (404), falls back
 * to its `attachment_url` storage link, fetched without the key, which is only sent to the account's
 * own host when it asks for it. */
async function downloadAttachment(attachment: Attachment, baseUrl: string, http: HttpClient, plainFetch: typeof fetch): Promise<Buffer> {
  const what = `attachment ${attachment.fileName}`;
  if (/^\d+$/.test(attachment.id)) {
    const byId = await http.request<Buffer>({method: 'GET', url: `/api/v2/attachments/${attachment.id}`, responseType: 'buffer', accept: [404], what});
    if (byId.status !== 404) return byId.body;
  }
  if (!attachment.url) throw new HttpRecordError(`${what}: not found by id (404) and no attachment_url to fall back on`, 404, undefined);
  // A GET may be sent again: a connection the server closed as it was reused (keep-alive) or a
  // reset is tried twice more before the attachment counts as failed.
  let response: Response | undefined;
  for (let attempt = 1; !response; attempt++) {
    try {
      response = await plainFetch(attachment.url, {redirect: 'follow', signal: AbortSignal.timeout(120_000)});
    } catch (error) {
      if (attempt >= 3) throw new HttpRecordError(`${what}: the download failed (${(error as Error).message})`, 0, undefined);
    }
  }
  if (response.ok) return Buffer.from(await response.arrayBuffer());
  if ((response.status === 401 || response.status === 403) && sameHost(attachment.url, baseUrl)) {
    const authed = await http.request<Buffer>({method: 'GET', url: attachment.url, responseType: 'buffer', what});
    return authed.body;
  }
  throw new HttpRecordError(`${what}: the download answered ${response.status}`, response.status, undefined);
}

function sameHost(url: string, base: string): boolean {
  try {
    return new URL(url, base).host === new URL(base).host;
  } catch {
    return false;
  }
}
