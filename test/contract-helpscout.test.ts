// Contract tests: ferry's Help Scout connector and emulator against the examples printed in Help
// Scout's Mailbox API 2.0 reference (test/fixtures/helpscout/, sources in SOURCES.md there), both ways:
// (a) the connector parses the documented responses; (b) the requests it builds use only documented
// fields, in the documented places; (c) the emulator answers in the documented shapes and accepts the
// documented request examples. Facts and sources: docs/platforms/helpscout.md.
import test from 'ava';
import {readFileSync} from 'node:fs';
import {conversationFromNative, describeHelpScoutError, fieldFromNative, type HsConversation, type HsField, type HsMailbox, type HsThread} from '../connectors/helpscout/api-shapes.js';
import {helpScoutConnector} from '../connectors/helpscout/index.js';
import {helpScoutAuthorizer} from '../connectors/helpscout/oauth.js';
import {startHelpScoutEmulator} from '../connectors/helpscout/emulator.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, undocumentedKeys, type Seen} from './helpers/contract-http.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/helpscout/${name}`, import.meta.url), 'utf8')) as T;
const settings: ConnectorSettings = {baseUrl: 'https://api.helpscout.net', authKind: 'client_credentials', credentials: {appId: 'app-id-123456', appSecret: 'app-secret-123456'}};

// Request fields as the reference tables list them.
const CONVERSATION_FIELDS = ['subject', 'autoReply', 'imported', 'type', 'assignTo', 'mailboxId', 'status', 'customer', 'threads', 'tags', 'fields', 'user', 'createdAt', 'closedAt'];
const CONVERSATION_THREAD_FIELDS = ['type', 'customer', 'text', 'user', 'createdAt', 'attachments', 'cc', 'bcc', 'draft'];
const CUSTOMER_THREAD_FIELDS = ['customer', 'text', 'imported', 'cc', 'bcc', 'createdAt', 'attachments'];
const REPLY_THREAD_FIELDS = ['text', 'draft', 'customer', 'imported', 'status', 'user', 'assignTo', 'cc', 'bcc', 'createdAt', 'attachments'];
const NOTE_THREAD_FIELDS = ['text', 'user', 'imported', 'status', 'createdAt', 'attachments'];

const mailboxes = fixture('list-mailboxes.response.json');
const fields = fixture('list-mailbox-fields.response.json');

// ---- (a) documented responses parse ------------------------------------------------------------

test('the documented error body becomes a message naming each field', (t) => {
  t.is(describeHelpScoutError(400, fixture('error.response.json')), `Bad request: subject: may not be empty; status: Expected one of these: 'active', 'spam', 'open', 'closed', 'pending' ("Wrong")`);
});

test('the documented custom field ("dropdown" in lower case) is a dropdown with its options in order', (t) => {
  const field = fieldFromNative(fields._embedded.fields[0] as HsField, mailboxes._embedded.mailboxes[0] as HsMailbox);
  t.is(field.type, 'dropdown');
  t.is(field.title, 'Beers');
  t.deepEqual(field.options?.map((option) => option.label), ['IPA', 'Stout']);
  t.false(field.required);
});

test('the documented conversation and thread parse into a ticket with its comment', (t) => {
  const threads = fixture('list-threads.trimmed.response.json')._embedded.threads as HsThread[];
  const ticket = conversationFromNative(fixture<HsConversation>('get-conversation.trimmed.response.json'), threads.map((thread) => ({...thread, createdAt: '2012-03-15T22:46:22Z'})), settings.baseUrl);
  t.is(ticket.id, '123');
  t.is(ticket.status, 'closed');
  t.is(ticket.subject, 'Help');
  t.is(ticket.assigneeId, '99');
  t.is(ticket.requesterId, '12', 'createdBy (a customer) stands in for the primaryCustomer the excerpt lacks');
  t.deepEqual(ticket.tags, ['vip']);
  t.deepEqual(ticket.ccEmails, ['bear@normal.com']);
  t.is(ticket.updatedAt, '2012-03-16T14:07:23Z', 'userUpdatedAt');
  t.deepEqual(ticket.comments.map((c) => [c.id, c.authorId, c.public, c.body]), [['1234', '29418', true, 'this is what i have to say: I love your service.']]);
});

test('the documented HAL pages are read through page.totalPages', async (t) => {
  const {http, seen} = fakeHttp(({path}) => (path === '/v2/mailboxes' ? {body: mailboxes} : path === '/v2/mailboxes/1/fields' || path === '/v2/mailboxes/2/fields' ? {body: fields} : undefined));
  const source = helpScoutConnector.openSource(settings, http);
  const pages = [];
  for await (const page of source.read('ticket_fields', {filter: {}})) pages.push(page);
  t.is(pages[0]!.records.length, 2, 'one field in each of the two inboxes');
  t.deepEqual(seen.map((s) => `${s.method} ${s.path}?page=${s.params.page}`), ['GET /v2/mailboxes?page=1', 'GET /v2/mailboxes/1/fields?page=1', 'GET /v2/mailboxes/2/fields?page=1']);
});

test('conversations are read with their threads embedded; a chat conversation (truncated there) or one short of its thread count is read with List Threads', async (t) => {
  const thread = (id: number, type: string, body: string, at: string) => ({id, type, status: 'active', state: 'published', body, customer: {id: 12}, createdBy: {id: 12, type: 'customer'}, createdAt: at, _embedded: {attachments: []}});
  const base = fixture<HsConversation>('get-conversation.trimmed.response.json');
  const long = 'chat '.repeat(50);
  const conversations = [
    {...base, id: 1, type: 'email', threads: 2, _embedded: {threads: [thread(11, 'customer', 'first', '2020-01-01T00:00:00Z'), thread(12, 'message', 'second', '2020-01-02T00:00:00Z')]}},
    {...base, id: 2, type: 'chat', threads: 1, _embedded: {threads: [thread(21, 'chat', long.slice(0, 100), '2020-01-01T00:00:00Z')]}},
    {...base, id: 3, type: 'email', threads: 2, _embedded: {threads: [thread(31, 'customer', 'only one embedded', '2020-01-01T00:00:00Z')]}},
  ];
  const listThreads: Record<string, unknown[]> = {
    '/v2/conversations/2/threads': [thread(21, 'chat', long, '2020-01-01T00:00:00Z')],
    '/v2/conversations/3/threads': [thread(31, 'customer', 'only one embedded', '2020-01-01T00:00:00Z'), thread(32, 'message', 'the other', '2020-01-02T00:00:00Z')],
  };
  const hal = (key: string, items: unknown[]) => ({body: {_embedded: {[key]: items}, page: {size: 25, totalElements: items.length, totalPages: 1, number: 1}}});
  const {http, seen} = fakeHttp(({path}) => (path === '/v2/conversations' ? hal('conversations', conversations) : listThreads[path] ? hal('threads', listThreads[path]!) : undefined));
  const source = helpScoutConnector.openSource(settings, http);
  const tickets: Ticket[] = [];
  for await (const page of source.read('tickets', {filter: {}})) tickets.push(...page.records);
  t.is(seen[0]!.params.embed, 'threads');
  t.deepEqual(seen.slice(1).map((s) => s.path), ['/v2/conversations/2/threads', '/v2/conversations/3/threads'], 'List Threads only where the embedded threads may be cut short');
  t.deepEqual(tickets.map((ticket) => ticket.comments.map((c) => c.body)), [['first', 'second'], [long], ['only one embedded', 'the other']]);
});

test('the emulator truncates chat threads embedded in List Conversations, not in List Threads', async (t) => {
  const {call} = await emulator(t);
  const mailboxId = (await call('GET', '/v2/mailboxes')).body._embedded.mailboxes[0].id;
  const customerId = (await call('GET', '/v2/customers')).body._embedded.customers[0].id;
  const long = 'a chat line '.repeat(30);
  const created = await call('POST', '/v2/conversations', {subject: 'Chat', customer: {id: customerId}, mailboxId, type: 'chat', status: 'active', imported: true, createdAt: '2020-01-01T00:00:00Z', threads: [{type: 'chat', customer: {id: customerId}, text: long, createdAt: '2020-01-01T00:00:00Z'}]});
  t.is(created.status, 201, JSON.stringify(created.body));
  const id = Number(created.headers.get('resource-id'));
  const listed = await call('GET', '/v2/conversations?status=all&embed=threads&sortField=createdAt&sortOrder=asc');
  const conversation = listed.body._embedded.conversations.find((c: {id: number}) => c.id === id) ?? (await call('GET', `/v2/conversations?status=all&embed=threads&page=${listed.body.page.totalPages}`)).body._embedded.conversations.find((c: {id: number}) => c.id === id);
  t.true(conversation._embedded.threads[0].body.length < long.length);
  const threads = await call('GET', `/v2/conversations/${id}/threads`);
  t.is(threads.body._embedded.threads[0].body, long);
});

// ---- (b) the connector's requests use documented fields -------------------------------------------

function ticket(): Ticket {
  return {
    id: '7', subject: 'Subject', status: 'open', priority: 'high', requesterId: '456', tags: ['VIP'], ccEmails: [], customFields: {'104': 'Stout'}, createdAt: '2012-10-10T12:00:00Z', updatedAt: '2012-10-11T12:00:00Z',
    comments: [
      {id: 'c1', authorId: '456', body: 'Hello, Help Scout. How are you?', public: true, createdAt: '2012-10-10T12:00:00Z', attachments: []},
      {id: 'c2', authorId: '99', body: 'How are you?', public: true, createdAt: '2012-10-10T13:00:00Z', attachments: [{id: 'a1', fileName: 'file.txt', contentType: 'text/plain', size: 4, url: 'x', inline: false}]},
      {id: 'c3', authorId: '99', body: 'internal', public: false, createdAt: '2012-10-10T14:00:00Z', attachments: []},
      {id: 'c4', authorId: '456', body: 'Buy more pens', public: true, createdAt: '2012-10-10T15:00:00Z', attachments: []},
    ],
  };
}

function targetFake() {
  let next = 500;
  // List Threads answers with the threads the last Create Conversation carried (ids from 1000), or one customer thread.
  let created: Array<{type: string; text: string; createdAt: string}> = [];
  return fakeHttp((s: Seen) => {
    if (s.method === 'GET' && s.path === '/v2/mailboxes') return {body: mailboxes};
    if (s.method === 'GET' && s.path === '/v2/mailboxes/1/fields') return {body: fields};
    if (s.method === 'GET' && s.path === '/v2/users') return {body: {_embedded: {users: [{id: 99, firstName: 'Mr', lastName: 'Robot', email: 'none@nowhere.com', role: 'admin', createdAt: 'x', updatedAt: 'x'}]}, page: {size: 50, totalElements: 1, totalPages: 1, number: 1}}};
    if (s.method === 'GET' && /\/threads$/.test(s.path)) {
      const threads = created.length ? created.map((thread, index) => ({id: 1000 + index, type: thread.type === 'reply' ? 'message' : thread.type, createdAt: thread.createdAt, body: thread.text})) : [{id: 1, type: 'customer', createdAt: '2012-10-10T12:00:00Z', body: 'x'}];
      return {body: {_embedded: {threads}, page: {size: 50, totalElements: threads.length, totalPages: 1, number: 1}}};
    }
    if (s.method === 'POST' && s.path === '/v2/conversations') created = (s.request.json as {threads: typeof created}).threads;
    if (s.method === 'POST') return {status: 201, body: undefined, headers: {'resource-id': String(++next)}};
    return undefined;
  });
}

test('a ticket is written as one Create Conversation (imported) with all its comments as threads in the documented fields, then its upload', async (t) => {
  const {http, seen} = targetFake();
  const target = helpScoutConnector.openTarget(settings, http);
  const context = contractContext('zendesk:tickets:7', Buffer.from('file'));
  const id = await target.create('tickets', ticket(), context);
  await target.complete!('tickets', id, ticket(), context);
  const posts = seen.filter((s) => s.method === 'POST');
  // c2's thread (the second in the create) is found by its marker for its upload.
  t.deepEqual(posts.map((s) => s.path), ['/v2/conversations', '/v2/conversations/501/threads/1001/attachments']);
  const create = posts[0]!.request.json as Record<string, any>;
  t.deepEqual(undocumentedKeys(create, CONVERSATION_FIELDS), []);
  t.deepEqual(create.threads.map((thread: {type: string}) => thread.type), ['customer', 'reply', 'note', 'customer']);
  for (const thread of create.threads) t.deepEqual(undocumentedKeys(thread, CONVERSATION_THREAD_FIELDS), []);
  t.deepEqual(create.threads.map((thread: {createdAt: string}) => thread.createdAt), ticket().comments.map((c) => c.createdAt));
  t.regex(create.threads[3].text, /zendesk:tickets:7#comment:c4/, 'later threads carry their markers');
  t.true(create.imported);
  t.deepEqual(posts[1]!.request.json, {fileName: 'file.txt', mimeType: 'text/plain', data: 'ZmlsZQ=='});
});

test('a conversation created with its first thread only (before ferry sent them together): customer, reply and note threads in the documented fields, and an upload', async (t) => {
  const {http, seen} = targetFake();
  const target = helpScoutConnector.openTarget(settings, http);
  const context = contractContext('zendesk:tickets:7', Buffer.from('file'));
  // Resumed after an older ferry created the conversation: no record of threads sent with it.
  await target.complete!('tickets', '501', ticket(), context);
  const posts = seen.filter((s) => s.method === 'POST');
  t.deepEqual(posts.map((s) => s.path), ['/v2/conversations/501/reply', '/v2/conversations/501/threads/501/attachments', '/v2/conversations/501/notes', '/v2/conversations/501/customer']);
  t.deepEqual(undocumentedKeys(posts[0]!.request.json as object, REPLY_THREAD_FIELDS), []);
  t.deepEqual(undocumentedKeys(posts[2]!.request.json as object, NOTE_THREAD_FIELDS), []);
  t.deepEqual(undocumentedKeys(posts[3]!.request.json as object, CUSTOMER_THREAD_FIELDS), []);
  for (const post of posts) if (!post.path.endsWith('/attachments')) t.like(post.request.json, {imported: true});
  t.deepEqual(posts[1]!.request.json, {fileName: 'file.txt', mimeType: 'text/plain', data: 'ZmlsZQ=='}, 'the upload in the documented attachment shape');
  const created = await target.create('tickets', ticket(), contractContext('zendesk:tickets:8'));
  const create = seen.filter((s) => s.method === 'POST').at(-1)!.request.json as Record<string, any>;
  t.truthy(created);
  t.is(create.createdAt, '2012-10-10T12:00:00Z');
  t.deepEqual(create.fields, [{id: 104, value: '170'}], 'a dropdown value is its option id');
  t.true(create.tags.includes('ferry-zendesk-tickets-8'), 'the marker tag rides on the create');
});

test('a ticket of more than 100 comments: 100 threads go with the create, the rest one by one, none twice', async (t) => {
  const {http, seen} = targetFake();
  const target = helpScoutConnector.openTarget(settings, http);
  const long: Ticket = {...ticket(), comments: Array.from({length: 105}, (_, i) => ({id: `c${i}`, authorId: '456', body: `comment ${i}`, public: true, createdAt: new Date(Date.UTC(2012, 9, 10, 12, i)).toISOString().replace('.000', ''), attachments: []}))};
  const context = contractContext('zendesk:tickets:10');
  const id = await target.create('tickets', long, context);
  await target.complete!('tickets', id, long, context);
  // Resumed: nothing is sent again.
  await target.complete!('tickets', id, long, context);
  const posts = seen.filter((s) => s.method === 'POST');
  t.is((posts[0]!.request.json as {threads: unknown[]}).threads.length, 100);
  t.deepEqual(posts.slice(1).map((s) => s.path), Array.from({length: 5}, () => `/v2/conversations/${id}/customer`));
  t.regex(JSON.stringify(posts.slice(1).map((s) => s.request.json)), /comment 100.*comment 104/);
});

test('what Help Scout cannot keep is said', async (t) => {
  const {http} = targetFake();
  const context = contractContext('zendesk:tickets:9');
  await helpScoutConnector.openTarget(settings, http).create('tickets', ticket(), context);
  t.true(context.notes.some((note) => /no priority/.test(note)));
});

test('a requester who is a Help Scout user goes by email, as the documented example defines a customer', async (t) => {
  const {http, seen} = targetFake();
  const target = helpScoutConnector.openTarget(settings, http);
  await target.create('tickets', {...ticket(), requesterId: '99'}, contractContext('zendesk:tickets:8'));
  const create = seen.find((s) => s.method === 'POST')!.request.json as Record<string, any>;
  t.deepEqual(create.customer, {email: 'none@nowhere.com', firstName: 'Mr', lastName: 'Robot'});
  t.deepEqual(undocumentedKeys(create.customer, Object.keys(fixture('create-conversation.request.json').customer)), []);
});

test('the token request is the documented client credentials grant', async (t) => {
  const sent: Array<{url: string; body: Record<string, string>}> = [];
  const saved = new Map<string, string>();
  const authorizer = helpScoutAuthorizer(settings, {load: (name) => saved.get(name), save: (name, value) => void saved.set(name, value)}, {
    send: async (url, body) => (sent.push({url, body}), {status: 200, body: {token_type: 'bearer', access_token: 'token-1', expires_in: 172800}}),
  })!;
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer token-1'});
  t.deepEqual(sent, [{url: 'https://api.helpscout.net/v2/oauth2/token', body: {grant_type: 'client_credentials', client_id: 'app-id-123456', client_secret: 'app-secret-123456'}}]);
});

// ---- (c) the emulator answers in the documented shapes ----------------------------------------------

async function emulator(t: {teardown(fn: () => unknown): void}) {
  const running = await startHelpScoutEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const token = (await (await fetch(`${running.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams({grant_type: 'client_credentials', client_id: running.credentials.appId!, client_secret: running.credentials.appSecret!})})).json()) as {access_token: string};
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, {method, headers: {authorization: `Bearer ${token.access_token}`, ...(body ? {'content-type': 'application/json'} : {})}, body: body ? JSON.stringify(body) : undefined});
    const text = await response.text();
    return {status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined};
  };
  return {running, call};
}

const keysOf = (value: object) => Object.keys(value).sort();

test('the emulator lists inboxes, fields and threads in the documented HAL shapes', async (t) => {
  const {call} = await emulator(t);
  const list = await call('GET', '/v2/mailboxes');
  t.deepEqual(keysOf(list.body), keysOf(mailboxes));
  t.deepEqual(keysOf(list.body.page), keysOf(mailboxes.page));
  t.deepEqual(undocumentedKeys(list.body._embedded.mailboxes[0], Object.keys(mailboxes._embedded.mailboxes[0])), []);
  const mailboxFields = await call('GET', `/v2/mailboxes/${list.body._embedded.mailboxes[0].id}/fields`);
  t.deepEqual(undocumentedKeys(mailboxFields.body._embedded.fields[0], Object.keys(fields._embedded.fields[0])), []);
  t.true(mailboxFields.body._embedded.fields.some((field: HsField) => field.type === 'dropdown'));
  const conversations = await call('GET', '/v2/conversations?status=all');
  const threads = await call('GET', `/v2/conversations/${conversations.body._embedded.conversations[0].id}/threads`);
  const documented = fixture('list-threads.trimmed.response.json')._embedded.threads[0];
  for (const key of ['id', 'type', 'status', 'state', 'body', 'customer', 'createdBy']) t.true(key in threads.body._embedded.threads[0], `thread has ${key}`);
  t.deepEqual(undocumentedKeys(threads.body._embedded.threads[0], [...Object.keys(documented), 'createdAt', '_embedded']), []);
});

test('the emulator takes the documented request examples and refuses what the reference does not list, in the vnd.error shape', async (t) => {
  const {running, call} = await emulator(t);
  const mailboxId = (await call('GET', '/v2/mailboxes')).body._embedded.mailboxes[0].id;
  // The documented example carries createdAt without imported: Help Scout says createdAt "can only be used with imported field set to true".
  const example = {...fixture<Record<string, unknown>>('create-conversation.request.json'), mailboxId, fields: []};
  t.is((await call('POST', '/v2/conversations', example)).status, 400);
  const created = await call('POST', '/v2/conversations', {...example, imported: true});
  t.is(created.status, 201);
  const id = created.headers.get('resource-id');
  t.regex(id ?? '', /^\d+$/);
  t.is(created.headers.get('location'), `${running.url}/v2/conversations/${id}`);
  const customerId = (await call('GET', '/v2/customers')).body._embedded.customers[0].id;
  const thread = await call('POST', `/v2/conversations/${id}/customer`, {...fixture<Record<string, unknown>>('create-customer-thread.request.json'), customer: {id: customerId}, attachments: undefined});
  t.is(thread.status, 201);
  const refused = await call('POST', '/v2/conversations', {...example, imported: true, priority: 'high'});
  t.is(refused.status, 400);
  t.deepEqual(keysOf(refused.body), keysOf(fixture('error.response.json')));
  t.deepEqual(keysOf(refused.body._embedded.errors[0]), keysOf(fixture('error.response.json')._embedded.errors[0]));
  t.is(refused.headers.get('content-type'), 'application/vnd.error+json');
  t.is((await call('GET', '/v2/conversations?per_page=10')).status, 400, 'an undocumented parameter is refused');
});
