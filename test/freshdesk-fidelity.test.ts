// Freshdesk as the real service behaves (issue 11): the emulator refuses what Freshdesk refuses,
// and the connector, over loopback with the real HttpClient, works within those rules. Facts and
// their sources: docs/platforms/freshdesk.md.
import test from 'ava';
import {freshdeskConnector} from '../connectors/freshdesk/index.js';
import {startFreshdeskEmulator, type FreshdeskEmulatorExtras} from '../connectors/freshdesk/emulator.js';
import type {ApiBudget, ConnectorSettings, RunningEmulator} from '../source/contracts/connector.js';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Attachment, Ticket, TicketField} from '../source/contracts/model.js';
import {smallAccount} from './freshdesk-fixtures.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';

const fast: ApiBudget = {requestsPerMinute: Infinity};
const MB = 1024 * 1024;

async function emulator(t: {teardown(fn: () => Promise<void>): void}, extras: FreshdeskEmulatorExtras = {}, seed: 'source' | 'target' = 'target', account = smallAccount()): Promise<RunningEmulator> {
  const running = await startFreshdeskEmulator({seed, account, rateLimit: {off: true}, ...extras});
  t.teardown(() => running.close());
  return running;
}

function connect(running: RunningEmulator): {settings: ConnectorSettings; http: HttpClient} {
  const settings: ConnectorSettings = {baseUrl: running.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'target', platform: 'Freshdesk', baseUrl: running.url, budget: fast, headers: freshdeskConnector.rateLimitHeaders, authHeaders: freshdeskConnector.authHeaders(settings), describeError: freshdeskConnector.describeError, maxAttempts: 2});
  return {settings, http};
}

async function raw(running: RunningEmulator, path: string, init: RequestInit = {}): Promise<{status: number; body: any}> {
  const auth = {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`};
  const response = await fetch(`${running.url}${path}`, {...init, headers: {...auth, ...(init.body ? {'content-type': 'application/json'} : {}), ...(init.headers as object)}});
  const text = await response.text();
  return {status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text};
}

async function rawTickets(running: RunningEmulator): Promise<Array<Record<string, any>>> {
  return (await fetch(`${running.url}/__emulator/raw/tickets`)).json() as Promise<Array<Record<string, any>>>;
}

/** A ticket as the engine hands it to the target: ids already mapped to the target's. */
async function mappedTicket(running: RunningEmulator, overrides: Partial<Ticket> = {}): Promise<Ticket> {
  const contacts = (await raw(running, '/api/v2/contacts', {method: 'POST', body: JSON.stringify({name: 'Carla Customer', email: `carla${Math.random()}@acme.test`})})).body;
  const now = new Date().toISOString();
  return {
    id: '900', subject: 'Printer on fire', status: 'open', priority: 'normal', requesterId: String(contacts.id), tags: [], ccEmails: [], customFields: {}, createdAt: now, updatedAt: now,
    comments: [{id: 'd', authorId: String(contacts.id), authorLabel: 'Carla Customer <carla@acme.test>', body: '<p>Help</p>', public: true, createdAt: now, attachments: []}],
    ...overrides,
  };
}

const file = (id: string, size: number): Attachment => ({id, fileName: `${id}.bin`, contentType: 'application/octet-stream', size, url: `https://storage.invalid/${id}`, inline: false});

test('the emulator refuses query parameters and body fields the documentation does not list, with Freshdesk\'s error', async (t) => {
  const running = await emulator(t);
  const paged = await raw(running, '/api/v2/admin/ticket_fields?per_page=100');
  t.is(paged.status, 400);
  t.deepEqual(paged.body, {description: 'Validation failed', errors: [{field: 'per_page', message: 'Unexpected/invalid field in request', code: 'invalid_field'}]});
  t.is((await raw(running, '/api/v2/contacts?unique_external_id=x')).status, 400, 'not a documented contact filter');
  t.is((await raw(running, '/api/v2/contacts?_updated_since=2024-01-01T00:00:00Z')).status, 400);
  t.is((await raw(running, '/api/v2/contacts?updated_since=2024-01-01T00:00:00Z')).status, 200);
  const ticket = await raw(running, '/api/v2/tickets', {method: 'POST', body: JSON.stringify({subject: 's', description: 'd', email: 'x@acme.test', status: 2, priority: 1, cc_emails: ['c@acme.test']})});
  t.is(ticket.status, 201, 'Create a Ticket takes cc_emails');
  const update = await raw(running, `/api/v2/tickets/${ticket.body.id}`, {method: 'PUT', body: JSON.stringify({priority: 2, cc_emails: ['c@acme.test']})});
  t.is(update.status, 400, 'Update a Ticket does not');
  t.is(update.body.errors[0].field, 'cc_emails');
});

test('attachment URLs refuse the account credentials (400) and the source downloads them without', async (t) => {
  const running = await emulator(t, {}, 'source');
  const {settings, http} = connect(running);
  const source = freshdeskConnector.openSource(settings, http);
  const ticket = (await source.get('tickets', '101'))!;
  const attachment = ticket.comments[0]!.attachments.find((a) => !a.inline)!;
  t.is((await raw(running, new URL(attachment.url).pathname)).status, 400, 'Authorization header on a presigned URL');
  const bytes = await source.download(attachment);
  t.is(bytes.length, attachment.size);
});

test('without Multiple Companies a ticket is written with the requester\'s company and a reason; with it the company is set', async (t) => {
  for (const multipleCompanies of [false, true]) {
    const running = await emulator(t, {multipleCompanies});
    const {settings, http} = connect(running);
    const company = (await raw(running, '/api/v2/companies', {method: 'POST', body: JSON.stringify({name: 'Initech'})})).body;
    const context = testWriteContext('zendesk:tickets:900');
    const id = await writeRecord(freshdeskConnector.openTarget(settings, http), 'tickets', await mappedTicket(running, {organizationId: String(company.id)}), context);
    const stored = (await rawTickets(running)).find((ticket) => String(ticket.id) === id)!;
    t.is(stored.company_id, multipleCompanies ? company.id : null);
    t.is(context.notes.some((note) => /Multiple Companies/.test(note)), !multipleCompanies);
  }
});

test('a note Freshdesk will not write as its author is written by the key\'s agent, author in the text, reason on the record', async (t) => {
  const running = await emulator(t);
  const {settings, http} = connect(running);
  const ticket = await mappedTicket(running);
  ticket.comments.push({id: 'private-by-customer', authorId: ticket.requesterId, authorLabel: 'Carla Customer <carla@acme.test>', body: '<p>secret</p>', public: false, createdAt: ticket.createdAt, attachments: []});
  const context = testWriteContext('zendesk:tickets:900');
  const id = await writeRecord(freshdeskConnector.openTarget(settings, http), 'tickets', ticket, context);
  const [note] = (await rawTickets(running)).find((stored) => String(stored.id) === id)!.conversations;
  t.not(note.user_id, Number(ticket.requesterId));
  t.regex(note.body, /Originally from Carla Customer/);
  t.true(context.notes.some((text) => /would not write the note as Carla Customer/.test(text)));
});

test('a ticket\'s attachments stay within 20 MB in total: the emulator refuses more, the connector leaves the rest out with a reason', async (t) => {
  const running = await emulator(t);
  const {settings, http} = connect(running);
  const ticket = await mappedTicket(running);
  ticket.comments[0]!.attachments = [file('first', 12 * MB)];
  ticket.comments.push({id: 'n1', authorId: '1001', body: '<p>more</p>', public: true, createdAt: ticket.createdAt, attachments: [file('second', 12 * MB)]});
  const context = testWriteContext('zendesk:tickets:900', async (attachment) => Buffer.alloc(attachment.size, 1));
  const id = await writeRecord(freshdeskConnector.openTarget(settings, http), 'tickets', ticket, context);
  const stored = (await rawTickets(running)).find((candidate) => String(candidate.id) === id)!;
  t.is(stored.attachments.length, 1);
  t.is(stored.conversations.length, 1, 'the note itself is written');
  t.is(stored.conversations[0].attachments.length, 0);
  t.true(context.notes.some((text) => /second\.bin .*over Freshdesk's 20 MB per ticket/.test(text)));
  // The emulator counts what the ticket already carries, as the documentation says.
  const form = new FormData();
  form.append('body', 'x');
  form.append('attachments[]', new Blob([Buffer.alloc(9 * MB)]), 'third.bin');
  const refused = await fetch(`${running.url}/api/v2/tickets/${id}/notes`, {method: 'POST', body: form, headers: {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`}});
  t.is(refused.status, 400);
});

test('an archived ticket is not listed but is read from the archive endpoint', async (t) => {
  const running = await emulator(t, {}, 'source');
  const {settings, http} = connect(running);
  t.is((await fetch(`${running.url}/__emulator/archive/103`, {method: 'POST'})).status, 204);
  const source = freshdeskConnector.openSource(settings, http);
  const listed: string[] = [];
  for await (const page of source.read('tickets', {filter: {}})) listed.push(...page.records.map((ticket) => ticket.id));
  t.false(listed.includes('103'));
  const archived = await source.get('tickets', '103');
  t.is(archived?.id, '103');
  t.is(archived?.comments.length, 3, 'with its conversations from /tickets/archived/{id}/conversations');
});

test('knowledge base subfolders are read with their parent and written under it', async (t) => {
  const account = smallAccount();
  account.source.kbSections.push({id: '73', categoryId: '61', parentId: '71', name: 'Advanced setup', createdAt: account.source.kbSections[0]!.createdAt, updatedAt: account.source.kbSections[0]!.updatedAt});
  const sourceSide = await emulator(t, {}, 'source', account);
  const read = connect(sourceSide);
  const sections = [];
  for await (const page of freshdeskConnector.openSource(read.settings, read.http).read('kb_sections', {filter: {}})) sections.push(...page.records);
  t.deepEqual(sections.map((section) => [section.id, section.parentId]), [['71', undefined], ['73', '71'], ['72', undefined]]);
  const targetSide = await emulator(t);
  const write = connect(targetSide);
  const target = freshdeskConnector.openTarget(write.settings, write.http);
  const category = await target.create('kb_categories', {id: '61', name: 'Getting started', createdAt: '', updatedAt: ''}, testWriteContext('zendesk:kb_categories:61'));
  const parent = await target.create('kb_sections', {...sections[0]!, categoryId: category}, testWriteContext('zendesk:kb_sections:71'));
  const child = await target.create('kb_sections', {...sections[1]!, categoryId: category, parentId: parent}, testWriteContext('zendesk:kb_sections:73'));
  const subfolders = (await raw(targetSide, `/api/v2/solutions/folders/${parent}/subfolders`)).body as Array<{id: number}>;
  t.deepEqual(subfolders.map((folder) => String(folder.id)), [child]);
});

test('a ticket field update keeps the ids of existing choices (a PUT without them would delete them)', async (t) => {
  const running = await emulator(t);
  const {settings, http} = connect(running);
  const target = freshdeskConnector.openTarget(settings, http);
  const field: TicketField = {id: '11', title: 'Product', key: 'product', type: 'dropdown', required: false, active: true, options: [{label: 'Widget', value: 'w'}, {label: 'Gadget', value: 'g'}], createdAt: '', updatedAt: ''};
  const id = await target.create('ticket_fields', field, testWriteContext('zendesk:ticket_fields:11'));
  const before = (await raw(running, `/api/v2/admin/ticket_fields/${id}`)).body.choices as Array<{id: number; value: string}>;
  await target.update('ticket_fields', id, {...field, options: [{label: 'Gadget', value: 'g'}, {label: 'Widget', value: 'w'}, {label: 'Gizmo', value: 'z'}]}, testWriteContext('zendesk:ticket_fields:11'));
  const after = (await raw(running, `/api/v2/admin/ticket_fields/${id}`)).body.choices as Array<{id: number; value: string}>;
  for (const choice of before) t.is(after.find((candidate) => candidate.value === choice.value)?.id, choice.id, choice.value);
  t.deepEqual(after.map((choice) => choice.value), ['Gadget', 'Widget', 'Gizmo']);
});

test('search lags behind writes; a ticket a crashed attempt created is still found by its marker', async (t) => {
  const running = await emulator(t, {searchLagSeconds: 60});
  const {settings, http} = connect(running);
  const target = freshdeskConnector.openTarget(settings, http);
  const id = await target.create('tickets', await mappedTicket(running), testWriteContext('zendesk:tickets:900'));
  const search = await raw(running, `/api/v2/search/tickets?query=${encodeURIComponent(`"cf_ferry_source_id:'zendesk:tickets:900'"`)}`);
  t.is(search.body.total, 0, 'not indexed yet');
  t.is(await freshdeskConnector.openTarget(settings, http).findByMarker('tickets', 'zendesk:tickets:900'), id);
});

test('the contact marker is found without an undocumented filter, also after a re-sent create is refused as a duplicate', async (t) => {
  const running = await emulator(t);
  const {settings, http} = connect(running);
  const person = {id: '51', name: 'Dora', email: 'dora@acme.test', role: 'end-user' as const, active: true, createdAt: '', updatedAt: ''};
  const id = await freshdeskConnector.openTarget(settings, http).create('contacts', person, testWriteContext('zendesk:contacts:51'));
  t.is(await freshdeskConnector.openTarget(settings, http).findByMarker('contacts', 'zendesk:contacts:51'), id);
  t.is(await freshdeskConnector.openTarget(settings, http).create('contacts', person, testWriteContext('zendesk:contacts:51')), id, 'the 409 of a second send resolves to the first contact');
});
