// The Intercom emulator's conversation routes: list, search, create (with created_at), retrieve,
// update (title, custom attributes), reply (admin comment or note, contact comment; created_at,
// attachment_files), manage (close, open, snooze, assign) and tag.
import type {Router} from '../shared/emulator-kit.js';
import type {StoredConversation, StoredPart} from './emulator-store.js';
import {body, cursorPage, errorList, invalid, isInt, matcher, missing, notFound, type Api, type EmulatorContext} from './emulator-context.js';

const now = () => Math.floor(Date.now() / 1000);
/** Intercom documents no size limit for attachment_files; the emulator refuses what ferry's limit would (see the doc's Unsure). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export function registerConversationRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const find = (id: string | undefined) => (id ? store.conversations.get(id) : undefined);
  const render = (base: string, withParts: boolean) => (c: StoredConversation) => store.nativeConversation(c, base, withParts);
  const touch = (c: StoredConversation) => (c.updated_at = Math.max(now(), c.updated_at));

  const searchFields: Record<string, (c: StoredConversation) => unknown> = {
    id: (c) => c.id,
    created_at: (c) => c.created_at,
    updated_at: (c) => c.updated_at,
    state: (c) => c.state,
    open: (c) => c.open,
    title: (c) => c.title,
    'source.body': (c) => c.source.body,
    'source.author.id': (c) => c.source.author.id,
    contact_ids: (c) => c.contacts.contacts.map((contact) => contact.id),
    admin_assignee_id: (c) => c.admin_assignee_id,
    tag_ids: (c) => c.tags.tags.map((tag) => tag.id),
  };

  // Newest first (see the doc's Unsure), so a conversation created moments ago is on the first page.
  router.on('GET', '/conversations', api((request) => cursorPage([...store.conversations.values()], request.query.get('per_page') ?? 20, request.query.get('starting_after'), 'desc', render(ctx.base(request), false), 'conversations'), {query: ['per_page', 'starting_after']}));
  router.on('POST', '/conversations/search', api((request) => {
    const {query, pagination} = body(request);
    const test = matcher(query, searchFields, ['source.body']);
    if (typeof test !== 'function') return test;
    const seen = Date.now();
    return cursorPage([...store.conversations.values()].filter((c) => c.indexedAt <= seen && test(c)), pagination?.per_page ?? 20, pagination?.starting_after, 'asc', render(ctx.base(request), false), 'conversations');
  }, {body: ['query', 'pagination', 'sort']}));

  router.on('POST', '/conversations', api((request) => {
    const fields = body(request);
    const from = fields.from as {type?: string; id?: string} | undefined;
    if (!from || typeof from !== 'object') return missing('from');
    if (!['user', 'lead', 'contact'].includes(String(from.type))) return invalid('from', "from.type must be 'user', 'lead' or 'contact'");
    const contact = from.id ? store.contacts.get(String(from.id)) : undefined;
    if (!contact) return notFound('User Not Found');
    if (typeof fields.body !== 'string' || !fields.body.trim()) return missing('body');
    if (fields.created_at !== undefined && !isInt(fields.created_at)) return errorList(400, 'type_mismatch', 'created_at must be a Unix timestamp', 'created_at');
    const id = store.newId();
    const at = (fields.created_at as number | undefined) ?? now();
    const messageId = store.newId();
    store.conversations.set(id, {
      type: 'conversation',
      id,
      title: null,
      created_at: at,
      updated_at: now(),
      state: 'open',
      open: true,
      priority: 'not_priority',
      admin_assignee_id: null,
      team_assignee_id: null,
      tags: {type: 'tag.list', tags: []},
      source: {type: 'conversation', id: messageId, delivered_as: 'customer_initiated', subject: typeof fields.subject === 'string' ? fields.subject : '', body: fields.body, author: {type: contact.role === 'lead' ? 'lead' : 'user', id: contact.id, name: contact.name, email: contact.email}, fileIds: []},
      contacts: {type: 'contact.list', contacts: [{type: 'contact', id: contact.id, external_id: contact.external_id}]},
      custom_attributes: {},
      parts: [],
      indexedAt: Date.now() + ctx.searchLagMs,
    });
    // Create a conversation answers the message it created.
    return {status: 200, json: {type: 'user_message', id: messageId, created_at: at, body: fields.body, message_type: 'inapp', conversation_id: id}};
  }, {body: ['from', 'body', 'subject', 'attachment_urls', 'created_at']}));

  router.on('GET', '/conversations/:id', api((request) => {
    const display = request.query.get('display_as');
    if (display !== null && display !== 'plaintext' && display !== 'html') return invalid('display_as', "display_as must be 'plaintext'");
    const found = find(request.params.id);
    return found ? {status: 200, json: store.nativeConversation(found, ctx.base(request))} : notFound();
  }, {query: ['display_as', 'include_translations']}));

  router.on('PUT', '/conversations/:id', api((request) => {
    const found = find(request.params.id);
    if (!found) return notFound();
    const fields = body(request);
    if (fields.custom_attributes !== undefined) {
      if (typeof fields.custom_attributes !== 'object' || Array.isArray(fields.custom_attributes)) return invalid('custom_attributes', 'custom_attributes must be an object');
      for (const [name, value] of Object.entries(fields.custom_attributes as Record<string, unknown>)) {
        const attribute = [...store.attributes.values()].find((a) => a.model === 'conversation' && a.name === name);
        if (!attribute) return invalid('custom_attributes', `Custom attribute '${name}' does not exist`);
        const ok =
          value === null ||
          (attribute.data_type === 'boolean' ? typeof value === 'boolean' : attribute.data_type === 'integer' ? isInt(value) : attribute.data_type === 'float' ? typeof value === 'number' : attribute.data_type === 'options' ? attribute.options?.includes(String(value)) : typeof value === 'string');
        if (!ok) return errorList(400, 'type_mismatch', `Custom attribute '${name}' takes a ${attribute.data_type} value`, 'custom_attributes');
      }
      found.custom_attributes = {...found.custom_attributes, ...(fields.custom_attributes as Record<string, unknown>)};
    }
    if (fields.title !== undefined) found.title = String(fields.title);
    touch(found);
    return {status: 200, json: store.nativeConversation(found, ctx.base(request))};
  }, {query: ['display_as'], body: ['read', 'title', 'custom_attributes', 'company_id']}));

  router.on('POST', '/conversations/:id/reply', api((request) => {
    const found = find(request.params.id);
    if (!found) return notFound();
    const fields = body(request);
    if (fields.created_at !== undefined && !isInt(fields.created_at)) return errorList(400, 'type_mismatch', 'created_at must be a Unix timestamp', 'created_at');
    if (typeof fields.body !== 'string' || !fields.body.trim()) return missing('body');
    let author: StoredPart['author'];
    if (fields.type === 'admin') {
      if (fields.message_type !== 'comment' && fields.message_type !== 'note') return invalid('message_type', "message_type must be 'comment' or 'note'");
      const admin = store.admins.get(String(fields.admin_id ?? ''));
      if (!admin) return errorList(404, 'admin_not_found', 'Admin not found');
      author = {type: 'admin', id: admin.id, name: admin.name, email: admin.email};
      if (fields.intercom_user_id !== undefined) return invalid('intercom_user_id', 'intercom_user_id is for replies of type user');
    } else if (fields.type === 'user') {
      if (fields.message_type !== 'comment') return invalid('message_type', "a contact's reply has message_type 'comment'");
      const contact = store.contacts.get(String(fields.intercom_user_id ?? ''));
      if (!contact) return notFound('User Not Found');
      author = {type: contact.role === 'lead' ? 'lead' : 'user', id: contact.id, name: contact.name, email: contact.email};
      if (fields.admin_id !== undefined) return invalid('admin_id', 'admin_id is for replies of type admin');
    } else return invalid('type', "type must be 'admin' or 'user'");
    const files = fields.attachment_files as Array<{name?: string; content_type?: string; data?: string}> | undefined;
    if (files !== undefined && (!Array.isArray(files) || files.length > 10)) return invalid('attachment_files', 'You can include up to 10 files');
    const fileIds: string[] = [];
    for (const file of files ?? []) {
      if (!file?.name || !file.content_type || typeof file.data !== 'string') return invalid('attachment_files', 'each file needs name, content_type and data');
      const bytes = Buffer.from(file.data, 'base64');
      if (bytes.length > MAX_FILE_BYTES) return errorList(400, 'parameter_invalid', `${file.name} is larger than ${MAX_FILE_BYTES} bytes`, 'attachment_files');
      const id = store.newId();
      store.files.set(id, {id, name: file.name, content_type: file.content_type, filesize: bytes.length, bytes});
      fileIds.push(id);
    }
    const at = (fields.created_at as number | undefined) ?? now();
    // A contact's reply to a closed conversation reopens it: its part is an "open" (Reply to a conversation, "User reply" example).
    const reopens = author.type !== 'admin' && found.state === 'closed';
    found.parts.push({type: 'conversation_part', id: store.newId(), part_type: reopens ? 'open' : fields.message_type, body: fields.body, created_at: at, updated_at: at, author, fileIds});
    if (reopens) Object.assign(found, {state: 'open', open: true});
    touch(found);
    return {status: 200, json: store.nativeConversation(found, ctx.base(request))};
  }, {body: ['message_type', 'type', 'body', 'admin_id', 'intercom_user_id', 'email', 'user_id', 'created_at', 'attachment_urls', 'attachment_files', 'reply_options']}));

  router.on('POST', '/conversations/:id/parts', api((request) => {
    const found = find(request.params.id);
    if (!found) return notFound();
    const fields = body(request);
    if (fields.type !== 'admin' && !(fields.type === 'team' && fields.message_type === 'assignment')) return invalid('type', "type must be 'admin' (or 'team' for an assignment)");
    const admin = store.admins.get(String(fields.admin_id ?? ''));
    if (!admin) return errorList(404, 'admin_not_found', 'Admin not found');
    const kind = fields.message_type;
    if (kind === 'assignment') {
      const assignee = String(fields.assignee_id ?? '');
      if (assignee !== '0' && !store.admins.has(assignee) && !store.teams.has(assignee)) return errorList(404, 'admin_not_found', 'Assignee not found');
      if (store.admins.has(assignee)) found.admin_assignee_id = Number(assignee);
      else found.team_assignee_id = assignee === '0' ? null : assignee;
    } else if (kind === 'close') Object.assign(found, {state: 'closed', open: false});
    else if (kind === 'open') Object.assign(found, {state: 'open', open: true});
    else if (kind === 'snoozed') {
      if (!isInt(fields.snoozed_until)) return missing('snoozed_until');
      Object.assign(found, {state: 'snoozed', open: true});
    } else return invalid('message_type', "message_type must be 'close', 'snoozed', 'open' or 'assignment'");
    const at = now();
    found.parts.push({type: 'conversation_part', id: store.newId(), part_type: kind === 'snoozed' ? 'snoozed' : kind, body: typeof fields.body === 'string' ? fields.body : null, created_at: at, updated_at: at, author: {type: 'admin', id: admin.id, name: admin.name, email: admin.email}, fileIds: []});
    touch(found);
    return {status: 200, json: store.nativeConversation(found, ctx.base(request))};
  }, {body: ['message_type', 'type', 'admin_id', 'assignee_id', 'body', 'snoozed_until']}));

  router.on('POST', '/conversations/:id/tags', api((request) => {
    const found = find(request.params.id);
    if (!found) return notFound();
    const {id, admin_id} = body(request);
    const tag = store.tags.get(String(id ?? ''));
    if (!tag) return errorList(404, 'tag_not_found', 'Tag not found');
    if (!store.admins.has(String(admin_id ?? ''))) return errorList(404, 'admin_not_found', 'Admin not found');
    if (!found.tags.tags.some((t) => t.id === tag.id)) found.tags.tags.push(tag);
    touch(found);
    return {status: 200, json: tag};
  }, {body: ['id', 'admin_id']}));
}
