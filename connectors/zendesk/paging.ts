// Zendesk's two paginations a migration uses: cursor pagination (`page[size]`,
// `page[after]`, `meta.has_more`, `meta.after_cursor`; page size capped at 100)
// and the cursor-based incremental exports (`cursor`, `after_cursor`, `end_of_stream`).
// Both run on the shared paginator (source/platform/paginator.ts), which refuses a cursor
// seen twice: a server that hands the same position back would otherwise loop forever.
import type {HttpClient} from '../../source/contracts/http.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {paginate} from '../../source/platform/paginator.js';

export const CURSOR_PAGE_SIZE_MAX = 100;

export interface NativePage<T> {
  items: T[];
  /** Position after this page, absent on the last page */
  after?: string;
  /** The whole body, for sideloads */
  body: Record<string, unknown>;
}

/** Zendesk's cursors, guarded as every paginated read is (source/platform/page-loop-guard.ts). */
export class CursorLoopGuard extends PageLoopGuard {
  constructor(what: string) {
    super('Zendesk', what);
  }
  check(cursor: string | undefined) {
    this.visit(cursor);
  }
}

interface CursorBody {
  meta?: {has_more?: boolean; after_cursor?: string | null};
  [key: string]: unknown;
}

/** Pages of a cursor-paginated list, starting after `startAfter` when given. */
export async function* cursorPages<T>(
  http: HttpClient,
  options: {url: string; key: string; endpoint: string; searchParams?: Record<string, string | number | boolean | undefined>; pageSize?: number; startAfter?: string; what: string},
): AsyncGenerator<NativePage<T>> {
  const pages = paginate({
    guard: new CursorLoopGuard(options.what),
    start: options.startAfter,
    fetch: async (after: string | undefined) => {
      const response = await http.request<CursorBody>({
        method: 'GET',
        url: options.url,
        searchParams: {...options.searchParams, 'page[size]': Math.min(options.pageSize ?? CURSOR_PAGE_SIZE_MAX, CURSOR_PAGE_SIZE_MAX), 'page[after]': after},
        endpoint: options.endpoint,
        what: options.what,
      });
      const body = response.body ?? {};
      const next = body.meta?.has_more && body.meta.after_cursor ? body.meta.after_cursor : undefined;
      return {items: (body[options.key] as T[] | undefined) ?? [], next, body};
    },
  });
  for await (const {items, next, body} of pages) yield {items, after: next, body};
}

interface IncrementalBody {
  after_cursor?: string | null;
  end_of_stream?: boolean;
  [key: string]: unknown;
}

/** Cursor-based incremental export: starts at `startTime` (unix seconds) or resumes at `cursor`. */
export async function* incrementalPages<T>(
  http: HttpClient,
  options: {url: string; key: string; endpoint: string; startTime: number; cursor?: string; perPage: number; include?: string; what: string; searchParams?: Record<string, string | number | boolean | undefined>},
): AsyncGenerator<NativePage<T>> {
  const pages = paginate({
    guard: new CursorLoopGuard(options.what),
    start: options.cursor,
    fetch: async (cursor: string | undefined) => {
      const response = await http.request<IncrementalBody>({
        method: 'GET',
        url: options.url,
        searchParams: {
          ...options.searchParams,
          ...(cursor ? {cursor} : {start_time: options.startTime}),
          per_page: options.perPage,
          include: options.include,
        },
        endpoint: options.endpoint,
        what: options.what,
      });
      const body = response.body ?? {};
      const next = !body.end_of_stream && body.after_cursor ? body.after_cursor : undefined;
      return {items: (body[options.key] as T[] | undefined) ?? [], next, body};
    },
  });
  for await (const {items, next, body} of pages) yield {items, after: next, body};
}
