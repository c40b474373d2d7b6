// The emulator's HTTP conventions, after Zendesk's public docs: error bodies,
// Basic "{email}/token:{token}" and Bearer auth, per-minute limits with
// X-Rate-Limit / ratelimit-* headers on every response, and both paginations.
import {basicAuth, MovingWindowLimiter, type EmulatorReply, type EmulatorRequest} from '../shared/emulator-kit.js';
import type {Credential, StoredUser, ZendeskStore} from './emulator-store.js';
import type {OAuthGrants} from './emulator-oauth.js';

export type ApiHandler = (request: EmulatorRequest, caller: Caller) => EmulatorReply | Promise<EmulatorReply>;
export type ApiRegistrar = (method: string, path: string, handler: ApiHandler, options?: {admin?: boolean; sub?: 'incremental' | 'ticketUpdates'}) => void;

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function userJson(user: StoredUser) {
  const {deleted: _deleted, moreIdentities: _identities, ...rest} = user;
  return rest;
}



export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = () => new ApiError(404, {error: 'RecordNotFound', description: 'Not found'});
export const forbidden = () => new ApiError(403, {error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.'});

/** Zendesk's validation error: 422 RecordInvalid with per-field details. */
export function recordInvalid(details: Record<string, string[]>): ApiError {
  const shaped: Record<string, Array<{description: string; error: string}>> = {};
  for (const [field, messages] of Object.entries(details)) shaped[field] = messages.map((description) => ({description, error: 'InvalidValue'}));
  return new ApiError(422, {error: 'RecordInvalid', description: 'Record validation errors', details: shaped});
}

export function badRequest(error: string, description: string): ApiError {
  return new ApiError(400, {error, description});
}

export interface Caller {
  user: StoredUser;
  credential: Credential;
}

export function authenticate(store: ZendeskStore, request: EmulatorRequest, oauth?: OAuthGrants): Caller | undefined {
  const header = String(request.headers.authorization ?? '');
  let credential: Credential | undefined;
  if (header.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    // Tokens of the refresh grant expire; the fixed ones stand for tokens of older OAuth clients, which do not.
    const userId = oauth?.userOf(token);
    credential = store.credentials.find((candidate) => candidate.oauthToken === token || (userId !== undefined && candidate.userId === userId));
  } else {
    const basic = basicAuth(request.headers);
    const match = basic ? /^(.*)\/token$/.exec(basic.user) : null;
    if (basic && match) credential = store.credentials.find((candidate) => candidate.apiToken === basic.password && candidate.email.toLowerCase() === match[1]!.toLowerCase());
  }
  const user = credential ? store.users.get(credential.userId) : undefined;
  return credential && user && user.active ? {user, credential} : undefined;
}

export const UNAUTHORIZED: EmulatorReply = {status: 401, json: {error: "Couldn't authenticate you"}};

const UNLIMITED = 1_000_000;

export class AccountLimits {
  readonly account: MovingWindowLimiter;
  /** Incremental exports have their own limit (10/min, 30 with High Volume) */
  readonly incremental: MovingWindowLimiter;
  /** Update Ticket: 100/min (300 with High Volume) */
  readonly ticketUpdates: MovingWindowLimiter;
  /** `scale` multiplies the documented sub-limits along with an overridden account limit. */
  constructor(
    requestsPerMinute: number,
    highVolume: boolean,
    readonly off: boolean,
    readonly now: () => number,
    scale = 1,
  ) {
    const scaled = (limit: number) => Math.max(1, Math.round(limit * scale));
    this.account = new MovingWindowLimiter(requestsPerMinute);
    this.incremental = new MovingWindowLimiter(scaled(highVolume ? 30 : 10));
    this.ticketUpdates = new MovingWindowLimiter(scaled(highVolume ? 300 : 100));
  }

  headers(): Record<string, string> {
    const now = this.now();
    // With limits off (benchmarks) there is no real limit to advertise: clients that
    // adopt the live header would otherwise pace themselves to the tier.
    const limit = this.off ? UNLIMITED : this.account.limit;
    const remaining = this.off ? UNLIMITED : this.account.remaining(now);
    return {
      'x-rate-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(60 - Math.floor((now / 1000) % 60)),
    };
  }

  /** A 429 reply when over a limit, else undefined (the request is counted). */
  take(sub?: 'incremental' | 'ticketUpdates'): EmulatorReply | undefined {
    if (this.off) return undefined;
    const now = this.now();
    const wait = this.account.take(now);
    if (wait) return {status: 429, headers: {'retry-after': String(wait)}, json: {error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded'}};
    if (sub) {
      const subWait = this[sub].take(now);
      if (subWait) {
        const description = sub === 'incremental' ? 'Number of allowed incremental export API requests per minute exceeded' : 'Number of allowed ticket update API requests per minute exceeded';
        return {status: 429, headers: {'retry-after': String(subWait)}, json: {error: 'APIRateLimitExceeded', description}};
      }
    }
    return undefined;
  }
}

// ---- Pagination -----------------------------------------------------------------
// Cursor pagination: page[size] (at most 100), page[after]/page[before], meta and
// links. Offset pagination: page/per_page, at most 100 pages (400 beyond), the
// default page size depending on the endpoint (Help Center articles: 30).

export const OFFSET_PAGE_CAP = 100;

const encodeCursor = (id: number) => Buffer.from(`id:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^id:(\d+)$/.exec(decoded);
  if (!match) throw badRequest('InvalidPaginationParameter', 'page[after] is not a valid cursor');
  return Number(match[1]);
}

export function paginate<T extends {id: number}>(request: EmulatorRequest, baseUrl: string, key: string, items: T[], options: {defaultPerPage?: number} = {}): Record<string, unknown> {
  const sorted = [...items].sort((a, b) => a.id - b.id);
  const query = request.query;
  const url = (params: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(params)) next.set(name, value);
    return `${baseUrl}${request.path}?${next.toString()}`;
  };
  if (query.has('page[size]') || query.has('page[after]') || query.has('page[before]')) {
    const size = Number(query.get('page[size]') ?? 100);
    if (!Number.isInteger(size) || size < 1 || size > 100) throw badRequest('InvalidPaginationParameter', 'page[size] must be an integer between 1 and 100');
    let start = 0;
    const after = query.get('page[after]');
    if (after) {
      const lastId = decodeCursor(after);
      start = sorted.findIndex((item) => item.id > lastId);
      if (start === -1) start = sorted.length;
    }
    const page = sorted.slice(start, start + size);
    const hasMore = start + size < sorted.length;
    const afterCursor = page.length ? encodeCursor(page[page.length - 1]!.id) : null;
    const beforeCursor = page.length ? encodeCursor(page[0]!.id) : null;
    return {
      [key]: page,
      meta: {has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor},
      links: {next: hasMore && afterCursor ? url({'page[after]': afterCursor}) : null, prev: beforeCursor ? url({'page[before]': beforeCursor}) : null},
    };
  }
  const perPage = Math.min(Number(query.get('per_page') ?? options.defaultPerPage ?? 100) || 100, 100);
  const pageNo = Math.max(1, Number(query.get('page') ?? 1) || 1);
  if (pageNo > OFFSET_PAGE_CAP) throw badRequest('InvalidPaginationParameter', `Offset pagination is limited to the first ${OFFSET_PAGE_CAP} pages. Use cursor pagination to access more records.`);
  const page = sorted.slice((pageNo - 1) * perPage, pageNo * perPage);
  const hasNext = pageNo * perPage < sorted.length;
  return {
    [key]: page,
    next_page: hasNext ? url({page: String(pageNo + 1), per_page: String(perPage)}) : null,
    previous_page: pageNo > 1 ? url({page: String(pageNo - 1), per_page: String(perPage)}) : null,
    count: sorted.length,
  };
}

/** Incremental export cursors: position after (updated_at, id). */
export function encodeIncrementalCursor(updatedMs: number, id: number): string {
  return Buffer.from(`${updatedMs / 1000}||${id}`).toString('base64url');
}
export function decodeIncrementalCursor(cursor: string): {updatedMs: number; id: number} {
  const match = /^([\d.]+)\|\|(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('InvalidValue', 'cursor is invalid');
  return {updatedMs: Math.round(Number(match[1]) * 1000), id: Number(match[2])};
}

/** The incremental export walk: items ordered by (updated_at, id), from a start time or after a cursor. */
export function incrementalPage<T extends {id: number; updated_at: string}>(
  request: EmulatorRequest,
  baseUrl: string,
  key: string,
  items: T[],
  now: number,
): {page: T[]; body: Record<string, unknown>} {
  const query = request.query;
  const perPage = Math.min(Number(query.get('per_page') ?? 1000) || 1000, 1000);
  const cursor = query.get('cursor');
  const ordered = items.map((item) => ({item, ms: Date.parse(item.updated_at)})).sort((a, b) => a.ms - b.ms || a.item.id - b.item.id);
  let remaining: typeof ordered;
  if (cursor) {
    const position = decodeIncrementalCursor(cursor);
    remaining = ordered.filter((entry) => entry.ms > position.updatedMs || (entry.ms === position.updatedMs && entry.item.id > position.id));
  } else {
    const raw = query.get('start_time');
    if (raw === null || raw === '' || !/^\d+$/.test(raw)) throw badRequest('InvalidValue', 'start_time is required and must be a unix timestamp');
    const start = Number(raw);
    if (start * 1000 > now - 60_000) throw badRequest('InvalidValue', 'Too recent start_time. Use a start_time older than 1 minute');
    remaining = ordered.filter((entry) => entry.ms >= start * 1000);
  }
  const pageEntries = remaining.slice(0, perPage);
  const endOfStream = remaining.length <= perPage;
  const last = pageEntries[pageEntries.length - 1];
  const afterCursor = last ? encodeIncrementalCursor(last.ms, last.item.id) : (cursor ?? encodeIncrementalCursor(Number(query.get('start_time') ?? 0) * 1000, 0));
  const first = pageEntries[0];
  const beforeCursor = first ? encodeIncrementalCursor(first.ms, first.item.id) : null;
  const link = (value: string | null) => (value ? `${baseUrl}${request.path}?cursor=${value}` : null);
  return {
    page: pageEntries.map((entry) => entry.item),
    body: {after_url: link(afterCursor), after_cursor: afterCursor, before_url: link(beforeCursor), before_cursor: beforeCursor, end_of_stream: endOfStream},
  };
}

/** Time-based incremental export (developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/):
 * items changed at or after start_time, up to per_page (max 1000); `end_time` is the last item's
 * time and the next page's start_time, so items sharing that second may come twice (as documented). */
export function timeBasedPage<T extends {id: number; updated_at: string}>(request: EmulatorRequest, baseUrl: string, key: string, items: T[], now: number): Record<string, unknown> {
  const raw = request.query.get('start_time');
  if (raw === null || !/^\d+$/.test(raw)) throw badRequest('InvalidValue', 'start_time is required and must be a unix timestamp');
  const start = Number(raw);
  if (start * 1000 > now - 60_000) throw badRequest('InvalidValue', 'Too recent start_time. Use a start_time older than 1 minute');
  const perPage = Math.min(Number(request.query.get('per_page') ?? 1000) || 1000, 1000);
  const remaining = items
    .map((item) => ({item, seconds: Math.floor(Date.parse(item.updated_at) / 1000)}))
    .filter((entry) => entry.seconds >= start)
    .sort((a, b) => a.seconds - b.seconds || a.item.id - b.item.id);
  const page = remaining.slice(0, perPage);
  const endOfStream = remaining.length <= perPage;
  const endTime = page.length ? page[page.length - 1]!.seconds : start;
  // A full page whose items all share one second could not move on: the next page starts a second later.
  const nextStart = !endOfStream && endTime === start ? endTime + 1 : endTime;
  const next = new URLSearchParams(request.query);
  next.set('start_time', String(nextStart));
  return {[key]: page.map((entry) => entry.item), count: page.length, end_time: endTime, next_page: endOfStream ? null : `${baseUrl}${request.path}?${next.toString()}`, end_of_stream: endOfStream};
}
