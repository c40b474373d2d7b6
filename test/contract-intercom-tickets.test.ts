// Contract tests for Intercom's Tickets product: the connector and emulator against the examples of
// Intercom's OpenAPI description of REST API 2.14 (test/fixtures/intercom/*ticket*, sources in
// SOURCES.md there), both ways: the documented answers parse; ferry's requests use only documented
// fields; the emulator accepts the documented request examples, answers in the documented shapes and
// refuses what the reference shows refused.
import test from 'ava';
import {readFileSync} from 'node:fs';
import {intercomConnector} from '../connectors/intercom/index.js';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {itemsOf, nextCursor} from '../connectors/intercom/reader.js';
import {statusFromNative, ticketFromNative, type IcTicket} from '../connectors/intercom/ticket-shapes.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, undocumentedKeys} from './helpers/contract-http.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/intercom/${name}`, import.meta.url), 'utf8')) as T;

// Request schema properties of the 2.14 description (components/schemas/<name>), with the
// `skip_notifications` each operation's requestBody adds beside the schema.
const SCHEMA = {
  create_ticket_request: ['ticket_type_id', 'contacts', 'conversation_to_link_id', 'company_id', 'created_at', 'ticket_attributes', 'assignment', 'skip_notifications'],
  admin_reply_ticket_request: ['message_type', 'type', 'body', 'admin_id', 'created_at', 'reply_options', 'attachment_urls', 'cross_post', 'skip_notifications'],
  contact_reply_ticket_intercom_user_id_request: ['intercom_user_id', 'message_type', 'type', 'body', 'created_at', 'attachment_urls', 'reply_options', 'skip_notifications'],
  update_ticket_request: ['ticket_attributes', 'ticket_state_id', 'company_id', 'open', 'is_shared', 'snoozed_until', 'admin_id', 'assignee_id', 'skip_notifications'],
  search_request: ['query', 'pagination'],
};

test('the documented tickets parse into neutral tickets: title, description as the first comment, state, contact, assignee', (t) => {
  const found: Ticket = ticketFromNative(fixture('retrieve-ticket.response.json'));
  t.is(found.id, 'ticket-631', 'the API id, not the inbox number (ticket_id 38)');
  t.is(found.subject, 'attribute_value');
  t.is(found.status, 'new', 'submitted');
  t.is(found.requesterId, fixture('retrieve-ticket.response.json').contacts.contacts[0].id);
  t.is(found.comments[0]!.authorId, found.requesterId);
  const updated = ticketFromNative(fixture('update-ticket.response.json'));
  t.is(updated.status, 'open', 'in_progress');
  t.is(updated.assigneeId, '991268013');
  t.is(updated.kind, 'task', 'a Back-office ticket');
  // Only comment and note parts are comments: state changes, attribute updates, assignments and snoozes are events.
  t.is(updated.comments.length, 1);
  t.is(statusFromNative({...fixture<IcTicket>('update-ticket.response.json'), open: false}), 'closed');
  const created = ticketFromNative(fixture('create-ticket.response.json'));
  t.is(created.comments[0]!.body, '<p>there is a problem</p>');
});

test('the documented search answer keeps its tickets in `tickets`; the documented reply answers are ticket parts', (t) => {
  const searched = fixture('search-tickets.response.json');
  t.is(itemsOf<IcTicket>(searched).length, 1);
  t.is(nextCursor(searched), undefined, 'one page');
  for (const part of Object.values(fixture<Record<string, {type: string; id: string}>>('reply-ticket.responses.json'))) t.is(part.type, 'ticket_part');
  t.is(intercomConnector.describeError(400, fixture('reply-ticket.user-refused.response.json')), 'parameter_mismatch: User replies are not allowed on Backoffice tickets');
  const errors = fixture<Record<string, unknown>>('update-ticket.errors.json');
  t.regex(intercomConnector.describeError(400, Object.values(errors).at(-1)), /^ticket_state_id_invalid: /);
});

test('a ticket written as an Intercom ticket uses only the documented fields of each request', async (t) => {
  const me = fixture('me.response.json');
  const types = fixture('list-ticket-types.response.json');
  const created = fixture<IcTicket>('create-ticket.response.json');
  const {http, seen} = fakeHttp(({method, path}) => {
    if (path === '/me') return {body: me};
    if (path === '/admins') return {body: fixture('list-admins.response.json')};
    if (path === '/ticket_types') return {body: types};
    if (method === 'POST' && path === '/tickets') return {body: created};
    if (method === 'POST' && /\/reply$/.test(path)) return {body: fixture('reply-ticket.responses.json')['Admin note reply']};
    if (method === 'GET' && path.startsWith('/tickets/')) return {body: created};
    if (method === 'PUT' && path.startsWith('/tickets/')) return {body: created};
    if (method === 'POST' && path === '/tags') return {body: {type: 'tag', id: '1', name: 'vip'}};
    if (method === 'POST' && /\/tags$/.test(path)) return {body: {type: 'tag', id: '1', name: 'vip'}};
    return undefined;
  });
  const type = types.data[0];
  const settings: ConnectorSettings = {baseUrl: 'https://api.intercom.io', authKind: 'token', credentials: {accessToken: 'token-123456', ticketType: type.name}};
  const admin = String(fixture('list-admins.response.json').admins[0].id);
  const at = (s: string) => `2021-01-0${s}T10:00:00Z`;
  const ticket: Ticket = {
    id: '9', subject: 'Old', status: 'solved', priority: 'normal', requesterId: 'contact-1', assigneeId: admin, tags: ['vip'], ccEmails: [], customFields: {}, createdAt: at('1'), updatedAt: at('3'),
    comments: [
      {id: 'c1', authorId: 'contact-1', body: '<p>Hi</p>', public: true, createdAt: at('1'), attachments: []},
      {id: 'c2', authorId: admin, body: '<p>Hello</p>', public: true, createdAt: at('2'), attachments: []},
      {id: 'c3', authorId: 'contact-1', body: '<p>Thanks</p>', public: true, createdAt: at('3'), attachments: []},
    ],
  };
  const target = intercomConnector.openTarget(settings, http);
  const context = contractContext('zendesk:tickets:9');
  const id = await target.create('tickets', ticket, context);
  t.is(id, `ticket-${created.id}`);
  await target.complete!('tickets', id, ticket, context);
  const bodies = (path: RegExp, method = 'POST') => seen.filter((s) => s.method === method && path.test(s.path)).map((s) => s.request.json as Record<string, unknown>);
  const [sent] = bodies(/^\/tickets$/);
  t.deepEqual(undocumentedKeys(sent!, SCHEMA.create_ticket_request), []);
  t.is(sent!.created_at, 1609495200);
  t.is(sent!.ticket_type_id, type.id);
  t.deepEqual(sent!.contacts, [{id: 'contact-1'}]);
  const replies = bodies(/\/reply$/);
  t.deepEqual(replies.map((reply) => [reply.type, reply.message_type, reply.created_at]), [['admin', 'comment', 1609581600], ['user', 'comment', 1609668000]]);
  for (const reply of replies) t.deepEqual(undocumentedKeys(reply, reply.type === 'admin' ? SCHEMA.admin_reply_ticket_request : SCHEMA.contact_reply_ticket_intercom_user_id_request), []);
  const [update] = bodies(/^\/tickets\/\d+$/, 'PUT');
  t.deepEqual(undocumentedKeys(update!, SCHEMA.update_ticket_request), []);
  t.is(update!.ticket_state_id, type.ticket_states.data.find((state: {category: string}) => state.category === 'resolved').id, 'solved: the type\'s resolved state');
  t.is(update!.assignee_id, admin);
});

test('the emulator accepts the documented ticket request examples, answers in the documented shapes and refuses what the reference refuses', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}, searchLagMs: 0});
  t.teardown(() => emulator.close());
  const call = async (method: string, path: string, json?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {method, headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'intercom-version': '2.14', 'content-type': 'application/json', accept: 'application/json'}, body: json === undefined ? undefined : JSON.stringify(json)});
    return {status: response.status, body: (await response.json()) as any};
  };
  const shapeOf = (emulated: object, documented: object) => undocumentedKeys(emulated, Object.keys(documented));
  const adminId = (await call('GET', '/me')).body.id;
  const contact = (await call('POST', '/contacts', fixture('create-contact.request.json'))).body;
  const types = await call('GET', '/ticket_types');
  t.deepEqual(shapeOf(types.body, fixture('list-ticket-types.response.json')), []);
  const customer = types.body.data.find((type: {category: string}) => type.category === 'Customer');
  const backOffice = types.body.data.find((type: {category: string}) => type.category === 'Back-office');

  const documented = fixture('create-ticket.request.json');
  const created = await call('POST', '/tickets', {...documented, ticket_type_id: customer.id, contacts: [{id: contact.id}]});
  t.is(created.status, 200);
  t.deepEqual(shapeOf(created.body, fixture('create-ticket.response.json')), []);
  t.is((await call('POST', '/tickets', {...documented, contacts: [{id: contact.id}]})).status, 400, 'the documented type 88 is not this workspace\'s');
  t.is((await call('POST', '/tickets', {...documented, ticket_type_id: customer.id, contacts: [{id: contact.id}], attachment_files: []})).body.errors[0].code, 'parameter_invalid', 'no files field on Create a ticket');
  const id = created.body.id;
  t.deepEqual(shapeOf((await call('GET', `/tickets/${id}`)).body, fixture('retrieve-ticket.response.json')), []);

  const replies = fixture('reply-ticket.requests.json');
  const user = await call('POST', `/tickets/${id}/reply`, {...replies.user_reply, intercom_user_id: contact.id});
  t.is(user.status, 200);
  t.deepEqual(shapeOf(user.body, fixture('reply-ticket.responses.json')['Admin note reply']), []);
  t.is((await call('POST', `/tickets/${id}/reply`, {...replies.admin_note_reply, admin_id: Number(adminId)})).status, 200);
  t.is((await call('POST', `/tickets/${id}/reply`, {...replies.user_reply, intercom_user_id: contact.id, attachment_files: []})).body.errors[0].code, 'parameter_invalid', 'Reply to a ticket takes no uploaded files');
  const task = (await call('POST', '/tickets', {...documented, ticket_type_id: backOffice.id, contacts: [{id: contact.id}]})).body;
  const refused = await call('POST', `/tickets/${task.id}/reply`, {...replies.user_reply, intercom_user_id: contact.id});
  t.deepEqual([refused.status, refused.body.errors], [400, fixture('reply-ticket.user-refused.response.json').errors]);

  const updates = fixture('update-ticket.requests.json');
  const state = customer.ticket_states.data.find((candidate: {category: string}) => candidate.category === 'in_progress');
  const updated = await call('PUT', `/tickets/${id}`, {...updates.successful_response, admin_id: Number(adminId), assignee_id: adminId, ticket_state_id: state.id});
  t.is(updated.status, 200);
  t.deepEqual(shapeOf(updated.body, fixture('update-ticket.response.json')), []);
  t.is(updated.body.ticket_state.category, 'in_progress');
  const invalid = await call('PUT', `/tickets/${id}`, updates.ticket_state_id_is_not_valid_or_is_not_associated_with_the_ticket_type);
  t.deepEqual([invalid.status, invalid.body.errors[0].code], [400, 'ticket_state_id_invalid']);
  const unknownAdmin = await call('PUT', `/tickets/${id}`, {...updates.assignee_not_found, ticket_state_id: state.id});
  t.deepEqual([unknownAdmin.status, unknownAdmin.body.errors[0].code], [404, 'assignee_not_found']);

  const tag = (await call('POST', '/tags', {name: 'vip'})).body;
  t.is((await call('POST', `/tickets/${id}/tags`, {...fixture<Record<string, unknown>>('tag-ticket.request.json'), id: tag.id, admin_id: adminId})).status, 200);
  const searched = await call('POST', '/tickets/search', fixture('search-tickets.request.json'));
  t.is(searched.status, 200);
  t.deepEqual(shapeOf(searched.body, fixture('search-tickets.response.json')), []);
  t.is(searched.body.total_count, 2);
  t.is((await call('GET', '/tickets/999999')).body.errors[0].code, 'ticket_not_found');
});
