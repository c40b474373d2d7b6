// Exactly once where a look-alike could fool a lookup, and notes that must survive another process
// finishing the record: a 5xx or a lost answer on the second of two same-named uploads to one Help
// Scout thread (the lookup must find its own file, then the target's exact attachments are compared);
// a ticket created by one process and completed by another (or updated by a second full run) still
// says what Help Scout and Freshservice could not keep; a contact ferry created whose create was
// interrupted is journalled as created, not "linked to existing target contact".
import test from 'ava';
import {helpScoutConnector} from '../connectors/helpscout/index.js';
import {startHelpScoutEmulator} from '../connectors/helpscout/emulator.js';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {startFreshserviceEmulator} from '../connectors/freshservice/emulator.js';
import type {ConnectorSettings, RunningEmulator} from '../source/contracts/connector.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Attachment, Person, Ticket} from '../source/contracts/model.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {memoryStepStore} from '../source/engine/once.js';
import {runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {startFaultProxy, type FaultKind} from './helpers/fault-proxy.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';
import {testBed} from './helpers/migration.js';

async function helpScout(t: {teardown(fn: () => unknown): void}, fault?: {kind: FaultKind; path: RegExp; skip: number}): Promise<{running: RunningEmulator; settings: ConnectorSettings; http: HttpClient}> {
  const running = await startHelpScoutEmulator({seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  let url = running.url;
  if (fault) {
    const proxy = await startFaultProxy({upstream: running.url, holdMs: 300, rules: [{method: 'POST', path: fault.path, fault: fault.kind, skip: fault.skip, times: 1}]});
    t.teardown(() => proxy.close());
    url = proxy.url;
  }
  const settings: ConnectorSettings = {baseUrl: url, authKind: 'client_credentials', credentials: {appId: running.credentials.appId!, appSecret: running.credentials.appSecret!}};
  const tokens = new Map<string, string>();
  const http = createHttpClient({
    side: 'target', platform: 'Help Scout', baseUrl: url, budget: {requestsPerMinute: Infinity}, headers: helpScoutConnector.rateLimitHeaders, authHeaders: {},
    authorizer: helpScoutConnector.authorizer!(settings, {load: (name) => tokens.get(name), save: (name, value) => void tokens.set(name, value)}),
    describeError: helpScoutConnector.describeError, maxAttempts: 2, timeoutMs: 2000,
  });
  return {running, settings, http};
}

async function helpScoutPeople(running: RunningEmulator): Promise<{agent: string; customer: string}> {
  const records = async (type: string) => (await (await fetch(`${running.url}/__emulator/records/${type}`)).json()) as Array<{id: string}>;
  return {agent: (await records('agents'))[0]!.id, customer: (await records('contacts'))[0]!.id};
}

const file = (id: string, size: number): Attachment => ({id, fileName: 'screenshot.png', contentType: 'image/png', size, url: `https://source.test/${id}`, inline: false});

function ticketWithTwins(customer: string, agent: string): Ticket {
  return {
    id: '31', subject: 'Two screenshots', status: 'open', priority: 'high', kind: 'problem', requesterId: customer, tags: [], ccEmails: [], customFields: {}, createdAt: '2020-05-01T10:00:00Z', updatedAt: '2020-05-01T12:00:00Z',
    comments: [
      {id: 'c1', authorId: customer, body: '<p>Here is what I see.</p>', public: true, createdAt: '2020-05-01T10:00:00Z', attachments: []},
      {id: 'c2', authorId: agent, body: '<p>Before and after.</p>', public: true, createdAt: '2020-05-01T11:00:00Z', attachments: [file('a1', 11), file('a2', 22)]},
    ],
  };
}

const bytesOf = async (attachment: Attachment) => Buffer.alloc(attachment.size, attachment.id);

async function attachmentsOn(running: RunningEmulator, conversationId: string): Promise<Array<{name: string; size: number}>> {
  const raw = (await (await fetch(`${running.url}/__emulator/raw/conversations`)).json()) as Array<{id: number; threadList: Array<{_embedded?: {attachments?: Array<{filename: string; size: number}>}}>}>;
  const conversation = raw.find((c) => String(c.id) === conversationId)!;
  return conversation.threadList.flatMap((thread) => thread._embedded?.attachments ?? []).map((a) => ({name: a.filename, size: a.size})).sort((a, b) => a.size - b.size);
}

for (const kind of ['error5xx', 'lostAnswer'] as const) {
  test(`a ${kind} on the second of two same-named uploads to a Help Scout thread: both files land once each`, async (t) => {
    const {running, settings, http} = await helpScout(t, {kind, path: /\/attachments$/, skip: 1});
    const {agent, customer} = await helpScoutPeople(running);
    const id = await writeRecord(helpScoutConnector.openTarget(settings, http), 'tickets', ticketWithTwins(customer, agent), testWriteContext('zendesk:tickets:31', bytesOf));
    t.deepEqual(await attachmentsOn(running, id), [{name: 'screenshot.png', size: 11}, {name: 'screenshot.png', size: 22}]);
  });
}

test('a Help Scout ticket created by one process and completed by another still says what Help Scout could not keep', async (t) => {
  const {running, settings, http} = await helpScout(t);
  const {agent, customer} = await helpScoutPeople(running);
  const steps = memoryStepStore();
  const ticket = ticketWithTwins(customer, agent);
  // The first process creates the conversation and is killed before its threads.
  const first = testWriteContext('zendesk:tickets:31', bytesOf, steps);
  await first.once('create', () => helpScoutConnector.openTarget(settings, http).create('tickets', ticket, first));
  const second = testWriteContext('zendesk:tickets:31', bytesOf, steps);
  await writeRecord(helpScoutConnector.openTarget(settings, http), 'tickets', ticket, second);
  t.true(second.notes.some((note) => /no priority/.test(note)), second.notes.join('\n'));
  t.true(second.notes.some((note) => /no type/.test(note)), second.notes.join('\n'));
});

test('a Freshservice ticket completed by another process, or updated by a second full run, still says it was written as an incident', async (t) => {
  const running = await startFreshserviceEmulator({seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const settings: ConnectorSettings = {baseUrl: running.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'target', platform: 'Freshservice', baseUrl: running.url, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2});
  const records = async (type: string) => (await (await fetch(`${running.url}/__emulator/records/${type}`)).json()) as Array<{id: string}>;
  const ticket = {...ticketWithTwins((await records('contacts'))[0]!.id, (await records('agents'))[0]!.id), priority: 'normal' as const};
  const steps = memoryStepStore();
  const first = testWriteContext('zendesk:tickets:31', bytesOf, steps);
  const id = await first.once('create', () => freshserviceConnector.openTarget(settings, http).create('tickets', ticket, first));
  const second = testWriteContext('zendesk:tickets:31', bytesOf, steps);
  await writeRecord(freshserviceConnector.openTarget(settings, http), 'tickets', ticket, second);
  t.true(second.notes.some((note) => /creates incidents only/.test(note)), second.notes.join('\n'));
  const again = testWriteContext('zendesk:tickets:31', bytesOf, steps);
  await freshserviceConnector.openTarget(settings, http).update('tickets', id, ticket, again);
  t.true(again.notes.some((note) => /creates incidents only/.test(note)), again.notes.join('\n'));
});

// A requester ferry created and whose answer was lost is found again by the exact email or phone
// it was sent with (List All Requesters' own filters), never only through Filter Requesters, which
// sees it after an indexing lag (here a minute) and only among requesters created lately.
for (const who of [{label: 'a phone-only', email: undefined, phone: '+1 555 0100'}, {label: 'an email', email: 'lost.answer@example.test', phone: undefined}]) {
  test(`${who.label} requester whose create answer was lost is created once on Freshservice`, async (t) => {
    const running = await startFreshserviceEmulator({seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}, filterLagMs: 60_000});
    t.teardown(() => running.close());
    const proxy = await startFaultProxy({upstream: running.url, holdMs: 300, rules: [{method: 'POST', path: /\/api\/v2\/requesters$/, fault: 'lostAnswer', skip: 0, times: 1}]});
    t.teardown(() => proxy.close());
    const settings: ConnectorSettings = {baseUrl: proxy.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
    const http = createHttpClient({side: 'target', platform: 'Freshservice', baseUrl: proxy.url, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2, timeoutMs: 2000});
    const person: Person = {id: '77', name: 'Lost Answer', email: who.email, phone: who.phone, role: 'end-user', active: true, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z'};
    const id = await writeRecord(freshserviceConnector.openTarget(settings, http), 'contacts', person, testWriteContext('zendesk:contacts:77'));
    const raw = (await (await fetch(`${running.url}/__emulator/raw/requesters`)).json()) as Array<{id: number; background_information: string | null}>;
    const ours = raw.filter((requester) => (requester.background_information ?? '').includes('zendesk:contacts:77'));
    t.deepEqual(ours.map((requester) => String(requester.id)), [id]);
  });
}

// Freshservice finds a requester by its marker through Filter Requesters, which sees a new
// requester only once indexed (the emulator's 2 s lag): the lookup by email finds it at once.
for (const targetPlatform of ['freshdesk', 'freshservice', 'zendesk', 'helpscout'] as const) test.serial(`a contact whose create was interrupted after it reached a ${targetPlatform} target is journalled as created by ferry, not linked`, async (t) => {
  t.timeout(120_000);
  const bed = await testBed({sourcePlatform: targetPlatform === 'zendesk' ? 'freshdesk' : 'zendesk', targetPlatform, tickets: 12});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => (plan.recordTypes = ['contacts']));
  const first = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(first.status, 'finished', first.message);
  // One ferry created and no duplicate points to (the demo account has contacts sharing an email).
  const all = bed.journal((journal) => journal.records({type: 'contacts'}));
  const created = all.find((row) => row.status === 'migrated' && !row.reason && row.targetId && all.filter((other) => other.targetId === row.targetId).length === 1)!;
  t.truthy(created, 'a contact ferry created');
  // As a kill leaves it: the create step sent, the record not settled with its target id.
  bed.journal((journal) => {
    (journal as unknown as {db: {prepare(sql: string): {run(...args: unknown[]): void}}}).db.prepare("UPDATE records SET status = 'failed', target_id = NULL, reason = 'interrupted' WHERE type = 'contacts' AND source_id = ?").run(created.sourceId);
    journal.markStep('contacts', created.sourceId, 'create', 'sent');
  });
  const resumed = await runMigration({dir: bed.dir, mode: 'full', env: bed.env, retry: [{type: 'contacts', sourceId: created.sourceId}]});
  t.is(resumed.status, 'finished', resumed.message);
  const row = bed.journal((journal: Journal) => journal.record('contacts', created.sourceId))!;
  t.is(row.status, 'migrated', row.reason ?? '');
  t.is(row.targetId, created.targetId);
  t.false(/^linked to/.test(row.reason ?? ''), row.reason ?? '');
});

// A contact create refused as a duplicate (409) after an earlier send of ours: the contact the
// target finds by that email is ferry's only if it carries this record's marker. Someone else's
// (here: the target's own contact with that address, matchExisting off) is never journalled as
// created by ferry, or undo would delete it.
test.serial('a 409 on a contact create after an earlier send: someone else\'s contact with that email is not taken for ferry\'s own (Freshdesk)', async (t) => {
  t.timeout(120_000);
  const bed = await testBed({sourcePlatform: 'zendesk', targetPlatform: 'freshdesk', tickets: 12});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => {
    plan.recordTypes = ['contacts'];
    plan.options.matchExisting = false;
  });
  const first = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(first.status, 'finished', first.message);
  const refused = bed.journal((journal) => journal.records({type: 'contacts'}).find((row) => row.status === 'failed' && /409/.test(row.reason ?? '')));
  t.truthy(refused, 'a contact whose email the target already has, refused with 409');
  const theirs = (await bed.targetRecords('contacts')).find((contact: {email?: string}) => refused!.label?.includes(`<${contact.email}>`));
  t.truthy(theirs, "the target's own contact with that email");
  // As a lost answer leaves it: the create step sent, then the retry's create meets the 409.
  bed.journal((journal) => journal.markStep('contacts', refused!.sourceId, 'create', 'sent'));
  const retried = await runMigration({dir: bed.dir, mode: 'retry', env: bed.env, retry: [{type: 'contacts', sourceId: refused!.sourceId}]});
  t.is(retried.status, 'finished', retried.message);
  const row = bed.journal((journal: Journal) => journal.record('contacts', refused!.sourceId))!;
  t.is(row.status, 'failed', `journalled ${row.status} as #${row.targetId}: ${row.reason}`);
  t.not(row.targetId, theirs!.id);
  t.is(bed.journal((journal) => journal.createdRecords().filter((created) => created.targetId === theirs!.id).length), 0, 'undo would not delete it');
});
