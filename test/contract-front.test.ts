// Contract tests: ferry's Front connector and emulator against the examples Front publishes in
// github.com/frontapp/front-api-specs (test/fixtures/front/, sources in SOURCES.md there), both ways:
// (a) the connector parses the documented responses; (b) the requests it builds use only documented
// fields; (c) the emulator accepts the documented request examples and answers in the documented shapes.
// Facts and sources: docs/platforms/front.md.
import test from 'ava';
import {readFileSync} from 'node:fs';
import {accountFromNative, contactFromNative, conversationFromNative, describeFrontError, teammateFromNative, type FrontAccount, type FrontComment, type FrontContact, type FrontConversation, type FrontMessage, type FrontTeammate} from '../connectors/front/api-shapes.js';
import {frontConnector} from '../connectors/front/index.js';
import {startFrontEmulator, EMULATOR_TOKEN} from '../connectors/front/emulator.js';
import {tokenOf} from '../connectors/front/reader.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, formFieldNames, undocumentedKeys} from './helpers/contract-http.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/front/${name}`, import.meta.url), 'utf8')) as T;
const settings: ConnectorSettings = {baseUrl: 'https://api2.frontapp.com', authKind: 'token', credentials: {apiToken: 'token-123456'}};
const keysOf = (value: object) => Object.keys(value);
// Fields the Core API spec (core-api.json, components.schemas) lists that the older Postman examples lack.
const IMPORT_FIELDS = ['sender', 'to', 'cc', 'bcc', 'subject', 'body', 'body_format', 'external_id', 'created_at', 'type', 'assignee_id', 'tags', 'conversation_id', 'metadata', 'attachments'];
const CONVERSATION_FIELDS = ['_links', 'id', 'type', 'subject', 'status', 'status_id', 'status_category', 'ticket_ids', 'assignee', 'recipient', 'tags', 'links', 'custom_fields', 'created_at', 'updated_at', 'waiting_since', 'is_private', 'scheduled_reminders', 'description', 'due_at', 'metadata'];
const TEAMMATE_FIELDS = ['_links', 'id', 'email', 'username', 'first_name', 'last_name', 'is_admin', 'is_available', 'is_blocked', 'type', 'custom_fields'];
const MESSAGE_FIELDS = ['_links', 'id', 'message_uid', 'type', 'is_inbound', 'draft_mode', 'error_type', 'version', 'created_at', 'subject', 'blurb', 'author', 'recipients', 'body', 'text', 'attachments', 'signature', 'metadata'];

// ---- (a) documented responses parse ------------------------------------------------------------

test('the documented conversation, messages and comments parse into a ticket, oldest first, private notes private', (t) => {
  const conversation = fixture('list-conversations.response.json')._results[0] as FrontConversation;
  const messages = fixture('list-conversation-messages.response.json')._results as FrontMessage[];
  const comments = fixture('list-conversation-comments.response.json')._results as FrontComment[];
  const ticket: Ticket = conversationFromNative(conversation, messages, comments, []);
  t.is(ticket.id, conversation.id);
  t.is(ticket.subject, conversation.subject);
  t.is(ticket.status, 'open', '"assigned" is open');
  t.is(ticket.assigneeId, conversation.assignee!.id);
  t.deepEqual(ticket.tags, conversation.tags.map((tag) => tag.name));
  t.is(ticket.comments.length, messages.length + comments.length);
  t.is(ticket.comments.filter((comment) => !comment.public).length, comments.length);
  const dates = ticket.comments.map((comment) => comment.createdAt);
  t.deepEqual(dates, [...dates].sort());
  const inbound = messages.find((message) => message.is_inbound);
  if (inbound) t.not(ticket.comments.find((comment) => comment.id === inbound.id)!.authorId, inbound.author?.id, 'an inbound message is by its sender, not a teammate');
  t.is(ticket.comments.flatMap((comment) => comment.attachments).length, [...messages, ...comments].flatMap((item) => item.attachments).length);
});

test('the documented contact, account and teammate parse; a contact keeps its first email and phone handles', (t) => {
  const contact = fixture<FrontContact>('create-contact.response.json');
  const person = contactFromNative(contact);
  t.is(person.id, contact.id);
  t.is(person.email, contact.handles.find((handle) => handle.source === 'email')?.handle);
  const account = accountFromNative(fixture<FrontAccount>('create-account.response.json'));
  t.is(account.name, 'laboris in fugiat');
  t.deepEqual(account.domains, ['Lorem ad proident', 'sit velit']);
  t.is(account.createdAt, new Date(85131370 * 1000).toISOString().replace('.000Z', 'Z'), 'created_at is in seconds');
  const teammate = teammateFromNative(fixture('list-teammates.response.json')._results[0] as FrontTeammate);
  t.is(teammate.name, 'eiusmod dolore ut Excepteur deserunt ea');
  t.is(teammate.role, 'agent', 'is_admin false');
  t.false(teammate.active, 'is_blocked true');
});

test('a page names the next by its page_token; the documented placeholder without one reads as the last page', (t) => {
  t.is(tokenOf('https://yourCompany.api.frontapp.com/conversations?limit=25&page_token=92f32bcd7625333caf'), '92f32bcd7625333caf');
  t.is(tokenOf(fixture('list-conversations.response.json')._pagination.next), undefined);
  t.is(tokenOf(null), undefined);
});

test("errors are read in Front's _error shape", (t) => {
  t.is(describeFrontError(400, {_error: {status: 400, title: 'Bad request', message: 'Body did not satisfy requirements', details: ['body.sender: missing']}}), 'Bad request: Body did not satisfy requirements (body.sender: missing)');
  t.is(describeFrontError(502, '<html>bad gateway</html>'), 'HTTP 502');
});

// ---- (b) the requests ferry builds use documented fields only ----------------------------------

test('Import message, Create contact, Create account and Add comment carry only the documented fields', async (t) => {
  const documentedImport = fixture('import-message.request.json');
  const {http, seen} = fakeHttp(({method, path}) => {
    if (path === '/inboxes') return {body: fixture('list-inboxes.response.json')};
    if (path.endsWith('/channels')) return {body: {_results: [{address: 'support@acme.test'}]}};
    if (path === '/teammates') return {body: {_results: [{id: 'tea_1', email: 'agent@acme.test', first_name: 'A', last_name: 'Gent', is_admin: true}]}};
    if (path === '/conversations/custom_fields') return {body: {_results: []}};
    if (path.startsWith('/contacts/')) return {body: {id: 'crd_1', name: 'Jane', description: null, handles: [{handle: 'jane@acme.test', source: 'email'}]}};
    if (method === 'POST' && path.endsWith('/imported_messages')) return {status: 202, body: fixture('import-message.response.json')};
    if (path.startsWith('/messages/alt:uid:')) return {body: {...(fixture('get-message.response.json') as object), _links: {related: {conversation: 'https://api2.frontapp.com/conversations/cnv_9'}}}};
    if (method === 'POST' && path.endsWith('/comments')) return {status: 201, body: {id: 'com_1'}};
    if (method === 'GET' && /^\/conversations\/cnv_9\/(messages|comments)$/.test(path)) return {body: {_pagination: {next: null}, _results: []}};
    if (method === 'POST' && path === '/contacts') return {status: 201, body: fixture('create-contact.response.json')};
    if (method === 'POST' && path === '/accounts') return {status: 201, body: fixture('create-account.response.json')};
    return undefined;
  });
  const target = frontConnector.openTarget(settings, http);
  const ticket: Ticket = {
    id: '1', subject: 'Help', status: 'solved', priority: 'normal', requesterId: 'crd_1', assigneeId: 'tea_1', tags: ['vip'], ccEmails: ['cc@acme.test'], customFields: {}, createdAt: '2024-01-01T10:00:00Z', updatedAt: '2024-01-02T10:00:00Z',
    comments: [
      {id: 'c1', authorId: 'crd_1', body: '<p>Hi</p>', public: true, createdAt: '2024-01-01T10:00:00Z', attachments: []},
      {id: 'c2', authorId: 'tea_1', body: '<p>Hello</p>', public: true, createdAt: '2024-01-01T11:00:00Z', attachments: [{id: 'a', fileName: 'a.txt', contentType: 'text/plain', size: 1, url: 'x', inline: false}]},
      {id: 'c3', authorId: 'tea_1', body: '<p>note</p>', public: false, createdAt: '2024-01-01T12:00:00Z', attachments: []},
    ],
  };
  const context = contractContext('zendesk:tickets:1');
  const id = await target.create('tickets', ticket, context);
  t.is(id, 'cnv_9');
  await target.complete!('tickets', id, ticket, context);
  const imports = seen.filter((s) => s.method === 'POST' && s.path.endsWith('/imported_messages'));
  t.is(imports.length, 2);
  const json = imports[0]!.request.json as Record<string, any>;
  t.deepEqual(undocumentedKeys(json, keysOf(documentedImport)), [], 'the first message: only what the example shows');
  t.deepEqual(undocumentedKeys(json.sender, keysOf(documentedImport.sender)), []);
  t.deepEqual(undocumentedKeys(json.metadata, keysOf(documentedImport.metadata)), []);
  t.is(json.created_at, Date.parse('2024-01-01T10:00:00Z') / 1000, 'created_at in seconds');
  t.is(json.metadata.is_inbound, true, "the contact's message is inbound");
  t.is(json.metadata.is_archived, true, 'a solved ticket is imported archived');
  t.is(json.external_id, 'zendesk:tickets:1#comment:c1');
  t.true(json.tags.includes('ferry-zendesk:tickets:1'));
  const form = imports[1]!.request.form!;
  t.deepEqual(undocumentedKeys(Object.fromEntries(formFieldNames(form).map((name) => [name, 1])), IMPORT_FIELDS), []);
  t.is(form.get('conversation_id'), 'cnv_9');
  t.is(form.get('sender[author_id]'), 'tea_1');
  t.is(form.get('metadata[is_inbound]'), 'false');
  const comment = seen.find((s) => s.method === 'POST' && s.path.endsWith('/comments'))!;
  t.deepEqual(undocumentedKeys(comment.request.json as object, ['author_id', 'body', 'is_pinned', 'attachments']), []);

  await target.create('contacts', {id: '5', name: 'Jane', email: 'jane@acme.test', role: 'end-user', active: true, createdAt: '', updatedAt: ''}, contractContext('zendesk:contacts:5'));
  await target.create('organizations', {id: '6', name: 'Acme', domains: ['acme.test'], createdAt: '', updatedAt: ''}, contractContext('zendesk:organizations:6'));
  const contact = seen.find((s) => s.method === 'POST' && s.path === '/contacts')!.request.json as Record<string, any>;
  t.deepEqual(undocumentedKeys(contact, keysOf(fixture('create-contact.request.json'))), []);
  const account = seen.find((s) => s.method === 'POST' && s.path === '/accounts')!.request.json as Record<string, any>;
  t.deepEqual(undocumentedKeys(account, keysOf(fixture('create-account.request.json'))), []);
  t.is(account.external_id, 'zendesk:organizations:6');
});

// ---- (c) the emulator accepts the documented examples and answers in their shapes --------------

test('the emulator accepts the documented request examples and answers in the documented shapes', async (t) => {
  const emulator = await startFrontEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {method, headers: {authorization: `Bearer ${EMULATOR_TOKEN}`, ...(body ? {'content-type': 'application/json'} : {})}, body: body ? JSON.stringify(body) : undefined});
    return {status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as any)};
  };
  const teammate = (await call('GET', '/teammates')).body._results[0];
  const documented = fixture('import-message.request.json');
  // The example's ids are placeholders: the emulator's own teammate stands in for them; no multipart, so no attachments.
  const {attachments: _files, ...example} = documented;
  const imported = await call('POST', '/inboxes/inb_support/imported_messages', {...example, sender: {...example.sender, author_id: teammate.id}, assignee_id: teammate.id});
  t.is(imported.status, 202, JSON.stringify(imported.body));
  t.deepEqual(keysOf(imported.body).sort(), keysOf(fixture('import-message.response.json')).sort());
  const message = await call('GET', `/messages/alt:uid:${imported.body.message_uid}`);
  t.is(message.status, 200);
  t.deepEqual(undocumentedKeys(message.body, MESSAGE_FIELDS), []);
  t.is(message.body.created_at, documented.created_at, 'created_at kept');
  t.is(message.body.metadata.external_id, documented.external_id);
  // "Front won't import two messages with the same external ID".
  const again = await call('POST', '/inboxes/inb_support/imported_messages', {...example, sender: {...example.sender, author_id: teammate.id}, assignee_id: teammate.id});
  t.is(again.status, 202);
  const conversationId = message.body._links.related.conversation.split('/').pop();
  t.is((await call('GET', `/conversations/${conversationId}/messages`)).body._results.length, 1);

  const contact = await call('POST', '/contacts', fixture('create-contact.request.json'));
  t.is(contact.status, 201, JSON.stringify(contact.body));
  t.deepEqual(undocumentedKeys(contact.body, keysOf(fixture('create-contact.response.json'))), []);
  const account = await call('POST', '/accounts', fixture('create-account.request.json'));
  t.is(account.status, 201, JSON.stringify(account.body));
  t.deepEqual(undocumentedKeys(account.body, keysOf(fixture('create-account.response.json'))), []);
  t.is((await call('POST', `/accounts/${account.body.id}/contacts`, {contact_ids: [contact.body.id]})).status, 204);
  const update = fixture('update-conversation.request.json');
  t.is((await call('PATCH', `/conversations/${conversationId}`, {status: update.status})).status, 204);
  for (const [path, name] of [['/conversations', 'list-conversations'], [`/conversations/${conversationId}/messages`, 'list-conversation-messages'], [`/conversations/${conversationId}/comments`, 'list-conversation-comments'], ['/tags', 'list-tags'], ['/teammates', 'list-teammates'], ['/inboxes', 'list-inboxes'], ['/accounts', 'list-accounts'], ['/contacts', 'list-contacts']] as const) {
    const answer = await call('GET', path);
    const doc = fixture(`${name}.response.json`);
    // The spec lists page_token for List tags too, whose example omits _pagination.
    t.deepEqual(undocumentedKeys(answer.body, [...keysOf(doc), ...(name === 'list-tags' ? ['_pagination'] : [])]), [], path);
    const itemFields = name === 'list-conversations' ? CONVERSATION_FIELDS : name === 'list-conversation-messages' ? MESSAGE_FIELDS : name === 'list-teammates' ? TEAMMATE_FIELDS : keysOf(doc._results[0]);
    for (const item of answer.body._results) t.deepEqual(undocumentedKeys(item, itemFields), [], `${path} item`);
  }
  // Refusals in Front's shape: an unknown field, a missing required one, a page size over 100, no token.
  for (const [method, path, body] of [['POST', '/contacts', {handles: [{handle: 'x@y.test', source: 'email'}], nickname: 'x'}], ['POST', '/inboxes/inb_support/imported_messages', {to: ['a']}], ['GET', '/contacts?limit=101', undefined]] as const) {
    const refused = await call(method, path, body);
    t.is(refused.status, 400, path);
    t.is(refused.body._error.status, 400);
    t.truthy(refused.body._error.message);
  }
  const anonymous = await fetch(`${emulator.url}/me`);
  t.is(anonymous.status, 401);
  t.is(((await anonymous.json()) as any)._error.status, 401);
});

test('the emulator answers over its plan limit with 429, retry-after and the x-ratelimit headers', async (t) => {
  const emulator = await startFrontEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 3}});
  t.teardown(() => emulator.close());
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 4; i++) {
    last = await fetch(`${emulator.url}/me`, {headers: {authorization: `Bearer ${EMULATOR_TOKEN}`}});
    statuses.push(last.status);
  }
  t.deepEqual(statuses, [200, 200, 200, 429]);
  t.is(last!.headers.get('x-ratelimit-limit'), '3');
  t.is(last!.headers.get('x-ratelimit-remaining'), '0');
  t.true(Number(last!.headers.get('retry-after')) >= 1);
  t.true(Number(last!.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
  t.is(((await last!.json()) as any)._error.status, 429);
});
