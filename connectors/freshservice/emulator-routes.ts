// The Freshservice emulator's read endpoints, and what its route files share. Query parameters are
// the ones api.freshservice.com lists per endpoint; anything else is a 400 invalid_field.
import type {EmulatorReply, EmulatorRequest, Router} from '../shared/emulator-kit.js';
import type {StoredTicket} from './emulator-store.js';
import {ROLES} from './emulator-store.js';
import {DAY, notFound, PAGING, paginate, parseQuery, validationError, type Api, type EmulatorContext} from './emulator-context.js';

/** Requesters and agents are "always sorted by the first name" (List All Requesters, List All Agents); ties by id. */
const byFirstName = (a: {id: number; first_name?: string | null}, b: {id: number; first_name?: string | null}) => (a.first_name ?? '').localeCompare(b.first_name ?? '') || a.id - b.id;

export type {Api, EmulatorContext, Guard} from './emulator-context.js';

export function registerRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const byCreated = (order: string | null) => (a: {created_at: string; id: number}, b: {created_at: string; id: number}) => (order === 'asc' ? 1 : -1) * (a.created_at.localeCompare(b.created_at) || a.id - b.id);
  const one = <T>(map: Map<number, T>, key: string) => (request: EmulatorRequest): EmulatorReply => {
    const found = map.get(Number(request.params.id));
    return found ? {status: 200, json: {[key]: found}} : notFound;
  };

  // View List of Tickets: "By default only tickets that have been created within the past 30 days will be returned."
  router.on('GET', '/api/v2/tickets', api((request) => {
    const since = request.query.get('updated_since');
    if (since && Number.isNaN(Date.parse(since))) return validationError([{field: 'updated_since', message: 'It should be in the \'yyyy-mm-ddThh:mm:ssZ\' format', code: 'invalid_value'}]);
    const from = since ? Date.parse(since) : Date.now() - 30 * DAY;
    const include = request.query.get('include');
    if (include !== null && include !== 'stats') return validationError([{field: 'include', message: "It should be one of these values: 'stats'", code: 'invalid_value'}]);
    const tickets = [...store.tickets.values()]
      .filter((t) => !t.deleted && (since ? Date.parse(t.updated_at) >= from : Date.parse(t.created_at) >= from))
      .sort(byCreated(request.query.get('order_type')))
      .map((t) => ({...store.nativeTicket(t, ctx.base(request), {tags: false, attachments: false}), ...(include === 'stats' ? {stats: ticketStats(t)} : {})}));
    return paginate(request, tickets, 'tickets', ctx.base(request));
  }, {
    endpoint: 'tickets.list',
    query: [...PAGING, 'filter', 'requester_id', 'email', 'updated_since', 'type', 'workspace_id', 'order_type', 'include'],
    // "include" on a list embeds the stats and costs 2 credits more than the list (1 + 2).
    credits: (request) => (request.query.get('include') ? 3 : 1),
  }));
  // Download an attachment with the API key (GET /api/v2/attachments/[id]): the file itself.
  router.on('GET', '/api/v2/attachments/:id', api((request) => {
    const attachment = store.attachments.get(Number(request.params.id));
    return attachment ? {status: 200, headers: {'content-type': attachment.content_type}, body: store.bytesOf(attachment)} : notFound;
  }, {query: []}));

  // Filter Tickets: 30 a page with `total`; custom fields only of the number, checkbox, dropdown and date types.
  router.on('GET', '/api/v2/tickets/filter', api((request) => {
    const customTypes = new Map([...store.fields.values()].filter((f) => !f.default_field).map((f) => [f.name, f.field_type]));
    const plain = new Set(['requester_id', 'email', 'agent_id', 'group_id', 'priority', 'status', 'impact', 'urgency', 'tag']);
    const test = parseQuery(request.query.get('query'), (name) => {
      if (['created_at', 'updated_at', 'due_by', 'fr_due_by'].includes(name)) return 'date';
      if (plain.has(name)) return 'value';
      const type = customTypes.get(name);
      if (type === 'custom_date') return 'date';
      return type && ['custom_number', 'custom_checkbox', 'custom_dropdown'].includes(type) ? 'value' : undefined;
    });
    if (typeof test !== 'function') return test;
    const indexedBy = Date.now() - ctx.features.filterLagMs;
    const item = (t: StoredTicket) => ({...t.custom_fields, ...t, agent_id: t.responder_id, tag: t.tags});
    const results = [...store.tickets.values()].filter((t) => !t.deleted && t.indexedAt <= indexedBy && test(item(t))).sort(byCreated('desc'));
    const reply = paginate(request, results.map((t) => store.nativeTicket(t, ctx.base(request), {tags: false, attachments: false})), 'tickets', ctx.base(request), 30);
    return reply.status === 200 ? {...reply, json: {...(reply.json as object), total: results.length}} : reply;
  }, {endpoint: 'tickets.list', query: ['query', 'page', 'workspace_id']}));

  router.on('GET', '/api/v2/tickets/:id', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return notFound;
    const include = (request.query.get('include') ?? '').split(',').filter(Boolean);
    const allowed = ['conversations', 'requester', 'requested_for', 'stats', 'problem', 'assets', 'changes', 'related_tickets', 'tags', 'onboarding_context', 'offboarding_context'];
    const bad = include.find((name) => !allowed.includes(name));
    if (bad) return validationError([{field: 'include', message: `It should be one of these values: '${allowed.join(',')}'`, code: 'invalid_value'}]);
    return {status: 200, json: {ticket: store.nativeTicket(ticket, ctx.base(request), {tags: include.includes('tags'), attachments: true})}};
  }, {endpoint: 'tickets.view', query: ['include'], credits: (request) => 1 + (request.query.get('include') ?? '').split(',').filter(Boolean).length}));

  router.on('GET', '/api/v2/tickets/:id/conversations', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return notFound;
    return paginate(request, store.ticketConversations(ticket.id).map((c) => store.nativeConversation(c, ctx.base(request))), 'conversations', ctx.base(request));
  }, {query: PAGING}));

  for (const [path, map, key, feature, query] of [
    ['problems', store.problems, 'problem', 'Problem Management', [...PAGING, 'workspace_id']],
    ['changes', store.changes, 'change', 'Change Management', [...PAGING, 'workspace_id', 'updated_since', 'order_by', 'order_type', 'query', 'view', 'requester_id']],
  ] as const) {
    router.on('GET', `/api/v2/${path}`, api((request) => {
      const since = request.query.get('updated_since');
      const items = [...map.values()].filter((item) => !since || Date.parse(item.updated_at) >= Date.parse(since)).sort(byCreated(request.query.get('order_type')));
      return paginate(request, items, path, ctx.base(request));
    }, {endpoint: `${path}.list`, itsm: feature, query: [...query]}));
    router.on('GET', `/api/v2/${path}/:id`, api(one(map, key), {itsm: feature, query: []}));
    router.on('GET', `/api/v2/${path}/:id/notes`, api((request) => (map.has(Number(request.params.id)) ? paginate(request, store.notes.get(`${path}:${request.params.id}`) ?? [], 'notes', ctx.base(request)) : notFound), {itsm: feature, query: PAGING}));
  }

  // List All Requesters: filters by email and phone, or a query (primary_email, created_at, updated_at …).
  router.on('GET', '/api/v2/requesters', api((request) => {
    let items = [...store.requesters.values()].sort(byFirstName);
    const raw = request.query.get('query');
    const email = request.query.get('email');
    if (email) items = items.filter((r) => r.primary_email?.toLowerCase() === email.toLowerCase());
    for (const phone of ['work_phone_number', 'mobile_phone_number'] as const) {
      const wanted = request.query.get(phone);
      if (wanted) items = items.filter((r) => r[phone] === wanted);
    }
    if (raw === null) return paginate(request, items, 'requesters', ctx.base(request));
    // Filter Requesters: results "may take a few minutes to get indexed"; 30 a page; pages 1 to 40.
    const test = parseQuery(raw, (name) => (['created_at', 'updated_at'].includes(name) ? 'date' : ['primary_email', 'first_name', 'last_name', 'job_title', 'work_phone_number', 'mobile_phone_number', 'department_id', 'location_id', 'language', 'time_zone'].includes(name) ? 'value' : undefined));
    if (typeof test !== 'function') return test;
    if (Number(request.query.get('page') ?? '1') > 40) return validationError([{field: 'page', message: 'It should be a Positive Integer less than or equal to 40', code: 'invalid_value'}]);
    const indexedBy = Date.now() - ctx.features.filterLagMs;
    items = items.filter((r) => !(Date.parse(r.updated_at ?? '') > indexedBy) && test({...r, department_id: r.department_ids}));
    return paginate(request, items, 'requesters', ctx.base(request), 30);
  }, {endpoint: 'requesters.list', query: [...PAGING, 'query', 'include_agents', 'email', 'mobile_phone_number', 'work_phone_number', 'active']}));
  router.on('GET', '/api/v2/requesters/:id', api(one(store.requesters, 'requester'), {query: []}));
  router.on('GET', '/api/v2/requester_fields', api(() => ({status: 200, json: {requester_fields: store.requesterFields}}), {query: []}));

  router.on('GET', '/api/v2/agents', api((request) => paginate(request, [...store.agents.values()].sort(byFirstName), 'agents', ctx.base(request)), {endpoint: 'agents.list', query: [...PAGING, 'email', 'mobile_phone_number', 'work_phone_number', 'active', 'state', 'query']}));
  router.on('GET', '/api/v2/agents/:id', api(one(store.agents, 'agent'), {query: []}));
  router.on('GET', '/api/v2/roles', api((request) => paginate(request, ROLES, 'roles', ctx.base(request)), {admin: true, query: PAGING}));
  router.on('GET', '/api/v2/groups', api((request) => paginate(request, [...store.groups.values()], 'groups', ctx.base(request)), {query: [...PAGING, 'workspace_id']}));
  router.on('GET', '/api/v2/groups/:id', api(one(store.groups, 'group'), {query: []}));
  router.on('GET', '/api/v2/departments', api((request) => paginate(request, [...store.departments.values()], 'departments', ctx.base(request)), {query: [...PAGING, 'query', 'workspace_id']}));
  router.on('GET', '/api/v2/departments/:id', api(one(store.departments, 'department'), {query: []}));
  router.on('GET', '/api/v2/ticket_form_fields', api(() => ({status: 200, json: {ticket_fields: [...store.fields.values()]}}), {query: ['workspace_id']}));

  router.on('GET', '/api/v2/solutions/categories', api((request) => paginate(request, [...store.categories.values()], 'categories', ctx.base(request)), {query: [...PAGING, 'workspace_id']}));
  router.on('GET', '/api/v2/solutions/categories/:id', api(one(store.categories, 'category'), {query: []}));
  // List Solution Folders and List Solution Articles take their parent as a required parameter.
  router.on('GET', '/api/v2/solutions/folders', api((request) => {
    const category = request.query.get('category_id');
    if (!category) return validationError([{field: 'category_id', message: 'It should be a/an Positive Integer', code: 'missing_field'}]);
    return paginate(request, [...store.folders.values()].filter((f) => f.category_id === Number(category)), 'folders', ctx.base(request));
  }, {query: [...PAGING, 'category_id', 'workspace_id']}));
  router.on('GET', '/api/v2/solutions/folders/:id', api(one(store.folders, 'folder'), {query: []}));
  router.on('GET', '/api/v2/solutions/articles', api((request) => {
    const folder = request.query.get('folder_id');
    if (!folder) return validationError([{field: 'folder_id', message: 'It should be a/an Positive Integer', code: 'missing_field'}]);
    return paginate(request, [...store.articles.values()].filter((a) => a.folder_id === Number(folder)), 'articles', ctx.base(request));
  }, {query: [...PAGING, 'folder_id', 'category_id', 'workspace_id']}));
  router.on('GET', '/api/v2/solutions/articles/:id', api(one(store.articles, 'article'), {query: []}));

}

/** A ticket's stats as a list with include=stats embeds them (the times the emulator knows). */
function ticketStats(ticket: StoredTicket): Record<string, string | null> {
  const closed = ticket.status === 5 || ticket.status === 4 ? ticket.updated_at : null;
  return {created_at: ticket.created_at, updated_at: ticket.updated_at, resolved_at: ticket.status === 4 ? closed : null, closed_at: ticket.status === 5 ? closed : null, first_responded_at: null, agent_responded_at: null, requester_responded_at: null, status_updated_at: ticket.updated_at};
}
