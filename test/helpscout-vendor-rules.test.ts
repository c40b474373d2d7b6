// What Help Scout's Mailbox API 2.0 refuses or changes, both ways: the emulator answers as the
// reference says (in the vnd.error shape), and the connector, over loopback with the real HttpClient,
// writes what the service takes: names of 1 to 40 characters, the status on every reply and note,
// assignTo null for an unassigned ticket, requests within their sizes, and PATCH (not the overwriting
// PUT) for a delta's customer. Facts and sources: docs/platforms/helpscout.md.
import test from 'ava';
import {helpScoutConnector, MAX_ATTACHMENT_BYTES} from '../connectors/helpscout/index.js';
import {startHelpScoutEmulator} from '../connectors/helpscout/emulator.js';
import {previewHelpScoutTicket} from '../connectors/helpscout/ticket-notes.js';
import {CREATE_CONVERSATION_LIMIT_BYTES, REQUEST_LIMIT_BYTES, UPLOAD_LIMIT_BYTES} from '../connectors/helpscout/request-size.js';
import type {ConnectorSettings, RunningEmulator} from '../source/contracts/connector.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Person, Ticket} from '../source/contracts/model.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';

type Call = (method: string, path: string, body?: unknown) => Promise<{status: number; headers: Headers; body: any}>;

async function emulator(t: {teardown(fn: () => unknown): void}): Promise<{running: RunningEmulator; call: Call; settings: ConnectorSettings; http: HttpClient}> {
  const running = await startHelpScoutEmulator({seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const token = (await (await fetch(`${running.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: running.credentials.appId, client_secret: running.credentials.appSecret})})).json()) as {access_token: string};
  const call: Call = async (method, path, body) => {
    const response = await fetch(`${running.url}${path}`, {method, headers: {authorization: `Bearer ${token.access_token}`, ...(body !== undefined ? {'content-type': 'application/json'} : {})}, body: body !== undefined ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined});
    const text = await response.text();
    return {status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined};
  };
  const settings: ConnectorSettings = {baseUrl: running.url, authKind: 'client_credentials', credentials: {appId: running.credentials.appId!, appSecret: running.credentials.appSecret!}};
  const tokens = new Map<string, string>();
  const http = createHttpClient({
    side: 'target', platform: 'Help Scout', baseUrl: running.url, budget: {requestsPerMinute: Infinity}, headers: helpScoutConnector.rateLimitHeaders,
    authHeaders: {}, authorizer: helpScoutConnector.authorizer!(settings, {load: (name) => tokens.get(name), save: (name, value) => void tokens.set(name, value)}),
    describeError: helpScoutConnector.describeError, maxAttempts: 2,
  });
  return {running, call, settings, http};
}

const person = (name: string, email?: string): Person => ({id: '1', name, ...(email ? {email} : {}), role: 'end-user', active: true, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z'});

async function agentAndCustomer(call: Call): Promise<{agent: string; customer: string; mailbox: number}> {
  const users = await call('GET', '/v2/users');
  const agent = String(users.body._embedded.users[0].id);
  const created = await call('POST', '/v2/customers', {firstName: 'Vernon', lastName: 'Bear', emails: [{type: 'work', value: 'vernon@example.com'}]});
  const mailbox = (await call('GET', '/v2/mailboxes')).body._embedded.mailboxes[0].id as number;
  return {agent, customer: created.headers.get('resource-id')!, mailbox};
}

function ticket(requesterId: string, agentId: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '7', subject: 'Printer on fire', status: 'closed', priority: 'normal', requesterId, tags: [], ccEmails: [], customFields: {}, createdAt: '2019-03-01T10:00:00Z', updatedAt: '2019-03-02T10:00:00Z',
    comments: [
      {id: 'c1', authorId: requesterId, body: '<p>It burns.</p>', public: true, createdAt: '2019-03-01T10:00:00Z', attachments: []},
      {id: 'c2', authorId: agentId, body: '<p>Unplug it.</p>', public: true, createdAt: '2019-03-01T11:00:00Z', attachments: []},
      {id: 'c3', authorId: agentId, body: '<p>Customer confirmed.</p>', public: false, createdAt: '2019-03-01T12:00:00Z', attachments: []},
    ],
    ...overrides,
  };
}

const conversation = async (call: Call, id: string) => (await call('GET', `/v2/conversations/${id}`)).body;

// ---- 1. names of 1 to 40 characters ---------------------------------------------------------------

test('the emulator refuses an empty or 41-character name, on a customer and on a conversation customer, in the vnd.error shape', async (t) => {
  const {call} = await emulator(t);
  const mailboxId = (await call('GET', '/v2/mailboxes')).body._embedded.mailboxes[0].id;
  const empty = await call('POST', '/v2/customers', {firstName: 'Cher', lastName: '', emails: [{type: 'work', value: 'cher@example.com'}]});
  t.is(empty.status, 400);
  t.is(empty.headers.get('content-type'), 'application/vnd.error+json');
  t.like(empty.body._embedded.errors[0], {path: 'lastName', message: 'size must be between 1 and 40'});
  t.is((await call('POST', '/v2/customers', {firstName: 'x'.repeat(41)})).status, 400);
  t.is((await call('POST', '/v2/customers', {firstName: 'x'.repeat(40), emails: [{type: 'work', value: 'forty@example.com'}]})).status, 201);
  const onConversation = await call('POST', '/v2/conversations', {subject: 's', type: 'email', status: 'active', mailboxId, customer: {email: 'cher2@example.com', firstName: 'Cher', lastName: ''}, threads: [{type: 'customer', customer: {email: 'cher2@example.com'}, text: 'hi'}]});
  t.is(onConversation.status, 400);
  t.is(onConversation.body._embedded.errors[0].path, 'customer.lastName');
});

test('a one-word contact is created with a first name only; a name over 40 characters is cut and the record says so', async (t) => {
  const {call, settings, http} = await emulator(t);
  const target = helpScoutConnector.openTarget(settings, http);
  const one = await target.create('contacts', person('Cher', 'cher@example.com'), testWriteContext('zendesk:contacts:1'));
  t.like((await call('GET', `/v2/customers/${one}`)).body, {firstName: 'Cher'});
  const context = testWriteContext('zendesk:contacts:2');
  const long = await target.create('contacts', person(`${'A'.repeat(45)} Smith`, 'long@example.com'), context);
  t.like((await call('GET', `/v2/customers/${long}`)).body, {firstName: 'A'.repeat(40), lastName: 'Smith'});
  t.true(context.notes.some((note) => /up to 40 characters/.test(note)), context.notes.join('\n'));
});

// ---- 2. the status on every reply and note --------------------------------------------------------

test('the emulator reactivates a conversation on a reply without status, as the reference says, and keeps the status a reply names', async (t) => {
  const {call} = await emulator(t);
  const {agent, customer, mailbox} = await agentAndCustomer(call);
  const created = await call('POST', '/v2/conversations', {subject: 's', type: 'email', status: 'closed', mailboxId: mailbox, customer: {id: Number(customer)}, assignTo: null, imported: true, threads: [{type: 'customer', customer: {id: Number(customer)}, text: 'hi'}]});
  const id = created.headers.get('resource-id')!;
  await call('POST', `/v2/conversations/${id}/reply`, {customer: {id: Number(customer)}, text: 'named', imported: true, user: Number(agent), status: 'closed'});
  t.is((await conversation(call, id)).status, 'closed');
  await call('POST', `/v2/conversations/${id}/reply`, {customer: {id: Number(customer)}, text: 'unnamed', imported: true, user: Number(agent)});
  t.is((await conversation(call, id)).status, 'active');
});

test('a closed ticket with replies and notes is still closed on Help Scout', async (t) => {
  const {call, settings, http} = await emulator(t);
  const {agent, customer} = await agentAndCustomer(call);
  const id = await writeRecord(helpScoutConnector.openTarget(settings, http), 'tickets', ticket(customer, agent), testWriteContext('zendesk:tickets:7'));
  const written = await conversation(call, id);
  t.is(written.status, 'closed');
  const threads = (await call('GET', `/v2/conversations/${id}/threads`)).body._embedded.threads;
  t.is(threads.length, 3);
});

// ---- 3. an unassigned ticket stays unassigned -----------------------------------------------------

test('an unassigned ticket whose first comment is an agent reply stays unassigned; an assigned one keeps its assignee', async (t) => {
  const {call, settings, http} = await emulator(t);
  const {agent, customer} = await agentAndCustomer(call);
  const target = helpScoutConnector.openTarget(settings, http);
  const agentFirst = ticket(customer, agent, {comments: ticket(customer, agent).comments.slice(1, 2)});
  const unassigned = await writeRecord(target, 'tickets', agentFirst, testWriteContext('zendesk:tickets:8'));
  t.is((await conversation(call, unassigned)).assignee, null);
  const assigned = await writeRecord(target, 'tickets', {...agentFirst, id: '9', assigneeId: agent}, testWriteContext('zendesk:tickets:9'));
  t.is(String((await conversation(call, assigned)).assignee?.id), agent);
  // The emulator's inbox assigns a conversation with a reply when assignTo is left out (the service's "Inbox settings").
  const mailbox = (await call('GET', '/v2/mailboxes')).body._embedded.mailboxes[0].id;
  const leftOut = await call('POST', '/v2/conversations', {subject: 's', type: 'email', status: 'active', mailboxId: mailbox, customer: {id: Number(customer)}, threads: [{type: 'reply', customer: {id: Number(customer)}, user: Number(agent), text: 'hi'}]});
  t.is(String((await conversation(call, leftOut.headers.get('resource-id')!)).assignee?.id), agent);
});

// ---- 4. request sizes -----------------------------------------------------------------------------

test('the emulator answers 413 in the vnd.error shape above 256 kB for Create Conversation, 100 kB for a thread and 10 MB for an upload', async (t) => {
  const {call} = await emulator(t);
  const {customer, mailbox} = await agentAndCustomer(call);
  const conversationBody = (text: string) => ({subject: 's', type: 'email', status: 'active', mailboxId: mailbox, customer: {id: Number(customer)}, assignTo: null, threads: [{type: 'customer', customer: {id: Number(customer)}, text}]});
  const tooBig = await call('POST', '/v2/conversations', conversationBody('x'.repeat(CREATE_CONVERSATION_LIMIT_BYTES)));
  t.is(tooBig.status, 413);
  t.is(tooBig.headers.get('content-type'), 'application/vnd.error+json');
  t.truthy(tooBig.body.logRef);
  const fits = await call('POST', '/v2/conversations', conversationBody('x'.repeat(CREATE_CONVERSATION_LIMIT_BYTES - 1024)));
  t.is(fits.status, 201);
  const id = fits.headers.get('resource-id')!;
  t.is((await call('POST', `/v2/conversations/${id}/customer`, {customer: {id: Number(customer)}, text: 'x'.repeat(REQUEST_LIMIT_BYTES)})).status, 413);
  const threadId = (await call('GET', `/v2/conversations/${id}/threads`)).body._embedded.threads[0].id;
  const upload = (bytes: number) => call('POST', `/v2/conversations/${id}/threads/${threadId}/attachments`, {fileName: 'big.bin', mimeType: 'application/octet-stream', data: Buffer.alloc(bytes, 7).toString('base64')});
  t.is((await upload(UPLOAD_LIMIT_BYTES * 0.75 + 1024)).status, 413, 'the limit is on the request, base64 included');
  t.is((await upload(MAX_ATTACHMENT_BYTES)).status, 201, 'the largest file ferry sends fits');
});

test('a comment too large for its request is cut to fit, with a warning on the record that the Fields dry run predicts', async (t) => {
  const {call, settings, http} = await emulator(t);
  const {agent, customer} = await agentAndCustomer(call);
  const paragraphs = (kb: number) => Array.from({length: kb}, (_, i) => `<p>${String(i).padStart(4, '0')} ${'é'.repeat(500)}</p>`).join('');
  const base = ticket(customer, agent);
  const big = {...base, comments: [{...base.comments[0]!, body: paragraphs(300)}, {...base.comments[1]!, body: paragraphs(150)}, base.comments[2]!]};
  const context = testWriteContext('zendesk:tickets:10');
  const id = await writeRecord(helpScoutConnector.openTarget(settings, http), 'tickets', big, context);
  const threads = (await call('GET', `/v2/conversations/${id}/threads`)).body._embedded.threads as Array<{body: string}>;
  t.is(threads.length, 3);
  for (const thread of threads.slice(1)) t.false(/<[^>]*$/.test(thread.body.replace(/<!--[^>]*-->$/, '')), 'no thread ends inside a tag');
  const cut = context.notes.filter((note) => /more than Help Scout takes in one request/.test(note));
  t.is(cut.length, 2, context.notes.join('\n'));
  const preview = previewHelpScoutTicket(big, {ticketFields: [], userIds: [agent]} as never);
  t.deepEqual(preview.filter((note) => /more than Help Scout takes/.test(note)), cut);
});

// ---- 5. a delta updates a customer without overwriting it -------------------------------------------

test('Overwrite Customer (PUT) nulls what it is not given; a delta updates names with Update Customer (PATCH) and keeps what was edited on the target', async (t) => {
  const {call, settings, http} = await emulator(t);
  const target = helpScoutConnector.openTarget(settings, http);
  const id = await target.create('contacts', person('Vernon Bear', 'vernon.b@example.com'), testWriteContext('zendesk:contacts:3'));
  await call('PATCH', `/v2/customers/${id}`, [{op: 'replace', path: '/jobTitle', value: 'CEO'}]);
  await target.update!('contacts', id, person('Vernon Grizzly', 'vernon.b@example.com'), testWriteContext('zendesk:contacts:3'));
  const after = (await call('GET', `/v2/customers/${id}`)).body;
  t.like(after, {firstName: 'Vernon', lastName: 'Grizzly', jobTitle: 'CEO'});
  t.truthy(after.background, 'the marker in Notes is kept');
  t.is(after._embedded.emails[0].value, 'vernon.b@example.com');
  t.is((await call('PATCH', `/v2/customers/${id}`, {op: 'replace', path: '/firstName', value: 'V'})).status, 400, 'the payload must be an array');
  t.is((await call('PUT', `/v2/customers/${id}`, {firstName: 'Vernon'})).status, 204);
  t.like((await call('GET', `/v2/customers/${id}`)).body, {firstName: 'Vernon', lastName: null, jobTitle: null});
});
