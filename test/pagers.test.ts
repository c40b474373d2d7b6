// The connectors' pagers on the paginator base, against a scripted server: Freshdesk's
// Link lists (a link back to a page read stops the read) and Request Tracker's numbered
// pages (resume from a page, stop at the end, refuse an answer for another page).
import test from 'ava';
import type {HttpClient, HttpRequest} from '../source/contracts/http.js';
import {FreshdeskReader} from '../connectors/freshdesk/reader.js';
import {RtApi} from '../connectors/request-tracker/rest.js';

function scripted(answer: (request: HttpRequest) => {headers?: Record<string, string>; body: unknown}): HttpClient & {asked: string[]} {
  const asked: string[] = [];
  return {
    asked,
    async request<T>(request: HttpRequest) {
      const query = request.searchParams ? `?${new URLSearchParams(Object.entries(request.searchParams).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
      asked.push(`${request.url}${query}`);
      const {headers = {}, body} = answer(request);
      return {status: 200, headers, body: body as T, url: request.url};
    },
  } as HttpClient & {asked: string[]};
}

test('Freshdesk: a Link list is read to its end; a link back to a page read stops the read', async (t) => {
  const pages: Record<string, {next?: string; items: number[]}> = {
    '/api/v2/groups?per_page=2': {next: '/api/v2/groups?per_page=2&page=2', items: [1, 2]},
    '/api/v2/groups?per_page=2&page=2': {items: [3]},
  };
  const http = scripted((request) => {
    const page = pages[request.url]!;
    return {headers: page.next ? {link: `<https://acme.freshdesk.com${page.next}>; rel="next"`} : ({} as Record<string, string>), body: page.items};
  });
  t.deepEqual(await new FreshdeskReader(http, 2).all<number>('/api/v2/groups'), [1, 2, 3]);
  t.deepEqual(http.asked, ['/api/v2/groups?per_page=2', '/api/v2/groups?per_page=2&page=2']);
  pages['/api/v2/groups?per_page=2&page=2']!.next = '/api/v2/groups?per_page=2';
  await t.throwsAsync(new FreshdeskReader(http, 2).all<number>('/api/v2/groups'), {message: 'Freshdesk pagination loop: /api/v2/groups returned the same page position "/api/v2/groups?per_page=2" twice; stopping instead of reading forever.'});
});

test('Request Tracker: numbered pages from the start page to the last, and an answer for another page refused', async (t) => {
  let served = (page: number) => ({page, next_page: page < 3 ? 'more' : undefined, items: [`t${page}`]});
  const http = scripted((request) => ({body: served(Number(request.searchParams!.page))}));
  const rt = new RtApi(http, '/REST/2.0');
  const got: Array<{items: string[]; nextPage?: number}> = [];
  for await (const page of rt.pages<string>({path: '/tickets', endpoint: 'tickets'}, 2)) got.push(page);
  t.deepEqual(got, [{items: ['t2'], nextPage: 3}, {items: ['t3'], nextPage: undefined}]);
  t.deepEqual(await rt.all<string>({path: '/tickets', endpoint: 'tickets'}), ['t1', 't2', 't3']);
  // A page past the end comes back empty even with next_page: the read ends.
  served = (page) => ({page, next_page: 'more', items: page < 2 ? [`t${page}`] : []});
  t.deepEqual(await rt.all<string>({path: '/tickets', endpoint: 'tickets'}), ['t1']);
  served = () => ({page: 1, next_page: 'more', items: ['t1']});
  await t.throwsAsync(rt.all<string>({path: '/tickets', endpoint: 'tickets'}), {message: 'Request Tracker answered page 1 when page 2 was asked for /tickets'});
});
