// The Freshservice emulator's write endpoints and their validation answers in Freshworks' shape:
// 400 {"description":"Validation failed","errors":[{field, message, code}]} (codes missing_field,
// invalid_value, invalid_field, datatype_mismatch), 409 duplicate_value for a taken unique value.
// Field lists are the ones api.freshservice.com documents per endpoint.
import {bodyOf as kitBodyOf} from '../freshworks/emulator-kit.js';
import type {EmulatorReply, EmulatorRequest, Router} from '../shared/emulator-kit.js';
import type {FsRequester, FsTicketField} from './api-shapes.js';
import {stripTags, type StoredTicket} from './emulator-store.js';
import {notFound, validationError, type Api, type EmulatorContext} from './emulator-context.js';

type FsError = {field: string; message: string; code: string};
type Body = Record<string, unknown>;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMERIC = new Set(['requester_id', 'responder_id', 'group_id', 'department_id', 'status', 'priority', 'source', 'user_id', 'urgency', 'impact', 'workspace_id']);
/** "The total size of these attachments cannot exceed 40 MB" (a ticket's, all conversations included). */
const MAX_TICKET_ATTACHMENTS = 40 * 1024 * 1024;
const SOURCES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18];

const CREATE_TICKET = ['name', 'requester_id', 'email', 'phone', 'subject', 'type', 'status', 'priority', 'description', 'responder_id', 'attachments', 'cc_emails', 'custom_fields', 'due_by', 'email_config_id', 'fr_due_by', 'group_id', 'source', 'tags', 'department_id', 'category', 'sub_category', 'item_category', 'urgency', 'impact', 'workspace_id', 'assets', 'problem', 'change_initiating_ticket', 'change_initiated_by_ticket', 'requested_for_id'];
const BODY = {
  createTicket: CREATE_TICKET,
  // "The workspace_id attribute cannot be updated through the Update operation."
  updateTicket: CREATE_TICKET.filter((field) => field !== 'workspace_id'),
  note: ['body', 'incoming', 'notify_emails', 'private', 'user_id', 'attachments'],
  requester: ['first_name', 'last_name', 'job_title', 'primary_email', 'secondary_emails', 'work_phone_number', 'mobile_phone_number', 'department_ids', 'can_see_all_tickets_from_associated_departments', 'reporting_manager_id', 'address', 'time_zone', 'time_format', 'language', 'location_id', 'background_information', 'custom_fields'],
  department: ['name', 'description', 'head_user_id', 'prime_user_id', 'domains', 'custom_fields', 'workspace_id'],
  group: ['name', 'description', 'escalate_to', 'unassigned_for', 'business_hours_id', 'members', 'observers', 'leaders', 'restricted', 'approval_required', 'auto_ticket_assign', 'workspace_id'],
  category: ['name', 'description', 'visible_in_portals', 'workspace_id'],
  folder: ['name', 'description', 'category_id', 'visibility', 'department_ids', 'group_ids', 'requester_group_ids', 'manage_by_group_ids', 'approval_settings', 'applicable_to_workspace_ids', 'workspace_id'],
  article: ['title', 'description', 'article_type', 'folder_id', 'status', 'tags', 'keywords', 'review_date', 'url', 'workspace_id', 'attachments'],
};

function bodyOf(request: EmulatorRequest) {
  return kitBodyOf(request, NUMERIC);
}

export function registerWriteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  // 201 with the new resource and, as the service sends, its address in `Location` (the list's path and the id).
  const created = (key: string, value: unknown, request: EmulatorRequest): EmulatorReply => ({status: 201, headers: {location: `${ctx.base(request)}${request.path.replace(/\/(notes|reply)$/, '/conversations')}/${(value as {id: number}).id}`}, json: {[key]: value}});
  const userExists = (id: number) => store.requesters.has(id) || store.agents.has(id);
  const customFields = () => new Map([...store.fields.values()].filter((f) => !f.default_field).map((f) => [f.name, f]));

  const saveAttachments = (files: ReturnType<typeof bodyOf>['files'], ticketId?: number): number[] | FsError => {
    const total = files.reduce((sum, file) => sum + file.data.length, 0);
    if (files.length && total + (ticketId ? store.ticketAttachmentBytes(ticketId) : 0) > MAX_TICKET_ATTACHMENTS) return {field: 'attachments', message: 'The total size of all attachments cannot exceed 40 MB', code: 'invalid_value'};
    return files.map((file) => {
      const id = store.newId();
      store.attachments.set(id, {id, name: file.fileName, content_type: file.contentType, size: file.data.length, created_at: now(), bytes: file.data});
      return id;
    });
  };

  const ticketErrors = (body: Body, existing?: StoredTicket): FsError[] => {
    const errors: FsError[] = [];
    const missing = (field: string) => errors.push({field, message: 'It should be a/an String', code: 'missing_field'});
    if (!existing) {
      if (!body.subject) missing('subject');
      if (!body.description) missing('description');
      if (body.status === undefined) missing('status');
      if (body.priority === undefined) missing('priority');
      if (body.requester_id === undefined && !body.email && !body.phone) errors.push({field: 'requester_id', message: 'Please fill at least 1 of requester_id, phone, email fields', code: 'missing_field'});
    }
    if (body.requester_id !== undefined && !userExists(Number(body.requester_id))) errors.push({field: 'requester_id', message: 'There is no contact matching the given requester_id', code: 'invalid_value'});
    if (body.email !== undefined && !EMAIL.test(String(body.email))) errors.push({field: 'email', message: 'It should be a valid email address', code: 'invalid_value'});
    if (body.status !== undefined && ![2, 3, 4, 5].includes(Number(body.status))) errors.push({field: 'status', message: "It should be one of these values: '2,3,4,5'", code: 'invalid_value'});
    if (body.priority !== undefined && ![1, 2, 3, 4].includes(Number(body.priority))) errors.push({field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value'});
    if (body.source !== undefined && !SOURCES.includes(Number(body.source))) errors.push({field: 'source', message: `It should be one of these values: '${SOURCES.join(',')}'`, code: 'invalid_value'});
    // "[Support for only type 'incident' as of now]"
    if (body.type !== undefined && String(body.type).toLowerCase() !== 'incident') errors.push({field: 'type', message: "It should be one of these values: 'Incident'", code: 'invalid_value'});
    if (body.responder_id != null && !store.agents.has(Number(body.responder_id))) errors.push({field: 'responder_id', message: 'There is no agent matching the given responder_id', code: 'invalid_value'});
    if (body.group_id != null && !store.groups.has(Number(body.group_id))) errors.push({field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value'});
    if (body.department_id != null && !store.departments.has(Number(body.department_id))) errors.push({field: 'department_id', message: 'There is no department matching the given department_id', code: 'invalid_value'});
    if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string' || tag.length > 255 || tag.includes(',')))) errors.push({field: 'tags', message: 'It should be an array of strings without commas', code: 'datatype_mismatch'});
    for (const email of (body.cc_emails as string[] | undefined) ?? []) if (!EMAIL.test(email)) errors.push({field: 'cc_emails', message: 'It should contain elements that are valid email addresses', code: 'invalid_value'});
    const fields = customFields();
    const custom = (body.custom_fields as Body | undefined) ?? {};
    for (const [name, value] of Object.entries(custom)) {
      const field = fields.get(name);
      if (!field) errors.push({field: name, message: 'Unexpected/invalid field in request', code: 'invalid_field'});
      else {
        const problem = valueProblem(field, value);
        if (problem) errors.push({field: name, message: problem, code: 'datatype_mismatch'});
      }
    }
    // Fields required for closure must be filled when a ticket is resolved or closed.
    const status = Number(body.status ?? existing?.status ?? 2);
    if (status === 4 || status === 5)
      for (const field of fields.values()) {
        const value = custom[field.name] ?? existing?.custom_fields[field.name];
        if (field.required_for_closure && (value === undefined || value === null || value === '')) errors.push({field: field.name, message: 'It should not be blank as this is a mandatory field', code: 'invalid_value'});
      }
    return errors;
  };

  router.on('POST', '/api/v2/tickets', api((request) => {
    const {body, files} = bodyOf(request);
    const errors = ticketErrors(body);
    const ids = errors.length ? [] : saveAttachments(files);
    if (!Array.isArray(ids)) errors.push(ids);
    if (errors.length) return validationError(errors);
    let requester = body.requester_id !== undefined ? Number(body.requester_id) : [...store.requesters.values()].find((r) => r.primary_email === body.email)?.id;
    if (requester === undefined) {
      requester = store.newId();
      store.requesters.set(requester, {id: requester, first_name: String(body.name ?? body.email), last_name: null, primary_email: (body.email as string) ?? null, work_phone_number: (body.phone as string) ?? null, mobile_phone_number: null, department_ids: [], background_information: null, active: true, created_at: now(), updated_at: now()});
    }
    const id = store.newId();
    const ticket: StoredTicket = {
      id, subject: String(body.subject), description: String(body.description), status: Number(body.status), priority: Number(body.priority), source: Number(body.source ?? 2), type: 'Incident',
      requester_id: requester, responder_id: body.responder_id != null ? Number(body.responder_id) : null, group_id: body.group_id != null ? Number(body.group_id) : null,
      department_id: body.department_id != null ? Number(body.department_id) : null, tags: (body.tags as string[] | undefined) ?? [], cc_emails: (body.cc_emails as string[] | undefined) ?? [],
      custom_fields: typed(customFields(), body.custom_fields as Body | undefined), urgency: Number(body.urgency ?? 1), impact: Number(body.impact ?? 1), workspace_id: 2, deleted: false,
      created_at: now(), updated_at: now(), attachmentIds: ids as number[], indexedAt: Date.now(),
    };
    store.tickets.set(id, ticket);
    return created('ticket', store.nativeTicket(ticket, ctx.base(request)), request);
  }, {endpoint: 'tickets.create', query: [], body: BODY.createTicket}));

  router.on('PUT', '/api/v2/tickets/:id', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return notFound;
    const {body, files} = bodyOf(request);
    const errors = ticketErrors(body, ticket);
    const ids = errors.length ? [] : saveAttachments(files, ticket.id);
    if (!Array.isArray(ids)) errors.push(ids);
    if (errors.length) return validationError(errors);
    for (const key of ['subject', 'description', 'status', 'priority', 'requester_id', 'responder_id', 'group_id', 'department_id', 'tags', 'urgency', 'impact'] as const) if (body[key] !== undefined) (ticket as Record<string, unknown>)[key] = body[key];
    ticket.custom_fields = {...ticket.custom_fields, ...typed(customFields(), body.custom_fields as Body | undefined)};
    ticket.attachmentIds.push(...(ids as number[]));
    Object.assign(ticket, {updated_at: now(), indexedAt: Date.now()});
    return {status: 200, json: {ticket: store.nativeTicket(ticket, ctx.base(request))}};
  }, {endpoint: 'tickets.update', query: ['bypass_mandatory'], body: BODY.updateTicket}));

  // Create a Note: "By default, any note that you add will be private."
  router.on('POST', '/api/v2/tickets/:id/notes', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return notFound;
    const {body, files} = bodyOf(request);
    const errors: FsError[] = [];
    if (!body.body) errors.push({field: 'body', message: 'It should be a/an String', code: 'missing_field'});
    if (body.user_id !== undefined && !userExists(Number(body.user_id))) errors.push({field: 'user_id', message: 'There is no user matching the given user_id', code: 'invalid_value'});
    const ids = errors.length ? [] : saveAttachments(files, ticket.id);
    if (!Array.isArray(ids)) errors.push(ids);
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const conversation = {id, body: String(body.body), incoming: body.incoming === true, private: body.private !== false, user_id: body.user_id !== undefined ? Number(body.user_id) : ctx.agentId(request), source: 2, ticket_id: ticket.id, created_at: now(), updated_at: now(), attachmentIds: ids as number[]};
    store.conversations.set(id, conversation);
    ticket.updated_at = now();
    return created('conversation', store.nativeConversation(conversation, ctx.base(request)), request);
  }, {query: [], body: BODY.note}));

  const duplicate = (field: string) => validationError([{field, message: 'It should be a unique value', code: 'duplicate_value'}], 409);
  const requesterErrors = (body: Body, id?: number): EmulatorReply | undefined => {
    const errors: FsError[] = [];
    if (id === undefined && !body.first_name) errors.push({field: 'first_name', message: 'It should be a/an String', code: 'missing_field'});
    if (id === undefined && !body.primary_email && !body.work_phone_number && !body.mobile_phone_number) errors.push({field: 'primary_email', message: 'Please fill at least 1 of primary_email, work_phone_number, mobile_phone_number fields', code: 'missing_field'});
    if (body.primary_email !== undefined && !EMAIL.test(String(body.primary_email))) errors.push({field: 'primary_email', message: 'It should be a valid email address', code: 'invalid_value'});
    for (const department of (body.department_ids as number[] | undefined) ?? []) if (!store.departments.has(Number(department))) errors.push({field: 'department_ids', message: 'There is no department matching the given department_ids', code: 'invalid_value'});
    // custom_fields takes the account's custom requester fields by name, nothing else.
    for (const name of Object.keys((body.custom_fields as Body | undefined) ?? {})) if (!store.requesterFields.some((field) => !field.default && field.name === name)) errors.push({field: name, message: 'Unexpected/invalid field in request', code: 'invalid_field'});
    if (errors.length) return validationError(errors);
    const email = String(body.primary_email ?? '').toLowerCase();
    if (email && [...store.requesters.values(), ...[...store.agents.values()].map((a) => ({id: a.id, primary_email: a.email}))].some((r) => r.id !== id && r.primary_email?.toLowerCase() === email)) return duplicate('primary_email');
    return undefined;
  };
  router.on('POST', '/api/v2/requesters', api((request) => {
    const body = (request.json as Body) ?? {};
    const refused = requesterErrors(body);
    if (refused) return refused;
    const id = store.newId();
    const requester = {id, first_name: String(body.first_name), last_name: (body.last_name as string) ?? null, primary_email: (body.primary_email as string) ?? null, secondary_emails: (body.secondary_emails as string[]) ?? [], work_phone_number: (body.work_phone_number as string) ?? null, mobile_phone_number: (body.mobile_phone_number as string) ?? null, department_ids: ((body.department_ids as number[]) ?? []).map(Number), background_information: (body.background_information as string) ?? null, custom_fields: (body.custom_fields as FsRequester['custom_fields']) ?? {}, active: true, is_agent: false, created_at: now(), updated_at: now()};
    store.requesters.set(id, requester);
    return created('requester', requester, request);
  }, {query: [], body: BODY.requester}));
  router.on('PUT', '/api/v2/requesters/:id', api((request) => {
    const requester = store.requesters.get(Number(request.params.id));
    if (!requester) return notFound;
    const body = (request.json as Body) ?? {};
    const refused = requesterErrors(body, requester.id);
    if (refused) return refused;
    Object.assign(requester, body, {custom_fields: {...requester.custom_fields, ...((body.custom_fields as FsRequester['custom_fields']) ?? {})}, updated_at: now()});
    return {status: 200, json: {requester}};
  }, {query: [], body: BODY.requester}));

  // Departments, groups and solution categories: unique names, descriptions free; admin only to create.
  for (const [path, map, key, spec] of [
    ['departments', store.departments, 'department', BODY.department],
    ['groups', store.groups, 'group', BODY.group],
    ['solutions/categories', store.categories, 'category', BODY.category],
  ] as const) {
    router.on('POST', `/api/v2/${path}`, api((request) => {
      const body = (request.json as Body) ?? {};
      if (!body.name) return validationError([{field: 'name', message: 'It should be a/an String', code: 'missing_field'}]);
      if ([...(map as Map<number, {name: string}>).values()].some((item) => item.name.toLowerCase() === String(body.name).toLowerCase())) return duplicate('name');
      const id = store.newId();
      const item = {id, name: String(body.name), description: (body.description as string) ?? null, domains: (body.domains as string[]) ?? [], created_at: now(), updated_at: now()};
      (map as Map<number, unknown>).set(id, item);
      return created(key, item, request);
    }, {admin: true, query: [], body: [...spec]}));
    router.on('PUT', `/api/v2/${path}/:id`, api((request) => {
      const item = (map as unknown as Map<number, Record<string, unknown>>).get(Number(request.params.id));
      if (!item) return notFound;
      Object.assign(item, request.json ?? {}, {updated_at: now()});
      return {status: 200, json: {[key]: item}};
    }, {admin: true, query: [], body: [...spec]}));
  }

  router.on('POST', '/api/v2/solutions/folders', api((request) => {
    const body = (request.json as Body) ?? {};
    const errors: FsError[] = [];
    if (!body.name) errors.push({field: 'name', message: 'It should be a/an String', code: 'missing_field'});
    if (!store.categories.has(Number(body.category_id))) errors.push({field: 'category_id', message: 'There is no category matching the given category_id', code: 'invalid_value'});
    if (![1, 2, 3, 4, 5, 6].includes(Number(body.visibility))) errors.push({field: 'visibility', message: "It should be one of these values: '1,2,3,4,5,6'", code: 'invalid_value'});
    if (Number(body.visibility) === 4 && !(body.department_ids as unknown[] | undefined)?.length) errors.push({field: 'department_ids', message: 'It is mandatory when visibility is 4', code: 'missing_field'});
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const folder = {id, name: String(body.name), description: (body.description as string) ?? null, category_id: Number(body.category_id), visibility: Number(body.visibility), created_at: now(), updated_at: now()};
    store.folders.set(id, folder);
    return created('folder', folder, request);
  }, {admin: true, query: [], body: BODY.folder}));

  const articleErrors = (body: Body, creating: boolean): FsError[] => {
    const errors: FsError[] = [];
    if (creating && !body.title) errors.push({field: 'title', message: 'It should be a/an String', code: 'missing_field'});
    if (creating && !body.description) errors.push({field: 'description', message: 'It should be a/an String', code: 'missing_field'});
    if (creating && !store.folders.has(Number(body.folder_id))) errors.push({field: 'folder_id', message: 'There is no folder matching the given folder_id', code: 'invalid_value'});
    if (body.status !== undefined && ![1, 2].includes(Number(body.status))) errors.push({field: 'status', message: "It should be one of these values: '1,2'", code: 'invalid_value'});
    return errors;
  };
  router.on('POST', '/api/v2/solutions/articles', api((request) => {
    const body = (request.json as Body) ?? {};
    const errors = articleErrors(body, true);
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const folder = store.folders.get(Number(body.folder_id))!;
    const article = {id, title: String(body.title), description: String(body.description), status: Number(body.status ?? 1), folder_id: folder.id, category_id: folder.category_id, article_type: Number(body.article_type ?? 1), user_id: ctx.agentId(request), agent_id: ctx.agentId(request), tags: (body.tags as string[]) ?? [], created_at: now(), updated_at: now()};
    store.articles.set(id, article);
    return created('article', {...article, description_text: stripTags(article.description)}, request);
  }, {query: [], body: BODY.article}));
  router.on('PUT', '/api/v2/solutions/articles/:id', api((request) => {
    const article = store.articles.get(Number(request.params.id));
    if (!article) return notFound;
    const body = (request.json as Body) ?? {};
    const errors = articleErrors(body, false);
    if (errors.length) return validationError(errors);
    Object.assign(article, body, {updated_at: now()});
    return {status: 200, json: {article}};
  }, {query: [], body: BODY.article}));
}

function valueProblem(field: FsTicketField, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (field.field_type) {
    case 'custom_number':
      return Number.isInteger(Number(value)) ? undefined : 'It should be a/an Integer';
    case 'custom_decimal':
      return Number.isFinite(Number(value)) ? undefined : 'It should be a/an Number';
    case 'custom_checkbox':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? undefined : 'It should be a/an Boolean';
    case 'custom_date':
      return /^\d{4}-\d\d-\d\d/.test(String(value)) ? undefined : 'It should be in the yyyy-mm-dd format';
    case 'custom_dropdown':
      return field.choices.some((choice) => choice.value === String(value)) ? undefined : `It should be one of these values: '${field.choices.map((c) => c.value).join(',')}'`;
    case 'custom_multi_select_dropdown':
      return Array.isArray(value) && value.every((item) => field.choices.some((choice) => choice.value === String(item))) ? undefined : 'It should be an array of the choice values';
    default:
      return typeof value === 'string' ? undefined : 'It should be a/an String';
  }
}

function typed(fields: Map<string, FsTicketField>, custom: Body | undefined): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(custom ?? {})) {
    const type = fields.get(name)?.field_type;
    out[name] = (type === 'custom_number' || type === 'custom_decimal' ? Number(value) : type === 'custom_checkbox' ? value === true || value === 'true' : value) as never;
  }
  return out;
}
