// One paginator for every connector: pages from a start position until a page names no
// next one, whatever a position is on the platform (a cursor, a next link, a page number,
// a window), with loop detection: a position handed back twice stops the read
// (PageLoopGuard) instead of reading forever. A connector says how to fetch a page at a
// position and what the next position is; it keeps its own page shape and resume cursor.
// The common ways of saying "next" are strategies below (Link header, page number, keyset with
// a stop condition): a connector spreads one into paginate()'s options.
import type {PageLoopGuard} from './page-loop-guard.js';

export interface FetchedPage<P> {
  /** The position of the page after this one; absent on the last page */
  next?: P;
}

export interface PaginateOptions<P, Page extends FetchedPage<P>> {
  /** Names the platform and the list in the loop error */
  guard: PageLoopGuard;
  /** Where to start (a resumed cursor); undefined for the first page where the platform has no position for it */
  start?: P;
  fetch(position: P | undefined): Promise<Page>;
  /**
   * When a position is checked against the ones seen:
   * - 'on-answer' (default): the start at once, each next position as soon as the page naming it
   *   arrives, so that page is not yielded (cursors: Zendesk);
   * - 'before-request': each position just before it is requested (next links and page numbers:
   *   Freshdesk, Request Tracker), so the page naming a repeated position is still yielded.
   */
  check?: 'on-answer' | 'before-request';
  /** What identifies a position to the guard (default: the position itself) */
  key?: (position: P) => string | number;
}

export async function* paginate<P, Page extends FetchedPage<P>>(options: PaginateOptions<P, Page>): AsyncGenerator<Page> {
  const {guard} = options;
  const visit = (position: P | undefined) => guard.visit(position === undefined ? undefined : options.key ? options.key(position) : (position as string | number));
  const onAnswer = (options.check ?? 'on-answer') === 'on-answer';
  let position = options.start;
  if (onAnswer) visit(position);
  for (;;) {
    if (!onAnswer) visit(position);
    const page = await options.fetch(position);
    if (onAnswer) visit(page.next);
    yield page;
    if (page.next === undefined) return;
    position = page.next;
  }
}

/** How to fetch a page at a position and find the next one: spread into paginate()'s options. */
export type PageStrategy<P, Page extends FetchedPage<P>> = Pick<PaginateOptions<P, Page>, 'fetch' | 'check' | 'key'>;

/** Next links (Link header, `next` URLs): the position is the URL a page names; it is checked just
 * before it is asked for, so a page naming an earlier URL is still yielded. The first URL is `start`. */
export function linkStrategy<Page extends FetchedPage<string>>(fetchUrl: (url: string) => Promise<Page>): PageStrategy<string, Page> {
  return {check: 'before-request', fetch: (url) => fetchUrl(url!)};
}

/** Page numbers from `start` (default 1): `more` says whether a page follows this one. */
export function pageNumberStrategy<Page extends object>(fetchPage: (page: number) => Promise<Page & {more: boolean}>): PageStrategy<number, Page & {more: boolean; next?: number}> {
  return {
    check: 'before-request',
    fetch: async (position) => {
      const page = position ?? 1;
      const answer = await fetchPage(page);
      return {...answer, next: answer.more ? page + 1 : undefined};
    },
  };
}

export interface KeysetOptions<K extends number | string, Item> {
  /** The items after `after` (undefined: from the first), in ascending key order */
  fetchAfter(after: K | undefined): Promise<Item[]>;
  keyOf(item: Item): K;
  /** The stop condition: no page follows this one (e.g. it is shorter than the page size) */
  last(items: Item[]): boolean;
  /** Name the platform and the list when the keys do not advance */
  platform: string;
  what: string;
}

/** Keyset ("id > last"): the position is the last key read, so records created while a read runs
 * never shift a page. Keys must grow: a page whose last key is not above the one asked after is a
 * loop, stopped at once (a repeated position is caught by the guard too). */
export function keysetStrategy<K extends number | string, Item>(options: KeysetOptions<K, Item>): PageStrategy<K, {items: Item[]; next?: K}> {
  return {
    check: 'on-answer',
    fetch: async (after) => {
      const items = await options.fetchAfter(after);
      if (!items.length) return {items};
      const lastKey = options.keyOf(items[items.length - 1]!);
      if (after !== undefined && lastKey <= after) throw new Error(`${options.platform} pagination loop: ${options.what} after ${after} started again at ${lastKey}`);
      return {items, next: options.last(items) ? undefined : lastKey};
    },
  };
}
