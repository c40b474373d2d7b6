// Reading either Freshworks desk: page/per_page (at most 100) with the `link` header naming the next
// page ("If you have reached the last page of objects, then the link header will not be set":
// Freshservice API v2, Pagination; Freshdesk API v2, Pagination says the same). Freshdesk answers
// the bare array, Freshservice wraps it in a key ({"tickets": [...]}): `key` is that difference.
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {linkStrategy, paginate} from '../../source/platform/paginator.js';

export const MAX_PER_PAGE = 100;

export type FreshworksPlatform = 'Freshdesk' | 'Freshservice';

/** The rel="next" URL of a Link header, as a path relative to the host (so a resumed cursor
 * still works if the base URL is written differently). */
export function nextLink(response: HttpResponse): string | undefined {
  const raw = response.headers['link'];
  const link = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<\s*([^>]+?)\s*>\s*;\s*rel="?next"?/.exec(part);
    if (match) {
      const url = new URL(match[1]!, 'http://relative.invalid');
      return url.pathname + url.search;
    }
  }
  return undefined;
}

export function withPerPage(path: string, perPage: number): string {
  if (/[?&]per_page=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}per_page=${perPage}`;
}

export interface LinkPage<T> {
  items: T[];
  next?: string;
}

/** One page of a Link-paginated list; `key` is the wrapper the array sits in (Freshservice), none for Freshdesk. */
export async function linkPage<T>(http: HttpClient, url: string, key?: string, endpoint?: string): Promise<LinkPage<T>> {
  const response = await http.request<T[] | Record<string, T[]>>({method: 'GET', url, endpoint});
  const body = response.body;
  const items = key === undefined ? ((body as T[] | undefined) ?? []) : ((body as Record<string, T[]> | undefined)?.[key] ?? []);
  return {items, next: nextLink(response)};
}

/** Every item of a small Link-paginated list (groups, fields, roles, categories, notes), loop-guarded. */
export async function allLinkPages<T>(http: HttpClient, platform: FreshworksPlatform, path: string, options: {perPage: number; key?: string; endpoint?: string}): Promise<T[]> {
  const items: T[] = [];
  const pages = paginate<string, LinkPage<T>>({
    guard: new PageLoopGuard(platform, path),
    start: withPerPage(path, options.perPage),
    check: 'before-request',
    ...linkStrategy<LinkPage<T>>((url) => linkPage<T>(http, url, options.key, options.endpoint)),
  });
  for await (const page of pages) items.push(...page.items);
  return items;
}
