// Reading Intercom lists on the shared paginator: cursor pages (`pages.next.starting_after`: List
// contacts, List conversations and both searches) and numbered pages (`pages.page`/`total_pages`:
// companies, Help Center collections and articles), each position guarded against a server that
// hands one back twice.
import type {HttpClient} from '../../source/contracts/http.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {paginate} from '../../source/platform/paginator.js';
import type {IcList} from './api-shapes.js';

export interface CursorPage<T> {
  items: T[];
  /** starting_after for the next page; absent on the last page */
  next?: string;
}

/** The next cursor of a list answer (`pages.next` is an object with starting_after in 2.x). */
export function nextCursor(list: IcList<unknown> | undefined): string | undefined {
  const next = list?.pages?.next;
  if (!next || !itemsOf(list).length) return undefined;
  return typeof next === 'string' ? undefined : (next.starting_after ?? undefined);
}

/** The records of a list answer, wherever the list keeps them. */
export function itemsOf<T>(list: IcList<T> | undefined): T[] {
  return list?.data ?? list?.conversations ?? list?.tickets ?? [];
}

export class IntercomReader {
  constructor(private readonly http: HttpClient) {}

  /** Cursor pages of a GET list (per_page, starting_after) or a search (POST with pagination in the body). */
  cursorPages<T>(options: {url: string; what: string; perPage: number; start?: string; search?: unknown; endpoint?: string}): AsyncGenerator<CursorPage<T>> {
    const {url, what, perPage, search} = options;
    return paginate<string, CursorPage<T>>({
      guard: new PageLoopGuard('Intercom', what),
      start: options.start,
      fetch: async (cursor) => {
        const response = search
          ? await this.http.request<IcList<T>>({method: 'POST', url, json: {query: search, pagination: {per_page: perPage, ...(cursor ? {starting_after: cursor} : {})}}, repeatable: true, endpoint: options.endpoint, what})
          : await this.http.request<IcList<T>>({method: 'GET', url, searchParams: {per_page: perPage, starting_after: cursor}, what});
        return {items: itemsOf(response.body), next: nextCursor(response.body)};
      },
    });
  }

  /** Numbered pages (page, per_page; `pages.total_pages`), from `start`. */
  numberedPages<T>(options: {url: string; what: string; perPage: number; method?: 'GET' | 'POST'; start?: number}): AsyncGenerator<{items: T[]; next?: number; number: number}> {
    const {url, what, perPage} = options;
    return paginate<number, {items: T[]; next?: number; number: number}>({
      guard: new PageLoopGuard('Intercom', what),
      start: options.start ?? 1,
      check: 'before-request',
      fetch: async (page = 1) => {
        const response = await this.http.request<IcList<T>>({method: options.method ?? 'GET', url, searchParams: {page, per_page: perPage}, repeatable: true, what: `${what} page ${page}`});
        const items = itemsOf(response.body);
        const pages = response.body?.pages;
        // The next page follows the number the server says this one is (a server repeating a page is caught by the guard).
        const number = pages?.page ?? page;
        return {items, number: page, next: items.length && pages?.total_pages && number < pages.total_pages ? number + 1 : undefined};
      },
    });
  }

  async all<T>(pages: AsyncGenerator<{items: T[]}>): Promise<T[]> {
    const out: T[] = [];
    for await (const page of pages) out.push(...page.items);
    return out;
  }
}
