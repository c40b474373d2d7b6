// Contract tests: ferry's Intercom connector and emulator against the examples of Intercom's own
// OpenAPI description of REST API 2.14 (test/fixtures/intercom/, sources in SOURCES.md there), both
// ways: (a) the connector parses the documented responses; (b) the requests it builds use only the
// documented fields of each request schema; (c) the emulator accepts the documented request examples
// and answers in the documented shapes. Facts and sources: docs/platforms/intercom.md.
import test from 'ava';
import {readFileSync} from 'node:fs';
import {articleFromNative, categoryFromNative, companyFromNative, contactFromNative, conversationFromNative, conversationMarkerOf, describeIntercomError, markerToken, withConversationMarker, type IcConversation} from '../connectors/intercom/api-shapes.js';
import {intercomConnector} from '../connectors/intercom/index.js';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {nextCursor} from '../connectors/intercom/reader.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, undocumentedKeys} from './helpers/contract-http.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/intercom/${name}`, import.meta.url), 'utf8')) as T;
const settings: ConnectorSettings = {baseUrl: 'https://api.intercom.io', authKind: 'token', credentials: {accessToken: 'token-123456'}};

// Request schema properties of the 2.14 description (components/schemas/<name>).
const SCHEMA = {
  create_conversation_request: ['from', 'body', 'subject', 'attachment_urls', 'created_at'],
  admin_reply_conversation_request: ['message_type', 'type', 'body', 'admin_id', 'created_at', 'reply_options', 'attachment_urls', 'attachment_files'],
  contact_reply_intercom_user_id_request: ['intercom_user_id', 'attachment_files', 'message_type', 'type', 'body', 'created_at', 'attachment_urls', 'reply_options'],
  create_contact_request: ['role', 'external_id', 'email', 'phone', 'name', 'avatar', 'signed_up_at', 'last_seen_at', 'owner_id', 'unsubscribed_from_emails', 'custom_attributes'],
  create_or_update_company_request: ['name', 'company_id', 'plan', 'size', 'website', 'industry', 'custom_attributes', 'remote_created_at', 'monthly_spend'],
  create_article_request: ['title', 'description', 'body', 'author_id', 'state', 'parent_id', 'parent_type', 'translated_content'],
  create_collection_request: ['name', 'description', 'translated_content', 'parent_id', 'help_center_id'],
  update_conversation_request: ['read', 'title', 'custom_attributes', 'company_id'],
  assign_conversation_request: ['message_type', 'type', 'admin_id', 'assignee_id', 'body'],
  close_conversation_request: ['message_type', 'type', 'admin_id', 'body'],
  search_request: ['query', 'pagination'],
};

// ---- (a) documented responses parse ------------------------------------------------------------

test('the documented Error List becomes a message naming its code', (t) => {
  t.is(describeIntercomError(401, fixture('unauthorized.response.json')), 'unauthorized: Access Token Invalid');
  t.is(describeIntercomError(404, fixture('create-conversation.not-found.response.json')), 'not_found: User Not Found');
});

test('the documented contact, company, collection and article parse into the neutral model', (t) => {
  const contact = contactFromNative(fixture('create-contact.response.json'));
  t.is(contact.email, 'joebloggs@intercom.io');
  t.is(contact.createdAt, '2024-12-18T15:57:17Z');
  const company = companyFromNative(fixture('create-or-update-company.response.json'));
  t.truthy(company.id);
  t.is(company.name, fixture('create-or-update-company.response.json').name);
  t.is(categoryFromNative(fixture('create-collection.response.json')).name, fixture('create-collection.response.json').name);
  const article = articleFromNative(fixture('create-article.response.json'));
  t.is(article.title, fixture('create-article.response.json').title);
  t.is(article.draft, fixture('create-article.response.json').state === 'draft');
});

test('the documented reply answer (a whole conversation) parses into a ticket whose parts are its comments', (t) => {
  const replies = fixture<Record<string, IcConversation>>('reply.responses.json');
  const ticket: Ticket = conversationFromNative(replies['User reply']!, []);
  t.is(ticket.id, '524');
  t.is(ticket.status, 'open');
  t.is(ticket.requesterId, '6762f1571bb69f9f2193bbbb');
  t.is(ticket.assigneeId, '991267715');
  // The contact's reply reopened the conversation: an "open" part with a body is a public comment.
  t.deepEqual(ticket.comments.map((comment) => [comment.id, comment.authorId, comment.public]), [['524-source', '991267694', true], ['132', '6762f1571bb69f9f2193bbbb', true]]);
  const note = conversationFromNative(replies['Admin Reply with a Note']!, []);
  t.false(note.comments.at(-1)!.public);
});

test('the documented conversation list keeps its records in `conversations`, and its last page names no next one', async (t) => {
  const list = fixture('list-conversations.response.json');
  t.is(list.type, 'conversation.list');
  t.is(nextCursor(list), undefined);
  const {http, seen} = fakeHttp(({path}) => (path === '/conversations' ? {body: list} : path === '/conversations/471' ? {body: {...list.conversations[0], conversation_parts: {type: 'conversation_part.list', conversation_parts: [], total_count: 0}}} : path === '/data_attributes' ? {body: {type: 'list', data: []}} : path === '/tickets/search' ? {body: {type: 'ticket.list', tickets: [], total_count: 0, pages: {type: 'pages', page: 1, per_page: 150, total_pages: 0}}} : undefined));
  const pages = [];
  for await (const page of intercomConnector.openSource(settings, http).read('tickets', {filter: {}})) pages.push(page);
  t.deepEqual(pages.flatMap((page) => page.records.map((record) => record.id)), ['471']);
  t.deepEqual(seen.find((s) => s.path === '/conversations')!.params, {per_page: '150'});
});

test('the documented /me answer describes the account; X-RateLimit-Limit counts a 10-second window', async (t) => {
  const {http} = fakeHttp(({path}) => (path === '/me' ? {body: fixture('me.response.json'), headers: {'x-ratelimit-limit': '167'}} : undefined));
  const check = await intercomConnector.openTarget(settings, http).check();
  t.regex(check.description, new RegExp(fixture('me.response.json').email));
  t.is(check.liveRequestsPerMinute, 1002);
});

// ---- (b) the connector's requests use documented fields only -------------------------------------

test('a ticket written into Intercom uses only the documented fields of each request', async (t) => {
  const me = fixture('me.response.json');
  const conversation = fixture<Record<string, IcConversation>>('reply.responses.json')['User reply']!;
  const {http, seen} = fakeHttp(({method, path}) => {
    if (path === '/me') return {body: me};
    if (path === '/admins') return {body: fixture('list-admins.response.json')};
    if (path === '/data_attributes') return {body: {type: 'list', data: []}};
    if (method === 'POST' && path === '/conversations') return {body: fixture('create-conversation.response.json')};
    if (path.startsWith('/conversations/') && method !== 'GET') return {body: conversation};
    if (method === 'POST' && path === '/tags') return {body: {type: 'tag', id: '1', name: 'x'}};
    if (method === 'GET' && path.startsWith('/conversations/')) return {body: {...conversation, conversation_parts: {type: 'conversation_part.list', conversation_parts: [], total_count: 0}}};
    return undefined;
  });
  const admin = String(fixture('list-admins.response.json').admins[0].id);
  const at = (s: string) => `2021-01-0${s}T10:00:00Z`;
  const file = {id: 'f1', fileName: 'a.png', contentType: 'image/png', size: 1, url: 'https://files.invalid/a.png', inline: false};
  const ticket: Ticket = {
    id: '9', subject: 'Old', status: 'closed', priority: 'normal', requesterId: 'contact-1', assigneeId: admin, tags: ['vip'], ccEmails: [], customFields: {}, createdAt: at('1'), updatedAt: at('3'),
    comments: [
      {id: 'c1', authorId: 'contact-1', body: '<p>Hi</p>', public: true, createdAt: at('1'), attachments: [file]},
      {id: 'c2', authorId: admin, body: '<p>Hello</p>', public: true, createdAt: at('2'), attachments: [file]},
      {id: 'c3', authorId: 'contact-1', body: '<p>Thanks</p>', public: true, createdAt: at('3'), attachments: [file]},
    ],
  };
  const target = intercomConnector.openTarget(settings, http);
  const context = contractContext('zendesk:tickets:9');
  const id = await target.create('tickets', ticket, context);
  t.is(id, '499', 'the conversation_id of the documented answer');
  await target.complete!('tickets', id, ticket, context);
  const bodies = (path: RegExp, method = 'POST') => seen.filter((s) => s.method === method && path.test(s.path)).map((s) => s.request.json as Record<string, unknown>);
  const [created] = bodies(/^\/conversations$/);
  t.deepEqual(undocumentedKeys(created!, SCHEMA.create_conversation_request), []);
  t.is(created!.created_at, 1609495200);
  const replies = bodies(/\/reply$/);
  t.is(replies.length, 3, 'the first message\'s file note, the admin reply, the contact reply');
  for (const reply of replies) t.deepEqual(undocumentedKeys(reply, reply.type === 'admin' ? SCHEMA.admin_reply_conversation_request : SCHEMA.contact_reply_intercom_user_id_request), []);
  t.deepEqual(replies.map((reply) => [reply.type, reply.message_type, (reply.attachment_files as unknown[] | undefined)?.length]), [['admin', 'note', 1], ['admin', 'comment', 1], ['user', 'comment', 1]]);
  t.deepEqual(undocumentedKeys(bodies(/^\/conversations\/499$/, 'PUT')[0]!, SCHEMA.update_conversation_request), []);
  const parts = bodies(/\/parts$/);
  t.deepEqual(parts.map((part) => part.message_type), ['assignment', 'close']);
  t.deepEqual(undocumentedKeys(parts[0]!, SCHEMA.assign_conversation_request), []);
  t.deepEqual(undocumentedKeys(parts[1]!, SCHEMA.close_conversation_request), []);
});

test('contacts, companies, collections and articles are written with documented fields only', async (t) => {
  const admins = fixture('list-admins.response.json');
  const {http, seen} = fakeHttp(({method, path}) => {
    if (path === '/admins') return {body: admins};
    if (path === '/me') return {body: fixture('me.response.json')};
    if (method === 'POST' && path === '/contacts') return {body: fixture('create-contact.response.json')};
    if (method === 'POST' && path === '/companies') return {body: fixture('create-or-update-company.response.json')};
    if (method === 'POST' && path === '/help_center/collections') return {body: fixture('create-collection.response.json')};
    if (method === 'POST' && path === '/articles') return {body: fixture('create-article.response.json')};
    if (method === 'POST' && /^\/contacts\/[^/]+\/companies$/.test(path)) return {body: fixture('create-or-update-company.response.json')};
    return undefined;
  });
  const target = intercomConnector.openTarget(settings, http);
  const at = '2020-05-01T00:00:00Z';
  const person = {id: '1', name: 'Jo', email: 'jo@x.test', phone: '+1', role: 'end-user' as const, active: true, organizationId: 'co', createdAt: at, updatedAt: at};
  await target.create('contacts', person, contractContext('zendesk:contacts:1'));
  await target.complete!('contacts', 'c', person, contractContext('zendesk:contacts:1'));
  await target.create('organizations', {id: '2', name: 'Co', domains: ['co.test'], createdAt: at, updatedAt: at}, contractContext('zendesk:organizations:2'));
  await target.create('kb_sections', {id: '3', categoryId: '10', name: 'S', createdAt: at, updatedAt: at}, contractContext('zendesk:kb_sections:3'));
  await target.create('kb_articles', {id: '4', sectionId: '11', title: 'A', body: '<p>b</p>', authorId: String(admins.admins[0].id), draft: false, tags: [], createdAt: at, updatedAt: at}, contractContext('zendesk:kb_articles:4'));
  const body = (path: string) => seen.find((s) => s.method === 'POST' && s.path === path)!.request.json as Record<string, unknown>;
  t.deepEqual(undocumentedKeys(body('/contacts'), SCHEMA.create_contact_request), []);
  t.is(body('/contacts').external_id, 'zendesk:contacts:1');
  t.deepEqual(undocumentedKeys(body('/companies'), SCHEMA.create_or_update_company_request), []);
  t.is(body('/companies').company_id, 'zendesk:organizations:2');
  t.deepEqual(undocumentedKeys(body('/help_center/collections'), SCHEMA.create_collection_request), []);
  t.deepEqual(undocumentedKeys(body('/articles'), SCHEMA.create_article_request), []);
  t.deepEqual(body('/contacts/c/companies'), {id: 'co'});
});

// ---- (c) the emulator takes the documented requests and answers in the documented shapes ----------

test('the emulator accepts the documented request examples and answers with the documented fields', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}, searchLagMs: 0});
  t.teardown(() => emulator.close());
  const call = async (method: string, path: string, json?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {method, headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'intercom-version': '2.14', 'content-type': 'application/json', accept: 'application/json'}, body: json === undefined ? undefined : JSON.stringify(json)});
    return {status: response.status, body: (await response.json()) as any};
  };
  const shapeOf = (emulated: object, documented: object) => undocumentedKeys(emulated, Object.keys(documented));
  const me = await call('GET', '/me');
  t.deepEqual(shapeOf(me.body, fixture('me.response.json')), []);
  const admins = await call('GET', '/admins');
  t.deepEqual(shapeOf(admins.body, fixture('list-admins.response.json')), []);
  const adminId = me.body.id;

  const contact = await call('POST', '/contacts', fixture('create-contact.request.json'));
  t.is(contact.status, 200);
  t.deepEqual(shapeOf(contact.body, fixture('create-contact.response.json')), []);
  t.is((await call('POST', '/contacts', fixture('create-contact.request.json'))).status, 409, 'the same email twice is a conflict');
  const search = await call('POST', '/contacts/search', fixture('search-contacts.request.json'));
  t.is(search.status, 200);
  t.deepEqual(shapeOf(search.body, fixture('search-contacts.response.json')), []);

  const company = await call('POST', '/companies', fixture('create-or-update-company.request.json'));
  t.is(company.status, 200);
  t.deepEqual(shapeOf(company.body, fixture('create-or-update-company.response.json')), []);
  const attribute = await call('POST', '/data_attributes', fixture('create-data-attribute.request.json'));
  t.is(attribute.status, 200);
  t.deepEqual(shapeOf(attribute.body, fixture('create-data-attribute.response.json')), []);
  const again = await call('POST', '/data_attributes', fixture('create-data-attribute.request.json'));
  t.is(again.status, 400);
  t.is(again.body.errors[0].code, 'parameter_invalid');

  const documented = fixture('create-conversation.request.json');
  const created = await call('POST', '/conversations', {...documented, from: {...documented.from, id: contact.body.id}});
  t.is(created.status, 200);
  t.deepEqual(shapeOf(created.body, fixture('create-conversation.response.json')), []);
  t.is((await call('POST', '/conversations', documented)).status, 404, 'the documented unknown contact');
  const id = created.body.conversation_id;
  const replies = fixture('reply.requests.json');
  const userReply = await call('POST', `/conversations/${id}/reply`, {...replies.user_reply, intercom_user_id: contact.body.id});
  t.is(userReply.status, 200);
  t.deepEqual(shapeOf(userReply.body, fixture('reply.responses.json')['User reply']), []);
  t.is((await call('POST', `/conversations/${id}/reply`, {...replies.admin_note_reply, admin_id: Number(adminId)})).status, 200);
  const manage = fixture('manage-conversation.requests.json');
  t.is((await call('POST', `/conversations/${id}/parts`, {...manage.assign_a_conversation, admin_id: adminId, assignee_id: adminId})).status, 200);
  t.is((await call('POST', `/conversations/${id}/parts`, {...manage.close_a_conversation, admin_id: adminId})).status, 200);
  const searched = await call('POST', '/conversations/search', fixture('search-conversations.request.json'));
  t.is(searched.status, 200);
  // Every conversation was created after the documented 1306054154 (2011): all match, five a page.
  const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as {conversations: number};
  t.is(searched.body.total_count, state.conversations);
  t.is(searched.body.conversations.length, 5);
  t.truthy(searched.body.pages.next.starting_after);
  t.deepEqual(shapeOf(await call('GET', '/conversations').then((r) => r.body), fixture('list-conversations.response.json')), []);

  const collection = await call('POST', '/help_center/collections', fixture('create-collection.request.json'));
  t.is(collection.status, 200);
  t.deepEqual(shapeOf(collection.body, fixture('create-collection.response.json')), []);
  const article = await call('POST', '/articles', {...fixture<Record<string, unknown>>('create-article.request.json'), author_id: Number(adminId), parent_id: Number(collection.body.id)});
  t.is(article.status, 200);
  t.deepEqual(shapeOf(article.body, fixture('create-article.response.json')), []);
  const unauthorized = await fetch(`${emulator.url}/me`, {headers: {authorization: 'Bearer nope'}});
  t.deepEqual(shapeOf((await unauthorized.json()) as object, fixture('unauthorized.response.json')), []);
});

test('source.body is searched one word at a time (as documented): the conversation marker is found by its token', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'empty', searchLagMs: 0, rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const call = async (path: string, json: unknown) =>
    (await (await fetch(`${emulator.url}${path}`, {method: 'POST', headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json'}, body: JSON.stringify(json)})).json()) as any;
  const contact = await call('/contacts', {email: 'word@search.test'});
  const key = 'zendesk:tickets:77';
  const created = await call('/conversations', {from: {type: 'user', id: contact.id}, body: withConversationMarker('I need support', key)});
  const search = (value: string) => call('/conversations/search', {query: {field: 'source.body', operator: '=', value}});
  t.deepEqual((await search('support')).conversations.map((c: {id: string}) => c.id), [created.conversation_id]);
  t.deepEqual((await search('need support')).conversations, [], 'the documented example: two words find nothing');
  const found = await search(markerToken(key));
  t.deepEqual(found.conversations.map((c: {source: {body: string}}) => conversationMarkerOf(c.source.body)), [key]);
  t.is(conversationMarkerOf(withConversationMarker('x', key).replace(markerToken(key), markerToken('zendesk:tickets:78'))), undefined, 'a token that is not the key\'s is no marker');
});
