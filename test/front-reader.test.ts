// Front's pager on the paginator base, against a scripted server: `_pagination.next` links followed by
// their page_token to the end, a resumed read starting at a saved token, a token handed back twice
// stopping the read, and the source session's resume cursor naming the next token.
import test from 'ava';
import type {HttpClient, HttpRequest} from '../source/contracts/http.js';
import {FrontReader, withQuery} from '../connectors/front/reader.js';
import {frontConnector} from '../connectors/front/index.js';

function scripted(pages: Record<string, {next?: string; items: unknown[]}>): HttpClient & {asked: string[]} {
  const asked: string[] = [];
  return {
    asked,
    async request<T>(request: HttpRequest) {
      const url = new URL(request.url, 'https://api2.frontapp.com');
      asked.push(`${url.pathname}${url.search}`);
      const page = pages[url.searchParams.get('page_token') ?? 'first'];
      if (!page) throw new Error(`no page for ${request.url}`);
      return {status: 200, headers: {}, body: {_pagination: {next: page.next ? `https://acme.api.frontapp.com${url.pathname}?limit=100&page_token=${page.next}` : null}, _results: page.items} as T, url: request.url};
    },
  } as HttpClient & {asked: string[]};
}

test('a list is read to its end by page_token, and a resumed read starts at its token', async (t) => {
  const http = scripted({first: {next: 'b', items: [1, 2]}, b: {next: 'c', items: [3]}, c: {items: [4]}});
  t.deepEqual(await new FrontReader(http).all<number>('/tags'), [1, 2, 3, 4]);
  t.deepEqual(http.asked, ['/tags?limit=100', '/tags?limit=100&page_token=b', '/tags?limit=100&page_token=c']);
  const resumed: number[] = [];
  for await (const page of new FrontReader(http).pages<number>('/tags', {}, {}, 'c')) resumed.push(...page.items);
  t.deepEqual(resumed, [4]);
});

test('a page_token handed back twice stops the read instead of reading forever', async (t) => {
  const http = scripted({first: {next: 'b', items: [1]}, b: {next: 'b', items: [2]}});
  await t.throwsAsync(new FrontReader(http).all<number>('/accounts'), {message: /Front pagination loop: \/accounts returned the same page position "b" twice/});
});

test('the query object repeats its keys (q[statuses][]), built into the path', (t) => {
  t.is(decodeURIComponent(withQuery('/conversations', {limit: 100, page_token: undefined}, {statuses: ['assigned', 'archived'], updated_after: undefined})), '/conversations?limit=100&q[statuses][]=assigned&q[statuses][]=archived');
});

test("the source's resume cursor is the next page's token; none after the last page", async (t) => {
  const conversation = (id: string) => ({id, subject: id, status: 'archived', assignee: null, recipient: null, tags: [], custom_fields: {}, created_at: 1_700_000_000, updated_at: 1_700_000_000});
  const base = scripted({first: {next: 'p2', items: [conversation('cnv_1')]}, p2: {items: [conversation('cnv_2')]}});
  const http: HttpClient = {
    async request<T>(request: HttpRequest) {
      const path = new URL(request.url, 'https://api2.frontapp.com').pathname;
      if (path === '/conversations') return base.request<T>(request);
      return {status: 200, headers: {}, body: {_pagination: {next: null}, _results: []} as T, url: request.url};
    },
  };
  const source = frontConnector.openSource({baseUrl: 'https://api2.frontapp.com', authKind: 'token', credentials: {apiToken: 'x'}}, http);
  const cursors: Array<string | undefined> = [];
  for await (const page of source.read('tickets', {filter: {}})) cursors.push(page.cursor);
  t.deepEqual(cursors, [JSON.stringify({token: 'p2'}), undefined]);
  t.true(base.asked.every((asked) => asked.includes('q%5Bstatuses%5D%5B%5D=archived')), 'archived conversations are asked for');
});
