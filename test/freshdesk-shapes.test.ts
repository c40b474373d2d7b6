import test from 'ava';
import {
  contactToNative,
  describeFreshdeskError,
  fieldValueToNative,
  htmlMarkerOf,
  inlineImagesFromBody,
  statusFromNative,
  statusToNative,
  stripHtmlMarker,
  textMarkerOf,
  ticketFieldFromNative,
  ticketFromNative,
  withHtmlMarker,
  withTextMarker,
  groupFromNative,
  type FdTicket,
} from '../connectors/freshdesk/api-shapes.js';
import {budgetTicketAttachments} from '../connectors/freshdesk/attachments.js';
import {nextTicketCursor} from '../connectors/freshdesk/source-session.js';
import {requesterToNative} from '../connectors/freshservice/api-shapes.js';

test('statuses map to the nearest value both ways', (t) => {
  t.deepEqual([2, 3, 4, 5, 6].map(statusFromNative), ['open', 'pending', 'solved', 'closed', 'hold']);
  t.deepEqual((['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const).map(statusToNative), [2, 2, 3, 3, 4, 5]);
});

test('validation errors keep the field-level details', (t) => {
  const body = {description: 'Validation failed', errors: [{field: 'email', message: 'It should be a valid email address', code: 'invalid_value'}]};
  t.is(describeFreshdeskError(400, body), 'Validation failed: email: It should be a valid email address');
  t.is(describeFreshdeskError(401, {code: 'invalid_credentials', message: 'You have to be logged in to perform this action.'}), 'You have to be logged in to perform this action. (invalid_credentials)');
  t.is(describeFreshdeskError(404, undefined), 'HTTP 404');
});

test('a ticket with conversations becomes one neutral ticket, custom fields keyed by field id', (t) => {
  const ticket: FdTicket = {
    id: 5, subject: 'S', description: '<p>Hi</p><img src="https://x.freshdesk.com/inline/attachment?token=abc" data-id="77" alt="shot.png">', status: 4, priority: 3, source: 1, type: 'Incident',
    requester_id: 9, responder_id: 3, group_id: null, company_id: 2, tags: ['a'], cc_emails: [], custom_fields: {cf_product: 'Gadget', cf_ferry_source_id: 'zendesk:tickets:1'},
    attachments: [{id: 1, name: 'a.txt', content_type: 'text/plain', size: 3, attachment_url: 'https://s3/a', created_at: '', updated_at: ''}],
    created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-02T00:00:00Z',
  };
  const conversations = [
    {id: 8, body: withHtmlMarker('<p>late</p>', 'k#comment:2'), body_text: '', incoming: false, private: true, user_id: 3, source: 2, ticket_id: 5, attachments: [], created_at: '2024-01-03T00:00:00Z', updated_at: ''},
    {id: 7, body: '<p>early</p>', body_text: '', incoming: true, private: false, user_id: 9, source: 0, ticket_id: 5, attachments: [], created_at: '2024-01-02T00:00:00Z', updated_at: ''},
  ];
  const neutral = ticketFromNative(ticket, conversations, new Map([['cf_product', '11']]));
  t.is(neutral.status, 'solved');
  t.is(neutral.priority, 'high');
  t.is(neutral.kind, 'incident');
  t.deepEqual(neutral.customFields, {'11': 'Gadget'});
  t.deepEqual(neutral.comments.map((c) => [c.id, c.public, c.body]), [['5-description', true, ticket.description], ['7', true, '<p>early</p>'], ['8', false, '<p>late</p>']]);
  t.deepEqual(neutral.comments[0]!.attachments.map((a) => [a.id, a.fileName, a.inline]), [['1', 'a.txt', false], ['77', 'shot.png', true]]);
});

test('inline images are found in bodies', (t) => {
  const images = inlineImagesFromBody('<img alt="x.gif" src="http://h/inline/attachment?token=T1&amp;a=1"><img src="/other.png">');
  t.is(images.length, 1);
  t.is(images[0]!.url, 'http://h/inline/attachment?token=T1&a=1');
  t.is(images[0]!.contentType, 'image/gif');
});

test('markers are written and found again, and stripped on read', (t) => {
  const text = withTextMarker('First line', 'zendesk:groups:1');
  t.is(textMarkerOf(text), 'zendesk:groups:1');
  t.is(groupFromNative({id: 1, name: 'G', description: text, created_at: '', updated_at: ''}).description, 'First line');
  const html = withHtmlMarker('<p>x</p>', 'zendesk:tickets:1#comment:2');
  t.is(htmlMarkerOf(html), 'zendesk:tickets:1#comment:2');
  t.is(stripHtmlMarker(html), '<p>x</p>');
  t.is(contactToNative({id: '1', name: 'A', role: 'end-user', active: true, createdAt: '', updatedAt: ''}, 'zendesk:contacts:1').unique_external_id, 'zendesk:contacts:1');
});

test('field types and values convert to what Freshdesk stores', (t) => {
  t.is(ticketFieldFromNative({id: 1, name: 'cf_p', label: 'P', description: null, position: 1, type: 'custom_dropdown', default: false, required_for_closure: true, required_for_agents: false, customers_can_edit: false, label_for_customers: 'P', displayed_to_customers: false, choices: ['A', 'B'], created_at: '', updated_at: ''}).options!.length, 2);
  t.is(fieldValueToNative('custom_checkbox', 'true'), true);
  t.is(fieldValueToNative('custom_number', 4.7), 4);
  t.is(fieldValueToNative('custom_paragraph', ['a', 'b']), 'a, b');
  t.is(fieldValueToNative('custom_date', '2024-05-06T10:00:00Z'), '2024-05-06');
});

test("a ticket's attachments share one 20 MB budget in comment order; the rest is left out with a reason", (t) => {
  const mb = 1024 * 1024;
  const file = (id: string, size: number) => ({id, fileName: `${id}.bin`, contentType: 'application/octet-stream', size: size * mb, url: `u/${id}`, inline: false});
  const {kept, leftOut} = budgetTicketAttachments([
    {id: 'description', attachments: [file('a', 15), file('b', 6), file('c', 25)]},
    {id: 'note', attachments: [file('d', 4), file('e', 2)]},
  ]);
  t.deepEqual(kept.get('description')!.map((a) => a.id), ['a']);
  t.deepEqual(kept.get('note')!.map((a) => a.id), ['d'], 'the later note still counts against the same ticket');
  t.deepEqual(leftOut.map((item) => item.attachment.id), ['b', 'c', 'e']);
  t.regex(leftOut[1]!.reason, /larger than/);
});

test('the tickets cursor restarts the window past page 300, skipping the boundary ids', (t) => {
  const listed = [{id: 1, updated_at: '2024-01-01T00:00:00Z'}, {id: 2, updated_at: '2024-01-02T00:00:00Z'}, {id: 3, updated_at: '2024-01-02T00:00:00Z'}];
  t.deepEqual(nextTicketCursor({since: 'A', page: 7, skip: []}, listed, true), {since: 'A', page: 8, skip: []});
  t.deepEqual(nextTicketCursor({since: 'A', page: 300, skip: []}, listed, true), {since: '2024-01-02T00:00:00Z', page: 1, skip: [2, 3]});
  t.is(nextTicketCursor({since: 'A', page: 3, skip: []}, listed, false), undefined);
  t.throws(() => nextTicketCursor({since: '2024-01-02T00:00:00Z', page: 300, skip: []}, listed, true));
});

test('Freshdesk and Freshservice: a contact write clears a phone or company given as null (undo putting back what the contact lacked); one left undefined is not sent', (t) => {
  const person = {id: '1', name: 'Ada', email: 'ada@example.test', role: 'end-user' as const, active: true, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'};
  const cleared = contactToNative({...person, phone: null, organizationId: null} as never, 'zendesk:contacts:1');
  t.is(cleared.phone, null);
  t.is(cleared.company_id, null);
  const untouched = contactToNative(person, 'zendesk:contacts:1');
  t.false('phone' in untouched);
  t.false('company_id' in untouched);
  const fs = requesterToNative({...person, phone: null, organizationId: null} as never, 'zendesk:contacts:1');
  t.is(fs.work_phone_number, null);
  t.deepEqual(fs.department_ids, []);
  t.false('work_phone_number' in requesterToNative(person, 'zendesk:contacts:1'));
});
