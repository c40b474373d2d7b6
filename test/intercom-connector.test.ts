// The Intercom connector against its emulator, piece by piece: the notes the Fields screen predicts
// (previewTicket) are the notes the writer journals; a cursor handed back twice stops the read; the
// workspace's 10-second limit becomes a per-minute one; the emulator's rate limit answers 429 with
// Intercom's headers and Error List.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {allConnectors, emulatedPlatforms, findConnector, startEmulator} from '../source/app/registry.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {platformLimitations} from '../source/engine/outcomes.js';
import {defaultPlan} from '../source/plan/plan.js';
import {estimate} from '../source/estimate/estimator.js';
import {input} from './estimator-fixtures.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {IntercomReader} from '../connectors/intercom/reader.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Ticket} from '../source/contracts/model.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';
import {smallDemoAccount} from '../demo-data/generate.js';

async function target(t: {teardown(fn: () => unknown): void}, ticketType?: string) {
  const emulator = await startEmulator('intercom', {seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const connector = findConnector('intercom')!;
  const settings: ConnectorSettings = {baseUrl: emulator.url, authKind: emulator.authKind, credentials: {...emulator.credentials, ...(ticketType ? {ticketType} : {})}};
  const http = createHttpClient({side: 'target', platform: 'intercom', baseUrl: emulator.url, budget: {requestsPerMinute: Infinity}, headers: connector.rateLimitHeaders, authHeaders: connector.authHeaders(settings), describeError: connector.describeError, maxAttempts: 2});
  return {emulator, connector, http, session: connector.openTarget(settings, http)};
}

test('the writer notes exactly what previewTicket predicts (status, the first message\'s files, a contact\'s private note, a field not on the target)', async (t) => {
  const {emulator, connector, session} = await target(t);
  const agents = await session.list('agents');
  const ticketFields = await session.list('ticket_fields');
  const post = async (path: string, json: unknown) => (await (await fetch(`${emulator.url}${path}`, {method: 'POST', headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json'}, body: JSON.stringify(json)})).json()) as {id: string};
  const contact = await post('/contacts', {email: 'carla@customer.test', name: 'Carla'});
  const at = (hour: number) => `2024-01-02T0${hour}:04:05Z`;
  const file = {id: 'f1', fileName: 'first.bin', contentType: 'application/octet-stream', size: 10, url: 'https://source.invalid/f1', inline: false};
  const ticket: Ticket = {
    id: '900', subject: 'Every write-time decision', status: 'hold', priority: 'urgent', kind: 'task', requesterId: contact.id, tags: ['vip'], ccEmails: ['cc@x.test'], customFields: {'999999': 'no such field'}, createdAt: at(3), updatedAt: at(5),
    comments: [
      {id: '1', authorId: contact.id, body: '<p>Hello</p>', public: true, createdAt: at(3), attachments: [file]},
      {id: '2', authorId: agents[0]!.id, body: '<p>Hi</p>', public: true, createdAt: at(4), attachments: []},
      {id: '3', authorId: contact.id, authorLabel: 'Carla <carla@customer.test>', body: '<p>Private</p>', public: false, createdAt: at(5), attachments: []},
    ],
  };
  const predicted = connector.previewTicket!(ticket, {ticketFields, userIds: agents.map((agent) => agent.id)});
  const context = testWriteContext('zendesk:tickets:900', async (attachment) => Buffer.alloc(attachment.size, 1));
  await writeRecord(session, 'tickets', ticket, context);
  t.deepEqual(context.notes, predicted);
  t.is(predicted.length, 4, predicted.join('\n'));
  for (const pattern of [/no "hold" status/, /1 attachment\(s\) of the first message/, /^comment 3: a private note by Carla/, /Custom field 999999 is not a conversation data attribute/])
    t.true(predicted.some((note) => pattern.test(note)), `${pattern}`);
  // Priority, type and CC are said once, as the target's limitations, never per record.
  t.false(predicted.some((note) => /priority|type|CC/.test(note)));
  t.true(connector.limits.neverKeeps!.some((line) => /priorities/.test(line)));
});

test('with a ticket type set, the session\'s ticketNotes (what the Fields preview uses) are exactly what the ticket writer notes, not the conversation\'s', async (t) => {
  // "Task" is the emulator's back-office type: a contact's reply there is written as a note.
  const {emulator, connector, session} = await target(t, 'Task');
  const agents = await session.list('agents');
  const ticketFields = await session.list('ticket_fields');
  const post = async (path: string, json: unknown) => (await (await fetch(`${emulator.url}${path}`, {method: 'POST', headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json'}, body: JSON.stringify(json)})).json()) as {id: string};
  const contact = await post('/contacts', {email: 'dora@customer.test', name: 'Dora'});
  const at = (hour: number) => `2024-01-02T0${hour}:04:05Z`;
  const file = {id: 'f1', fileName: 'first.bin', contentType: 'application/octet-stream', size: 10, url: 'https://source.invalid/f1', inline: false};
  const ticket: Ticket = {
    id: '901', subject: 'As a ticket', status: 'hold', priority: 'normal', kind: 'task', requesterId: contact.id, tags: [], ccEmails: [], customFields: {}, createdAt: at(3), updatedAt: at(6),
    comments: [
      {id: '1', authorId: contact.id, body: '<p>Hello</p>', public: true, createdAt: at(3), attachments: [file]},
      {id: '2', authorId: agents[0]!.id, body: '<p>Hi</p>', public: true, createdAt: at(4), attachments: []},
      {id: '3', authorId: contact.id, authorLabel: 'Dora <dora@customer.test>', body: '<p>Private</p>', public: false, createdAt: at(5), attachments: []},
      {id: '4', authorId: contact.id, authorLabel: 'Dora <dora@customer.test>', body: '<p>Thanks</p>', public: true, createdAt: at(6), attachments: []},
    ],
  };
  const catalog = {ticketFields, userIds: agents.map((agent) => agent.id)};
  const predicted = (await session.ticketNotes!())(ticket, catalog);
  const context = testWriteContext('zendesk:tickets:901', async (attachment) => Buffer.alloc(attachment.size, 1));
  const id = await writeRecord(session, 'tickets', ticket, context);
  t.regex(String(id), /^ticket-/, 'written as an Intercom ticket');
  t.deepEqual(context.notes, predicted);
  for (const pattern of [/tickets have no "hold" state: written as in progress/, /1 attachment\(s\) were left out/, /^comment 3: a private note by Dora/, /^comment 4: Intercom refuses a contact's reply on a Back-office ticket/])
    t.true(predicted.some((note) => pattern.test(note)), `${pattern}: ${predicted.join(' | ')}`);
  // The connector's own preview cannot see the setting: it predicts the conversation's notes, which this run does not write.
  t.notDeepEqual(connector.previewTicket!(ticket, catalog), predicted);
  // Without the setting, the session's notes are the connector's.
  const plain = await target(t);
  t.deepEqual((await plain.session.ticketNotes!())(ticket, catalog), connector.previewTicket!(ticket, catalog));
});

test('a cursor handed back twice stops the read instead of reading forever', async (t) => {
  let calls = 0;
  const http: HttpClient = {
    async request<T>() {
      calls++;
      return {status: 200, headers: {}, url: '', body: {type: 'list', data: [{id: String(calls)}], pages: {type: 'pages', next: {starting_after: 'same'}}} as T};
    },
  };
  const reader = new IntercomReader(http);
  await t.throwsAsync(reader.all(reader.cursorPages({url: '/contacts', what: 'contacts', perPage: 150})), {message: /Intercom pagination loop/});
  t.true(calls <= 3);
});

test('the emulator spreads the limit over 10-second windows: X-RateLimit-* on every answer, 429 rate_limit_exceeded beyond, none without credentials', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 12}});
  t.teardown(() => emulator.close());
  const get = () => fetch(`${emulator.url}/admins`, {headers: {authorization: `Bearer ${emulator.credentials.accessToken}`}});
  const answers: Response[] = [];
  // Two a window: a third request in the same window is refused (the window may turn between requests, so up to 5 are sent).
  for (let i = 0; i < 5 && !answers.some((answer) => answer.status === 429); i++) answers.push(await get());
  const refused = answers.find((answer) => answer.status === 429)!;
  t.truthy(refused);
  t.is(refused.headers.get('x-ratelimit-limit'), '2');
  t.is(refused.headers.get('x-ratelimit-remaining'), '0');
  t.true(Number(refused.headers.get('x-ratelimit-reset')) * 1000 > Date.now() - 1000);
  t.deepEqual(((await refused.json()) as {errors: Array<{code: string}>}).errors.map((error) => error.code), ['rate_limit_exceeded']);
  t.is(answers[0]!.headers.get('x-ratelimit-limit'), '2');
  const unauthenticated = await fetch(`${emulator.url}/admins`);
  t.is(unauthenticated.status, 401);
  t.is(unauthenticated.headers.get('x-ratelimit-limit'), null, 'not sent without valid credentials');
});

test('Intercom is offered on both sides, and its Prepare checklist items and limitations are gathered for a plan that names it', (t) => {
  const connector = findConnector('intercom')!;
  t.deepEqual(connector.roles, ['source', 'target']);
  t.true(allConnectors().filter((c) => c.roles.includes('source')).some((c) => c.id === 'intercom'), 'Connect lists it as a source');
  t.true(emulatedPlatforms().includes('intercom'), 'the demo and `ferry emulate` can run it');
  const endpoint = (platform: string) => ({platform, url: 'http://x', tier: 'app', authKind: 'token', credentials: {}});
  const asTarget = buildChecklist(defaultPlan(endpoint('zendesk'), endpoint('intercom')), {}, {});
  for (const id of ['target-workflows-off', 'target-teammates-invited', 'target-marker-ids', 'target-token-scopes']) t.true(asTarget.some((item) => item.id === id), id);
  t.deepEqual(asTarget.filter((item) => item.id.startsWith('target-limitation-')).map((item) => item.text), platformLimitations(connector).map((text) => `Known limitation, not counted as warnings: ${text}`));
  const asSource = buildChecklist(defaultPlan(endpoint('intercom'), endpoint('zendesk')), {}, {});
  t.true(asSource.some((item) => item.id === 'source-teams' && /teams/.test(item.text)));
  t.true(asSource.some((item) => item.id === 'source-token-scopes'));
});

test('the estimator prices an Intercom side from the connector\'s own budget and calls per record', (t) => {
  const connector = findConnector('intercom')!;
  const side = (tier: string) => ({platform: 'intercom', label: 'Intercom', tier, tiers: connector.tiers, readCosts: connector.readCosts, writeCosts: connector.writeCosts});
  const asTarget = estimate(input({target: side('app')}));
  const tickets = asTarget.types.find((type) => type.type === 'tickets')!;
  // 100 tickets of 3 comments and 0.5 files: 3 calls a ticket, 1 a later comment, half a call a file.
  t.is(tickets.calls.target, 100 * 3 + 200 * 1 + 50 * 0.5);
  const asSource = estimate(input({source: side('shared-workspace')}));
  // One list page of 150, one retrieve per conversation, one download per file (and the count).
  t.is(asSource.types.find((type) => type.type === 'tickets')!.calls.source, 1 + 1 + 100 + 50);
  t.is(connector.tiers['shared-workspace']!.requestsPerMinute, 5000);
  t.is(connector.tiers.app!.requestsPerMinute, 10_000);
});

test('the emulator keeps its workspace in a state file: restarted, it holds what was written and answers the same token', async (t) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ferry-ic-state-')), 'intercom.json');
  const first = await startIntercomEmulator({seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}, stateFile: file});
  t.false(first.restored);
  const created = (await (await fetch(`${first.url}/contacts`, {method: 'POST', headers: {authorization: `Bearer ${first.credentials.accessToken}`, 'content-type': 'application/json'}, body: JSON.stringify({email: 'kept@state.test', external_id: 'zendesk:contacts:1'})})).json()) as {id: string};
  await first.close();
  const second = await startIntercomEmulator({seed: 'target', rateLimit: {off: true}, stateFile: file});
  t.teardown(() => second.close());
  t.true(second.restored);
  t.is(second.credentials.accessToken, first.credentials.accessToken);
  const again = await fetch(`${second.url}/contacts/${created.id}`, {headers: {authorization: `Bearer ${second.credentials.accessToken}`}});
  t.is(((await again.json()) as {external_id: string}).external_id, 'zendesk:contacts:1');
});

test('the emulator takes a contact\'s or company\'s custom_attributes only by the names of that model\'s data attributes', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'empty', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const call = async (method: string, path: string, json: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {method, headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json', 'intercom-version': '2.11'}, body: JSON.stringify(json)});
    return {status: response.status, body: (await response.json()) as {errors?: Array<{code: string; message: string}>; id?: string}};
  };
  const refused = await call('POST', '/contacts', {role: 'user', email: 'a@x.test', custom_attributes: {tier: 'Gold'}});
  t.is(refused.status, 400);
  t.deepEqual(refused.body.errors?.map((error) => error.message), ["Custom attribute 'tier' does not exist"]);
  t.is((await call('POST', '/data_attributes', {name: 'tier', model: 'contact', data_type: 'string'})).status, 200);
  t.is((await call('POST', '/contacts', {role: 'user', email: 'a@x.test', custom_attributes: {tier: 'Gold'}})).status, 200);
  t.is((await call('POST', '/companies', {company_id: 'c1', name: 'Acme', custom_attributes: {tier: 'Gold'}})).status, 400, 'a contact attribute is not a company one');
});
