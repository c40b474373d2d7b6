// The Freshdesk connector against its emulator over loopback, with the real HttpClient.
import test from 'ava';
import {memoryStepStore, type StepStore} from '../source/engine/once.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';
import {createHash} from 'node:crypto';
import {freshdeskConnector} from '../connectors/freshdesk/index.js';
import {startFreshdeskEmulator} from '../connectors/freshdesk/emulator.js';
import {openFreshdeskSource} from '../connectors/freshdesk/source-session.js';
import type {ApiBudget, ConnectorSettings, Page, RunningEmulator, SourceSession, WriteContext} from '../source/contracts/connector.js';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpClient} from '../source/contracts/http.js';
import {HttpRecordError, RecordError, RunStopError} from '../source/contracts/errors.js';
import type {Attachment, RecordOf, RecordType, Ticket} from '../source/contracts/model.js';
import {smallAccount} from './freshdesk-fixtures.js';

const fast: ApiBudget = {requestsPerMinute: Infinity};

function connect(emulator: RunningEmulator, apiKey = emulator.credentials.apiKey!, budget: ApiBudget = fast): {settings: ConnectorSettings; http: HttpClient} {
  const settings: ConnectorSettings = {baseUrl: emulator.url, authKind: 'apikey', credentials: {apiKey}};
  const http = createHttpClient({
    side: 'source', platform: 'Freshdesk', baseUrl: emulator.url, budget, headers: freshdeskConnector.rateLimitHeaders,
    authHeaders: freshdeskConnector.authHeaders(settings), describeError: freshdeskConnector.describeError, maxAttempts: 2,
  });
  return {settings, http};
}

async function readAll<T extends RecordType>(session: SourceSession, type: T, filter = {}): Promise<{records: Array<RecordOf[T]>; cursors: string[]}> {
  const records: Array<RecordOf[T]> = [];
  const cursors: string[] = [];
  for await (const page of session.read(type, {filter})) {
    records.push(...page.records);
    if (page.cursor) cursors.push(page.cursor);
  }
  return {records, cursors};
}

async function records<T extends RecordType>(emulator: RunningEmulator, type: T): Promise<Array<RecordOf[T] & Record<string, unknown>>> {
  return (await fetch(`${emulator.url}/__emulator/records/${type}`)).json() as Promise<Array<RecordOf[T] & Record<string, unknown>>>;
}

function writeContext(sourceKey: string, bytes: (a: Attachment) => Promise<Buffer>, steps: StepStore = memoryStepStore(), notes: string[] = []): WriteContext {
  const context = testWriteContext(sourceKey, bytes, steps);
  return {...context, note: (text) => notes.push(text)};
}

test('check: an admin key passes, an agent key is told to use an admin, a wrong key stops the run', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const admin = connect(emulator);
  const check = await freshdeskConnector.openSource(admin.settings, admin.http).check();
  t.deepEqual(check.problems, []);
  t.regex(check.description, /as Ada Admin <ada@help.test>/);
  const agent = connect(emulator, emulator.credentials.readonlyApiKey!);
  const agentCheck = await freshdeskConnector.openSource(agent.settings, agent.http).check();
  t.is(agentCheck.problems.length, 1);
  t.regex(agentCheck.problems[0]!, /administrator/);
  const wrong = connect(emulator, 'not-a-key');
  const error = await t.throwsAsync(freshdeskConnector.openSource(wrong.settings, wrong.http).check());
  t.true(error instanceof RunStopError);
  t.regex(error!.message, /You have to be logged in/);
});

test('live limit: X-RateLimit-Total is read into the check', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'empty', tier: 'pro'});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  t.is((await freshdeskConnector.openSource(settings, http).check()).liveRequestsPerMinute, 400);
});

test('reads every type with pagination, no duplicates, counts equal the seed', async (t) => {
  const account = smallAccount();
  const emulator = await startFreshdeskEmulator({seed: 'source', account, rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  const source = openFreshdeskSource(settings, http, {perPage: 2});
  const expected: Record<RecordType, number> = {
    ticket_fields: account.source.ticketFields.length, groups: 2, organizations: 2, agents: 2, contacts: 5, tickets: 7, kb_categories: 1, kb_sections: 2, kb_articles: 3,
  };
  for (const [type, count] of Object.entries(expected) as Array<[RecordType, number]>) {
    const {records: read} = await readAll(source, type);
    t.is(read.length, count, type);
    t.is(new Set(read.map((record) => record.id)).size, count, `${type} unique`);
  }
  const {records: tickets} = await readAll(source, 'tickets');
  const withFiles = tickets.find((ticket) => ticket.subject === 'Ticket 2')!;
  t.deepEqual(withFiles.comments.map((c) => c.public), [true, true, false]);
  t.deepEqual(withFiles.comments[0]!.attachments.map((a) => [a.fileName, a.inline]), [['log.txt', false], ['screen.png', true]]);
  t.is(withFiles.customFields[String(account.source.ticketFields[0]!.id)], 'Gadget');
  const bytes = await source.download(withFiles.comments[0]!.attachments[1]!);
  t.is(bytes.length, 3000);
  t.is(await source.count('tickets', {}), 7);
  t.is(await source.count('groups', {}), 2);
});

test('tickets resume from a page cursor without repeats', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  const source = openFreshdeskSource(settings, http, {perPage: 3});
  const iterator = source.read('tickets', {filter: {}})[Symbol.asyncIterator]();
  const first = (await iterator.next()).value as Page<Ticket>;
  await iterator.return?.();
  const rest: string[] = [];
  for await (const page of source.read('tickets', {cursor: first.cursor, filter: {}})) rest.push(...page.records.map((record) => record.id));
  const all = [...first.records.map((r) => r.id), ...rest];
  t.is(all.length, 7);
  t.is(new Set(all).size, 7);
});

test('delta: updatedSince only returns records updated since then; the 30-day window is lifted', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  // The API itself hides tickets created over 30 days ago when no updated_since is given.
  const plain = await http.request<unknown[]>({method: 'GET', url: '/api/v2/tickets', searchParams: {per_page: 100}});
  t.is(plain.body.length, 6);
  const source = openFreshdeskSource(settings, http);
  const since = new Date(Date.now() - 3.5 * 24 * 3600 * 1000).toISOString();
  const {records: delta} = await readAll(source, 'tickets', {updatedSince: since});
  const {records: all} = await readAll(source, 'tickets');
  t.is(all.length, 7);
  t.true(delta.length > 0 && delta.length < 7);
  t.true(delta.every((ticket) => ticket.updatedAt >= since));
});

test('caps: page 301 of tickets and per_page 101 get Freshdesk\'s validation errors', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'empty', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {http} = connect(emulator);
  const beyond = await t.throwsAsync(http.request({method: 'GET', url: '/api/v2/tickets', searchParams: {page: 301}}));
  t.true(beyond instanceof HttpRecordError);
  t.regex(beyond!.message, /page: You cannot access tickets beyond the 300th page/);
  const tooMany = await t.throwsAsync(http.request({method: 'GET', url: '/api/v2/contacts', searchParams: {per_page: 101}}));
  t.regex(tooMany!.message, /per_page/);
});

test('the tickets listing goes past the 300-page cap by restarting the window', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'source', account: smallAccount(320), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  const source = openFreshdeskSource(settings, http, {perPage: 1});
  const {records: tickets} = await readAll(source, 'tickets');
  t.is(tickets.length, 320);
  t.is(new Set(tickets.map((ticket) => ticket.id)).size, 320);
});

test('429 with Retry-After over a tiny limit, and X-RateLimit headers on every answer', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 3}});
  t.teardown(() => emulator.close());
  const auth = freshdeskConnector.authHeaders({baseUrl: emulator.url, authKind: 'apikey', credentials: emulator.credentials});
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await fetch(`${emulator.url}/api/v2/groups`, {headers: auth}));
  t.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429]);
  t.is(answers[0]!.headers.get('x-ratelimit-total'), '3');
  t.is(answers[2]!.headers.get('x-ratelimit-remaining'), '0');
  t.true(Number(answers[3]!.headers.get('retry-after')) > 0);
});

test('HttpClient pacing under the budget gets no 429 (takes about a minute)', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 2}});
  t.teardown(() => emulator.close());
  // Evenly spaced at exactly the limit, the third request can land a few ms inside the server's
  // moving window (arrival jitter), so the client runs a hair under it.
  const {http} = connect(emulator, emulator.credentials.apiKey, {requestsPerMinute: 1.95});
  for (let i = 0; i < 3; i++) await http.request({method: 'GET', url: '/api/v2/groups'});
  t.false(429 in emulator.stats().byStatus);
  t.is(emulator.stats().byStatus[200], 3);
});

test('a validation error becomes an HttpRecordError with Freshdesk\'s message', async (t) => {
  const emulator = await startFreshdeskEmulator({seed: 'empty', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {settings, http} = connect(emulator);
  const target = freshdeskConnector.openTarget(settings, http);
  const error = await t.throwsAsync(
    target.create('contacts', {id: '1', name: 'Bad', email: 'not-an-email', role: 'end-user', active: true, createdAt: '', updatedAt: ''}, writeContext('x:contacts:1', async () => Buffer.alloc(0))),
  );
  t.true(error instanceof HttpRecordError);
  t.regex(error!.message, /email: It should be a valid email address/);
  const agentError = await t.throwsAsync(target.create('agents', {id: '1', name: 'New', email: 'n@x.test', role: 'agent', active: true, createdAt: '', updatedAt: ''}, writeContext('x:agents:1', async () => Buffer.alloc(0))));
  t.true(agentError instanceof RecordError);
  t.regex(agentError!.message, /invite/);
});

test('migrates a small account into a target that has only the agents, and finds markers again', async (t) => {
  const account = smallAccount();
  const sourceEmulator = await startFreshdeskEmulator({seed: 'source', account, rateLimit: {off: true}});
  const targetEmulator = await startFreshdeskEmulator({seed: 'target', account, rateLimit: {off: true}});
  t.teardown(() => Promise.all([sourceEmulator.close(), targetEmulator.close()]).then(() => undefined));
  const from = connect(sourceEmulator);
  const to = connect(targetEmulator);
  const source = freshdeskConnector.openSource(from.settings, from.http);
  const target = freshdeskConnector.openTarget(to.settings, to.http);
  const ids = new Map<string, string>();
  const map = (type: string, id: string | undefined) => (id === undefined ? undefined : ids.get(`${type}:${id}`) ?? id);
  const notes: string[] = [];
  const journal = memoryStepStore();
  const bytes = (attachment: Attachment) => source.download(attachment);

  for (const agent of (await readAll(source, 'agents')).records) ids.set(`users:${agent.id}`, (await target.findExisting('agents', {email: agent.email}))!);
  const order: RecordType[] = ['ticket_fields', 'groups', 'organizations', 'contacts', 'kb_categories', 'kb_sections', 'kb_articles', 'tickets'];
  for (const type of order) {
    for (const record of (await readAll(source, type)).records) {
      const mapped = structuredClone(record) as unknown as Record<string, unknown>;
      if (type === 'contacts') mapped.organizationId = map('organizations', mapped.organizationId as string);
      if (type === 'kb_sections') mapped.categoryId = map('kb_categories', mapped.categoryId as string);
      if (type === 'kb_articles') mapped.sectionId = map('kb_sections', mapped.sectionId as string);
      if (type === 'tickets') {
        const ticket = mapped as unknown as Ticket;
        ticket.requesterId = map('users', ticket.requesterId)!;
        ticket.assigneeId = map('users', ticket.assigneeId);
        ticket.groupId = map('groups', ticket.groupId);
        ticket.organizationId = map('organizations', ticket.organizationId);
        ticket.customFields = Object.fromEntries(Object.entries(ticket.customFields).map(([key, value]) => [map('ticket_fields', key)!, value]));
        for (const comment of ticket.comments) {
          comment.authorId = map('users', comment.authorId)!;
          comment.authorLabel = `User ${comment.authorId}`;
        }
      }
      const key = `freshdesk:${type}:${record.id}`;
      const id = await writeRecord(target, type, mapped as unknown as RecordOf[typeof type], writeContext(key, bytes, journal, notes));
      ids.set(`${type === 'contacts' ? 'users' : type}:${record.id}`, id);
      ids.set(`${type}:${record.id}`, id);
      if (type !== 'ticket_fields') t.is(await target.findByMarker(type, key), id, `marker of ${key}`);
    }
  }

  for (const type of order) t.is((await records(targetEmulator, type)).length, (await records(sourceEmulator, type)).length, type);
  const sourceTickets = await records(sourceEmulator, 'tickets');
  const targetTickets = await records(targetEmulator, 'tickets');
  const original = sourceTickets.find((ticket) => ticket.subject === 'Ticket 2')!;
  const copy = targetTickets.find((ticket) => ticket.subject === 'Ticket 2')!;
  t.is(copy.status, original.status);
  t.is(copy.comments.length, original.comments.length);
  t.deepEqual(copy.comments.map((c) => c.public), original.comments.map((c) => c.public));
  t.true(copy.comments[2]!.body.includes('Internal: escalate'));
  t.regex(copy.comments[0]!.body, /Originally from User \d+ on/);
  const sha = (ticket: typeof original) => ticket.comments.flatMap((c) => c.attachments.map((a) => (a as Attachment & {sha256: string}).sha256)).sort();
  t.deepEqual(sha(copy), sha(original));
  t.is(sha(copy).length, 3);
  t.deepEqual(Object.values(copy.customFields).sort(), Object.values(original.customFields).sort());
  t.false(notes.some((note) => /cannot set creation dates/.test(note)), 'a platform limitation, said once (limits), not on each ticket');
  t.true(notes.some((note) => /inline image/.test(note)));
  // Bytes on the target equal the source's.
  const targetAttachment = copy.comments[2]!.attachments[0]!;
  const downloaded = await freshdeskConnector.openSource(to.settings, to.http).download(targetAttachment);
  t.is(createHash('sha256').update(downloaded).digest('hex'), (targetAttachment as Attachment & {sha256: string}).sha256);
  // A note lookup after a "crash": each note was sent and its answer never journalled; the marker finds it, nothing is duplicated.
  const again = (await readAll(source, 'tickets')).records.find((ticket) => ticket.subject === 'Ticket 2')!;
  const targetId = ids.get(`tickets:${again.id}`)!;
  again.comments = again.comments.map((comment) => ({...comment, authorId: map('users', comment.authorId)!}));
  again.requesterId = map('users', again.requesterId)!;
  again.assigneeId = map('users', again.assigneeId);
  again.groupId = map('groups', again.groupId);
  again.organizationId = map('organizations', again.organizationId);
  again.customFields = {};
  const crashed = memoryStepStore();
  for (const comment of again.comments.slice(1)) crashed.markStep('tickets', again.id, `note:${comment.id}`, 'sent');
  await target.update('tickets', targetId, again, writeContext(`freshdesk:tickets:${again.id}`, bytes, crashed));
  t.is((await records(targetEmulator, 'tickets')).find((ticket) => ticket.id === targetId)!.comments.length, 3);
});
