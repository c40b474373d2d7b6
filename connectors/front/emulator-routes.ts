// The Front emulator's API routes: identity, teammates, inboxes and channels, conversations with their
// messages and comments, Import message, contacts, accounts, custom fields, tags and downloads, with
// the parameters and body fields each endpoint documents in the Core API spec (core-api.json).
import type {EmulatorReply, EmulatorRequest, Handler, Router} from '../shared/emulator-kit.js';
import type {FrontHandle} from './api-shapes.js';
import type {StoredConversation} from './emulator-store.js';
import {frontError, frontPage, list, notFound, type EmulatorContext, type Guard} from './emulator-context.js';

type Api = (handler: Handler, guard?: Guard) => Handler;

const PAGED = ['limit', 'page_token'];
const SORTED = [...PAGED, 'sort_by', 'sort_order'];
const HANDLE_SOURCES = ['twitter', 'email', 'phone', 'facebook', 'intercom', 'front_chat', 'custom'];
const MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024;

/** Query object keys (`q[statuses][]`, `q[updated_after]`) as the `q` parameter's documented properties. */
function queryObject(request: EmulatorRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of request.query) {
    const match = /^q\[(\w+)\](\[\])?$/.exec(key);
    if (match) (out[match[1]!] ??= []).push(value);
  }
  return out;
}

function sortOrder(request: EmulatorRequest, allowed: string[]): {by?: string; desc: boolean} | EmulatorReply {
  const by = request.query.get('sort_by') ?? undefined;
  const order = request.query.get('sort_order') ?? 'asc';
  if (by !== undefined && !allowed.includes(by)) return frontError(400, `sort_by must be one of ${allowed.join(', ')}`);
  if (order !== 'asc' && order !== 'desc') return frontError(400, 'sort_order must be asc or desc');
  return {by, desc: order === 'desc'};
}

const isReply = (value: unknown): value is EmulatorReply => !!value && typeof value === 'object' && 'status' in value;

/** A multipart body in Front's bracket notation (`sender[handle]`, `to[0]`) as the JSON object it stands for. */
export function formObject(fields: Record<string, string[]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(fields)) {
    const path = name.replace(/\]/g, '').split('[');
    let at: any = root;
    path.forEach((part, index) => {
      const last = index === path.length - 1;
      const key = part === '' ? (Array.isArray(at) ? at.length : 0) : /^\d+$/.test(part) && Array.isArray(at) ? Number(part) : part;
      if (last) at[key] = values.length > 1 ? values : values[0];
      else {
        const nextIsIndex = path[index + 1] === '' || /^\d+$/.test(path[index + 1]!);
        at[key] ??= nextIsIndex ? [] : {};
        at = at[key];
      }
    });
  }
  return coerce(root) as Record<string, unknown>;
}
/** Multipart values are text: the booleans and numbers the JSON form would carry. */
function coerce(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(coerce);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v)]));
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value === 'string' && /^\d+$/.test(value) && value.length < 12) return Number(value);
  return value;
}

function bodyOf(request: EmulatorRequest): Record<string, unknown> {
  if (request.form) return formObject(request.form.fields);
  return (request.json ?? {}) as Record<string, unknown>;
}

export function registerApiRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const nowSeconds = () => Math.floor(ctx.now() / 1000);

  router.on('GET', '/me', api((request) => ({status: 200, json: {_links: {self: `${ctx.base(request)}/me`}, id: store.company.id, name: store.company.name}})));

  router.on('GET', '/teammates', api((request) => list([...store.teammates.values()].map((t) => store.nativeTeammate(t, ctx.base(request))), ctx.base(request), request.path)));
  router.on('GET', '/teammates/:id', api((request) => {
    const teammate = store.teammates.get(request.params.id!);
    return teammate ? {status: 200, json: store.nativeTeammate(teammate, ctx.base(request))} : notFound('Teammate');
  }));

  router.on('GET', '/inboxes', api((request) => list([...store.inboxes.values()].map(({id, name, is_private}) => ({_links: {self: `${ctx.base(request)}/inboxes/${id}`}, id, name, is_private})), ctx.base(request), request.path)));
  router.on('GET', '/inboxes/:id/channels', api((request) => {
    const inbox = store.inboxes.get(request.params.id!);
    if (!inbox) return notFound('Inbox');
    return list([{_links: {self: `${ctx.base(request)}/channels/${inbox.channelId}`}, id: inbox.channelId, address: inbox.address, type: 'smtp', send_as: inbox.address, is_private: false, is_valid: true}], ctx.base(request), request.path);
  }));

  // ---- custom fields and tags (before /conversations/:id) ----
  router.on('GET', '/conversations/custom_fields', api((request) => list([...store.fields.values()].map((field) => ({_links: {self: `${ctx.base(request)}/custom_fields/${field.id}`}, ...field})), ctx.base(request), request.path)));
  router.on('GET', '/tags', api((request) => {
    const order = sortOrder(request, ['id']);
    if (isReply(order)) return order;
    return frontPage(request, [...store.tags.values()].map((tag) => ({_links: {self: `${ctx.base(request)}/tags/${tag.id}`}, id: tag.id, name: tag.name, highlight: null, is_private: false})), ctx.base(request));
  }, {query: SORTED}));
  router.on('GET', '/tags/:id/conversations', api((request) => {
    const tag = store.tags.get(request.params.id!);
    if (!tag) return notFound('Tag');
    const tagged = [...store.conversations.values()].filter((conversation) => conversation.tagIds.includes(tag.id) && conversation.status !== 'deleted').sort(byDate);
    return frontPage(request, tagged.map((c) => store.nativeConversation(c, ctx.base(request))), ctx.base(request));
  }, {query: [...PAGED, 'q']}));

  // ---- conversations ----
  const listConversations = (inboxId?: string): Handler => (request) => {
    if (inboxId === '' || (inboxId && !store.inboxes.has(inboxId))) return notFound('Inbox');
    const q = queryObject(request);
    for (const key of Object.keys(q)) if (!['statuses', 'status_categories', 'status_ids'].includes(key)) return frontError(400, `Unknown query property q[${key}]`);
    const statuses = q.statuses ?? ['assigned', 'unassigned'];
    for (const status of statuses) if (!['assigned', 'unassigned', 'archived', 'trashed'].includes(status)) return frontError(400, `Invalid status ${status}`);
    const order = sortOrder(request, ['date']);
    if (isReply(order)) return order;
    const wanted = new Set(statuses.map((status) => (status === 'trashed' ? 'deleted' : status)));
    const items = [...store.conversations.values()].filter((c) => wanted.has(c.status) && (!inboxId || c.inboxId === inboxId)).sort(byDate);
    if (order.by && !order.desc) items.reverse();
    return frontPage(request, items.map((c) => store.nativeConversation(c, ctx.base(request))), ctx.base(request));
  };
  router.on('GET', '/conversations', api(listConversations(), {query: [...SORTED, 'q']}));
  router.on('GET', '/inboxes/:id/conversations', api((request) => listConversations(request.params.id!)(request), {query: [...PAGED, 'q']}));
  router.on('GET', '/conversations/:id', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    return conversation ? {status: 200, json: store.nativeConversation(conversation, ctx.base(request))} : notFound('Conversation');
  }));
  router.on('PATCH', '/conversations/:id', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound('Conversation');
    const body = bodyOf(request);
    if (body.status !== undefined) {
      if (!['archived', 'open', 'deleted', 'spam'].includes(String(body.status))) return frontError(400, 'status must be one of archived, open, deleted, spam');
      conversation.status = body.status === 'archived' ? 'archived' : body.status === 'deleted' ? 'deleted' : conversation.assigneeId ? 'assigned' : 'unassigned';
    }
    if (body.assignee_id !== undefined) {
      if (body.assignee_id !== null && !store.teammates.has(String(body.assignee_id))) return frontError(404, 'Teammate not found');
      conversation.assigneeId = body.assignee_id === null ? null : String(body.assignee_id);
    }
    if (body.custom_fields !== undefined) {
      const refusal = customFieldRefusal(ctx, body.custom_fields);
      if (refusal) return refusal;
      // "If you send only the custom fields you want to update, the other custom fields will be erased" (UpdateConversation).
      conversation.custom_fields = {...(body.custom_fields as Record<string, unknown>)};
    }
    conversation.updated_at = nowSeconds();
    return {status: 204, body: ''};
  }, {body: ['assignee_id', 'inbox_id', 'status', 'status_id', 'tag_ids', 'description', 'due_at', 'custom_fields']}));
  router.on('GET', '/conversations/:id/messages', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound('Conversation');
    const order = sortOrder(request, ['created_at']);
    if (isReply(order)) return order;
    // Newest first unless asked otherwise (List conversation messages).
    const messages = store.conversationMessages(conversation.id);
    if (!(order.by && !order.desc)) messages.reverse();
    return frontPage(request, messages.map((m) => store.nativeMessage(m, ctx.base(request))), ctx.base(request));
  }, {query: SORTED}));
  router.on('GET', '/conversations/:id/comments', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound('Conversation');
    // Not paginated: the spec's List conversation comments takes no limit or page_token, and its example has no _pagination.
    return list(store.conversationComments(conversation.id).map((c) => store.nativeComment(c, ctx.base(request))), ctx.base(request), request.path);
  }));
  router.on('POST', '/conversations/:id/comments', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound('Conversation');
    const body = bodyOf(request);
    if (typeof body.body !== 'string' || !body.body) return frontError(400, 'body is required');
    if (body.author_id !== undefined && !store.teammates.has(String(body.author_id))) return frontError(404, 'Teammate not found');
    const files = attachmentsOf(ctx, request);
    if (isReply(files)) return files;
    const id = store.newId('com');
    store.comments.set(id, {id, conversationId: conversation.id, authorId: body.author_id === undefined ? null : String(body.author_id), body: body.body, posted_at: nowSeconds(), attachmentIds: files});
    conversation.updated_at = nowSeconds();
    return {status: 201, json: store.nativeComment(store.comments.get(id)!, ctx.base(request))};
  }, {body: ['author_id', 'body', 'is_pinned', 'attachments']}));

  // ---- messages ----
  router.on('GET', '/messages/:id', api((request) => {
    const id = request.params.id!;
    const message = id.startsWith('alt:uid:') ? [...store.messages.values()].find((m) => m.uid === id.slice(8)) : store.messages.get(id);
    return message ? {status: 200, json: store.nativeMessage(message, ctx.base(request))} : notFound('Message');
  }));
  router.on('POST', '/inboxes/:id/imported_messages', api((request) => importMessage(ctx, request), {body: ['sender', 'to', 'cc', 'bcc', 'subject', 'body', 'body_format', 'external_id', 'created_at', 'type', 'assignee_id', 'tags', 'conversation_id', 'metadata', 'attachments']}));

  // ---- contacts ----
  router.on('GET', '/contacts', api((request) => {
    const q = queryObject(request);
    for (const key of Object.keys(q)) if (!['updated_after', 'updated_before'].includes(key)) return frontError(400, `Unknown query property q[${key}]`);
    const order = sortOrder(request, ['created_at', 'updated_at']);
    if (isReply(order)) return order;
    const after = q.updated_after ? Number(q.updated_after[0]) : undefined;
    const before = q.updated_before ? Number(q.updated_before[0]) : undefined;
    if ((after !== undefined && !Number.isFinite(after)) || (before !== undefined && !Number.isFinite(before))) return frontError(400, 'updated_after and updated_before are timestamps in seconds');
    const field = order.by === 'updated_at' ? 'updated_at' : 'created_at';
    const items = [...store.contacts.values()].filter((c) => (after === undefined || c.updated_at > after) && (before === undefined || c.updated_at < before)).sort((a, b) => a[field] - b[field] || (a.id < b.id ? -1 : 1));
    if (order.desc) items.reverse();
    return frontPage(request, items.map((c) => store.nativeContact(c, ctx.base(request))), ctx.base(request));
  }, {query: [...SORTED, 'q']}));
  router.on('POST', '/contacts', api((request) => {
    const body = bodyOf(request);
    const handles = body.handles as FrontHandle[] | undefined;
    if (!Array.isArray(handles) || !handles.length) return frontError(400, 'handles is required and must not be empty');
    for (const handle of handles) {
      if (!handle || typeof handle.handle !== 'string' || !handle.handle) return frontError(400, 'each handle needs a handle');
      if (!HANDLE_SOURCES.includes(handle.source)) return frontError(400, `handle source must be one of ${HANDLE_SOURCES.join(', ')}`);
      if (store.contactByHandle(handle.handle)) return frontError(409, `A contact with the handle ${handle.handle} already exists`);
    }
    const id = store.newId('crd');
    const at = nowSeconds();
    store.contacts.set(id, {id, name: typeof body.name === 'string' ? body.name : null, description: typeof body.description === 'string' ? body.description : null, handles: handles.map(({handle, source}) => ({handle, source})), links: (body.links as string[]) ?? [], custom_fields: (body.custom_fields as Record<string, unknown>) ?? {}, is_private: false, created_at: at, updated_at: at});
    return {status: 201, json: store.nativeContact(store.contacts.get(id)!, ctx.base(request))};
  }, {body: ['name', 'description', 'avatar', 'is_spammer', 'links', 'group_names', 'list_names', 'custom_fields', 'handles']}));
  const contactOf = (id: string) => {
    const alias = /^alt:(\w+):(.+)$/.exec(id);
    if (!alias) return store.contacts.get(id);
    return [...store.contacts.values()].find((contact) => contact.handles.some((h) => h.source === alias[1] && h.handle.toLowerCase() === alias[2]!.toLowerCase()));
  };
  router.on('GET', '/contacts/:id', api((request) => {
    const contact = contactOf(request.params.id!);
    return contact ? {status: 200, json: store.nativeContact(contact, ctx.base(request))} : notFound('Contact');
  }));
  router.on('PATCH', '/contacts/:id', api((request) => {
    const contact = contactOf(request.params.id!);
    if (!contact) return notFound('Contact');
    const body = bodyOf(request);
    if (typeof body.name === 'string') contact.name = body.name;
    if (typeof body.description === 'string') contact.description = body.description;
    contact.updated_at = nowSeconds();
    return {status: 204, body: ''};
  }, {body: ['name', 'description', 'avatar', 'links', 'group_names', 'list_names', 'custom_fields']}));

  // ---- accounts ----
  router.on('GET', '/accounts', api((request) => {
    const order = sortOrder(request, ['created_at', 'updated_at']);
    if (isReply(order)) return order;
    const field = order.by === 'updated_at' ? 'updated_at' : 'created_at';
    const items = [...store.accounts.values()].sort((a, b) => a[field] - b[field] || (a.id < b.id ? -1 : 1));
    if (order.desc) items.reverse();
    return frontPage(request, items.map((a) => store.nativeAccount(a, ctx.base(request))), ctx.base(request));
  }, {query: SORTED}));
  router.on('POST', '/accounts', api((request) => {
    const body = bodyOf(request);
    if (typeof body.name !== 'string' || !body.name) return frontError(400, 'name is required');
    if (body.external_id !== undefined && [...store.accounts.values()].some((a) => a.external_id === body.external_id)) return frontError(409, `An account with the external_id ${String(body.external_id)} already exists`);
    if ([...store.accounts.values()].some((a) => a.name.toLowerCase() === String(body.name).toLowerCase())) return frontError(409, `An account named ${String(body.name)} already exists`);
    const id = store.newId('acc');
    const at = nowSeconds();
    store.accounts.set(id, {id, name: body.name, description: typeof body.description === 'string' ? body.description : null, domains: (body.domains as string[]) ?? [], external_id: typeof body.external_id === 'string' ? body.external_id : null, custom_fields: (body.custom_fields as Record<string, unknown>) ?? {}, created_at: at, updated_at: at, contactIds: []});
    return {status: 201, json: store.nativeAccount(store.accounts.get(id)!, ctx.base(request))};
  }, {body: ['name', 'description', 'domains', 'external_id', 'custom_fields']}));
  router.on('GET', '/accounts/:id', api((request) => {
    const account = store.accounts.get(request.params.id!);
    return account ? {status: 200, json: store.nativeAccount(account, ctx.base(request))} : notFound('Account');
  }));
  router.on('PATCH', '/accounts/:id', api((request) => {
    const account = store.accounts.get(request.params.id!);
    if (!account) return notFound('Account');
    const body = bodyOf(request);
    if (typeof body.name === 'string') account.name = body.name;
    if (typeof body.description === 'string') account.description = body.description;
    if (Array.isArray(body.domains)) account.domains = body.domains as string[];
    account.updated_at = nowSeconds();
    return {status: 204, body: ''};
  }, {body: ['name', 'description', 'domains', 'custom_fields']}));
  router.on('GET', '/accounts/:id/contacts', api((request) => {
    const account = store.accounts.get(request.params.id!);
    if (!account) return notFound('Account');
    return frontPage(request, account.contactIds.map((id) => store.contacts.get(id)).filter((c) => !!c).map((c) => store.nativeContact(c!, ctx.base(request))), ctx.base(request));
  }, {query: SORTED}));
  router.on('POST', '/accounts/:id/contacts', api((request) => {
    const account = store.accounts.get(request.params.id!);
    if (!account) return notFound('Account');
    const ids = bodyOf(request).contact_ids;
    if (!Array.isArray(ids) || !ids.length) return frontError(400, 'contact_ids is required');
    for (const id of ids) if (!store.contacts.has(String(id))) return frontError(404, `Contact ${String(id)} not found`);
    for (const id of ids) if (!account.contactIds.includes(String(id))) account.contactIds.push(String(id));
    return {status: 204, body: ''};
  }, {body: ['contact_ids']}));

  router.on('GET', '/download/:id', api((request) => {
    const attachment = store.attachments.get(request.params.id!);
    if (!attachment) return notFound('Attachment');
    return {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type, 'content-disposition': `attachment; filename="${attachment.filename}"`}};
  }));
}

const byDate = (a: StoredConversation, b: StoredConversation) => b.updated_at - a.updated_at || (a.id < b.id ? 1 : -1);

function customFieldRefusal(ctx: EmulatorContext, values: unknown): EmulatorReply | undefined {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return frontError(400, 'custom_fields must be an object');
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const field = [...ctx.store.fields.values()].find((candidate) => candidate.name === name);
    if (!field) return frontError(400, `Unknown custom field ${name}`);
    const ok = value === null || (field.type === 'string' && typeof value === 'string') || (field.type === 'boolean' && typeof value === 'boolean') || ((field.type === 'number' || field.type === 'datetime') && typeof value === 'number') || (field.type === 'enum' && (field.values ?? []).some((option) => option.value === value)) || ((field.type === 'teammate' || field.type === 'inbox') && typeof value === 'string');
    if (!ok) return frontError(400, `Invalid value for custom field ${name} (${field.type})`);
  }
  return undefined;
}

/** Files of a multipart request (25 MB at most together), kept as attachments. */
function attachmentsOf(ctx: EmulatorContext, request: EmulatorRequest): string[] | EmulatorReply {
  const files = request.form?.files ?? [];
  if (files.reduce((sum, file) => sum + file.data.length, 0) > MAX_ATTACHMENTS_BYTES) return frontError(413, 'Attachments are larger than 25 MB');
  return files.map((file) => {
    const id = ctx.store.newId('fil');
    ctx.store.attachments.set(id, {id, filename: file.fileName, content_type: file.contentType, size: file.data.length, inline: false, bytes: file.data});
    return id;
  });
}

/** Import message: validated as the spec's ImportMessage, deduplicated by external_id, threaded by conversation_id or thread_ref. */
function importMessage(ctx: EmulatorContext, request: EmulatorRequest): EmulatorReply {
  const {store} = ctx;
  const inbox = store.inboxes.get(request.params.id!);
  if (!inbox) return notFound('Inbox');
  const body = bodyOf(request);
  const missing = ['sender', 'to', 'body', 'external_id', 'created_at', 'metadata'].filter((key) => body[key] === undefined);
  if (missing.length) return frontError(400, `Missing required fields: ${missing.join(', ')}`);
  const sender = body.sender as {handle?: unknown; name?: unknown; author_id?: unknown};
  if (!sender || typeof sender !== 'object' || typeof sender.handle !== 'string' || !sender.handle) return frontError(400, 'sender.handle is required');
  for (const key of Object.keys(sender)) if (!['handle', 'name', 'author_id'].includes(key)) return frontError(400, `Unknown field sender.${key}`);
  const metadata = body.metadata as Record<string, unknown>;
  if (!metadata || typeof metadata !== 'object' || typeof metadata.is_inbound !== 'boolean') return frontError(400, 'metadata.is_inbound is required');
  for (const key of Object.keys(metadata)) if (!['thread_ref', 'is_inbound', 'is_archived', 'should_skip_rules'].includes(key)) return frontError(400, `Unknown field metadata.${key}`);
  if (!Array.isArray(body.to) || !body.to.length || body.to.some((to) => typeof to !== 'string')) return frontError(400, 'to must be a non-empty list of handles');
  if (typeof body.created_at !== 'number' || !Number.isInteger(body.created_at)) return frontError(400, 'created_at must be a timestamp in seconds');
  if (typeof body.external_id !== 'string' || !body.external_id) return frontError(400, 'external_id must be a string');
  if (body.body_format !== undefined && !['html', 'markdown'].includes(String(body.body_format))) return frontError(400, 'body_format must be html or markdown');
  if (body.type !== undefined && !['email', 'sms', 'intercom', 'custom'].includes(String(body.type))) return frontError(400, 'type must be one of email, sms, intercom, custom');
  const authorId = !metadata.is_inbound && sender.author_id !== undefined ? String(sender.author_id) : null;
  if (authorId && !store.teammates.has(authorId)) return frontError(404, `Teammate ${authorId} not found`);
  if (body.assignee_id !== undefined && !store.teammates.has(String(body.assignee_id))) return frontError(404, `Teammate ${String(body.assignee_id)} not found`);
  if ((request.form?.files ?? []).reduce((sum, file) => sum + file.data.length, 0) > MAX_ATTACHMENTS_BYTES) return frontError(413, 'Attachments are larger than 25 MB');
  // "Front won't import two messages with the same external ID": the first one's answer again (see the doc's Unsure).
  const known = store.externalIds.get(body.external_id);
  if (known) return {status: 202, json: {status: 'accepted', message_uid: store.messages.get(known)!.uid}};
  let conversation: StoredConversation | undefined;
  const threadRef = typeof metadata.thread_ref === 'string' ? metadata.thread_ref : undefined;
  if (body.conversation_id !== undefined) {
    conversation = store.conversations.get(String(body.conversation_id));
    if (!conversation) return frontError(404, `Conversation ${String(body.conversation_id)} not found`);
  } else if (threadRef) conversation = [...store.conversations.values()].find((c) => c.inboxId === inbox.id && c.threadRef === threadRef);
  const at = Math.floor(ctx.now() / 1000);
  const contact = store.contactByHandle(metadata.is_inbound ? sender.handle : String(body.to[0]));
  if (!conversation) {
    const id = store.newId('cnv');
    conversation = {id, inboxId: inbox.id, subject: typeof body.subject === 'string' ? body.subject : '', status: 'unassigned', assigneeId: null, contactId: contact?.id ?? null, handle: metadata.is_inbound ? sender.handle : String(body.to[0]), tagIds: [], custom_fields: {}, created_at: body.created_at, updated_at: at, ...(threadRef ? {threadRef} : {}), imported: true};
    store.conversations.set(id, conversation);
  }
  if (Array.isArray(body.tags)) for (const name of body.tags) {
    const tag = store.tagNamed(String(name));
    if (!conversation.tagIds.includes(tag.id)) conversation.tagIds.push(tag.id);
  }
  if (body.assignee_id !== undefined) conversation.assigneeId = String(body.assignee_id);
  // is_archived defaults to true (ImportMessage.metadata).
  const archived = metadata.is_archived === undefined ? true : metadata.is_archived === true;
  conversation.status = archived ? 'archived' : conversation.assigneeId ? 'assigned' : 'unassigned';
  conversation.updated_at = at;
  const attachmentIds = attachmentsOf(ctx, request) as string[];
  const id = store.newId('msg');
  const uid = `${id.slice(4)}${store.messages.size.toString(16)}`;
  const handles = (list: unknown) => (Array.isArray(list) ? list.map(String) : []);
  store.messages.set(id, {
    id,
    uid,
    conversationId: conversation.id,
    is_inbound: metadata.is_inbound,
    created_at: body.created_at,
    subject: typeof body.subject === 'string' ? body.subject : conversation.subject,
    authorId,
    recipients: [
      {handle: sender.handle, name: typeof sender.name === 'string' ? sender.name : null, role: 'from', contactId: metadata.is_inbound ? (store.contactByHandle(sender.handle)?.id ?? null) : null},
      ...handles(body.to).map((handle) => ({handle, name: null, role: 'to' as const, contactId: store.contactByHandle(handle)?.id ?? null})),
      ...handles(body.cc).map((handle) => ({handle, name: null, role: 'cc' as const, contactId: store.contactByHandle(handle)?.id ?? null})),
      ...handles(body.bcc).map((handle) => ({handle, name: null, role: 'bcc' as const, contactId: store.contactByHandle(handle)?.id ?? null})),
    ],
    body: String(body.body),
    attachmentIds,
    external_id: body.external_id,
    ...(threadRef ? {thread_ref: threadRef} : {}),
    imported: true,
  });
  store.externalIds.set(body.external_id, id);
  return {status: 202, json: {status: 'accepted', message_uid: uid}};
}

