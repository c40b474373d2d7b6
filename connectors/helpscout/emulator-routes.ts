// The Help Scout emulator's API routes: users, inboxes and their fields, customers, conversations,
// threads and attachments, with the parameters and body fields each endpoint documents.
import type {EmulatorReply, EmulatorRequest, Handler, Router} from '../shared/emulator-kit.js';
import {fieldKind, splitName, type HsCustomer, type HsEntry} from './api-shapes.js';
import type {StoredConversation} from './emulator-store.js';
import {vndError, type EmulatorContext, type Guard} from './emulator-context.js';

const DEFAULT_PAGE_SIZE = 50;
const CONVERSATIONS_PAGE_SIZE = 25;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const STATUSES = ['active', 'pending', 'closed', 'spam'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Api = (handler: Handler, guard?: Guard) => Handler;

/** HAL page of 50 (List Conversations: 25, overview/pagination): `_embedded.<key>`, `page`, `_links` (List Mailboxes). */
function halPage<T>(request: EmulatorRequest, key: string, items: T[], base: string, size = DEFAULT_PAGE_SIZE): EmulatorReply {
  const page = Number(request.query.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1) return vndError(400, 'Bad request', [{path: 'page', message: 'must be greater than or equal to 1', source: 'QUERY', rejectedValue: request.query.get('page')}]);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const self = `${base}${request.path}`;
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(n));
    return {href: `${self}?${query}`};
  };
  return {
    status: 200,
    headers: {'content-type': 'application/hal+json'},
    json: {
      _embedded: {[key]: items.slice((page - 1) * size, page * size)},
      page: {size: size, totalElements: items.length, totalPages, number: page},
      _links: {self: link(page), first: link(1), last: link(totalPages), ...(page < totalPages ? {next: link(page + 1)} : {}), page: {href: `${self}{?page}`, templated: true}},
    },
  };
}

const notFound = () => vndError(404, 'Resource not found');
const created = (id: number, location: string): EmulatorReply => ({status: 201, headers: {'resource-id': String(id), location}, body: ''});
const invalid = (path: string, message: string, rejectedValue?: unknown) => vndError(400, 'Bad request', [{path, message, ...(rejectedValue !== undefined ? {rejectedValue} : {})}]);
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function sorted<T extends Record<string, any>>(items: T[], request: EmulatorRequest, fields: Record<string, (item: T) => string | number>, defaults: [string, 'asc' | 'desc']): T[] | EmulatorReply {
  const field = request.query.get('sortField') ?? defaults[0];
  const order = request.query.get('sortOrder') ?? defaults[1];
  const key = fields[field];
  if (!key) return invalid('sortField', `Expected one of these: ${Object.keys(fields).map((f) => `'${f}'`).join(', ')}`, field);
  if (order !== 'asc' && order !== 'desc') return invalid('sortOrder', "Expected one of these: 'asc', 'desc'", order);
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.id - b.id) * sign;
  });
}

function since(request: EmulatorRequest): number | EmulatorReply | undefined {
  const raw = request.query.get('modifiedSince');
  if (raw === null) return undefined;
  if (!ISO.test(raw)) return invalid('modifiedSince', "The value must be a valid ISO 8601 date with the format yyyy-MM-dd'T'HH:mm:ss'Z'", raw);
  return Date.parse(raw);
}

export function registerApiRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const conversation = (request: EmulatorRequest) => store.conversations.get(Number(request.params.id));

  router.on('GET', '/v2/users/me', api((request) => ({status: 200, json: store.users.get(ctx.userId(request))})));
  router.on('GET', '/v2/users', api((request) => {
    const email = request.query.get('email')?.toLowerCase();
    return halPage(request, 'users', [...store.users.values()].filter((user) => !email || user.email.toLowerCase() === email).sort((a, b) => a.id - b.id), ctx.base(request));
  }, {query: ['page', 'email', 'mailbox']}));
  router.on('GET', '/v2/users/:id', api((request) => {
    const user = store.users.get(Number(request.params.id));
    return user ? {status: 200, json: user} : notFound();
  }));
  router.on('GET', '/v2/mailboxes', api((request) => halPage(request, 'mailboxes', [...store.mailboxes.values()], ctx.base(request)), {query: ['page']}));
  router.on('GET', '/v2/mailboxes/:id/fields', api((request) => {
    if (!store.mailboxes.has(Number(request.params.id))) return notFound();
    const fields = [...store.fields.values()].filter((field) => field.mailboxId === Number(request.params.id)).map(({mailboxId: _mailbox, ...field}) => field);
    return halPage(request, 'fields', fields, ctx.base(request));
  }, {query: ['page']}));

  // ---- customers ------------------------------------------------------------------------
  router.on('GET', '/v2/customers', api((request) => {
    const query = request.query.get('query');
    const email = query === null ? undefined : /^\(email:"([^"]*)"\)$/.exec(query)?.[1]?.toLowerCase();
    if (query !== null && email === undefined) return invalid('query', 'The emulator understands (email:"…") queries only', query);
    const modified = since(request);
    if (typeof modified === 'object') return modified;
    const list = [...store.customers.values()].filter(
      (customer) => (email === undefined || customer._embedded?.emails?.some((entry) => entry.value.toLowerCase() === email)) && (modified === undefined || Date.parse(customer.updatedAt) >= modified),
    );
    const ordered = sorted(list, request, {createdAt: (c) => c.createdAt, modifiedAt: (c) => c.updatedAt, firstName: (c) => c.firstName, lastName: (c) => c.lastName}, ['createdAt', 'desc']);
    return Array.isArray(ordered) ? halPage(request, 'customers', ordered, ctx.base(request)) : ordered;
  }, {query: ['page', 'query', 'modifiedSince', 'sortField', 'sortOrder', 'mailbox', 'firstName', 'lastName']}));
  router.on('GET', '/v2/customers/:id', api((request) => {
    const customer = store.customers.get(Number(request.params.id));
    return customer ? {status: 200, json: customer} : notFound();
  }));
  const CUSTOMER_FIELDS = ['firstName', 'lastName', 'phone', 'photoUrl', 'jobTitle', 'photoType', 'background', 'location', 'organization', 'gender', 'age'];
  router.on('POST', '/v2/customers', api((request) => {
    const body = request.json as Record<string, any>;
    if (!body?.firstName && !body?.emails?.length) return invalid('firstName', 'may not be empty');
    const id = store.newId();
    const entries = (list: unknown): HsEntry[] => (Array.isArray(list) ? list.map((entry: HsEntry) => ({id: store.newId(), value: entry.value, type: entry.type ?? 'work'})) : []);
    const at = isoNow();
    const customer: HsCustomer = {id, firstName: body.firstName ?? '', lastName: body.lastName ?? '', organization: body.organization ?? null, jobTitle: body.jobTitle ?? null, background: body.background ?? null, createdAt: at, updatedAt: at, _embedded: {emails: entries(body.emails), phones: entries(body.phones)}};
    store.customers.set(id, customer);
    return created(id, `${ctx.base(request)}/v2/customers/${id}`);
  }, {write: true, body: [...CUSTOMER_FIELDS, 'emails', 'phones', 'chats', 'socialProfiles', 'websites', 'address', 'properties']}));
  router.on('PUT', '/v2/customers/:id', api((request) => {
    const customer = store.customers.get(Number(request.params.id));
    if (!customer) return notFound();
    Object.assign(customer, request.json, {updatedAt: isoNow()});
    return {status: 204, body: ''};
  }, {write: true, body: CUSTOMER_FIELDS}));

  // ---- conversations ----------------------------------------------------------------------
  router.on('GET', '/v2/conversations', api((request) => {
    const q = request.query;
    const status = q.get('status') ?? 'active';
    if (status !== 'all' && !STATUSES.includes(status)) return invalid('status', "Expected one of these: 'active', 'all', 'closed', 'open', 'pending', 'spam'", status);
    const mailboxes = q.get('mailbox')?.split(',').map(Number);
    const tags = q.get('tag')?.split(',');
    const modified = since(request);
    if (typeof modified === 'object') return modified;
    if (q.get('query') !== null) return invalid('query', 'The emulator does not run search queries on conversations', q.get('query'));
    const indexedBy = Date.now();
    const list = [...store.conversations.values()].filter(
      (c) =>
        (status === 'all' || c.status === status) &&
        (!mailboxes || mailboxes.includes(c.mailboxId)) &&
        // The tag filter sees a conversation only once it is indexed (see tagIndexLagMs).
        (!tags || (c.indexedAt <= indexedBy && tags.some((tag) => c.tags?.some((t) => t.tag === tag)))) &&
        (modified === undefined || Date.parse(c.modifiedAt) >= modified) &&
        (!q.get('number') || c.number === Number(q.get('number'))) &&
        (!q.get('assigned_to') || c.assignee?.id === Number(q.get('assigned_to'))),
    );
    const ordered = sorted<StoredConversation>(list, request, {createdAt: (c) => c.createdAt, modifiedAt: (c) => c.modifiedAt, number: (c) => c.number, status: (c) => c.status, subject: (c) => c.subject}, ['createdAt', 'desc']);
    if (!Array.isArray(ordered)) return ordered;
    const embed = q.get('embed');
    if (embed !== null && embed !== 'threads') return invalid('embed', "Expected one of these: 'threads'", embed);
    // "If using the embed=threads parameter with this call, you will see truncated chat threads": how much
    // is kept is not documented; the emulator keeps the first 100 characters of a chat thread's body.
    const embedded = (t: Parameters<typeof store.nativeThread>[0]) => {
      const thread = store.nativeThread(t, ctx.base(request));
      return thread.type === 'chat' && typeof thread.body === 'string' ? {...thread, body: thread.body.slice(0, 100)} : thread;
    };
    const native = ordered.map((c) => ({...store.nativeConversation(c), ...(embed ? {_embedded: {threads: store.conversationThreads(c.id).map(embedded)}} : {})}));
    return halPage(request, 'conversations', native, ctx.base(request), CONVERSATIONS_PAGE_SIZE);
  }, {query: ['page', 'status', 'mailbox', 'folder', 'tag', 'modifiedSince', 'sortField', 'sortOrder', 'embed', 'number', 'assigned_to', 'query', 'customerId']}));
  router.on('GET', '/v2/conversations/:id', api((request) => {
    const found = conversation(request);
    return found ? {status: 200, json: store.nativeConversation(found)} : notFound();
  }, {query: ['embed']}));
  router.on('POST', '/v2/conversations', api((request) => createConversation(request, ctx), {
    write: true,
    body: ['subject', 'autoReply', 'imported', 'type', 'assignTo', 'mailboxId', 'status', 'customer', 'threads', 'tags', 'fields', 'user', 'createdAt', 'closedAt'],
  }));
  router.on('PATCH', '/v2/conversations/:id', api((request) => {
    const found = conversation(request);
    if (!found) return notFound();
    const {op, path, value} = (request.json ?? {}) as {op?: string; path?: string; value?: unknown};
    if (op !== 'replace' || (path !== '/status' && path !== '/subject')) return invalid('path', 'The emulator replaces /status and /subject only', path);
    if (path === '/status' && !STATUSES.includes(String(value))) return invalid('value', "Expected one of these: 'active', 'spam', 'open', 'closed', 'pending'", value);
    if (path === '/status') found.status = String(value);
    else found.subject = String(value);
    found.modifiedAt = isoNow();
    return {status: 204, body: ''};
  }, {write: true, body: ['op', 'path', 'value', 'from']}));
  router.on('PUT', '/v2/conversations/:id/tags', api((request) => {
    const found = conversation(request);
    if (!found) return notFound();
    const tags = (request.json as {tags?: string[]}).tags;
    if (!Array.isArray(tags)) return invalid('tags', 'may not be null');
    found.tags = tags.map((tag, index) => ({id: index + 1, tag: tag.toLowerCase(), color: '#999999'}));
    found.modifiedAt = isoNow();
    return {status: 204, body: ''};
  }, {write: true, body: ['tags']}));
  router.on('PUT', '/v2/conversations/:id/fields', api((request) => {
    const found = conversation(request);
    if (!found) return notFound();
    const fields = fieldValues((request.json as {fields?: unknown}).fields, found.mailboxId, ctx);
    if (!Array.isArray(fields)) return fields;
    found.customFields = fields;
    found.modifiedAt = isoNow();
    return {status: 204, body: ''};
  }, {write: true, body: ['fields']}));

  // ---- threads and attachments --------------------------------------------------------------
  router.on('GET', '/v2/conversations/:id/threads', api((request) => {
    const found = conversation(request);
    if (!found) return notFound();
    return halPage(request, 'threads', store.conversationThreads(found.id).map((thread) => store.nativeThread(thread, ctx.base(request))), ctx.base(request));
  }, {query: ['page']}));
  const threadRoute = (path: 'customer' | 'reply' | 'notes', type: string, body: string[]) =>
    router.on('POST', `/v2/conversations/:id/${path}`, api((request) => addThread(request, ctx, type), {write: true, body}));
  threadRoute('customer', 'customer', ['customer', 'text', 'imported', 'cc', 'bcc', 'createdAt', 'attachments']);
  threadRoute('reply', 'message', ['customer', 'text', 'draft', 'imported', 'status', 'user', 'assignTo', 'cc', 'bcc', 'createdAt', 'attachments']);
  threadRoute('notes', 'note', ['text', 'user', 'imported', 'status', 'createdAt', 'attachments']);
  router.on('POST', '/v2/conversations/:id/threads/:threadId/attachments', api((request) => {
    const thread = store.threads.get(Number(request.params.threadId));
    if (!conversation(request) || !thread || thread.conversationId !== Number(request.params.id)) return notFound();
    const {fileName, mimeType, data} = (request.json ?? {}) as {fileName?: string; mimeType?: string; data?: string};
    if (!fileName) return invalid('fileName', 'may not be empty');
    if (!mimeType) return invalid('mimeType', 'may not be empty');
    if (typeof data !== 'string' || !data) return invalid('data', 'may not be empty');
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > MAX_ATTACHMENT_BYTES) return vndError(413, `Attachment larger than ${MAX_ATTACHMENT_BYTES} bytes`);
    const id = store.newId();
    store.attachments.set(id, {id, filename: fileName, mimeType, size: bytes.length, bytes});
    thread.attachmentIds.push(id);
    return created(id, `${ctx.base(request)}/v2/conversations/${thread.conversationId}/attachments/${id}`);
  }, {write: true, body: ['fileName', 'mimeType', 'data']}));
  router.on('GET', '/v2/conversations/:id/attachments/:attachmentId/data', api((request) => {
    const attachment = store.attachments.get(Number(request.params.attachmentId));
    const owner = attachment && [...store.threads.values()].find((thread) => thread.attachmentIds.includes(attachment.id));
    if (!attachment || owner?.conversationId !== Number(request.params.id)) return notFound();
    return {status: 200, json: {id: attachment.id, data: store.bytesOf(attachment).toString('base64')}};
  }));
}

/** `fields: [{id, value}]`: the field must belong to the inbox; a dropdown's value is an option id. */
function fieldValues(list: unknown, mailboxId: number, ctx: EmulatorContext): NonNullable<StoredConversation['customFields']> | EmulatorReply {
  if (!Array.isArray(list)) return invalid('fields', 'must be an array');
  const out: NonNullable<StoredConversation['customFields']> = [];
  for (const [index, entry] of (list as Array<{id?: number; value?: string}>).entries()) {
    const field = ctx.store.fields.get(Number(entry.id));
    if (!field || field.mailboxId !== mailboxId) return invalid(`fields[${index}].id`, 'Invalid identifier', entry.id);
    const option = fieldKind(field.type) === 'DROPDOWN' ? field.options.find((candidate) => String(candidate.id) === String(entry.value)) : undefined;
    if (fieldKind(field.type) === 'DROPDOWN' && !option) return invalid(`fields[${index}].value`, 'Value not supported', entry.value);
    out.push({id: field.id, name: field.name, value: String(entry.value), text: option?.label ?? String(entry.value)});
  }
  return out;
}

function customerRef(ref: unknown, ctx: EmulatorContext): number | EmulatorReply {
  const customer = ref as {id?: number; email?: string; firstName?: string; lastName?: string} | undefined;
  if (customer?.id !== undefined) return ctx.store.customers.has(Number(customer.id)) ? Number(customer.id) : invalid('customer.id', 'Invalid identifier', customer.id);
  if (!customer?.email) return invalid('customer', 'Must contain a valid customer id or an email address');
  const known = [...ctx.store.customers.values()].find((candidate) => candidate._embedded?.emails?.some((entry) => entry.value.toLowerCase() === customer.email!.toLowerCase()));
  if (known) return known.id;
  const id = ctx.store.newId();
  const at = isoNow();
  ctx.store.customers.set(id, {id, ...splitName(`${customer.firstName ?? ''} ${customer.lastName ?? ''}`), createdAt: at, updatedAt: at, _embedded: {emails: [{id: ctx.store.newId(), value: customer.email, type: 'work'}], phones: []}});
  return id;
}

/** Create Conversation: at least one thread, the inbox, the customer; createdAt only when imported. */
function createConversation(request: EmulatorRequest, ctx: EmulatorContext): EmulatorReply {
  const {store} = ctx;
  const body = (request.json ?? {}) as Record<string, any>;
  if (!body.subject) return invalid('subject', 'may not be empty');
  if (!['chat', 'email', 'phone'].includes(body.type)) return invalid('type', "Expected one of these: 'chat', 'email', 'phone'", body.type);
  if (!STATUSES.includes(body.status)) return invalid('status', "Expected one of these: 'active', 'spam', 'open', 'closed', 'pending'", body.status);
  const mailbox = store.mailboxes.get(Number(body.mailboxId));
  if (!mailbox) return invalid('mailboxId', 'Invalid identifier', body.mailboxId);
  if (!Array.isArray(body.threads) || !body.threads.length) return invalid('threads', 'may not be empty');
  if (body.threads.length > 100) return invalid('threads', 'size must be between 1 and 100');
  if (body.createdAt !== undefined && (!ISO.test(body.createdAt) || body.imported !== true)) return invalid('createdAt', 'can only be used with imported set to true, as yyyy-MM-ddTHH:mm:ssZ', body.createdAt);
  const customerId = customerRef(body.customer, ctx);
  if (typeof customerId !== 'number') return customerId;
  const fields = fieldValues(body.fields ?? [], mailbox.id, ctx);
  if (!Array.isArray(fields)) return fields;
  if (body.assignTo !== undefined && body.assignTo !== null && !store.users.has(Number(body.assignTo))) return invalid('assignTo', 'Invalid identifier', body.assignTo);
  for (const [index, thread] of (body.threads as Array<Record<string, any>>).entries()) {
    const known = ['type', 'customer', 'text', 'user', 'createdAt', 'attachments', 'cc', 'bcc', 'draft'];
    const unknown = Object.keys(thread).find((key) => !known.includes(key));
    if (unknown) return vndError(400, 'Bad request', [{path: `threads[${index}].${unknown}`, message: 'Unrecognized field'}]);
    if (!['customer', 'reply', 'note', 'chat', 'phone'].includes(thread.type)) return invalid(`threads[${index}].type`, "Expected one of these: 'chat', 'customer', 'note', 'phone', 'reply'", thread.type);
    if (!thread.text) return invalid(`threads[${index}].text`, 'may not be empty');
  }
  const customer = store.customers.get(customerId)!;
  const id = store.newId();
  const at = isoNow();
  store.conversations.set(id, {
    id,
    number: id,
    type: body.type,
    status: body.status,
    state: 'published',
    subject: body.subject,
    mailboxId: mailbox.id,
    assignee: body.assignTo ? {id: Number(body.assignTo), type: 'user'} : null,
    primaryCustomer: {id: customerId, type: 'customer', email: customer._embedded?.emails?.[0]?.value, first: customer.firstName, last: customer.lastName},
    createdAt: body.createdAt ?? at,
    closedAt: body.status === 'closed' ? at : null,
    userUpdatedAt: at,
    cc: body.threads[0].cc ?? [],
    tags: (Array.isArray(body.tags) ? (body.tags as string[]) : []).map((tag, index) => ({id: index + 1, tag: tag.toLowerCase(), color: '#999999'})),
    customFields: fields,
    modifiedAt: at,
    indexedAt: Date.now() + ctx.tagIndexLagMs,
    imported: body.imported === true,
  });
  for (const thread of body.threads as Array<Record<string, any>>) {
    const threadId = store.newId();
    const type = thread.type === 'reply' ? 'message' : thread.type;
    const author = thread.type === 'customer' ? {id: Number(thread.customer?.id ?? customerId), type: 'customer'} : {id: Number(thread.user ?? ctx.userId(request)), type: 'user'};
    store.threads.set(threadId, {id: threadId, conversationId: id, type, status: 'active', state: 'published', body: thread.text, customer: {id: customerId, type: 'customer'}, createdBy: author, cc: thread.cc, createdAt: thread.createdAt ?? body.createdAt ?? at, attachmentIds: [], imported: body.imported === true});
  }
  return created(id, `${ctx.base(request)}/v2/conversations/${id}`);
}

/** Create Customer / Reply / Note Thread: "createdAt … can only be used with imported field set to true". */
function addThread(request: EmulatorRequest, ctx: EmulatorContext, type: string): EmulatorReply {
  const {store} = ctx;
  const found = store.conversations.get(Number(request.params.id));
  if (!found) return notFound();
  const body = (request.json ?? {}) as Record<string, any>;
  if (!body.text) return invalid('text', 'may not be empty');
  if (body.createdAt !== undefined && (!ISO.test(body.createdAt) || body.imported !== true)) return invalid('createdAt', 'can only be used with imported set to true, as yyyy-MM-ddTHH:mm:ssZ', body.createdAt);
  let customerId = found.primaryCustomer!.id;
  if (type !== 'note') {
    const ref = customerRef(body.customer, ctx);
    if (typeof ref !== 'number') return ref;
    customerId = ref;
  }
  if (body.user !== undefined && !store.users.has(Number(body.user))) return invalid('user', 'Invalid identifier', body.user);
  if (store.conversationThreads(found.id).length >= 100) return vndError(412, 'A conversation cannot have more than 100 threads');
  const id = store.newId();
  const at = isoNow();
  const author = type === 'customer' ? {id: customerId, type: 'customer'} : {id: Number(body.user ?? ctx.userId(request)), type: 'user'};
  store.threads.set(id, {id, conversationId: found.id, type, status: 'active', state: 'published', body: body.text, customer: {id: customerId, type: 'customer'}, createdBy: author, cc: body.cc, createdAt: body.createdAt ?? at, attachmentIds: [], imported: body.imported === true});
  found.modifiedAt = at;
  // A thread that is not imported re-opens the conversation ("Unless imported field is set to true, it will re-open").
  if (body.imported !== true && type === 'customer') found.status = 'active';
  if (body.status && STATUSES.includes(body.status)) found.status = body.status;
  return created(id, `${ctx.base(request)}/v2/conversations/${found.id}/threads/${id}`);
}
