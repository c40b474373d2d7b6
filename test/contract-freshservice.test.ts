// Contract tests: ferry's Freshservice connector against the examples printed in Freshservice's API
// v2 documentation (test/fixtures/freshservice/, sources in SOURCES.md there; the page is
// https://api.freshservice.com/). No emulator: a recording fake HttpClient answers with the
// documented examples and keeps the requests the connector builds. Both ways: (a) documented
// answers parse into the neutral model, (b) requests use only documented paths, parameters and fields.
import test from 'ava';
import {readFileSync} from 'node:fs';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {describeFreshserviceError, htmlMarkerOf, markerTag, textMarkerOf} from '../connectors/freshservice/api-shapes.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket} from '../source/contracts/model.js';
import {contractContext, fakeHttp, undocumentedKeys, type Seen} from './helpers/contract-http.js';
import {writeRecord} from './helpers/write-context.js';

const settings: ConnectorSettings = {baseUrl: 'https://domain.freshservice.com', authKind: 'apikey', credentials: {apiKey: 'abcdefgh12345678'}};
const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/freshservice/${name}`, import.meta.url), 'utf8')) as T;
const find = (seen: Seen[], method: string, path: string | RegExp) => seen.filter((s) => s.method === method && (typeof path === 'string' ? s.path === path : path.test(s.path)));

// Parameters and fields as the documentation lists them.
const PAGING = ['page', 'per_page'];
const TICKET_LIST_PARAMS = [...PAGING, 'filter', 'requester_id', 'email', 'updated_since', 'type', 'workspace_id', 'order_type', 'include'];
const VIEW_TICKET_INCLUDES = ['conversations', 'requester', 'requested_for', 'stats', 'problem', 'assets', 'changes', 'related_tickets', 'tags', 'onboarding_context', 'offboarding_context'];
const CHANGE_LIST_PARAMS = [...PAGING, 'workspace_id', 'updated_since', 'order_by', 'order_type', 'query', 'view', 'requester_id'];
const PROBLEM_LIST_PARAMS = [...PAGING, 'workspace_id'];
const FILTER_PARAMS = ['query', 'page', 'workspace_id'];
// The Tickets attribute table (writable attributes) and Create a Ticket's example.
const CREATE_TICKET_FIELDS = ['workspace_id', 'attachments', 'cc_emails', 'department_id', 'custom_fields', 'description', 'due_by', 'email', 'email_config_id', 'fr_due_by', 'group_id', 'name', 'phone', 'priority', 'category', 'sub_category', 'item_category', 'requester_id', 'responder_id', 'source', 'status', 'subject', 'tags', 'type', 'urgency', 'impact'];
const NOTE_FIELDS = ['attachments', 'body', 'incoming', 'notify_emails', 'private', 'user_id'];
const DEPARTMENT_FIELDS = ['name', 'description', 'head_user_id', 'prime_user_id', 'domains', 'custom_fields', 'workspace_id'];
const FOLDER_FIELDS = ['name', 'description', 'category_id', 'visibility', 'department_ids', 'group_ids', 'requester_group_ids', 'manage_by_group_ids', 'approval_settings', 'applicable_to_workspace_ids', 'workspace_id'];
const ARTICLE_FIELDS = ['title', 'description', 'article_type', 'folder_id', 'status', 'tags', 'keywords', 'review_date', 'url', 'workspace_id', 'attachments'];

const formFields = fixture('list-ticket-form-fields.response.json');

function neutralTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '20', subject: 'Support Needed...', status: 'open', priority: 'low', requesterId: '1000000675', tags: ['vip'], ccEmails: ['ram@freshservice.com'], customFields: {},
    createdAt: '2017-09-08T10:26:17Z', updatedAt: '2017-09-08T10:26:17Z',
    comments: [
      {id: 'd', authorId: '1000000675', body: '<div>Details about the issue...</div>', public: true, createdAt: '2017-09-08T10:26:17Z', attachments: []},
      {id: '5', authorId: '1000000493', body: '<div>Is this still a problem</div>', public: false, createdAt: '2017-09-11T09:28:52Z', attachments: []},
    ],
    ...overrides,
  };
}

/** A target account answering with the documented examples. */
function targetFake() {
  return fakeHttp((s) => {
    if (s.method === 'GET' && s.path === '/api/v2/ticket_form_fields') return {body: formFields};
    if (s.method === 'GET' && s.path === '/api/v2/tickets/filter') return {body: {tickets: [], total: 0}};
    if (s.method === 'GET' && s.path === '/api/v2/tickets') return {body: {tickets: []}};
    if (s.method === 'GET' && /\/conversations$/.test(s.path)) return {body: {conversations: []}};
    if (s.method === 'POST' && s.path === '/api/v2/tickets') return {status: 201, body: fixture('create-ticket.response.json')};
    if (s.method === 'POST' && /\/notes$/.test(s.path)) return {status: 201, body: fixture('create-note-with-attachment.response.json')};
    if (s.method === 'POST' && s.path === '/api/v2/requesters') return {status: 201, body: fixture('create-requester.response.json')};
    if (s.method === 'POST' && s.path === '/api/v2/departments') return {status: 201, body: fixture('create-department.response.json')};
    if (s.method === 'POST' && s.path === '/api/v2/groups') return {status: 201, body: fixture('create-group.response.json')};
    if (s.method === 'POST' && s.path === '/api/v2/solutions/folders') return {status: 201, body: {folder: fixture('list-solution-folders.response.json').folders[0]}};
    if (s.method === 'POST' && s.path === '/api/v2/solutions/articles') return {status: 201, body: fixture('create-solution-article.response.json')};
    return undefined;
  });
}

// ---- (a) documented answers parse into the neutral model ---------------------------------------

test('View a Ticket and its conversations parse: status, priority, requester, attachments, comments', async (t) => {
  const {http, seen} = fakeHttp(({method, path}) => {
    if (method !== 'GET') return undefined;
    if (path === '/api/v2/tickets/266') return {body: fixture('view-ticket.response.json')};
    if (path === '/api/v2/tickets/266/conversations') return {body: fixture('list-conversations.response.json')};
    if (path === '/api/v2/ticket_form_fields') return {body: formFields};
    return undefined;
  });
  const ticket = (await freshserviceConnector.openSource(settings, http).get('tickets', '266'))!;
  t.is(ticket.status, 'open', 'status 2 is Open');
  t.is(ticket.priority, 'high', 'priority 3 is High');
  t.is(ticket.kind, 'incident');
  t.is(ticket.requesterId, '1000000678');
  t.is(ticket.comments[0]!.body, '<div>this is a sample ticket</div>', 'the description is the first comment');
  t.deepEqual(ticket.comments[0]!.attachments.map((a) => [a.fileName, a.size, a.url]), [['attachment.txt', 5, 'https://cdn.freshservice/data/Helpdesk/attachments/production/19852343/original/attachment.txt']]);
  t.truthy(ticket.comments[0]!.attachments[0]!.id, 'the documented attachment has no id: one is made up');
  t.is(ticket.comments[1]!.authorId, '1000000493');
  t.true(ticket.comments[1]!.public, 'private: false');
  t.is(find(seen, 'GET', '/api/v2/tickets/266')[0]!.params.include, 'tags', 'tags are only in the answer when embedded');
});

test('View List of Problems and Changes, with notes, parse as labelled tickets whose ids cannot collide', async (t) => {
  const {http} = fakeHttp(({method, path}) => {
    if (method !== 'GET') return undefined;
    if (path === '/api/v2/tickets') return {body: {tickets: []}};
    if (path === '/api/v2/problems') return {body: fixture('list-problems.response.json')};
    if (path === '/api/v2/changes') return {body: fixture('list-changes.response.json')};
    if (/^\/api\/v2\/(problems|changes)\/\d+\/notes$/.test(path)) return {body: fixture('list-problem-notes.response.json')};
    return undefined;
  });
  const tickets: Ticket[] = [];
  for await (const page of freshserviceConnector.openSource(settings, http).read('tickets', {filter: {}})) tickets.push(...page.records);
  t.deepEqual(tickets.map((ticket) => ticket.id), ['problem-1', 'change-2', 'change-1']);
  const problem = tickets[0]!;
  t.is(problem.subject, '[Problem #1] Unable to reach email server');
  t.deepEqual(problem.tags, ['freshservice-problem']);
  t.is(problem.status, 'pending', 'problem status 2 is Change Requested');
  t.is(problem.kind, 'problem');
  t.is(problem.comments.length, 3, 'description and the two documented notes');
  t.false(problem.comments[1]!.public, 'problem notes are for agents');
  t.deepEqual(tickets[1]!.tags, ['freshservice-change']);
  t.is(tickets[1]!.status, 'open', 'change status 1 is Open');
});

test('requesters, agents, departments, groups and solutions parse from their documented answers', async (t) => {
  const {http} = fakeHttp(({method, path, params}) => {
    if (method !== 'GET') return undefined;
    const answers: Record<string, unknown> = {
      '/api/v2/requesters': fixture('list-requesters.response.json'),
      '/api/v2/agents': fixture('list-agents.response.json'),
      '/api/v2/roles': {roles: [{id: 7, name: 'Account Admin'}]},
      '/api/v2/departments': fixture('list-departments.response.json'),
      '/api/v2/groups': fixture('list-groups.response.json'),
      '/api/v2/solutions/categories': fixture('list-solution-categories.response.json'),
      '/api/v2/solutions/folders': params.category_id === '2' ? fixture('list-solution-folders.response.json') : {folders: []},
      '/api/v2/solutions/articles': params.folder_id === '2' ? fixture('list-solution-articles.response.json') : {articles: []},
    };
    return path in answers ? {body: answers[path]} : undefined;
  });
  const source = freshserviceConnector.openSource(settings, http);
  const all = async (type: Parameters<typeof source.read>[0]) => {
    const out: any[] = [];
    for await (const page of source.read(type, {filter: {}})) out.push(...page.records);
    return out;
  };
  const [harry] = await all('contacts');
  t.like(harry, {id: '777', name: 'Harry Potter', email: 'harry.potter@hogwarts.edu', phone: '62442', organizationId: '554', role: 'end-user', active: true});
  const [hagrid] = await all('agents');
  t.like(hagrid, {name: 'Rubeus Hagrid', email: 'rubeus.hagrid@hogwarts.edu', role: 'admin'});
  t.deepEqual(hagrid.groupIds, ['3', '6'], 'member_of');
  t.like((await all('organizations'))[0], {id: '1', name: 'Department of Magical Law Enforcement', domains: ['law.ministryofmagic.gov']});
  t.like((await all('groups'))[0], {id: '1', name: 'Linux Support'});
  t.is((await all('kb_sections')).length, 2);
  const articles = await all('kb_articles');
  t.like(articles[0], {id: '1', sectionId: '2', title: 'Create a article', draft: true, authorId: '1'});
});

test('custom ticket fields come from /ticket_form_fields, default fields left out', async (t) => {
  const {http} = fakeHttp(({path}) => (path === '/api/v2/ticket_form_fields' ? {body: formFields} : undefined));
  const fields: any[] = [];
  for await (const page of freshserviceConnector.openSource(settings, http).read('ticket_fields', {filter: {}})) fields.push(...page.records);
  t.deepEqual(fields.map((field) => [field.key, field.type, field.options?.map((o: any) => o.label)]), [['it_field', 'dropdown', ['First Choice', 'Second Choice']]]);
});

test('the documented validation error reads as field and message', (t) => {
  t.is(describeFreshserviceError(400, fixture('validation-error.response.json')), 'Validation failed: time_period: [:invalid_field]');
});

// ---- (b) requests the connector builds match the documented ones ------------------------------

test('reading: documented list parameters, updated_since on tickets and changes, at most 100 a page', async (t) => {
  const {http, seen} = fakeHttp(({path}) => ({'/api/v2/tickets': {body: {tickets: []}}, '/api/v2/problems': {body: {problems: []}}, '/api/v2/changes': {body: {changes: []}}} as Record<string, {body: unknown}>)[path]);
  for await (const _page of freshserviceConnector.openSource(settings, http).read('tickets', {filter: {}})) void _page;
  const [list] = find(seen, 'GET', '/api/v2/tickets');
  t.deepEqual(undocumentedKeys(list!.params, TICKET_LIST_PARAMS), []);
  t.truthy(list!.params.updated_since, 'without updated_since only the last 30 days are listed');
  t.true(Number(list!.params.per_page) <= 100);
  t.deepEqual(undocumentedKeys(find(seen, 'GET', '/api/v2/problems')[0]!.params, PROBLEM_LIST_PARAMS), []);
  t.deepEqual(undocumentedKeys(find(seen, 'GET', '/api/v2/changes')[0]!.params, CHANGE_LIST_PARAMS), []);
  t.true(VIEW_TICKET_INCLUDES.includes('tags'));
});

test('ticket create: documented fields, documented status/priority/source values, the marker as tag and in the description', async (t) => {
  const {http, seen} = targetFake();
  const id = await freshserviceConnector.openTarget(settings, http).create('tickets', neutralTicket(), contractContext('zendesk:tickets:20'));
  t.is(id, '264', 'the id of the documented answer');
  const [create] = find(seen, 'POST', '/api/v2/tickets');
  const body = create!.request.json as Record<string, any>;
  t.deepEqual(undocumentedKeys(body, CREATE_TICKET_FIELDS), []);
  t.deepEqual(undocumentedKeys(fixture('create-ticket.request.json'), CREATE_TICKET_FIELDS), [], 'the documented example uses the same vocabulary');
  t.true([2, 3, 4, 5].includes(body.status) && [1, 2, 3, 4].includes(body.priority) && body.source === 2);
  t.true(body.tags.includes(markerTag('zendesk:tickets:20')) && body.tags.includes('vip'));
  t.is(htmlMarkerOf(body.description), 'zendesk:tickets:20');
  t.regex(body.description, /Originally on 2017-09-08 10:26 UTC/);
});

test('notes: POST /api/v2/tickets/{id}/notes with documented fields, private as on the source, the author as user_id', async (t) => {
  const {http, seen} = targetFake();
  await writeRecord(freshserviceConnector.openTarget(settings, http), 'tickets', neutralTicket(), contractContext('zendesk:tickets:20'));
  const [note] = find(seen, 'POST', '/api/v2/tickets/264/notes');
  const body = note!.request.json as Record<string, unknown>;
  t.deepEqual(undocumentedKeys(body, NOTE_FIELDS), []);
  t.is(body.private, true);
  t.is(body.user_id, 1000000493);
  t.is(htmlMarkerOf(String(body.body)), 'zendesk:tickets:20#comment:5');
});

test('the marker lookup uses Filter Tickets\' documented query syntax ("tag:\'…\'"), then the newest tickets', async (t) => {
  const {http, seen} = targetFake();
  t.is(await freshserviceConnector.openTarget(settings, http).findByMarker('tickets', 'zendesk:tickets:20'), undefined);
  const [filter] = find(seen, 'GET', '/api/v2/tickets/filter');
  t.deepEqual(undocumentedKeys(filter!.params, FILTER_PARAMS), []);
  t.is(filter!.params.query, `"tag:'${markerTag('zendesk:tickets:20')}'"`);
  t.regex(markerTag('zendesk:tickets:20'), /^[A-Za-z0-9.-]+$/, 'nothing the query would need to escape');
  const [recent] = find(seen, 'GET', '/api/v2/tickets');
  t.deepEqual(undocumentedKeys(recent!.params, TICKET_LIST_PARAMS), []);
});

test('requesters, departments, groups, folders and articles: documented fields, markers where they can be read back', async (t) => {
  const {http, seen} = targetFake();
  const target = freshserviceConnector.openTarget(settings, http);
  const at = '2024-01-01T00:00:00Z';
  t.is(await target.create('contacts', {id: '1', name: 'Ron Bilius Weasley', email: 'ron@hogwarts.edu', role: 'end-user', active: true, createdAt: at, updatedAt: at}, contractContext('zendesk:contacts:1')), '888');
  t.is(await target.create('organizations', {id: '2', name: 'Creatures', domains: ['creatures.test'], createdAt: at, updatedAt: at}, contractContext('zendesk:organizations:2')), '3');
  t.is(await target.create('groups', {id: '3', name: 'Linux Support', createdAt: at, updatedAt: at}, contractContext('zendesk:groups:3')), '5');
  await target.create('kb_sections', {id: '4', categoryId: '2', name: 'Folder API', createdAt: at, updatedAt: at}, contractContext('zendesk:kb_sections:4'));
  t.is(await target.create('kb_articles', {id: '5', sectionId: '2', title: 'Create a article', body: '<p>Steps</p>', draft: false, tags: ['tag1'], createdAt: at, updatedAt: at}, contractContext('zendesk:kb_articles:5')), '527');
  const body = (path: string) => find(seen, 'POST', path)[0]!.request.json as Record<string, any>;
  const requester = body('/api/v2/requesters');
  t.deepEqual(undocumentedKeys(requester, Object.keys(fixture('create-requester.request.json'))), []);
  t.like(requester, {first_name: 'Ron', last_name: 'Bilius Weasley', primary_email: 'ron@hogwarts.edu'});
  t.is(textMarkerOf(requester.background_information), 'zendesk:contacts:1');
  t.deepEqual(undocumentedKeys(body('/api/v2/departments'), DEPARTMENT_FIELDS), []);
  t.deepEqual(undocumentedKeys(body('/api/v2/groups'), Object.keys(fixture('create-group.request.json'))), []);
  t.deepEqual(undocumentedKeys(body('/api/v2/solutions/folders'), FOLDER_FIELDS), []);
  t.deepEqual(undocumentedKeys(fixture('create-solution-folder.request.json'), FOLDER_FIELDS), []);
  const article = body('/api/v2/solutions/articles');
  t.deepEqual(undocumentedKeys(article, ARTICLE_FIELDS), []);
  t.like(article, {status: 2, article_type: 1, folder_id: 2});
});

test('ticket fields and agents are not created: the record fails saying what to do by hand', async (t) => {
  const {http, seen} = targetFake();
  const target = freshserviceConnector.openTarget(settings, http);
  const at = '2024-01-01T00:00:00Z';
  await t.throwsAsync(target.create('ticket_fields', {id: '1', title: 'Product', key: 'product', type: 'text', required: false, active: true, createdAt: at, updatedAt: at}, contractContext('zendesk:ticket_fields:1')), {message: /cannot create ticket fields.*Field Manager/});
  t.is(find(seen, 'POST', /.*/).length, 0);
});
