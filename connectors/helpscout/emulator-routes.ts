// The Help Scout emulator's API routes: users, inboxes and their fields, customers, conversations,
// threads and attachments, with the parameters and body fields each endpoint documents.
import type {EmulatorReply, EmulatorRequest, Router} from '../shared/emulator-kit.js';
import {fieldKind, splitName} from './api-shapes.js';
import type {StoredConversation} from './emulator-store.js';
import {CONVERSATIONS_PAGE_SIZE, created, halPage, invalid, isoNow, notFound, since, sorted, vndError, type Api, type EmulatorContext} from './emulator-context.js';
import {CREATE_CONVERSATION_LIMIT_BYTES, UPLOAD_LIMIT_BYTES} from './request-size.js';
import {badNames, registerCustomerRoutes} from './emulator-customers.js';
import {registerBrowseRoutes} from './emulator-browse.js';

const STATUSES = ['active', 'pending', 'closed', 'spam'];
/**
 * Fields of a conversation Help Scout's own client sends back on create (helpscout/helpscout-api-php
 * src/Conversations/Conversation.php `extract()`: id, number, threadCount, folderId, state, preview,
 * assignee, closedBy, userUpdatedAt, customerWaitingSince, source, createdBy, cc, bcc) and that the
 * service sets itself: accepted and ignored, as the real API does.
 */
const READ_ONLY_CONVERSATION_FIELDS = ['id', 'number', 'threadCount', 'folderId', 'state', 'preview', 'assignee', 'closedBy', 'userUpdatedAt', 'customerWaitingSince', 'source', 'createdBy', 'primaryCustomer', 'cc', 'bcc'];
/** The same for a thread inside Create Conversation (the client's Thread `extract()`). */
const READ_ONLY_THREAD_FIELDS = ['id', 'status', 'state', 'action', 'source', 'createdBy', 'assignedTo', 'savedReplyId', 'openedAt', 'imported', 'to'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

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

  registerCustomerRoutes(router, api, ctx);
  registerBrowseRoutes(router, api, ctx);

  // ---- conversations ----------------------------------------------------------------------
  router.on('GET', '/v2/conversations', api((request) => {
    const q = request.query;
    const status = q.get('status') ?? 'active';
    if (status !== 'all' && !STATUSES.includes(status)) return invalid('status', "Expected one of these: 'active', 'all', 'closed', 'open', 'pending', 'spam'", status);
    const mailboxes = q.get('mailbox')?.split(',').map(Number);
    const tags = q.get('tag')?.split(',');
    const modified = since(request);
    if (typeof modified === 'object') return modified;
    // One search the emulator runs: a customer's conversations, "(customerIds:N)".
    const byCustomer = /^\(customerIds:(\d+)\)$/.exec(q.get('query') ?? '');
    if (q.get('query') !== null && !byCustomer) return invalid('query', 'The emulator does not run search queries on conversations', q.get('query'));
    const indexedBy = Date.now();
    const list = [...store.conversations.values()].filter(
      (c) =>
        (status === 'all' || c.status === status) &&
        (!mailboxes || mailboxes.includes(c.mailboxId)) &&
        // The tag filter sees a conversation only once it is indexed (see tagIndexLagMs).
        (!tags || (c.indexedAt <= indexedBy && tags.some((tag) => c.tags?.some((t) => t.tag === tag)))) &&
        (modified === undefined || Date.parse(c.modifiedAt) >= modified) &&
        (!q.get('number') || c.number === Number(q.get('number'))) &&
        (!q.get('assigned_to') || c.assignee?.id === Number(q.get('assigned_to'))) &&
        (!byCustomer || c.primaryCustomer?.id === Number(byCustomer[1])),
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
  // Get Conversation: `embed=threads` adds the threads under `_embedded.threads`.
  router.on('GET', '/v2/conversations/:id', api((request) => {
    const found = conversation(request);
    if (!found) return notFound();
    const embed = request.query.get('embed');
    if (embed !== null && embed !== 'threads') return invalid('embed', "Expected one of these: 'threads'", embed);
    const threads = embed ? {_embedded: {threads: store.conversationThreads(found.id).map((thread) => store.nativeThread(thread, ctx.base(request)))}} : {};
    return {status: 200, json: {...store.nativeConversation(found), ...threads}};
  }, {query: ['embed']}));
  router.on('POST', '/v2/conversations', api((request) => createConversation(request, ctx), {
    write: true,
    maxBytes: CREATE_CONVERSATION_LIMIT_BYTES,
    body: ['subject', 'autoReply', 'imported', 'type', 'assignTo', 'mailboxId', 'status', 'customer', 'threads', 'tags', 'fields', 'user', 'createdAt', 'closedAt', ...READ_ONLY_CONVERSATION_FIELDS],
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
  const threadRoute = (path: 'customer' | 'reply' | 'notes' | 'chats' | 'phones', type: string, body: string[]) =>
    router.on('POST', `/v2/conversations/:id/${path}`, api((request) => addThread(request, ctx, type), {write: true, body}));
  threadRoute('customer', 'customer', ['customer', 'text', 'imported', 'cc', 'bcc', 'createdAt', 'attachments']);
  threadRoute('reply', 'message', ['customer', 'text', 'draft', 'imported', 'status', 'user', 'assignTo', 'cc', 'bcc', 'createdAt', 'attachments']);
  threadRoute('notes', 'note', ['text', 'user', 'imported', 'status', 'createdAt', 'attachments']);
  // Create Chat Thread and Create Phone Thread: a customer, the text, imported and createdAt, attachments.
  threadRoute('chats', 'chat', ['customer', 'text', 'imported', 'createdAt', 'attachments']);
  threadRoute('phones', 'phone', ['customer', 'text', 'imported', 'createdAt', 'attachments']);
  router.on('POST', '/v2/conversations/:id/threads/:threadId/attachments', api((request) => {
    const thread = store.threads.get(Number(request.params.threadId));
    if (!conversation(request) || !thread || thread.conversationId !== Number(request.params.id)) return notFound();
    const {fileName, mimeType, data} = (request.json ?? {}) as {fileName?: string; mimeType?: string; data?: string};
    if (!fileName) return invalid('fileName', 'may not be empty');
    if (!mimeType) return invalid('mimeType', 'may not be empty');
    if (typeof data !== 'string' || !data) return invalid('data', 'may not be empty');
    const bytes = Buffer.from(data, 'base64');
    const id = store.newId();
    store.attachments.set(id, {id, filename: fileName, mimeType, size: bytes.length, bytes});
    thread.attachmentIds.push(id);
    return created(id, `${ctx.base(request)}/v2/conversations/${thread.conversationId}/attachments/${id}`);
  }, {write: true, body: ['fileName', 'mimeType', 'data'], maxBytes: UPLOAD_LIMIT_BYTES}));
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
  const names = badNames(customer as Record<string, unknown>, 'customer.');
  if (names) return names;
  const known = [...ctx.store.customers.values()].find((candidate) => candidate._embedded?.emails?.some((entry) => entry.value.toLowerCase() === customer.email!.toLowerCase()));
  if (known) return known.id;
  const id = ctx.store.newId();
  const at = isoNow();
  ctx.store.customers.set(id, {id, ...splitName(`${customer.firstName ?? ''} ${customer.lastName ?? ''}`), createdAt: at, updatedAt: at, _embedded: {emails: [{id: ctx.store.newId(), value: customer.email, type: 'work'}], phones: []}});
  return id;
}

/**
 * Who a new conversation is assigned to: the user assignTo names; null "ensure[s] the conversation remains
 * unassigned"; left out, "an assignee set according to the Inbox settings (for conversations with
 * replies)": the emulator's inbox assigns such a conversation to the user of its first reply.
 */
function assigneeOf(body: Record<string, any>, request: EmulatorRequest, ctx: EmulatorContext): {id: number; type: string} | null {
  if (body.assignTo !== undefined) return body.assignTo === null ? null : {id: Number(body.assignTo), type: 'user'};
  const reply = (body.threads as Array<Record<string, any>>).find((thread) => thread.type === 'reply');
  return reply ? {id: Number(reply.user ?? ctx.userId(request)), type: 'user'} : null;
}

/** Create Conversation: at least one thread, the inbox, the customer; createdAt only when imported. */
function createConversation(request: EmulatorRequest, ctx: EmulatorContext): EmulatorReply {
  const {store} = ctx;
  const body = (request.json ?? {}) as Record<string, any>;
  if (!body.subject) return invalid('subject', 'may not be empty');
  if (!['chat', 'email', 'phone'].includes(body.type)) return invalid('type', "Expected one of these: 'chat', 'email', 'phone'", body.type);
  // A conversation is created active, pending or closed; spam is a later judgement (Update Conversation).
  if (!['active', 'pending', 'closed'].includes(body.status)) return invalid('status', "Expected one of these: 'active', 'closed', 'pending'", body.status);
  const mailbox = store.mailboxes.get(Number(body.mailboxId));
  if (!mailbox) return invalid('mailboxId', 'Invalid identifier', body.mailboxId);
  if (!Array.isArray(body.threads) || !body.threads.length) return invalid('threads', 'may not be empty');
  if (body.threads.length > 100) return invalid('threads', 'size must be between 1 and 100');
  if (body.createdAt !== undefined && body.createdAt !== null && (!ISO.test(body.createdAt) || body.imported !== true)) return invalid('createdAt', 'can only be used with imported set to true, as yyyy-MM-ddTHH:mm:ssZ', body.createdAt);
  const customerId = customerRef(body.customer, ctx);
  if (typeof customerId !== 'number') return customerId;
  const fields = fieldValues(body.fields ?? [], mailbox.id, ctx);
  if (!Array.isArray(fields)) return fields;
  if (body.assignTo !== undefined && body.assignTo !== null && !store.users.has(Number(body.assignTo))) return invalid('assignTo', 'Invalid identifier', body.assignTo);
  for (const [index, thread] of (body.threads as Array<Record<string, any>>).entries()) {
    const known = ['type', 'customer', 'text', 'user', 'createdAt', 'attachments', 'cc', 'bcc', 'draft', ...READ_ONLY_THREAD_FIELDS];
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
    assignee: assigneeOf(body, request, ctx),
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
  // Chat and phone threads record the customer's side of a chat or call.
  const author = type === 'customer' || type === 'chat' || type === 'phone' ? {id: customerId, type: 'customer'} : {id: Number(body.user ?? ctx.userId(request)), type: 'user'};
  store.threads.set(id, {id, conversationId: found.id, type, status: 'active', state: 'published', body: body.text, customer: {id: customerId, type: 'customer'}, createdBy: author, cc: body.cc, createdAt: body.createdAt ?? at, attachmentIds: [], imported: body.imported === true});
  found.modifiedAt = at;
  // A customer thread that is not imported re-opens the conversation ("Unless imported field is set to
  // true, it will re-open"); a reply does unless its status says otherwise ("If not explicitly set, a
  // reply thread will reactivate the conversation").
  if ((body.imported !== true && type === 'customer') || (type === 'message' && !body.status)) found.status = 'active';
  if (body.status && STATUSES.includes(body.status)) found.status = body.status;
  return created(id, `${ctx.base(request)}/v2/conversations/${found.id}/threads/${id}`);
}
