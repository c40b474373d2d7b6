// One paginator for every connector: pages from a start position until a page names no
// next one, whatever a position is on the platform (a cursor, a next link, a page number,
// a window), with loop detection: a position handed back twice stops the read
// (PageLoopGuard) instead of reading forever. A connector says how to fetch a page at a
// position and what the next position is; it keeps its own page shape and resume cursor.
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
