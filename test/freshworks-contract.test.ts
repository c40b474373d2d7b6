// One contract over both Freshworks desks (connectors/freshworks/): the same cases run against
// Freshdesk and Freshservice, each connector over its own emulator, so a difference between them is
// only one they declare (wrapper keys, endpoints, ITSM kinds). Cases: the Link-header pager, the
// error shape both read, refusals of what both refuse, a record found again by its marker after a
// lost answer, and the status and priority tables both ways.
import test from 'ava';
import type {Connector, ConnectorSettings, RunningEmulator} from '../source/contracts/connector.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Group, Ticket, TicketPriority, TicketStatus} from '../source/contracts/model.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {freshdeskConnector} from '../connectors/freshdesk/index.js';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {startFreshdeskEmulator} from '../connectors/freshdesk/emulator.js';
import {startFreshserviceEmulator} from '../connectors/freshservice/emulator.js';
import {FreshdeskReader} from '../connectors/freshdesk/reader.js';
import {FreshserviceReader} from '../connectors/freshservice/paging.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';

interface Desk {
  name: 'Freshdesk' | 'Freshservice';
  connector: Connector;
  start(seed: 'source' | 'empty'): Promise<RunningEmulator>;
  /** Declared difference: Freshservice wraps every answer in a key, Freshdesk answers it bare */
  unwrap<T>(body: unknown, key: string): T;
  /** The connector's own pager over a list */
  all<T>(http: HttpClient, perPage: number, path: string, key: string): Promise<T[]>;
}

const account = smallDemoAccount(12);
const desks: Desk[] = [
  {
    name: 'Freshdesk',
    connector: freshdeskConnector,
    start: (seed) => startFreshdeskEmulator({seed, account, rateLimit: {off: true}, searchLagSeconds: 0}),
    unwrap: <T>(body: unknown) => body as T,
    all: <T>(http: HttpClient, perPage: number, path: string) => new FreshdeskReader(http, perPage).all<T>(path),
  },
  {
    name: 'Freshservice',
    connector: freshserviceConnector,
    start: (seed) => startFreshserviceEmulator({seed, account, rateLimit: {off: true}, filterLagMs: 0}),
    unwrap: <T>(body: unknown, key: string) => (body as Record<string, T>)[key]!,
    all: <T>(http: HttpClient, perPage: number, path: string, key: string) => new FreshserviceReader(http, perPage).all<T>(path, key),
  },
];

async function open(t: {teardown(fn: () => unknown): void}, desk: Desk, seed: 'source' | 'empty', upstream?: (url: string) => Promise<string>) {
  const running = await desk.start(seed);
  t.teardown(() => running.close());
  const url = upstream ? await upstream(running.url) : running.url;
  const settings: ConnectorSettings = {baseUrl: url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'target', platform: desk.name, baseUrl: url, budget: {requestsPerMinute: Infinity}, headers: desk.connector.rateLimitHeaders, authHeaders: desk.connector.authHeaders(settings), describeError: desk.connector.describeError, maxAttempts: 2, timeoutMs: 15_000});
  const auth = {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`};
  const call = async (method: string, path: string, body?: unknown, key = auth) => {
    const response = await fetch(`${running.url}${path}`, {method, headers: {...key, 'content-type': 'application/json'}, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await response.text();
    return {status: response.status, link: response.headers.get('link'), body: text ? (JSON.parse(text) as any) : undefined};
  };
  return {running, settings, http, call};
}

for (const desk of desks) {
  test(`${desk.name}: the Link pager reads every page and stops where the link header stops`, async (t) => {
    const {http, call} = await open(t, desk, 'source');
    const whole = desk.unwrap<Array<{id: number}>>((await call('GET', '/api/v2/groups?per_page=100')).body, 'groups');
    t.true(whole.length > 2, `${whole.length} groups`);
    const first = await call('GET', '/api/v2/groups?per_page=2');
    t.regex(first.link ?? '', /[?&]page=2\b.*rel="next"/);
    const last = await call('GET', `/api/v2/groups?per_page=2&page=${Math.ceil(whole.length / 2)}`);
    t.is(last.link, null, 'no link on the last page');
    const paged = await desk.all<{id: number}>(http, 2, '/api/v2/groups', 'groups');
    t.deepEqual(paged.map((group) => group.id), whole.map((group) => group.id));
  });

  test(`${desk.name}: refusals in Freshworks' error shape, read the same way by the connector`, async (t) => {
    const {call} = await open(t, desk, 'source');
    const unknownField = await call('POST', '/api/v2/groups', {name: 'Contract group', bogus: 1});
    t.is(unknownField.status, 400);
    t.like(unknownField.body, {description: 'Validation failed'});
    t.deepEqual(unknownField.body.errors.map((error: {field: string; code: string}) => [error.field, error.code]), [['bogus', 'invalid_field']]);
    t.is(desk.connector.describeError!(400, unknownField.body), 'Validation failed: bogus: Unexpected/invalid field in request');
    const unknownParam = await call('GET', '/api/v2/groups?bogus=1');
    t.is(unknownParam.status, 400);
    t.is(unknownParam.body.errors[0].code, 'invalid_field');
    for (const [query, field] of [['per_page=101', 'per_page'], ['page=0', 'page']] as const) {
      const refused = await call('GET', `/api/v2/groups?${query}`);
      t.is(refused.status, 400, query);
      t.deepEqual([refused.body.errors[0].field, refused.body.errors[0].code], [field, 'invalid_value'], query);
    }
    const unauthorized = await call('GET', '/api/v2/groups', undefined, {authorization: `Basic ${Buffer.from('wrong-key:X').toString('base64')}`});
    t.is(unauthorized.status, 401);
    t.truthy(unauthorized.body.code);
    t.is(desk.connector.describeError!(401, unauthorized.body), `${unauthorized.body.message} (${unauthorized.body.code})`);
  });

  test(`${desk.name}: a group whose create answer was lost is found again by its marker, and exists once`, async (t) => {
    let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
    const {http, settings, call} = await open(t, desk, 'empty', async (upstream) => {
      proxy = await startFaultProxy({upstream, rules: [{method: 'POST', path: /^\/api\/v2\/groups$/, fault: 'lostAnswer', times: 1}]});
      return proxy.url;
    });
    t.teardown(() => proxy?.close());
    const target = desk.connector.openTarget(settings, http);
    const group: Group = {id: 'g1', name: 'Contract Escalations', description: 'Second line', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'};
    const id = await writeRecord(target, 'groups', group, testWriteContext('zendesk:groups:g1'));
    t.is(proxy!.injected.lostAnswer, 1);
    const named = desk.unwrap<Array<{id: number; name: string}>>((await call('GET', '/api/v2/groups?per_page=100')).body, 'groups').filter((one) => one.name === group.name);
    t.deepEqual(named.map((one) => String(one.id)), [id], 'one group, the one journalled');
    t.is(await target.findByMarker('groups', 'zendesk:groups:g1'), id);
  });

  test(`${desk.name}: statuses and priorities by the one table, both ways`, async (t) => {
    const {http, settings, call} = await open(t, desk, 'source');
    const source = desk.connector.openSource(settings, http);
    const fromNative: Record<number, TicketStatus> = {2: 'open', 3: 'pending', 4: 'solved', 5: 'closed'};
    const priorityFromNative: Record<number, TicketPriority> = {1: 'low', 2: 'normal', 3: 'high', 4: 'urgent'};
    const seen = new Set<string>();
    for await (const page of source.read('tickets', {filter: {}})) {
      for (const ticket of page.records as Ticket[]) {
        if (!/^\d+$/.test(ticket.id)) continue; // Freshservice's problems and changes have their own statuses
        const native = desk.unwrap<{status: number; priority: number}>((await call('GET', `/api/v2/tickets/${ticket.id}`)).body, 'ticket');
        t.is(ticket.status, fromNative[native.status] ?? 'hold', `ticket ${ticket.id} status ${native.status}`);
        t.is(ticket.priority, priorityFromNative[native.priority], `ticket ${ticket.id} priority ${native.priority}`);
        seen.add(ticket.status);
      }
    }
    t.true(seen.size >= 3, `statuses read: ${[...seen].join(', ')}`);
    // Writing (an empty account: the seeded one has a field required at closure): each neutral status
    // lands as the table's native one (new and hold have no own status).
    const empty = await open(t, desk, 'empty');
    const target = desk.connector.openTarget(empty.settings, empty.http);
    const requester = await target.create('contacts', {id: 'p1', name: 'Table Tester', email: 'table.tester@example.com', role: 'end-user', active: true, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'}, testWriteContext('zendesk:contacts:p1'));
    const toNative: Array<[TicketStatus, TicketPriority, number, number]> = [['new', 'low', 2, 1], ['pending', 'normal', 3, 2], ['hold', 'high', 3, 3], ['solved', 'urgent', 4, 4], ['closed', 'high', 5, 3]];
    for (const [status, priority, nativeStatus, nativePriority] of toNative) {
      const ticket: Ticket = {id: `t-${status}`, subject: `Table ${status}`, status, priority, kind: 'incident', requesterId: requester, tags: [], ccEmails: [], customFields: {}, comments: [{id: `c-${status}`, authorId: requester, body: '<p>Hello</p>', public: true, createdAt: '2024-01-01T00:00:00Z', attachments: []}], createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'};
      const id = await writeRecord(target, 'tickets', ticket, testWriteContext(`zendesk:tickets:t-${status}`));
      const native = desk.unwrap<{status: number; priority: number}>((await empty.call('GET', `/api/v2/tickets/${id}`)).body, 'ticket');
      t.deepEqual([native.status, native.priority], [nativeStatus, nativePriority], `${status}/${priority}`);
    }
  });
}
