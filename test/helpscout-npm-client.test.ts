// A public Help Scout client from the npm registry (helpscout-mailbox-api 1.0.1, pinned in
// devDependencies) drives the emulator through every call this test makes, each of which it makes on
// the real Mailbox API 2.0: users, inboxes (one, fields, folders), tags, customers (create, get, list,
// update with JSON Patch, overwrite), conversations (create, get with embedded threads, list, update),
// customer, reply, note, chat and phone threads, an attachment up and down, tags and fields replaced.
// Also Help Scout's own PHP client's create body, read-only fields and all (helpscout/helpscout-api-php
// src/Conversations/Conversation.php extract()), which the service accepts and ignores.
import test from 'ava';
import {createRequire} from 'node:module';
import {startHelpScoutEmulator} from '../connectors/helpscout/emulator.js';
import {smallDemoAccount} from '../demo-data/generate.js';

type Response = {status: number; data: any; headers: Record<string, string>};
type Client = {
  updateRequestOptions(options: {baseURL: string}): void;
  updateBottleneckOptions(options: object): void;
  setCredentials(tokens: {access_token: string}): void;
  users: {me(): Promise<Response>; list(params?: object): Promise<Response>; get(id: number): Promise<Response>};
  mailboxes: {list(): Promise<Response>; get(id: number): Promise<Response>; customFields: {list(id: number): Promise<Response>}; folders: {list(id: number): Promise<Response>}};
  tags: {list(): Promise<Response>};
  customers: {create(data: object): Promise<Response>; get(id: number): Promise<Response>; list(params?: object): Promise<Response>; update(id: number, data: object): Promise<Response>; overwrite(id: number, data: object): Promise<Response>};
  conversations: {
    create(data: object): Promise<Response>; get(id: number, params?: object): Promise<Response>; list(params?: object): Promise<Response>; update(id: number, data: object): Promise<Response>;
    threads: Record<'createCustomer' | 'createReply' | 'createNote' | 'createChat' | 'createPhone', (id: number, data: object) => Promise<Response>> & {list(id: number): Promise<Response>};
    attachments: {upload(id: number, threadId: number, data: object): Promise<Response>; getData(id: number, attachmentId: number): Promise<Response>};
    tags: {update(id: number, data: object): Promise<Response>};
    customFields: {update(id: number, data: object): Promise<Response>};
  };
};

const require = createRequire(import.meta.url);
const HelpScout = require('helpscout-mailbox-api') as new (options: {clientId: string; clientSecret: string; authenticationFlow: string}) => Client;

test('helpscout-mailbox-api 1.0.1: every call it makes works on the emulator', async (t) => {
  const running = await startHelpScoutEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const client = new HelpScout({clientId: running.credentials.appId!, clientSecret: running.credentials.appSecret!, authenticationFlow: 'clientCredentials'});
  // The client posts its token request to api.helpscout.net itself: the token comes from the emulator's endpoint.
  const token = (await (await fetch(`${running.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: running.credentials.appId, client_secret: running.credentials.appSecret})})).json()) as {access_token: string};
  client.setCredentials(token);
  client.updateRequestOptions({baseURL: `${running.url}/v2/`});
  const calls: string[] = [];
  const ok = async (what: string, call: Promise<Response>, status = 200): Promise<Response> => {
    calls.push(what);
    const response = await call.catch((error: {response?: {status: number; data: unknown}}) => {
      throw new Error(`${what}: ${error.response?.status} ${JSON.stringify(error.response?.data)}`);
    });
    t.is(response.status, status, what);
    return response;
  };
  const id = (response: Response) => Number(response.headers['resource-id']);

  const me = await ok('users.me', client.users.me());
  await ok('users.list', client.users.list());
  await ok('users.get', client.users.get(me.data.id));
  const mailboxes = await ok('mailboxes.list', client.mailboxes.list());
  const mailboxId = mailboxes.data._embedded.mailboxes[0].id;
  t.is((await ok('mailboxes.get', client.mailboxes.get(mailboxId))).data.id, mailboxId);
  await ok('mailboxes.customFields.list', client.mailboxes.customFields.list(mailboxId));
  const folders = await ok('mailboxes.folders.list', client.mailboxes.folders.list(mailboxId));
  t.true(folders.data._embedded.folders.length > 0);
  const tags = await ok('tags.list', client.tags.list());
  t.true(tags.data._embedded.tags.length > 0, 'the seeded conversations carry tags');

  const customerId = id(await ok('customers.create', client.customers.create({firstName: 'Vernon', lastName: 'Bear', emails: [{type: 'work', value: 'vernon.bear@example.com'}]}), 201));
  await ok('customers.get', client.customers.get(customerId));
  await ok('customers.list', client.customers.list({query: '(email:"vernon.bear@example.com")'}));
  await ok('customers.update', client.customers.update(customerId, [{op: 'replace', path: '/jobTitle', value: 'CEO'}]), 204);
  await ok('customers.overwrite', client.customers.overwrite(customerId, {firstName: 'Vernon', lastName: 'Bear', jobTitle: 'CEO'}), 204);

  const conversationId = id(await ok('conversations.create', client.conversations.create({subject: 'Help', customer: {id: customerId}, mailboxId, type: 'email', status: 'active', threads: [{type: 'customer', customer: {id: customerId}, text: 'Hello'}]}), 201));
  const customerThread = id(await ok('threads.createCustomer', client.conversations.threads.createCustomer(conversationId, {customer: {id: customerId}, text: 'More'}), 201));
  await ok('threads.createReply', client.conversations.threads.createReply(conversationId, {customer: {id: customerId}, text: 'Answer', status: 'pending'}), 201);
  await ok('threads.createNote', client.conversations.threads.createNote(conversationId, {text: 'Internal'}), 201);
  await ok('threads.createChat', client.conversations.threads.createChat(conversationId, {customer: {id: customerId}, text: 'Chat line'}), 201);
  await ok('threads.createPhone', client.conversations.threads.createPhone(conversationId, {customer: {id: customerId}, text: 'Called'}), 201);
  const threads = await ok('threads.list', client.conversations.threads.list(conversationId));
  t.deepEqual([...new Set(threads.data._embedded.threads.map((thread: {type: string}) => thread.type))].sort(), ['chat', 'customer', 'message', 'note', 'phone']);
  const attachmentId = id(await ok('attachments.upload', client.conversations.attachments.upload(conversationId, customerThread, {fileName: 'file.txt', mimeType: 'text/plain', data: 'ZmlsZQ=='}), 201));
  t.is((await ok('attachments.getData', client.conversations.attachments.getData(conversationId, attachmentId))).data.data, 'ZmlsZQ==');
  await ok('conversations.tags.update', client.conversations.tags.update(conversationId, {tags: ['vip']}), 204);
  await ok('conversations.customFields.update', client.conversations.customFields.update(conversationId, {fields: []}), 204);
  await ok('conversations.update', client.conversations.update(conversationId, {op: 'replace', path: '/status', value: 'closed'}), 204);
  const embedded = await ok('conversations.get', client.conversations.get(conversationId, {embed: 'threads'}));
  t.is(embedded.data.status, 'closed');
  t.is(embedded.data._embedded.threads.length, 6);
  await ok('conversations.list', client.conversations.list({status: 'all', mailbox: mailboxId, tag: 'vip'}));
  t.is(calls.length, 27);
});

test("Help Scout's PHP client's create body, with the read-only fields it sends, is accepted and they are ignored; spam is refused on create", async (t) => {
  const running = await startHelpScoutEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const token = (await (await fetch(`${running.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: running.credentials.appId, client_secret: running.credentials.appSecret})})).json()) as {access_token: string};
  const call = (method: string, path: string, body?: unknown) => fetch(`${running.url}${path}`, {method, headers: {authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json'}, body: body === undefined ? undefined : JSON.stringify(body)});
  const mailboxId = ((await (await call('GET', '/v2/mailboxes')).json()) as any)._embedded.mailboxes[0].id;
  // As extract() builds it for a new conversation: nulls for what the service sets.
  const extracted = {
    id: null, number: null, threadCount: null, autoReply: false, type: 'email', assignTo: null, folderId: null, status: 'active', state: null, subject: 'From the PHP client', preview: null, mailboxId,
    assignee: null, createdAt: null, closedAt: null, closedBy: null, userUpdatedAt: null, cc: [], bcc: [], customer: {email: 'php@example.com', firstName: 'Php'},
    threads: [{type: 'customer', text: 'Hello', customer: {email: 'php@example.com'}, id: null, status: null, state: null, createdBy: null}],
  };
  const created = await call('POST', '/v2/conversations', extracted);
  t.is(created.status, 201, await created.text());
  const conversation = (await (await call('GET', `/v2/conversations/${created.headers.get('resource-id')}`)).json()) as any;
  t.not(conversation.number, null, 'the service numbers the conversation itself');
  t.is(conversation.state, 'published');
  const spam = await call('POST', '/v2/conversations', {...extracted, status: 'spam'});
  t.is(spam.status, 400);
  t.is(((await spam.json()) as any)._embedded.errors[0].path, 'status');
});
