// Reading from the Zendesk emulator through the real HttpClient: auth, every type
// with pagination, resume, delta, documented caps and rate limits.
import test from 'ava';
import {createHash} from 'node:crypto';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {openZendeskSource} from '../connectors/zendesk/source-session.js';
import {attachmentBytes} from '../demo-data/account.js';
import type {RunningEmulator} from '../source/contracts/connector.js';
import {HttpRecordError, RunStopError} from '../source/contracts/errors.js';
import type {AnyRecord, RecordType, Ticket} from '../source/contracts/model.js';
import {RECORD_TYPES} from '../source/contracts/model.js';
import {clientFor, settingsFor, smallAccount} from './zendesk-fixtures.js';

const account = smallAccount();
let emulator: RunningEmulator;

test.before(async () => {
  emulator = await startZendeskEmulator({seed: 'source', account, rateLimit: {requestsPerMinute: 100_000}});
});
test.after.always(() => emulator.close());

function source(pageSize = 2) {
  const settings = settingsFor(emulator);
  return openZendeskSource(settings, clientFor(settings), {pageSize, ticketsPerPage: 3});
}

async function readAll(type: RecordType, pageSize = 2, cursor?: string, filter = {}) {
  const pages: Array<{records: AnyRecord[]; cursor?: string}> = [];
  for await (const page of source(pageSize).read(type, {cursor, filter})) pages.push(page);
  return pages;
}

const seedCounts: Record<RecordType, number> = {
  ticket_fields: account.source.ticketFields.length,
  groups: account.source.groups.length,
  organizations: account.source.organizations.length,
  agents: account.source.agents.length,
  contacts: account.source.contacts.length,
  tickets: account.source.tickets.length,
  kb_categories: account.source.kbCategories.length,
  kb_sections: account.source.kbSections.length,
  kb_articles: account.source.kbArticles.length,
};

test('check: the admin token is accepted and the live limit is read', async (t) => {
  const check = await source().check();
  t.regex(check.description, /Ada Admin <ada@helpdesk\.test> \(admin\)/);
  t.deepEqual(check.problems, []);
  t.is(check.liveRequestsPerMinute, 100_000, 'the emulator\'s limit, as X-Rate-Limit says');
});

test('OAuth bearer tokens work too', async (t) => {
  const settings = settingsFor(emulator, {accessToken: emulator.credentials.legacyAccessToken!}, 'oauth');
  const check = await openZendeskSource(settings, clientFor(settings)).check();
  t.regex(check.description, /ada@helpdesk\.test/);
});

test('a wrong token stops the run with 401 and Zendesk\'s message', async (t) => {
  const settings = settingsFor(emulator, {email: emulator.credentials.email!, apiToken: 'wrong'});
  const error = await t.throwsAsync(openZendeskSource(settings, clientFor(settings)).check(), {instanceOf: RunStopError});
  t.regex(error!.message, /401 Couldn't authenticate you/);
  t.false(error!.message.includes('wrong'));
});

test('a non-admin agent is told to use an admin, and the incremental export answers 403', async (t) => {
  const settings = settingsFor(emulator, {email: emulator.credentials.readonlyEmail!, apiToken: emulator.credentials.readonlyApiToken!});
  const session = openZendeskSource(settings, clientFor(settings));
  const check = await session.check();
  t.is(check.problems.length, 1);
  t.regex(check.problems[0]!, /not an administrator/);
  const error = await t.throwsAsync(async () => {
    for await (const _ of session.read('tickets', {filter: {}})) break;
  }, {instanceOf: RunStopError});
  t.regex(error!.message, /403/);
});

for (const type of RECORD_TYPES) {
  test(`reads every ${type} across pages without duplicates`, async (t) => {
    const pages = await readAll(type);
    const ids = pages.flatMap((page) => page.records.map((record) => record.id));
    t.is(ids.length, seedCounts[type]);
    t.is(new Set(ids).size, ids.length);
    if (seedCounts[type] > 3) t.true(pages.length > 1, 'more than one page');
    t.is(pages.at(-1)!.cursor, undefined, 'the last page has no cursor');
    t.is(await source().count(type, {}), seedCounts[type]);
  });
}

test('tickets come with all comments, private ones and inline images included', async (t) => {
  const tickets = (await readAll('tickets')).flatMap((page) => page.records) as Ticket[];
  const first = tickets.find((ticket) => ticket.subject === 'Problem number 1')!;
  t.is(first.comments.length, 3);
  t.deepEqual(first.comments.map((comment) => comment.public), [true, false, true]);
  const inline = first.comments[2]!.attachments[0]!;
  t.true(inline.inline);
  t.is(first.customFields[Object.keys(first.customFields)[0]!], 1000);
  const third = tickets.find((ticket) => ticket.subject === 'Problem number 3')!;
  t.deepEqual(third.ccEmails, ['customer5@acme.test']);
  const deletedRequester = tickets.find((ticket) => ticket.subject === 'Problem number 7')!;
  const requester = await source().get('contacts', deletedRequester.requesterId);
  t.false(requester!.active, 'a deleted requester is still readable by id');
});

test('attachments download with the bytes the account holds', async (t) => {
  const tickets = (await readAll('tickets')).flatMap((page) => page.records) as Ticket[];
  const attachment = tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.attachments)).find((att) => att.fileName === 'log.txt')!;
  const bytes = await source().download(attachment);
  const seeded = Object.values(account.source.attachmentContents).find((content) => content.size === attachment.size)!;
  t.is(bytes.length, attachment.size);
  t.is(createHash('sha256').update(bytes).digest('hex'), createHash('sha256').update(attachmentBytes(seeded.seed, seeded.size)).digest('hex'));
});

test('resuming from a page cursor continues after that page', async (t) => {
  for (const type of ['tickets', 'contacts', 'agents'] as const) {
    const pages = await readAll(type);
    const all = pages.flatMap((page) => page.records.map((record) => record.id));
    const resumed = (await readAll(type, 2, pages[0]!.cursor)).flatMap((page) => page.records.map((record) => record.id));
    t.deepEqual(resumed, all.slice(pages[0]!.records.length), type);
  }
});

test('delta: updatedSince keeps records created or updated since then', async (t) => {
  const since = '2024-01-24T00:00:00Z';
  const tickets = (await readAll('tickets', 2, undefined, {updatedSince: since})).flatMap((page) => page.records) as Ticket[];
  const expected = account.source.tickets.filter((ticket) => ticket.updatedAt >= since).map((ticket) => ticket.subject);
  t.true(expected.length > 0 && expected.length < account.source.tickets.length);
  t.deepEqual(tickets.map((ticket) => ticket.subject).sort(), expected.sort());
  const contacts = (await readAll('contacts', 2, undefined, {updatedSince: '2024-01-05T00:00:00Z'})).flatMap((page) => page.records);
  t.deepEqual(contacts.map((contact) => (contact as {email?: string}).email).sort(), ['customer4@acme.test', 'customer5@acme.test']);
  const created = (await readAll('tickets', 2, undefined, {createdFrom: '2024-01-12T00:00:00Z', createdTo: '2024-01-14T00:00:00Z'})).flatMap((page) => page.records);
  t.is(created.length, 2);
});

test('documented caps answer 400 with Zendesk\'s error', async (t) => {
  const settings = settingsFor(emulator);
  const http = clientFor(settings);
  const bigPage = await t.throwsAsync(http.request({method: 'GET', url: '/api/v2/users.json', searchParams: {'page[size]': 101}}), {instanceOf: HttpRecordError});
  t.regex(bigPage!.message, /400 page\[size\]/);
  const deepOffset = await t.throwsAsync(http.request({method: 'GET', url: '/api/v2/users.json', searchParams: {page: 101}}), {instanceOf: HttpRecordError});
  t.regex(deepOffset!.message, /first 100 pages/);
  const recent = await t.throwsAsync(http.request({method: 'GET', url: '/api/v2/incremental/tickets/cursor.json', searchParams: {start_time: Math.floor(Date.now() / 1000)}}), {instanceOf: HttpRecordError});
  t.regex(recent!.message, /Too recent start_time/);
  const articles = await http.request<{articles: unknown[]; count: number}>({method: 'GET', url: '/api/v2/help_center/articles.json'});
  t.is(articles.body.count, seedCounts.kb_articles, 'Help Center offset lists report their count');
  const missing = await source().get('tickets', '999999');
  t.is(missing, undefined);
});

test('every response carries the rate-limit headers', async (t) => {
  const response = await fetch(`${emulator.url}/api/v2/users/me.json`);
  t.is(response.status, 401);
  t.is(response.headers.get('x-rate-limit'), '100000');
  t.truthy(response.headers.get('x-rate-limit-remaining'));
  t.truthy(response.headers.get('ratelimit-reset'));
});

test('simulated activity is what a delta right after a full run reads', async (t) => {
  const busy = await startZendeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {off: true}});
  t.teardown(() => busy.close());
  const fullRunStart = new Date().toISOString();
  const activity = (await (await fetch(`${busy.url}/__emulator/simulate-activity`, {method: 'POST'})).json()) as {created: string[]; updated: string[]};
  t.is(activity.created.length, 2);
  t.is(activity.updated.length, 3);
  const settings = settingsFor(busy);
  const pages = [];
  for await (const page of openZendeskSource(settings, clientFor(settings)).read('tickets', {filter: {updatedSince: fullRunStart}})) pages.push(...page.records);
  t.deepEqual(pages.map((ticket) => ticket.id).sort(), [...activity.created, ...activity.updated].sort());
});
