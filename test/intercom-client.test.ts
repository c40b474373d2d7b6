// Intercom's own Node client (intercom-client 7.0.3, pinned) drives the emulator: every call it makes
// here works, in the shapes the client's types describe; what the emulator refuses, the client
// receives as Intercom's Error List.
import test from 'ava';
import {IntercomClient, IntercomError} from 'intercom-client';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {smallDemoAccount} from '../demo-data/generate.js';

async function emulator(t: {teardown(fn: () => unknown): void}) {
  const running = await startIntercomEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}, searchLagMs: 0});
  t.teardown(() => running.close());
  return {running, client: new IntercomClient({token: running.credentials.accessToken!, baseUrl: running.url})};
}

test('intercom-client: admins, teams, contacts, companies, data attributes and tags', async (t) => {
  const {client} = await emulator(t);
  const me = (await client.admins.identify())!;
  const meId = me.id!;
  t.is(me.type, 'admin');
  const admins = await client.admins.list();
  t.true(admins.admins!.some((admin) => admin!.id === meId));
  t.true((await client.teams.list()).teams!.length > 0);

  const created = await client.contacts.create({email: 'ana@client.test', external_id: 'client-test-1', name: 'Ana'} as never);
  t.is(created.external_id, 'client-test-1');
  const found = await client.contacts.find({contact_id: created.id});
  t.is(found.email, 'ana@client.test');
  const updated = await client.contacts.update({contact_id: created.id, name: 'Ana B'});
  t.is(updated.name, 'Ana B');
  const searched = await client.contacts.search({query: {field: 'external_id', operator: '=', value: 'client-test-1'}, pagination: {per_page: 5}});
  t.deepEqual(searched.data.map((contact) => contact.id), [created.id]);
  // The list pager follows starting_after to the last page.
  const ids: string[] = [];
  for await (const contact of await client.contacts.list({per_page: 5})) ids.push(contact.id);
  t.is(new Set(ids).size, ids.length);
  t.true(ids.includes(created.id));
  t.is(ids.length, (await fetch(`${(client as any)._options.baseUrl}/__emulator/state`).then((r) => r.json()) as {contacts: number}).contacts);

  const company = await client.companies.createOrUpdate({company_id: 'client-co-1', name: 'Client Co'});
  const again = await client.companies.createOrUpdate({company_id: 'client-co-1', name: 'Client Co Ltd'});
  t.is(again.id, company.id, 'create or update by company_id');
  const retrieved = await client.companies.retrieve({company_id: 'client-co-1'});
  t.is((retrieved as {id?: string}).id, company.id);
  t.is((await client.companies.find({company_id: company.id})).name, 'Client Co Ltd');
  await client.companies.attachContact({contact_id: created.id, id: company.id} as never);
  const companies: string[] = [];
  for await (const item of await client.companies.list({per_page: 4})) companies.push(item.id);
  t.true(companies.includes(company.id));

  const attributes = await client.dataAttributes.list({model: 'conversation'});
  t.true(attributes.data!.length > 0);
  const attribute = await client.dataAttributes.create({name: 'Client tier', model: 'company', data_type: 'string', description: 'from the client'} as never);
  t.is(attribute.name, 'Client tier');
  const tag = await client.tags.create({name: 'client-tag'});
  t.is((await client.tags.create({name: 'client-tag'})).id, tag.id, 'create or update by name');
  t.true((await client.tags.list()).data!.some((item) => item.id === tag.id));
});

test('intercom-client: a past conversation, replies and notes with their dates, management, tags, search', async (t) => {
  const {client} = await emulator(t);
  const me = (await client.admins.identify())!;
  const meId = me.id!;
  const contact = await client.contacts.create({email: 'bo@client.test'} as never);
  const message = await client.conversations.create({from: {type: 'user', id: contact.id}, body: 'Hello from 2021', created_at: 1_609_459_200});
  const conversationId = message.conversation_id!;
  const conversation = await client.conversations.find({conversation_id: conversationId});
  t.is(conversation.created_at, 1_609_459_200);
  const replied = await client.conversations.reply({conversation_id: conversationId, body: {message_type: 'note', type: 'admin', admin_id: meId, body: '<p>Internal</p>', created_at: 1_609_459_300}});
  const note = replied.conversation_parts!.conversation_parts!.at(-1)!;
  t.is(note.part_type, 'note');
  t.is(note.created_at, 1_609_459_300);
  const userReply = await client.conversations.reply({conversation_id: conversationId, body: {message_type: 'comment', type: 'user', intercom_user_id: contact.id, body: 'Thanks', created_at: 1_609_459_400}});
  t.is(userReply.conversation_parts!.conversation_parts!.at(-1)!.author!.id, contact.id);
  await client.conversations.update({conversation_id: conversationId, title: 'Old question', custom_attributes: {}});
  await client.conversations.manage({conversation_id: conversationId, body: {message_type: 'assignment', type: 'admin', admin_id: meId, assignee_id: meId}});
  const closed = await client.conversations.manage({conversation_id: conversationId, body: {message_type: 'close', type: 'admin', admin_id: meId}});
  t.is(closed.state, 'closed');
  t.is(String(closed.admin_assignee_id), meId);
  const tag = await client.tags.create({name: 'migrated'});
  await client.tags.tagConversation({conversation_id: conversationId, id: tag.id, admin_id: meId});
  t.true((await client.conversations.find({conversation_id: conversationId})).tags!.tags!.some((item) => item.id === tag.id));
  const found = await client.conversations.search({query: {field: 'source.body', operator: '~', value: 'from 2021'}, pagination: {per_page: 5}});
  t.deepEqual(found.data.map((item) => item.id), [conversationId]);
  const listed: string[] = [];
  for await (const item of await client.conversations.list({per_page: 5})) listed.push(item.id);
  t.true(listed.includes(conversationId));
  t.is(new Set(listed).size, listed.length);
});

test('intercom-client: Help Center collections and articles', async (t) => {
  const {client} = await emulator(t);
  const me = (await client.admins.identify())!;
  const meId = me.id!;
  const parent = await client.helpCenters.collections.create({name: 'Guides', description: 'All guides'});
  const child = await client.helpCenters.collections.create({name: 'Setup', parent_id: parent.id});
  t.is(child.parent_id, parent.id);
  const collections: string[] = [];
  for await (const item of await client.helpCenters.collections.list({per_page: 3})) collections.push(item.id);
  t.true(collections.includes(child.id));
  const article = await client.articles.create({title: 'Install', body: '<p>Steps</p>', author_id: Number(meId), state: 'published', parent_id: Number(child.id), parent_type: 'collection'});
  t.is((await client.articles.find({article_id: Number(article.id)})).title, 'Install');
  const articles: string[] = [];
  for await (const item of await client.articles.list({per_page: 5})) articles.push(item.id);
  t.true(articles.includes(article.id));
});

test('intercom-client: refusals arrive as Intercom errors (bad token, unknown version, unknown contact)', async (t) => {
  const {running, client} = await emulator(t);
  const stranger = new IntercomClient({token: 'not-the-token', baseUrl: running.url});
  const unauthorized = await t.throwsAsync(stranger.admins.identify(), {instanceOf: IntercomError});
  t.is(unauthorized!.statusCode, 401);
  t.is((unauthorized!.body as {errors: Array<{code: string}>}).errors[0]!.code, 'unauthorized');
  const missing = await t.throwsAsync(client.contacts.find({contact_id: 'nobody'}), {instanceOf: IntercomError});
  t.is(missing!.statusCode, 404);
  const versioned = await fetch(`${running.url}/me`, {headers: {authorization: `Bearer ${running.credentials.accessToken}`, 'intercom-version': '9.9'}});
  t.is(versioned.status, 400);
  t.is(((await versioned.json()) as {type: string}).type, 'error.list');
});

test('intercom-client: ticket types, a past ticket, replies by a contact and an admin with their dates, state and assignee, search, and refusals', async (t) => {
  const {client} = await emulator(t);
  const meId = (await client.admins.identify())!.id!;
  const contact = await client.contacts.create({email: 'ticket-client@example.test', name: 'Ticket Client'});
  const types = await client.ticketTypes.list();
  const customer = types.data!.find((type) => type!.category === 'Customer')!;
  const backOffice = types.data!.find((type) => type!.category === 'Back-office')!;
  // The client's CreateTicketRequestBody type leaves out ticket_attributes (the 2.14 description has it); the client sends it as given.
  const request = {ticket_type_id: customer.id!, contacts: [{id: contact.id!}], created_at: 1_600_000_000, ticket_attributes: {_default_title_: 'Printer', _default_description_: 'It jams'}, skip_notifications: true};
  const created = (await client.tickets.create(request as Parameters<typeof client.tickets.create>[0]))!;
  t.is(created.type, 'ticket');
  t.is(created.created_at, 1_600_000_000);
  t.is(created.ticket_attributes!._default_title_, 'Printer');
  const userReply = await client.tickets.reply({ticket_id: created.id!, body: {message_type: 'comment', type: 'user', body: 'Still jams', intercom_user_id: contact.id!, created_at: 1_600_000_100}});
  t.is(userReply.part_type, 'comment');
  t.is(userReply.created_at, 1_600_000_100);
  const note = await client.tickets.reply({ticket_id: created.id!, body: {message_type: 'note', type: 'admin', body: '<p>Ordered a part</p>', admin_id: meId, created_at: 1_600_000_200}});
  t.is(note.part_type, 'note');
  const state = customer.ticket_states!.data!.find((candidate) => candidate!.category === 'resolved')!;
  const updated = (await client.tickets.update({ticket_id: created.id!, ticket_state_id: state.id!, open: false, admin_id: Number(meId), assignee_id: meId}))!;
  t.is(updated.ticket_state!.category, 'resolved');
  t.false(updated.open);
  const found = (await client.tickets.get({ticket_id: created.id!}))!;
  t.deepEqual(found.ticket_parts!.ticket_parts!.map((part) => [part.part_type, part.created_at]), [['comment', 1_600_000_100], ['note', 1_600_000_200]]);
  const page = await client.tickets.search({query: {field: 'created_at', operator: '=', value: '1600000000'}});
  t.deepEqual(page.data.map((ticket) => ticket!.id), [created.id]);
  // A contact's reply on a back-office ticket is refused, as the reference shows.
  const task = (await client.tickets.create({ticket_type_id: backOffice.id!, contacts: [{id: contact.id!}]}))!;
  const refused = await t.throwsAsync(client.tickets.reply({ticket_id: task.id!, body: {message_type: 'comment', type: 'user', body: 'Hi', intercom_user_id: contact.id!}}), {instanceOf: IntercomError});
  t.is((refused!.body as {errors: Array<{code: string}>}).errors[0]!.code, 'parameter_mismatch');
  t.is(((await t.throwsAsync(client.tickets.get({ticket_id: '999999'}), {instanceOf: IntercomError}))!.body as {errors: Array<{code: string}>}).errors[0]!.code, 'ticket_not_found');
});
