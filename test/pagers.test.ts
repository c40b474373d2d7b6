// The connectors' pagers on the paginator base, against a scripted server: Freshdesk's
// Link lists (a link back to a page read stops the read) and Request Tracker's numbered
// pages (resume from a page, stop at the end, refuse an answer for another page).
import test from 'ava';
import type {HttpClient, HttpRequest} from '../source/contracts/http.js';
import {FreshdeskReader} from '../connectors/freshdesk/reader.js';
import {RtApi} from '../connectors/request-tracker/rest.js';
import {FreshserviceReader} from '../connectors/freshservice/paging.js';
import {HelpScoutReader} from '../connectors/helpscout/reader.js';

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

test('Freshservice: a link list is read to its end; a link back to a page read stops the read', async (t) => {
  const pages: Record<string, {next?: string; items: number[]}> = {
    '/api/v2/groups?per_page=2': {next: '/api/v2/groups?per_page=2&page=2', items: [1, 2]},
    '/api/v2/groups?per_page=2&page=2': {items: [3]},
  };
  const http = scripted((request) => {
    const page = pages[request.url]!;
    return {headers: page.next ? {link: `<https://acme.freshservice.com${page.next}>; rel="next"`} : ({} as Record<string, string>), body: {groups: page.items}};
  });
  t.deepEqual(await new FreshserviceReader(http, 2).all<number>('/api/v2/groups', 'groups'), [1, 2, 3]);
  pages['/api/v2/groups?per_page=2&page=2']!.next = '/api/v2/groups?per_page=2';
  await t.throwsAsync(new FreshserviceReader(http, 2).all<number>('/api/v2/groups', 'groups'), {message: /Freshservice pagination loop: \/api\/v2\/groups returned the same page position/});
});

test('Help Scout: HAL pages to the last; a server that keeps answering the same page number stops the read', async (t) => {
  let total = 3;
  let stuck = false;
  const http = scripted((request) => {
    const asked = Number(request.searchParams!.page);
    const number = stuck ? 1 : asked;
    return {body: {_embedded: {users: [`u${number}`]}, page: {size: 1, totalElements: total, totalPages: total, number}}};
  });
  const reader = new HelpScoutReader(http, 'https://api.helpscout.net');
  t.deepEqual(await reader.all<string>('/v2/users', 'users'), ['u1', 'u2', 'u3']);
  stuck = true;
  total = 5;
  await t.throwsAsync(reader.all<string>('/v2/users', 'users'), {message: /Help Scout pagination loop/});
});
