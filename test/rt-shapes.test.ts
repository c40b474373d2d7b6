// Pure conversions between Request Tracker REST 2.0 shapes and the neutral model (no RT needed).
import {startEmulator} from '../source/app/registry.js';
import test from 'ava';
import {
  commentMarker,
  describeRtError,
  fromRtCustomField,
  fromRtDate,
  fromRtPriority,
  fromRtQueue,
  fromRtStatus,
  fromRtTicket,
  fromRtUser,
  messageBody,
  originalAuthorLine,
  queueMarker,
  toRtCustomField,
  toRtDate,
  toRtPriority,
  toRtStatus,
  type RtTicket,
} from '../connectors/request-tracker/api-shapes.js';
import {requestTrackerConnector} from '../connectors/request-tracker/index.js';
import {ticketQuery} from '../connectors/request-tracker/source-session.js';
import type {TicketField, TicketPriority, TicketStatus} from '../source/contracts/model.js';

test('dates: RT writes need its SQL format, the 1970 epoch means unset', (t) => {
  t.is(toRtDate('2024-01-02T03:04:05Z'), '2024-01-02 03:04:05');
  t.is(toRtDate('2024-01-02T03:04:05.678+02:00'), '2024-01-02 01:04:05');
  t.is(fromRtDate('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05Z');
  t.is(fromRtDate('1970-01-01T00:00:00Z', 'fallback'), 'fallback');
});

test('statuses and priorities map to the nearest value and back', (t) => {
  const statuses: TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
  t.deepEqual(statuses.map(toRtStatus), ['new', 'open', 'stalled', 'stalled', 'resolved', 'resolved']);
  t.deepEqual(['new', 'open', 'stalled', 'resolved', 'rejected', 'deleted'].map(fromRtStatus), ['new', 'open', 'hold', 'solved', 'closed', 'closed']);
  const priorities: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
  t.deepEqual(priorities.map((p) => fromRtPriority(toRtPriority(p))), priorities);
  t.is(fromRtPriority('50'), 'normal');
});

test('custom field types survive a round trip through RT types and patterns', (t) => {
  const types: TicketField['type'][] = ['text', 'textarea', 'date', 'dropdown', 'multiselect', 'checkbox', 'integer', 'decimal', 'regexp'];
  for (const type of types) {
    const field: TicketField = {id: '1', title: `F ${type}`, key: 'k', type, required: false, active: true, createdAt: 'x', updatedAt: 'x', ...(type === 'regexp' ? {pattern: '^[A-Z]{3}$'} : {}), ...(type === 'dropdown' || type === 'multiselect' ? {options: [{label: 'A', value: 'a'}]} : {})};
    const body = toRtCustomField(field, 'zendesk:ticket_fields:1');
    t.is(body.LookupType, 'RT::Queue-RT::Ticket');
    t.is(body.Queue, 0, 'applied to every queue');
    const back = fromRtCustomField({id: 5, Name: String(body.Name), Type: String(body.Type), MaxValues: Number(body.MaxValues), Pattern: body.Pattern as string | undefined}, type === 'dropdown' || type === 'multiselect' ? ['a'] : []);
    t.is(back.type, type, type);
    if (type === 'regexp') t.is(back.pattern, '^[A-Z]{3}$');
  }
  const required = fromRtCustomField({id: 2, Name: 'Must', Type: 'Freeform', MaxValues: 1, Pattern: String(toRtCustomField({id: '1', title: 'Must', key: 'm', type: 'text', required: true, active: true, createdAt: 'x', updatedAt: 'x'}, 'k').Pattern)}, []);
  t.true(required.required);
  t.is(required.type, 'text');
});

test('a comment RT cannot date or author says who wrote it and when; a note about the migration (the CCs) is the API user\'s own', (t) => {
  const comment = {id: 'c2', authorId: '7', authorLabel: 'Jane Doe <jane@acme.test>', body: '<p>x</p>', public: false, createdAt: '2024-03-01T10:00:00Z', attachments: []};
  t.is(originalAuthorLine(comment), '<p><em>Originally from Jane Doe &lt;jane@acme.test&gt; on 2024-03-01T10:00:00Z</em></p>');
  t.is(originalAuthorLine({...comment, byMigration: true, authorLabel: 'ferry (the migration)'}), '');
});

test('users, queues and markers', (t) => {
  t.like(fromRtUser({id: 40, Name: 'bob@x.test', EmailAddress: 'bob@x.test', RealName: 'Bob', Organization: 'Acme', Created: '2024-01-01T00:00:00Z'}, false), {id: 'bob@x.test', role: 'end-user', organizationId: 'Acme', active: true});
  t.is(fromRtUser({id: 14, Name: 'root'}, true).role, 'admin');
  t.is(fromRtUser({id: 14, Name: 'al', Disabled: '1'}, true).active, false);
  const queue = fromRtQueue({id: '3', Name: 'Support', Description: `Front line ${queueMarker('zendesk:groups:9')}`});
  t.is(queue.description, 'Front line');
  t.is(fromRtQueue({id: '4', Name: 'Bare', Description: queueMarker('k')}).description, undefined);
});

test('a ticket assembles comments from message transactions and their MIME parts', (t) => {
  const ticket: RtTicket = {
    id: '7', Subject: 'Hi', Status: 'stalled', Priority: '80', Queue: {id: '3'}, Owner: {id: 'Nobody'}, Requestor: [{id: 'bob@x.test'}], Cc: [{id: 'cc@x.test'}, {id: 'agentname'}],
    CustomFields: [{id: '2', name: 'Product', values: ['a']}, {id: '9', name: 'Ferry Source', values: ['k']}, {id: '10', name: 'Ferry Tags', values: ['vip']}],
    Created: '2024-01-01T00:00:00Z', LastUpdated: '2024-01-02T00:00:00Z',
  };
  const transactions = [
    {id: '1', Type: 'Create', Creator: {id: 'bob@x.test'}, Created: '2024-01-01T00:00:00Z'},
    {id: '2', Type: 'EmailRecord', Creator: {id: 'RT_System'}, Created: '2024-01-01T00:00:01Z'},
    {id: '3', Type: 'Comment', Creator: {id: 'root'}, Created: '2024-01-01T00:00:02Z'},
    {id: '4', Type: 'Status', Field: 'Status', OldValue: 'open', NewValue: 'stalled', Creator: {id: 'root'}, Created: '2024-01-01T00:00:03Z'},
  ];
  const parts = [
    {id: '10', TransactionId: '1', ContentType: 'text/plain', Content: 'plain <desc>\nline 2'},
    {id: '11', TransactionId: '3', ContentType: 'multipart/mixed'},
    {id: '12', TransactionId: '3', ContentType: 'text/html', Content: '<p>note</p>'},
    {id: '13', TransactionId: '3', ContentType: 'image/png', Filename: 'a.png', ContentLength: '42', Headers: 'Content-Type: image/png\nContent-ID: <x@y>'},
    {id: '14', TransactionId: '3', ContentType: 'application/pdf', Filename: 'b.pdf', ContentLength: '7', Headers: 'Content-Disposition: inline; filename="b.pdf"'},
  ];
  const field: TicketField = {id: '2', title: 'Product', key: 'Product', type: 'dropdown', required: false, active: true, createdAt: 'x', updatedAt: 'x', options: [{label: 'a', value: 'a'}]};
  const result = fromRtTicket(ticket, transactions, parts, new Map([['2', field]]), (id) => `http://rt/REST/2.0/attachment/${id}`);
  t.like(result, {id: '7', status: 'hold', priority: 'high', requesterId: 'bob@x.test', assigneeId: undefined, groupId: '3', tags: ['vip'], ccEmails: ['cc@x.test']});
  t.deepEqual(result.customFields, {'2': 'a'});
  t.deepEqual(result.comments.map((c) => [c.id, c.public, c.authorId]), [['1', true, 'bob@x.test'], ['3', false, 'root']]);
  t.is(result.comments[0]!.body, '<p>plain &lt;desc&gt;<br>line 2</p>');
  t.is(result.comments[1]!.body, '<p>note</p>');
  t.deepEqual(result.comments[1]!.attachments.map((a) => [a.fileName, a.size, a.inline, a.url]), [['a.png', 42, true, 'http://rt/REST/2.0/attachment/13'], ['b.pdf', 7, false, 'http://rt/REST/2.0/attachment/14']]);
  t.deepEqual(result.events!.map((e) => e.description), ['Status changed from open to stalled']);
  t.is(messageBody([]), '');
});

test('TicketSQL for filters pages by id and compares in RT date format', (t) => {
  t.is(ticketQuery({}), 'id > 0');
  t.is(ticketQuery({createdFrom: '2024-01-01T00:00:00Z', updatedSince: '2024-02-01T10:00:00Z'}, 42), "id > 42 AND Created >= '2024-01-01 00:00:00' AND LastUpdated >= '2024-02-01 10:00:00'");
});

test('errors, auth headers, markers', (t) => {
  t.is(describeRtError(400, {message: 'Invalid syntax for email address'}), 'Invalid syntax for email address');
  t.is(describeRtError(400, ['a', 'b']), 'a; b');
  t.is(describeRtError(500, undefined), 'HTTP 500');
  t.deepEqual(requestTrackerConnector.authHeaders({baseUrl: 'x', authKind: 'token', credentials: {token: '1-14-abc'}}), {Authorization: 'token 1-14-abc'});
  t.deepEqual(requestTrackerConnector.authHeaders({baseUrl: 'x', authKind: 'basic', credentials: {username: 'root', password: 'pw'}}), {Authorization: `Basic ${Buffer.from('root:pw').toString('base64')}`});
  t.is(commentMarker('zendesk:tickets:1', '5'), '<!-- ferry-source: zendesk:tickets:1#comment-5 -->');
  t.is(requestTrackerConnector.tiers['self-hosted']!.requestsPerMinute, Infinity);
  t.is(requestTrackerConnector.tiers['self-hosted']!.concurrency, 2);
});

test('startEmulator explains that RT has no emulator and how to start a real one', async (t) => {
  await t.throwsAsync(startEmulator('request-tracker', {seed: 'empty'}), {message: /no emulator.*rt5-setup\.sh/s});
});
