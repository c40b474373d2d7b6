import test from 'ava';
import {articleBody, ticketFieldBody, ticketImportBody} from '../connectors/zendesk/api-bodies.js';
import {
  articleToNeutral,
  describeZendeskError,
  markerOf,
  stripMarker,
  ticketFieldToNeutral,
  ticketToNeutral,
  userToNeutral,
  withMarker,
  type ZdComment,
  type ZdTicket,
  type ZdTicketField,
} from '../connectors/zendesk/api-shapes.js';
import {CursorLoopGuard, cursorPages} from '../connectors/zendesk/paging.js';
import type {HttpClient} from '../source/contracts/http.js';

const nativeTicket: ZdTicket = {
  id: 35436,
  external_id: null,
  subject: 'Help, my printer is on fire!',
  description: 'The fire is very colorful.',
  status: 'open',
  priority: null,
  type: 'incident',
  requester_id: 20978392,
  submitter_id: 76872,
  assignee_id: 235323,
  group_id: 98738,
  organization_id: null,
  collaborator_ids: [35334, 234],
  tags: ['enterprise', 'other_tag'],
  custom_fields: [
    {id: 27642, value: '745'},
    {id: 27648, value: null},
    {id: 27650, value: ['a', 'b']},
  ],
  created_at: '2009-07-20T22:55:29Z',
  updated_at: '2011-05-05T10:38:52Z',
};

const comments: ZdComment[] = [
  {id: 2, type: 'Comment', author_id: 235323, body: 'Later', html_body: '<p>Later</p>', plain_body: 'Later', public: false, attachments: [], created_at: '2009-07-21T10:00:00Z'},
  {
    id: 1,
    type: 'Comment',
    author_id: 20978392,
    body: 'Fire',
    html_body: '<p>Fire</p>',
    plain_body: 'Fire',
    public: true,
    attachments: [{id: 498483, file_name: 'crash.log', content_url: 'https://acme.zendesk.com/attachments/token/abc/?name=crash.log', content_type: 'text/plain', size: 2532, inline: false}],
    created_at: '2009-07-20T22:55:29Z',
  },
];

test('a native ticket becomes a neutral ticket with comments oldest first', (t) => {
  const emails: Record<number, string> = {35334: 'cc@acme.test'};
  const ticket = ticketToNeutral(nativeTicket, comments, (id) => emails[id]);
  t.is(ticket.id, '35436');
  t.is(ticket.priority, 'normal', 'a null priority is the nearest neutral value');
  t.is(ticket.kind, 'incident');
  t.is(ticket.assigneeId, '235323');
  t.is(ticket.organizationId, undefined);
  t.deepEqual(ticket.ccEmails, ['cc@acme.test'], 'unknown CC users are left out');
  t.deepEqual(ticket.customFields, {'27642': '745', '27650': ['a', 'b']});
  t.deepEqual(ticket.comments.map((comment) => comment.id), ['1', '2']);
  t.false(ticket.comments[1]!.public);
  t.like(ticket.comments[0]!.attachments[0], {id: '498483', fileName: 'crash.log', size: 2532, inline: false});
});

test('users: agents carry their groups, end-users do not', (t) => {
  const base = {id: 5, name: 'A', email: 'a@x.test', phone: null, external_id: null, organization_id: 7, active: true, created_at: 'c', updated_at: 'u'};
  t.deepEqual(userToNeutral({...base, role: 'agent'}, [3, 4]).groupIds, ['3', '4']);
  const contact = userToNeutral({...base, role: 'end-user'});
  t.is(contact.groupIds, undefined);
  t.is(contact.organizationId, '7');
  t.false(userToNeutral({...base, role: 'end-user', suspended: true}).active);
});

test('ticket fields: tagger is a drop-down and back; option values become tags', (t) => {
  const native: ZdTicketField = {id: 9, type: 'tagger', title: 'Product', active: true, required: true, custom_field_options: [{id: 1, name: 'Widget Pro', value: 'widget_pro'}], created_at: 'c', updated_at: 'u'};
  const neutral = ticketFieldToNeutral(native);
  t.is(neutral.type, 'dropdown');
  t.deepEqual(neutral.options, [{label: 'Widget Pro', value: 'widget_pro'}]);
  const body = ticketFieldBody({...neutral, options: [{label: 'Big One', value: 'Big One'}]}, 'freshdesk:ticket_fields:9');
  t.is(body.ticket_field.type, 'tagger');
  t.deepEqual(body.ticket_field.custom_field_options, [{name: 'Big One', value: 'big_one'}]);
  t.is(markerOf(body.ticket_field.agent_description), 'freshdesk:ticket_fields:9');
});

test('ticket import body: dates, inline comments, drop-down labels as tags', (t) => {
  const fields = new Map<number, ZdTicketField>([[9, {id: 9, type: 'tagger', title: 'P', active: true, required: false, custom_field_options: [{name: 'Widget Pro', value: 'widget_pro'}], created_at: '', updated_at: ''}]]);
  const neutral = ticketToNeutral(nativeTicket, comments, () => undefined);
  const body = ticketImportBody({...neutral, status: 'solved', customFields: {'9': 'Widget Pro'}, ccEmails: ['x@y.test']}, [{author_id: 1, html_body: '<p>x</p>', public: false, created_at: '2009-07-20T22:55:29Z'}], fields, 'src:tickets:1');
  t.is(body.ticket.external_id, 'src:tickets:1');
  t.is(body.ticket.created_at, '2009-07-20T22:55:29Z');
  t.is(body.ticket.solved_at, '2011-05-05T10:38:52Z');
  t.deepEqual(body.ticket.custom_fields, [{id: 9, value: 'widget_pro'}]);
  t.deepEqual(body.ticket.collaborators, ['x@y.test']);
  t.false(body.ticket.comments[0]!.public);
});

test('markers: written, found and stripped from what is read back', (t) => {
  const text = withMarker('First line', 'zendesk:groups:5');
  t.is(markerOf(text), 'zendesk:groups:5');
  t.is(stripMarker(text), 'First line');
  t.is(markerOf(withMarker(text, 'other:1')), 'other:1', 'a second write replaces the marker');
  const body = articleBody({id: '1', sectionId: '2', title: 'T', body: 'B', draft: false, tags: ['howto'], createdAt: '', updatedAt: ''}, 'en-us', 3, 'fd:kb_articles:1');
  t.deepEqual(body.article.label_names, ['howto', 'ferry:fd:kb_articles:1']);
  t.false(body.notify_subscribers);
  const read = articleToNeutral({...body.article, id: 4, section_id: 2, author_id: null, source_locale: 'en-us', created_at: '', updated_at: ''} as never);
  t.deepEqual(read.tags, ['howto']);
});

test('describeError: Zendesk validation details name the field', (t) => {
  const message = describeZendeskError(422, {error: 'RecordInvalid', description: 'Record validation errors', details: {email: [{description: 'Email: is invalid', error: 'InvalidValue'}]}});
  t.true(message.includes('email: is invalid'), message);
  t.true(message.includes('Record validation errors'));
  t.is(describeZendeskError(401, {error: "Couldn't authenticate you"}), "Couldn't authenticate you");
  t.is(describeZendeskError(429, {detail: 'Rate limited by Zendesk edge protection', status: '429'}), 'Rate limited by Zendesk edge protection');
  t.is(describeZendeskError(500, undefined), 'HTTP 500');
});

test('a cursor seen twice stops the read instead of looping', async (t) => {
  const guard = new CursorLoopGuard('tickets');
  guard.check('a');
  t.throws(() => guard.check('a'), {message: /Zendesk pagination loop: tickets returned the same page position "a" twice/});
  let calls = 0;
  const http: HttpClient = {
    async request<T>() {
      calls++;
      return {status: 200, headers: {}, url: '', body: {users: [{id: calls}], meta: {has_more: true, after_cursor: 'stuck'}} as T};
    },
  };
  const pages: unknown[] = [];
  await t.throwsAsync(async () => {
    for await (const page of cursorPages(http, {url: '/api/v2/users.json', key: 'users', endpoint: 'x', what: 'users'})) pages.push(page);
  }, {message: /Zendesk pagination loop/});
  t.is(calls, 2);
  t.is(pages.length, 1);
});
