// Contract tests: ferry's Zendesk connector against the examples printed in Zendesk's own
// documentation (test/fixtures/zendesk/, sources in SOURCES.md there). No emulator is
// involved: a recording fake HttpClient answers with the documented examples and keeps the
// requests the connector builds. Facts and their sources: docs/platforms/zendesk.md.
// Where ferry disagrees with the documentation the test states the documented behaviour and
// is marked test.failing with the discrepancy named, so it flips when the connector is fixed.
import test from 'ava';
import {commentToNeutral, describeZendeskError, ticketToNeutral, type ZdComment, type ZdTicket} from '../connectors/zendesk/api-shapes.js';
import {zendeskConnector} from '../connectors/zendesk/index.js';
import {openZendeskTarget} from '../connectors/zendesk/target-session.js';
import {cursorPages} from '../connectors/zendesk/paging.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {KbArticle, Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, fixture, undocumentedKeys, withoutJson, type Seen} from './helpers/contract-http.js';

const settings: ConnectorSettings = {baseUrl: 'https://company.zendesk.com', authKind: 'token', credentials: {email: 'admin@company.com', apiToken: 'secret-token'}};

const incremental = fixture<{tickets: ZdTicket[]; after_cursor: string; end_of_stream: boolean}>('zendesk', 'incremental-tickets-cursor.response.json');
const comments = fixture<{comments: ZdComment[]}>('zendesk', 'list-comments.response.json');
const documentedTicket = incremental.tickets[0]!;
const documentedComment = comments.comments[0]!;

// developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/:
// the cursor-based ticket export takes cursor, start_time, support_type_scope; the page
// documents per_page, include and exclude_deleted for the ticket export.
const INCREMENTAL_PARAMS = ['cursor', 'start_time', 'support_type_scope', 'per_page', 'include', 'exclude_deleted'];
// developer.zendesk.com/api-reference/introduction/pagination/ (cursor pagination)
const CURSOR_PARAMS = ['page[size]', 'page[after]', 'page[before]'];
// Ticket properties from developer.zendesk.com/api-reference/ticketing/tickets/tickets/ (JSON format)
// plus the import extras (created_at, updated_at, solved_at, comments) from the Ticket Import page.
const TICKET_WRITE_KEYS = [
  'subject', 'description', 'status', 'priority', 'type', 'requester_id', 'submitter_id', 'assignee_id', 'group_id', 'organization_id',
  'tags', 'collaborator_ids', 'collaborators', 'email_cc_ids', 'follower_ids', 'custom_fields', 'external_id', 'due_at', 'problem_id',
  'brand_id', 'ticket_form_id', 'via_followup_source_id', 'comment',
];
const IMPORT_EXTRA_KEYS = ['created_at', 'updated_at', 'solved_at', 'comments'];
// Ticket Import: "You can use value, body, or html_body for the comment body. You can also set the
// comment's created_at"; comment properties author_id, public; uploads from "Attaching files".
const COMMENT_WRITE_KEYS = ['author_id', 'value', 'body', 'html_body', 'public', 'created_at', 'uploads'];

function neutralTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '35436',
    subject: 'Help, my printer is on fire!',
    status: 'open',
    priority: 'high',
    kind: 'incident',
    requesterId: '20978392',
    assigneeId: '235323',
    groupId: '98738',
    organizationId: '509974',
    tags: ['enterprise', 'other_tag'],
    ccEmails: [],
    customFields: {},
    createdAt: '2009-07-20T22:55:29Z',
    updatedAt: '2011-05-05T10:38:52Z',
    comments: [
      {
        id: '1274',
        authorId: '123123',
        body: '<p>Thanks for your help!</p>',
        public: true,
        createdAt: '2009-07-20T22:55:29Z',
        attachments: [{id: '498483', fileName: 'crash.log', contentType: 'text/plain', size: 2532, url: 'https://source.invalid/crash.log', inline: false}],
      },
    ],
    ...overrides,
  };
}

const find = (seen: Seen[], method: string, path: string) => seen.filter((s) => s.method === method && withoutJson(s.path) === path);

// ---- (a) documented responses parse into the neutral model ------------------------------

test('the documented ticket (incremental export example) parses without losing its documented fields', (t) => {
  const emails = new Map([[35334, 'cc1@company.com'], [234, 'cc2@company.com']]);
  const ticket = ticketToNeutral(documentedTicket, [], (id) => emails.get(id));
  t.is(ticket.id, '35436');
  t.is(ticket.subject, 'Help, my printer is on fire!');
  t.is(ticket.status, 'open');
  t.is(ticket.priority, 'high');
  t.is(ticket.kind, 'incident');
  t.is(ticket.requesterId, '20978392');
  t.is(ticket.assigneeId, '235323');
  t.is(ticket.groupId, '98738');
  t.is(ticket.organizationId, '509974');
  t.deepEqual(ticket.tags, ['enterprise', 'other_tag']);
  t.deepEqual(ticket.customFields, {'27642': '745', '27648': 'yes'});
  t.deepEqual(ticket.ccEmails, ['cc1@company.com', 'cc2@company.com']);
  t.is(ticket.createdAt, '2009-07-20T22:55:29Z');
  t.is(ticket.updatedAt, '2011-05-05T10:38:52Z');
});

test('the documented comment keeps its author, visibility, date and attachment', (t) => {
  const comment = commentToNeutral(documentedComment);
  t.is(comment.id, '1274');
  t.is(comment.authorId, '123123');
  t.true(comment.public);
  t.is(comment.createdAt, '2009-07-20T22:55:29Z');
  t.deepEqual(comment.attachments.map((a) => ({id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: a.url})), [
    {id: '498483', fileName: 'crash.log', contentType: 'text/plain', size: 2532, url: 'https://company.zendesk.com/attachments/crash.log'},
  ]);
});

// Discrepancy: connectors/zendesk/api-shapes.ts commentToNeutral reads only `html_body`; the List
// Comments example (developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments)
// prints a comment with `body` and no `html_body`. A comment without html_body loses its text.
test('a comment that carries only the documented `body` keeps its text', (t) => {
  const comment = commentToNeutral(documentedComment);
  t.truthy(comment.body);
  t.true(String(comment.body).includes('Thanks for your help!'));
});

test('the source session reads the documented incremental export and comment list into one ticket', async (t) => {
  const {http, seen} = fakeHttp(({method, path}) => {
    if (method === 'GET' && withoutJson(path) === '/api/v2/incremental/tickets/cursor') return {body: incremental};
    if (method === 'GET' && withoutJson(path) === '/api/v2/tickets/35436/comments') return {body: comments};
    return undefined;
  });
  const source = zendeskConnector.openSource(settings, http);
  const tickets: Ticket[] = [];
  for await (const page of source.read('tickets', {filter: {}})) tickets.push(...(page.records as Ticket[]));
  t.is(tickets.length, 1);
  t.is(tickets[0]!.id, '35436');
  t.is(tickets[0]!.comments.length, 1);
  t.is(tickets[0]!.comments[0]!.attachments[0]!.fileName, 'crash.log');

  const exportCalls = find(seen, 'GET', '/api/v2/incremental/tickets/cursor');
  t.is(exportCalls.length, 1, 'end_of_stream: true ends the export');
  t.deepEqual(undocumentedKeys(exportCalls[0]!.params, INCREMENTAL_PARAMS), []);
  t.truthy(exportCalls[0]!.params.start_time, 'start_time is required on the first request');
  t.true(Number(exportCalls[0]!.params.start_time) <= Date.now() / 1000 - 60, 'start_time must be at least one minute in the past');
  t.true(Number(exportCalls[0]!.params.per_page ?? 1000) <= 1000);
  const commentCalls = find(seen, 'GET', '/api/v2/tickets/35436/comments');
  t.is(commentCalls.length, 1);
  t.deepEqual(undocumentedKeys(commentCalls[0]!.params, [...CURSOR_PARAMS, 'include', 'include_inline_images', 'sort', 'sort_order']), []);
  t.true(Number(commentCalls[0]!.params['page[size]']) <= 100, 'List Comments returns at most 100 per page');
});

test('cursor pagination follows the documented meta.has_more / meta.after_cursor', async (t) => {
  const first = fixture('zendesk', 'cursor-pagination.response.json');
  const {http, seen} = fakeHttp(({params}) => (params['page[after]'] === 'xxx' ? {body: {tickets: [], meta: {has_more: false, after_cursor: null}}} : {body: first}));
  const pages = [];
  for await (const page of cursorPages(http, {url: '/api/v2/tickets.json', key: 'tickets', endpoint: 'other', what: 'tickets'})) pages.push(page);
  t.is(pages.length, 2);
  t.is(pages[0]!.after, 'xxx');
  t.is(seen[1]!.params['page[after]'], 'xxx');
  for (const call of seen) t.true(Number(call.params['page[size]']) <= 100, 'most endpoints limit page[size] to 100');
});

test('the closed-ticket refusal reads as a reason a person understands', (t) => {
  const message = describeZendeskError(422, fixture('zendesk', 'closed-ticket-update.422.json'));
  t.true(message.includes('closed prevents ticket update'), message);
});

// ---- (b) requests the connector builds match the documented ones -------------------------

function targetFake(extra: (s: Seen) => {status?: number; body?: unknown} | undefined = () => undefined) {
  return fakeHttp((s) => {
    const own = extra(s);
    if (own) return own;
    const path = withoutJson(s.path);
    if (s.method === 'GET' && path === '/api/v2/ticket_fields') return {body: {ticket_fields: [], meta: {has_more: false}}};
    if (s.method === 'GET' && path === '/api/v2/tickets') return {body: {tickets: []}};
    // Show Ticket answers with the documented ticket (the incremental export example's ticket).
    if (s.method === 'GET' && /^\/api\/v2\/tickets\/\d+$/.test(path)) return {body: {ticket: {...documentedTicket, id: Number(path.split('/').pop())}}};
    if (s.method === 'GET' && /^\/api\/v2\/tickets\/\d+\/comments$/.test(path)) return {body: {comments: [], meta: {has_more: false}}};
    if (s.method === 'POST' && path === '/api/v2/uploads') return {status: 201, body: {upload: {token: 'vz7ll9ud8oofowy', attachment: {content_url: 'https://company.zendesk.com/attachments/token/abc/?name=crash.log'}}}};
    if (s.method === 'POST' && path === '/api/v2/imports/tickets') return {status: 201, body: {ticket: {id: 35436}}};
    // Bulk Ticket Import answers with a job status; the job, polled, gives each ticket's id by index.
    if (s.method === 'POST' && path === '/api/v2/imports/tickets/create_many') return {body: {job_status: {id: 'job-1', status: 'queued', url: 'https://company.zendesk.com/api/v2/job_statuses/job-1.json'}}};
    if (s.method === 'GET' && path === '/api/v2/job_statuses/job-1') return {body: {job_status: {id: 'job-1', status: 'completed', total: 1, progress: 1, results: [{index: 0, id: 35436, success: true}]}}};
    if (s.method === 'POST' && path === '/api/v2/tickets') return {status: 201, body: {ticket: {id: 35437}}};
    if (s.method === 'PUT') return {body: {}};
    if (s.method === 'GET' && path === '/api/v2/help_center/locales') return {body: {locales: ['en-us'], default_locale: 'en-us'}};
    if (s.method === 'GET' && path === '/api/v2/guide/permission_groups') return {body: {permission_groups: [{id: 1, built_in: true}]}};
    return undefined;
  });
}

for (const path of ['/api/v2/imports/tickets', '/api/v2/imports/tickets/create_many'] as const)
test(`ticket import: documented method, path and body field names (Ticket Import example): ${path}`, async (t) => {
  const documented = fixture('zendesk', 'ticket-import.request.json') as {ticket: Record<string, unknown> & {comments: Array<Record<string, unknown>>}};
  const {http, seen} = targetFake();
  const bulk = path.endsWith('create_many');
  const target = bulk ? zendeskConnector.openTarget(settings, http) : openZendeskTarget(settings, http, {bulkImport: false});
  t.is(await target.create('tickets', neutralTicket(), contractContext('zendesk:tickets:35436')), '35436');
  const imports = find(seen, 'POST', path);
  t.is(imports.length, 1);
  t.is(find(seen, 'POST', bulk ? '/api/v2/imports/tickets' : '/api/v2/imports/tickets/create_many').length, 0);
  // Bulk Ticket Import takes the same ticket objects in a `tickets` array (up to 100).
  const sent = imports[0]!.request.json as {ticket?: Record<string, unknown>; tickets?: Array<Record<string, unknown>>};
  if (bulk) t.deepEqual(Object.keys(sent), ['tickets']);
  else t.deepEqual(Object.keys(sent), Object.keys(documented), 'the body wraps one `ticket` object');
  const body = {ticket: (bulk ? sent.tickets![0] : sent.ticket) as Record<string, unknown> & {comments: Array<Record<string, unknown>>}};
  t.deepEqual(undocumentedKeys(body.ticket, [...TICKET_WRITE_KEYS, ...IMPORT_EXTRA_KEYS]), []);
  // Every key the documented example sends that ferry also needs has the documented name.
  for (const key of ['requester_id', 'assignee_id', 'subject', 'tags', 'comments']) t.true(key in body.ticket, key);
  for (const comment of body.ticket.comments) {
    t.deepEqual(undocumentedKeys(comment, COMMENT_WRITE_KEYS), []);
    for (const key of ['author_id', 'created_at']) t.true(key in comment, key);
  }
  t.deepEqual(undocumentedKeys(documented.ticket.comments[0]!, COMMENT_WRITE_KEYS), [], 'the documented comment keys are in the same vocabulary');
});

test('uploads: POST /api/v2/uploads?filename=… and the token goes into the comment `uploads` (documented example)', async (t) => {
  const documented = fixture('zendesk', 'upload-token-comment.request.json') as {ticket: {comment: Record<string, unknown>}};
  const {http, seen} = targetFake();
  const target = zendeskConnector.openTarget(settings, http);
  await target.create('tickets', neutralTicket(), contractContext('zendesk:tickets:35436'));
  const uploads = find(seen, 'POST', '/api/v2/uploads');
  t.is(uploads.length, 1);
  t.deepEqual(Object.keys(uploads[0]!.params), ['filename']);
  t.is(uploads[0]!.params.filename, 'crash.log');
  t.truthy(uploads[0]!.request.body, 'the file travels as the raw request body');
  const body = find(seen, 'POST', '/api/v2/imports/tickets/create_many')[0]!.request.json as {tickets: Array<{comments: Array<{uploads?: string[]}>}>};
  t.deepEqual(body.tickets[0]!.comments[0]!.uploads, documented.ticket.comment.uploads);
});

test('ticket update: PUT /api/v2/tickets/{id} with documented ticket and comment field names', async (t) => {
  const documented = fixture('zendesk', 'ticket-comment-update.request.json') as {ticket: {comment: Record<string, unknown>}};
  const {http, seen} = targetFake();
  const target = zendeskConnector.openTarget(settings, http);
  const later = {id: '1275', authorId: '123123', body: '<p>Any news?</p>', public: true, createdAt: '2011-05-05T10:38:52Z', attachments: []};
  await target.update('tickets', '35436', neutralTicket({comments: [...neutralTicket().comments, later]}), contractContext('zendesk:tickets:35436'));
  const puts = find(seen, 'PUT', '/api/v2/tickets/35436');
  t.true(puts.length >= 1);
  for (const put of puts) {
    const body = put.request.json as {ticket: Record<string, unknown>};
    t.deepEqual(Object.keys(body), ['ticket']);
    t.deepEqual(undocumentedKeys(body.ticket, TICKET_WRITE_KEYS), []);
    if (body.ticket.comment) t.deepEqual(undocumentedKeys(body.ticket.comment as object, COMMENT_WRITE_KEYS), []);
  }
  t.deepEqual(undocumentedKeys(documented.ticket.comment, COMMENT_WRITE_KEYS), []);
});

// Discrepancy: connectors/zendesk/target-session.ts update('tickets') PUTs to the ticket whatever its
// status; Zendesk refuses updates of closed tickets (422 "Status: closed prevents ticket update", seen
// in public client code) and documents follow-up tickets for them: "Once a ticket is closed … it can't
// be reopened. However, you can create a new ticket that references the closed ticket"
// (developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets).
test('a delta that meets a closed ticket creates a follow-up ticket instead of failing', async (t) => {
  const documented = fixture('zendesk', 'followup-ticket.request.json') as {ticket: Record<string, unknown>};
  const closed = fixture('zendesk', 'closed-ticket-update.422.json');
  const {http, seen} = targetFake((s) => {
    if (withoutJson(s.path) !== '/api/v2/tickets/103') return undefined;
    return s.method === 'GET' ? {body: {ticket: {...documentedTicket, id: 103, status: 'closed'}}} : {status: 422, body: closed};
  });
  const target = zendeskConnector.openTarget(settings, http);
  const later = {id: '1275', authorId: '123123', body: '<p>Still too hot</p>', public: true, createdAt: '2011-05-05T10:38:52Z', attachments: []};
  await t.notThrowsAsync(() => target.update('tickets', '103', neutralTicket({status: 'closed', comments: [...neutralTicket().comments, later]}), contractContext('zendesk:tickets:35436')));
  const followUps = [...find(seen, 'POST', '/api/v2/tickets'), ...find(seen, 'POST', '/api/v2/imports/tickets')].filter(
    (s) => (s.request.json as {ticket?: {via_followup_source_id?: number}}).ticket?.via_followup_source_id === documented.ticket.via_followup_source_id,
  );
  t.is(followUps.length, 1);
  const body = followUps[0]!.request.json as {ticket: Record<string, unknown>};
  t.deepEqual(undocumentedKeys(body.ticket, TICKET_WRITE_KEYS), []);
  t.deepEqual(find(seen, 'PUT', '/api/v2/tickets/103'), [], 'the closed ticket is not written to');
});

test('marker lookups use the documented parameters (users/search external_id, organizations/search external_id)', async (t) => {
  const {http, seen} = fakeHttp(({path}) => {
    if (withoutJson(path) === '/api/v2/users/search') return {body: {users: []}};
    if (withoutJson(path) === '/api/v2/organizations/search') return {body: {organizations: []}};
    return undefined;
  });
  const target = zendeskConnector.openTarget(settings, http);
  await target.findByMarker('contacts', 'freshdesk:contacts:1');
  await target.findByMarker('organizations', 'freshdesk:organizations:1');
  await target.findExisting('organizations', {name: 'Acme'});
  t.deepEqual(find(seen, 'GET', '/api/v2/users/search')[0]!.params, {external_id: 'freshdesk:contacts:1'});
  t.deepEqual(find(seen, 'GET', '/api/v2/organizations/search').map((s) => s.params), [{external_id: 'freshdesk:organizations:1'}, {name: 'Acme'}]);
});

// Discrepancy: connectors/zendesk/target-session.ts update('kb_articles') sends `draft` in
// PUT /api/v2/help_center/articles/{id}; the Articles reference says `draft` "Can be set when creating
// but not when updating. For updating, see Translations"
// (developer.zendesk.com/api-reference/help_center/help-center-api/articles/).
test('article update leaves `draft` to the translation, as documented', async (t) => {
  const {http, seen} = targetFake();
  const target = zendeskConnector.openTarget(settings, http);
  const article: KbArticle = {id: '1', sectionId: '2', title: 'How to', body: '<p>x</p>', draft: false, tags: [], createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z'};
  await target.update('kb_articles', '5', article, contractContext('freshdesk:kb_articles:1'));
  const put = find(seen, 'PUT', '/api/v2/help_center/articles/5')[0]!;
  t.false('draft' in ((put.request.json as {article: object}).article));
});

// Discrepancy: connectors/zendesk/index.ts offers OAuth only as a bare access token (no refresh token,
// client id or secret). Zendesk: access tokens of OAuth clients created after 2026-04-30 (global clients
// after 2026-02-02) expire after 30 minutes by default and are renewed with grant_type=refresh_token at
// /oauth/tokens (support.zendesk.com/hc/en-us/articles/9182123625370, …/10212201463962); API tokens are
// being retired (developer.zendesk.com/documentation/api-basics/authentication/api-tokens-to-oauth/).
test('OAuth credentials include what the refresh-token grant needs', (t) => {
  const oauthKeys = zendeskConnector.credentials.filter((field) => field.authKinds?.includes('oauth')).map((field) => field.key.toLowerCase());
  t.true(oauthKeys.some((key) => key.includes('refresh')), `oauth credential keys: ${oauthKeys.join(', ')}`);
  t.true(oauthKeys.some((key) => key.includes('client')), `oauth credential keys: ${oauthKeys.join(', ')}`);
});
