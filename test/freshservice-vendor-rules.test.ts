// What Freshservice's API v2 documents, both ways (docs/platforms/freshservice.md): Filter queries
// grouped with parentheses; Filter Requesters' 30 a page, 40 pages and indexing lag, and the plain
// `email` filter ferry finds a requester with instead; requesters and agents "always sorted by the
// first name", so their lists are never resumed from a page cursor; created resources with Location.
import test from 'ava';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {openFreshserviceSource} from '../connectors/freshservice/source-session.js';
import {startFreshserviceEmulator} from '../connectors/freshservice/emulator.js';
import {parseQuery} from '../connectors/freshservice/emulator-context.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Person} from '../source/contracts/model.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {testWriteContext} from './helpers/write-context.js';

test('a Filter query groups with parentheses: "(A OR B) AND C" is not "A OR (B AND C)"', (t) => {
  const test = parseQuery(`"(priority:1 OR priority:2) AND status:2"`, () => 'value');
  if (typeof test !== 'function') return t.fail(JSON.stringify(test));
  t.false(test({priority: 1, status: 3}));
  t.true(test({priority: 2, status: 2}));
  const plain = parseQuery(`"priority:1 OR priority:2 AND status:2"`, () => 'value');
  if (typeof plain !== 'function') return t.fail(JSON.stringify(plain));
  t.true(plain({priority: 1, status: 3}), 'AND binds tighter than OR');
  const unbalanced = parseQuery(`"(priority:1 OR priority:2 AND status:2"`, () => 'value');
  t.is(typeof unbalanced, 'object');
});

async function emulator(t: {teardown(fn: () => unknown): void}) {
  const running = await startFreshserviceEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}, filterLagMs: 60_000});
  t.teardown(() => running.close());
  const settings: ConnectorSettings = {baseUrl: running.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'target', platform: 'Freshservice', baseUrl: running.url, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2});
  const auth = {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`};
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, {method, headers: {...auth, 'content-type': 'application/json'}, body: body === undefined ? undefined : JSON.stringify(body)});
    return {status: response.status, headers: response.headers, body: (await response.json()) as any};
  };
  return {running, settings, http, call};
}

test('Filter Requesters answers 30 a page and pages 1 to 40, after indexing; the plain email filter and ferry find a new requester at once', async (t) => {
  const {settings, http, call} = await emulator(t);
  const filtered = await call('GET', `/api/v2/requesters?query=${encodeURIComponent(`"created_at:>'2000-01-01'"`)}&per_page=100`);
  t.is(filtered.status, 200);
  t.true(filtered.body.requesters.length <= 30, `${filtered.body.requesters.length} on a page`);
  t.is((await call('GET', `/api/v2/requesters?query=${encodeURIComponent(`"created_at:>'2000-01-01'"`)}&page=41`)).status, 400);
  const person: Person = {id: '77', name: 'Zed Newcomer', email: 'zed.newcomer@example.com', role: 'end-user', active: true, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z'};
  const target = freshserviceConnector.openTarget(settings, http);
  const id = await target.create('contacts', person, testWriteContext('zendesk:contacts:77'));
  const byQuery = await call('GET', `/api/v2/requesters?query=${encodeURIComponent(`"primary_email:'zed.newcomer@example.com'"`)}`);
  t.deepEqual(byQuery.body.requesters, [], 'not indexed yet');
  t.is((await call('GET', '/api/v2/requesters?email=zed.newcomer@example.com')).body.requesters[0].id, Number(id));
  t.is(await target.findExisting('contacts', {email: 'zed.newcomer@example.com'}), id);
});

test('requesters and agents come sorted by first name, and their pages are never resumed from a cursor', async (t) => {
  const {settings, http, call} = await emulator(t);
  const names = (await call('GET', '/api/v2/requesters?per_page=100')).body.requesters.map((r: {first_name: string}) => r.first_name ?? '');
  t.deepEqual(names, [...names].sort((a: string, b: string) => a.localeCompare(b)));
  const agents = (await call('GET', '/api/v2/agents?per_page=100')).body.agents.map((r: {first_name: string}) => r.first_name ?? '');
  t.deepEqual(agents, [...agents].sort((a: string, b: string) => a.localeCompare(b)));
  const source = openFreshserviceSource(settings, http, {perPage: 5});
  const cursors: Array<string | undefined> = [];
  for await (const page of source.read('contacts', {filter: {}})) cursors.push(page.cursor);
  t.true(cursors.length > 2);
  t.is(cursors.at(-1), undefined, 'the last page ends the list');
  t.true(cursors.slice(0, -1).every((cursor) => cursor === cursors[0] && !/[?&]page=/.test(cursor ?? '')), cursors.join(' | '));
});

test('a created ticket is answered 201 with its address in Location', async (t) => {
  const {call} = await emulator(t);
  const requester = (await call('GET', '/api/v2/requesters')).body.requesters[0];
  const created = await call('POST', '/api/v2/tickets', {subject: 'Printer', description: '<p>on fire</p>', requester_id: requester.id, status: 2, priority: 1, source: 2});
  t.is(created.status, 201, JSON.stringify(created.body));
  t.regex(created.headers.get('location') ?? '', new RegExp(`/api/v2/tickets/${created.body.ticket.id}$`));
});

test('a ticket list with include=stats embeds them and costs 3 credits; an attachment downloads with the API key from /api/v2/attachments/[id]', async (t) => {
  const running = await startFreshserviceEmulator({seed: 'source', account: smallDemoAccount(12)});
  t.teardown(() => running.close());
  const auth = {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`};
  const get = (path: string) => fetch(`${running.url}${path}`, {headers: auth});
  const listed = await get('/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&include=stats');
  t.is(listed.headers.get('x-ratelimit-used-currentrequest'), '3');
  const tickets = ((await listed.json()) as {tickets: Array<{id: number; stats?: object}>}).tickets;
  t.truthy(tickets[0]?.stats);
  t.is((await get('/api/v2/tickets?updated_since=2000-01-01T00:00:00Z')).headers.get('x-ratelimit-used-currentrequest'), '1');
  let attachment: {id: number; size: number} | undefined;
  for (const ticket of tickets) {
    attachment ??= ((await (await get(`/api/v2/tickets/${ticket.id}`)).json()) as {ticket: {attachments: Array<{id: number; size: number}>}}).ticket.attachments[0];
    if (attachment) break;
  }
  if (!attachment) return t.fail('the demo account has attachments');
  const file = await get(`/api/v2/attachments/${attachment.id}`);
  t.is(file.status, 200);
  t.is((await file.arrayBuffer()).byteLength, attachment.size);
  t.is((await get('/api/v2/attachments/999999999')).status, 404);
});

test('the source downloads an attachment as documented, GET /api/v2/attachments/[id] with the API key; one without an id falls back to its attachment_url', async (t) => {
  const {settings, http, call} = await emulator(t);
  const storageCalls: string[] = [];
  const plainFetch = ((url: string, init: RequestInit) => {
    storageCalls.push(url);
    return fetch(url, init);
  }) as typeof fetch;
  const source = openFreshserviceSource(settings, http, {fetch: plainFetch});
  const listed = (await call('GET', '/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100')).body.tickets as Array<{id: number}>;
  let attachment: {id: number; name: string; content_type: string; size: number; attachment_url: string} | undefined;
  for (const ticket of listed) {
    attachment = (await call('GET', `/api/v2/tickets/${ticket.id}`)).body.ticket.attachments[0];
    if (attachment) break;
  }
  if (!attachment) return t.fail('the demo account has attachments');
  const expected = Buffer.from(await (await fetch(attachment.attachment_url)).arrayBuffer());
  const neutral = {id: String(attachment.id), fileName: attachment.name, contentType: attachment.content_type, size: attachment.size, url: attachment.attachment_url, inline: false};
  t.deepEqual(await source.download(neutral), expected);
  t.deepEqual(storageCalls, [], 'the documented route, not the storage link');
  t.deepEqual(await source.download({...neutral, id: `${listed[0]!.id}-description-0`}), expected);
  t.deepEqual(storageCalls, [attachment.attachment_url], 'no id: the storage link, without the key');
});

test('a storage download whose connection is closed under it (a reused keep-alive socket) is tried again, not failed', async (t) => {
  const {settings, http, call} = await emulator(t);
  let calls = 0;
  const flakyFetch = ((url: string, init: RequestInit) => {
    calls++;
    if (calls === 1) return Promise.reject(new TypeError('fetch failed'));
    return fetch(url, init);
  }) as typeof fetch;
  const source = openFreshserviceSource(settings, http, {fetch: flakyFetch});
  const listed = (await call('GET', '/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100')).body.tickets as Array<{id: number}>;
  let attachment: {id: number; name: string; content_type: string; size: number; attachment_url: string} | undefined;
  for (const ticket of listed) {
    attachment = (await call('GET', `/api/v2/tickets/${ticket.id}`)).body.ticket.attachments[0];
    if (attachment) break;
  }
  if (!attachment) return t.fail('the demo account has attachments');
  const expected = Buffer.from(await (await fetch(attachment.attachment_url)).arrayBuffer());
  // No id: the storage link is the only way, and its first attempt is cut.
  t.deepEqual(await source.download({id: `${listed[0]!.id}-description-0`, fileName: attachment.name, contentType: attachment.content_type, size: attachment.size, url: attachment.attachment_url, inline: false}), expected);
  t.is(calls, 2);
});

test('a second requester with a taken email is a conflict, never a requester ferry created: as 409 and as 400 duplicate_value', async (t) => {
  const {running, settings, call} = await emulator(t);
  t.is((await call('POST', '/api/v2/requesters', {first_name: 'Already', last_name: 'There', primary_email: 'already.there@example.com'})).status, 201);
  // Which of the two Freshservice answers is not documented: a proxy turns the emulator's 409 into the 400 form.
  const {createServer} = await import('node:http');
  const proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${running.url}${request.url}`, {method: request.method, headers: {authorization: request.headers.authorization ?? '', 'content-type': 'application/json'}, body: chunks.length ? Buffer.concat(chunks) : undefined});
    const body = await upstream.text();
    response.writeHead(upstream.status === 409 ? 400 : upstream.status, {'content-type': 'application/json'});
    response.end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => proxy.close());
  const proxied = `http://127.0.0.1:${(proxy.address() as {port: number}).port}`;
  const person: Person = {id: '78', name: 'Already There', email: 'already.there@example.com', role: 'end-user', active: true, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z'};
  for (const baseUrl of [running.url, proxied]) {
    const http = createHttpClient({side: 'target', platform: 'Freshservice', baseUrl, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2});
    const target = freshserviceConnector.openTarget({...settings, baseUrl}, http);
    const error = await t.throwsAsync(target.create('contacts', person, testWriteContext('zendesk:contacts:78')));
    t.is((error as {status?: number}).status, 409, baseUrl === proxied ? 'the 400 form' : 'the 409 form');
  }
});
