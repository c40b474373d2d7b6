// Reading a Front account: lists of `_results` with `_pagination.next` (the next page's URL, its
// `page_token` the position), up to 100 a page (`limit`, maximum 100), each token visited once (the
// shared paginator's loop guard), and the records both sessions need.
import type {HttpClient} from '../../source/contracts/http.js';
import type {Ticket, TicketField} from '../../source/contracts/model.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {paginate} from '../../source/platform/paginator.js';
import {conversationFromNative, fieldFromNative, teammateFromNative, type FrontComment, type FrontConversation, type FrontCustomField, type FrontList, type FrontMessage, type FrontTeammate} from './api-shapes.js';

export const PAGE_LIMIT = 100;

type Params = Record<string, string | number | undefined>;

export interface TokenPage<T> {
  items: T[];
  /** The page_token of the next page; absent on the last */
  next?: string;
}

/** The page_token of a `_pagination.next` link. */
export function tokenOf(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next, 'https://api2.frontapp.com').searchParams.get('page_token') ?? undefined;
}

/** A query string with Front's query object (`q[statuses][]=…`), which repeats keys: built here, not by searchParams. */
export function withQuery(path: string, params: Params, q: Record<string, string | string[] | number | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.append(key, String(value));
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) query.append(`q[${key}][]`, item);
    else query.append(`q[${key}]`, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export class FrontReader {
  constructor(private readonly http: HttpClient) {}

  async page<T>(path: string, params: Params, q: Record<string, string | string[] | number | undefined>, token: string | undefined, what: string): Promise<TokenPage<T>> {
    const response = await this.http.request<FrontList<T>>({method: 'GET', url: withQuery(path, {...params, page_token: token}, q), what});
    const body = response.body ?? {_results: []};
    const items = body._results ?? [];
    const next = tokenOf(body._pagination?.next);
    return {items, ...(next && items.length ? {next} : {})};
  }

  /** Every page from `start` (a resumed token); a token handed back twice stops the read. */
  async *pages<T>(path: string, params: Params = {}, q: Record<string, string | string[] | number | undefined> = {}, start?: string): AsyncGenerator<TokenPage<T>> {
    yield* paginate<string, TokenPage<T>>({
      guard: new PageLoopGuard('Front', path),
      start,
      fetch: (token) => this.page<T>(path, {limit: PAGE_LIMIT, ...params}, q, token, `${path} page`),
    });
  }

  async all<T>(path: string, params: Params = {}, q: Record<string, string | string[] | number | undefined> = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path, params, q)) out.push(...page.items);
    return out;
  }

  /** Teammates, inboxes and custom fields are not paginated in the spec: one call each. */
  async unpaged<T>(path: string): Promise<T[]> {
    const response = await this.http.request<FrontList<T>>({method: 'GET', url: path, what: path});
    return response.body?._results ?? [];
  }

  async teammates() {
    return (await this.unpaged<FrontTeammate>('/teammates')).map(teammateFromNative);
  }

  conversationFields(): Promise<FrontCustomField[]> {
    return this.unpaged<FrontCustomField>('/conversations/custom_fields');
  }

  async ticketFields(): Promise<TicketField[]> {
    return (await this.conversationFields()).map(fieldFromNative);
  }

  messages(conversationId: string): Promise<FrontMessage[]> {
    return this.all<FrontMessage>(`/conversations/${encodeURIComponent(conversationId)}/messages`, {sort_by: 'created_at', sort_order: 'asc'});
  }

  /** List conversation comments takes no limit or page_token (the spec) and answers every comment at once. */
  comments(conversationId: string): Promise<FrontComment[]> {
    return this.unpaged<FrontComment>(`/conversations/${encodeURIComponent(conversationId)}/comments`);
  }

  async conversation(native: FrontConversation, fields: FrontCustomField[]): Promise<Ticket> {
    return conversationFromNative(native, await this.messages(native.id), await this.comments(native.id), fields);
  }

  /** One record by path; undefined when Front answers 404. */
  async one<T>(path: string, what: string): Promise<T | undefined> {
    const response = await this.http.request<T>({method: 'GET', url: path, accept: [404], what});
    return response.status === 404 ? undefined : response.body;
  }
}
