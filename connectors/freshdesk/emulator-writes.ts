// The emulator's write endpoints and Freshdesk's validation answers:
// Over 400 lines on purpose: every write route with the validation Freshdesk answers it with, side by side.
// 400 {"description":"Validation failed","errors":[{field,message,code}]}, 409 for duplicates.
// Messages follow the texts Freshdesk returns where public clients quote them; the rest keep
// its wording style and codes (missing_field, invalid_value, duplicate_value, invalid_field).
import {bodyOf as kitBodyOf, validationError, type FieldError} from '../freshworks/emulator-kit.js';
export {validationError};
import type {EmulatorReply, EmulatorRequest, Handler, Router} from '../shared/emulator-kit.js';
import {choiceLabels, type FdTicketField} from './api-shapes.js';
import {MAX_TICKET_ATTACHMENT_BYTES} from './attachments.js';
import {fieldBase, slug, stripTags, type StoredConversation, type StoredTicket} from './emulator-store.js';
import type {EmulatorContext, Guard} from './emulator-context.js';
import {BODY, QUERY} from './emulator-params.js';

type FdError = FieldError;
type Api = (handler: Handler, guard?: Guard) => Handler;
type Body = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMERIC = new Set(['requester_id', 'responder_id', 'group_id', 'company_id', 'status', 'priority', 'source', 'user_id', 'visibility', 'position']);

function bodyOf(request: EmulatorRequest) {
  return kitBodyOf(request, NUMERIC);
}

export function registerWriteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const now = () => new Date().toISOString();
  const created = (json: unknown): EmulatorReply => ({status: 201, json});

  /** What a ticket already carries: its description's attachments and every conversation's. */
  const ticketAttachmentBytes = (ticket: StoredTicket | undefined) =>
    ticket ? [...ticket.attachmentIds, ...store.ticketConversations(ticket.id).flatMap((c) => c.attachmentIds)].reduce((sum, id) => sum + (store.attachments.get(id)?.size ?? 0), 0) : 0;
  const saveAttachments = (files: ReturnType<typeof bodyOf>['files'], ticket?: StoredTicket): number[] | FdError => {
    const total = files.reduce((sum, file) => sum + file.data.length, 0);
    // "The total size of all the ticket's attachments (not just this note) cannot exceed 20MB"
    // (Create Reply, Create a Note); the exact error text is not documented [U].
    if (files.length && total + ticketAttachmentBytes(ticket) > MAX_TICKET_ATTACHMENT_BYTES) return {field: 'attachments', message: "The total size of all the ticket's attachments cannot exceed 20MB", code: 'invalid_value'};
    return files.map((file) => {
      const id = store.newId();
      store.attachments.set(id, {id, name: file.fileName, content_type: file.contentType, size: file.data.length, created_at: now(), bytes: file.data});
      return id;
    });
  };

  const userExists = (id: number) => store.contacts.has(id) || store.agents.has(id);

  const ticketErrors = (body: Body, existing?: StoredTicket): FdError[] => {
    const errors: FdError[] = [];
    if (!existing && !body.subject) errors.push({field: 'subject', message: 'It should be a/an String', code: 'missing_field'});
    if (!existing && body.requester_id === undefined && !body.email) errors.push({field: 'requester_id', message: 'Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id, unique_external_id fields', code: 'missing_field'});
    if (body.requester_id !== undefined && !userExists(Number(body.requester_id))) errors.push({field: 'requester_id', message: 'There is no contact matching the given requester_id', code: 'invalid_value'});
    if (body.email !== undefined && !EMAIL.test(String(body.email))) errors.push({field: 'email', message: 'It should be a valid email address', code: 'invalid_value'});
    if (body.status !== undefined && ![2, 3, 4, 5].includes(Number(body.status))) errors.push({field: 'status', message: "It should be one of these values: '2,3,4,5'", code: 'invalid_value'});
    if (body.priority !== undefined && ![1, 2, 3, 4].includes(Number(body.priority))) errors.push({field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value'});
    if (body.responder_id != null && !store.agents.has(Number(body.responder_id))) errors.push({field: 'responder_id', message: 'There is no agent matching the given responder_id', code: 'invalid_value'});
    if (body.group_id != null && !store.groups.has(Number(body.group_id))) errors.push({field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value'});
    // "This attribute can only be set if the Multiple Companies feature is enabled (Estate plan and
    // above)" (Create a Ticket); the live error is not documented [U]: inaccessible_field per its table.
    if (body.company_id != null && !ctx.features.multipleCompanies) errors.push({field: 'company_id', message: 'The agent is not authorized to update this field', code: 'inaccessible_field'});
    else if (body.company_id != null && !store.companies.has(Number(body.company_id))) errors.push({field: 'company_id', message: 'There is no company matching the given company_id', code: 'invalid_value'});
    const types = choiceLabels([...store.fields.values()].find((field) => field.name === 'ticket_type') ?? {});
    if (body.type != null && !types.includes(String(body.type))) errors.push({field: 'type', message: `It should be one of these values: '${types.join(',')}'`, code: 'invalid_value'});
    for (const email of (body.cc_emails as string[] | undefined) ?? []) if (!EMAIL.test(email)) errors.push({field: 'cc_emails', message: `It should contain elements that are valid email addresses`, code: 'invalid_value'});
    const custom = (body.custom_fields as Body | undefined) ?? {};
    const fields = new Map([...store.fields.values()].filter((field) => !field.default).map((field) => [field.name, field]));
    for (const [name, value] of Object.entries(custom)) {
      const field = fields.get(name);
      if (!field) errors.push({field: name, message: 'Unexpected/invalid field in request', code: 'invalid_field'});
      else {
        const problem = customValueProblem(field, value);
        if (problem) errors.push({field: name, message: problem, code: 'invalid_value'});
      }
    }
    // Fields required for closure must be filled when a ticket is resolved or closed.
    const status = Number(body.status ?? existing?.status ?? 2);
    if (status === 4 || status === 5)
      for (const field of fields.values()) {
        const value = custom[field.name] ?? existing?.custom_fields[field.name];
        if (field.required_for_closure && (value === undefined || value === null || value === ''))
          errors.push({field: field.name, message: 'It should not be blank as this is a mandatory field', code: 'invalid_value'});
      }
    return errors;
  };

  const customValues = (body: Body) =>
    Object.fromEntries(
      Object.entries((body.custom_fields as Body | undefined) ?? {}).map(([name, value]) => {
        const field = [...store.fields.values()].find((candidate) => candidate.name === name)!;
        return [name, typedValue(field, value)];
      }),
    );

  router.on('POST', '/api/v2/tickets', api((request) => {
    const {body, files} = bodyOf(request);
    const errors = ticketErrors(body);
    const attachmentIds = errors.length ? [] : saveAttachments(files);
    if (!Array.isArray(attachmentIds)) errors.push(attachmentIds);
    if (errors.length) return validationError(errors);
    let requester = body.requester_id !== undefined ? Number(body.requester_id) : [...store.contacts.values()].find((contact) => contact.email === body.email)?.id;
    if (requester === undefined) {
      requester = store.newId();
      store.contacts.set(requester, {id: requester, name: String(body.name ?? body.email), email: String(body.email), phone: null, mobile: null, company_id: null, unique_external_id: null, active: false, created_at: now(), updated_at: now()});
    }
    const id = store.newId();
    const ticket: StoredTicket = {
      id,
      subject: String(body.subject),
      description: String(body.description ?? ''),
      status: Number(body.status ?? 2),
      priority: Number(body.priority ?? 1),
      source: Number(body.source ?? 2),
      type: (body.type as string | undefined) ?? null,
      requester_id: requester,
      responder_id: body.responder_id != null ? Number(body.responder_id) : null,
      group_id: body.group_id != null ? Number(body.group_id) : null,
      company_id: body.company_id != null ? Number(body.company_id) : null,
      tags: (body.tags as string[] | undefined) ?? [],
      cc_emails: (body.cc_emails as string[] | undefined) ?? [],
      custom_fields: customValues(body),
      created_at: now(),
      updated_at: now(),
      attachmentIds: attachmentIds as number[],
      indexedAt: Date.now(),
    };
    store.tickets.set(id, ticket);
    return created(store.nativeTicket(ticket, ctx.base(request)));
  }, {endpoint: 'tickets.create', query: QUERY.none, body: BODY.createTicket}));

  router.on('PUT', '/api/v2/tickets/:id', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return {status: 404, body: ''};
    const {body} = bodyOf(request);
    const errors = ticketErrors(body, ticket);
    if (errors.length) return validationError(errors);
    for (const key of ['subject', 'description', 'status', 'priority', 'type', 'requester_id', 'responder_id', 'group_id', 'company_id', 'tags'] as const)
      if (body[key] !== undefined) (ticket as unknown as Body)[key] = body[key];
    ticket.custom_fields = {...ticket.custom_fields, ...customValues(body)};
    ticket.updated_at = now();
    ticket.indexedAt = Date.now();
    return {status: 200, json: store.nativeTicket(ticket, ctx.base(request))};
  }, {endpoint: 'tickets.update', query: QUERY.none, body: BODY.updateTicket}));

  router.on('POST', '/api/v2/tickets/:id/notes', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return {status: 404, body: ''};
    const {body, files} = bodyOf(request);
    const errors: FdError[] = [];
    if (!body.body) errors.push({field: 'body', message: 'It should be a/an String', code: 'missing_field'});
    if (body.user_id !== undefined && !userExists(Number(body.user_id))) errors.push({field: 'user_id', message: 'There is no contact or agent matching the given user_id', code: 'invalid_value'});
    // Who may be named as a note's author is not documented. The emulator's rule (docs/platforms/
    // freshdesk.md): a private note cannot be written as a contact, since contacts never see private
    // notes; Freshdesk's answer is modelled as 403 invalid_user, as the shared notes report it [U].
    if (!errors.length && body.user_id !== undefined && body.private !== false && store.contacts.has(Number(body.user_id)))
      return {status: 403, json: {code: 'invalid_user', message: 'A private note cannot be added on behalf of a contact.'}};
    const attachmentIds = errors.length ? [] : saveAttachments(files, ticket);
    if (!Array.isArray(attachmentIds)) errors.push(attachmentIds);
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const conversation: StoredConversation = {
      id,
      body: String(body.body),
      incoming: body.incoming === true,
      private: body.private !== false,
      user_id: body.user_id !== undefined ? Number(body.user_id) : ctx.agentId(request),
      source: 2,
      ticket_id: ticket.id,
      created_at: now(),
      updated_at: now(),
      attachmentIds: attachmentIds as number[],
    };
    store.conversations.set(id, conversation);
    ticket.updated_at = now();
    return created(store.nativeConversation(conversation, ctx.base(request)));
  }, {query: QUERY.none, body: BODY.note}));

  // A custom field the account does not have is refused like any unknown field (invalid_field).
  const customFieldErrors = (body: Body, fields: Array<{name: string; default: boolean}>): FdError[] =>
    Object.keys((body.custom_fields as Record<string, unknown> | undefined) ?? {})
      .filter((key) => !fields.some((field) => !field.default && field.name === key))
      .map((key) => ({field: key, message: 'Unexpected/invalid field in request', code: 'invalid_field'}));

  const contactErrors = (body: Body, selfId?: number): {errors: FdError[]; conflict: boolean} => {
    const errors: FdError[] = [];
    let conflict = false;
    if (selfId === undefined && !body.name) errors.push({field: 'name', message: 'It should be a/an String', code: 'missing_field'});
    if (selfId === undefined && !body.email && !body.phone && !body.mobile && !body.unique_external_id)
      errors.push({field: 'email', message: 'Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id, facebook_id fields', code: 'missing_field'});
    if (body.email != null && !EMAIL.test(String(body.email))) errors.push({field: 'email', message: 'It should be a valid email address', code: 'invalid_value'});
    if (body.company_id != null && !store.companies.has(Number(body.company_id))) errors.push({field: 'company_id', message: 'There is no company matching the given company_id', code: 'invalid_value'});
    errors.push(...customFieldErrors(body, store.contactFields));
    for (const key of ['email', 'unique_external_id'] as const) {
      const value = body[key];
      if (value == null || errors.length) continue;
      const clash = [...store.contacts.values()].some((contact) => contact.id !== selfId && String(contact[key] ?? '').toLowerCase() === String(value).toLowerCase()) || (key === 'email' && [...store.agents.values()].some((agent) => agent.contact.email.toLowerCase() === String(value).toLowerCase()));
      if (clash) {
        errors.push({field: key, message: 'It should be a unique value', code: 'duplicate_value'});
        conflict = true;
      }
    }
    return {errors, conflict};
  };

  router.on('POST', '/api/v2/contacts', api((request) => {
    const {body} = bodyOf(request);
    const {errors, conflict} = contactErrors(body);
    if (errors.length) return validationError(errors, conflict ? 409 : 400);
    const id = store.newId();
    const contact = {id, name: String(body.name), email: (body.email as string) ?? null, phone: (body.phone as string) ?? null, mobile: (body.mobile as string) ?? null, other_emails: (body.other_emails as string[]) ?? [], custom_fields: (body.custom_fields as Record<string, string>) ?? {}, company_id: body.company_id != null ? Number(body.company_id) : null, unique_external_id: (body.unique_external_id as string) ?? null, active: false, created_at: now(), updated_at: now()};
    store.contacts.set(id, contact);
    return created(contact);
  }, {query: QUERY.none, body: BODY.contact}));
  router.on('PUT', '/api/v2/contacts/:id', api((request) => {
    const contact = store.contacts.get(Number(request.params.id));
    if (!contact) return {status: 404, body: ''};
    const {body} = bodyOf(request);
    const {errors, conflict} = contactErrors(body, contact.id);
    if (errors.length) return validationError(errors, conflict ? 409 : 400);
    Object.assign(contact, pick(body, ['name', 'email', 'phone', 'mobile', 'other_emails', 'company_id', 'unique_external_id']), {updated_at: now()});
    if (body.custom_fields) contact.custom_fields = {...contact.custom_fields, ...(body.custom_fields as Record<string, string>)};
    return {status: 200, json: contact};
  }, {query: QUERY.none, body: BODY.contact}));

  /** Companies and groups: name required and unique (409 duplicate_value). */
  const named = <T extends {id: number; name: string; updated_at: string}>(path: string, map: Map<number, T>, make: (id: number, body: Body) => T, keys: string[], fields: string[], more?: (body: Body) => FdError[]) => {
    const nameErrors = (body: Body, selfId?: number): EmulatorReply | undefined => {
      if (selfId === undefined && !body.name) return validationError([{field: 'name', message: 'It should be a/an String', code: 'missing_field'}]);
      const extra = more?.(body) ?? [];
      if (extra.length) return validationError(extra);
      if (body.name && [...map.values()].some((item) => item.id !== selfId && item.name.toLowerCase() === String(body.name).toLowerCase()))
        return validationError([{field: 'name', message: 'It should be a unique value', code: 'duplicate_value'}], 409);
      return undefined;
    };
    router.on('POST', path, api((request) => {
      const {body} = bodyOf(request);
      const error = nameErrors(body);
      if (error) return error;
      const item = make(store.newId(), body);
      map.set(item.id, item);
      return created(item);
    }, {query: QUERY.none, body: fields}));
    router.on('PUT', `${path}/:id`, api((request) => {
      const item = map.get(Number(request.params.id));
      if (!item) return {status: 404, body: ''};
      const {body} = bodyOf(request);
      const error = nameErrors(body, item.id);
      if (error) return error;
      Object.assign(item, pick(body, keys), {updated_at: now()});
      return {status: 200, json: item};
    }, {query: QUERY.none, body: fields}));
  };
  named('/api/v2/companies', store.companies, (id, body) => ({id, name: String(body.name), description: (body.description as string) ?? null, note: (body.note as string) ?? null, domains: (body.domains as string[]) ?? [], custom_fields: (body.custom_fields as Record<string, string>) ?? {}, created_at: now(), updated_at: now()}), ['name', 'description', 'note', 'domains', 'custom_fields'], BODY.company, (body) => customFieldErrors(body, store.companyFields));
  named('/api/v2/groups', store.groups, (id, body) => ({id, name: String(body.name), description: (body.description as string) ?? null, created_at: now(), updated_at: now()}), ['name', 'description'], BODY.group);

  const FIELD_TYPES = ['custom_text', 'custom_paragraph', 'custom_checkbox', 'custom_number', 'custom_decimal', 'custom_date', 'custom_dropdown'];
  router.on('POST', '/api/v2/admin/ticket_fields', api((request) => {
    const {body} = bodyOf(request);
    const errors: FdError[] = [];
    if (!body.label) errors.push({field: 'label', message: 'It should be a/an String', code: 'missing_field'});
    if (!body.label_for_customers) errors.push({field: 'label_for_customers', message: 'It should be a/an String', code: 'missing_field'});
    if (!FIELD_TYPES.includes(String(body.type))) errors.push({field: 'type', message: `It should be one of these values: '${FIELD_TYPES.join(',')}'`, code: 'invalid_value'});
    if (body.type === 'custom_dropdown' && !(Array.isArray(body.choices) && body.choices.length)) errors.push({field: 'choices', message: 'It should not be blank', code: 'missing_field'});
    if (errors.length) return validationError(errors);
    if ([...store.fields.values()].some((field) => field.label.toLowerCase() === String(body.label).toLowerCase()))
      return validationError([{field: 'label', message: 'It should be a unique value', code: 'duplicate_value'}], 409);
    const id = store.newId();
    const field: FdTicketField = {
      ...fieldBase(id, `cf_${slug(String(body.label))}`, String(body.label), String(body.type), now()),
      ...pick(body, ['label_for_customers', 'customers_can_edit', 'displayed_to_customers', 'required_for_closure', 'required_for_agents', 'description']),
      position: store.fields.size + 1,
      choices: Array.isArray(body.choices) ? (body.choices as Array<{value: string; position?: number}>).map((choice, index) => ({id: index + 1, label: choice.value, value: choice.value, position: choice.position ?? index + 1})) : undefined,
    } as FdTicketField;
    store.fields.set(id, field);
    return created(field);
  }, {admin: true, query: QUERY.none, body: BODY.createTicketField}));
  router.on('PUT', '/api/v2/admin/ticket_fields/:id', api((request) => {
    const field = store.fields.get(Number(request.params.id));
    if (!field) return {status: 404, body: ''};
    const {body} = bodyOf(request);
    Object.assign(field, pick(body, ['label', 'label_for_customers', 'customers_can_edit', 'displayed_to_customers', 'required_for_closure', 'required_for_agents', 'description']), {updated_at: now()});
    if (Array.isArray(body.choices)) {
      const result = updatedChoices(field, body.choices as SentChoice[]);
      if (!Array.isArray(result)) return validationError([result]);
      field.choices = result;
    }
    return {status: 200, json: field};
  }, {admin: true, query: QUERY.none, body: BODY.updateTicketField}));

  // Knowledge base (solutions): categories > folders > articles.
  const required = (body: Body, keys: string[]) => keys.filter((key) => body[key] === undefined || body[key] === '').map((field) => ({field, message: 'It should not be blank', code: 'missing_field'}));
  router.on('POST', '/api/v2/solutions/categories', api((request) => {
    const {body} = bodyOf(request);
    const errors = required(body, ['name']);
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const category = {id, name: String(body.name), description: (body.description as string) ?? null, created_at: now(), updated_at: now()};
    store.categories.set(id, category);
    return created(category);
  }, {admin: true, query: QUERY.none, body: BODY.category}));
  router.on('POST', '/api/v2/solutions/categories/:id/folders', api((request) => {
    if (!store.categories.has(Number(request.params.id))) return {status: 404, body: ''};
    const {body} = bodyOf(request);
    const errors = required(body, ['name', 'visibility']);
    if (body.visibility !== undefined && ![1, 2, 3, 4].includes(Number(body.visibility))) errors.push({field: 'visibility', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value'});
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const parent = body.parent_folder_id != null ? store.folders.get(Number(body.parent_folder_id)) : undefined;
    if (body.parent_folder_id != null && parent?.category_id !== Number(request.params.id)) return validationError([{field: 'parent_folder_id', message: 'There is no folder matching the given parent_folder_id in this category', code: 'invalid_value'}]);
    const folder = {id, name: String(body.name), description: (body.description as string) ?? null, visibility: Number(body.visibility), category_id: Number(request.params.id), parent_folder_id: parent?.id ?? null, created_at: now(), updated_at: now()};
    store.folders.set(id, folder);
    return created(folder);
  }, {admin: true, query: QUERY.none, body: BODY.folder}));
  router.on('POST', '/api/v2/solutions/folders/:id/articles', api((request) => {
    const folder = store.folders.get(Number(request.params.id));
    if (!folder) return {status: 404, body: ''};
    const {body} = bodyOf(request);
    const errors = required(body, ['title', 'description', 'status']);
    if (body.status !== undefined && ![1, 2].includes(Number(body.status))) errors.push({field: 'status', message: "It should be one of these values: '1,2'", code: 'invalid_value'});
    if (errors.length) return validationError(errors);
    const id = store.newId();
    const article = {id, type: Number(body.type ?? 1), category_id: folder.category_id, folder_id: folder.id, title: String(body.title), description: String(body.description), description_text: stripTags(String(body.description)), status: Number(body.status), agent_id: ctx.agentId(request), tags: (body.tags as string[]) ?? [], created_at: now(), updated_at: now()};
    store.articles.set(id, article);
    return created(article);
  }, {admin: true, query: QUERY.none, body: BODY.createArticle}));
  const update = <T extends {updated_at: string}>(path: string, map: Map<number, T>, keys: string[], fields: string[]) =>
    router.on('PUT', path, api((request) => {
      const item = map.get(Number(request.params.id));
      if (!item) return {status: 404, body: ''};
      const {body} = bodyOf(request);
      Object.assign(item, pick(body, keys), {updated_at: now()});
      if ('description_text' in item && typeof body.description === 'string') (item as {description_text: string}).description_text = stripTags(body.description);
      return {status: 200, json: item};
    }, {admin: true, query: QUERY.none, body: fields}));
  update('/api/v2/solutions/categories/:id', store.categories, ['name', 'description'], BODY.category);
  update('/api/v2/solutions/folders/:id', store.folders, ['name', 'description', 'visibility', 'parent_folder_id'], BODY.folder);
  update('/api/v2/solutions/articles/:id', store.articles, ['title', 'description', 'status', 'tags', 'agent_id'], BODY.updateArticle);
}

type SentChoice = {id?: number; value?: string; position?: number; deleted?: boolean};
type StoredChoice = {id?: number; label?: string; value: string; position?: number};

/** "Update a Ticket Field": choices sent with their id are updated, {deleted: true, id} deletes, and
 * choices without an id are new. An existing choice whose id is not sent is dropped (the shared
 * notes' account of the live service [U]); a new choice with an existing value is a duplicate. */
function updatedChoices(field: FdTicketField, sent: SentChoice[]): StoredChoice[] | FdError {
  const current = (Array.isArray(field.choices) ? field.choices : []).filter((choice): choice is StoredChoice => typeof choice === 'object');
  const byId = new Map(current.map((choice) => [choice.id, choice]));
  let nextId = Math.max(0, ...current.map((choice) => choice.id ?? 0));
  const result: StoredChoice[] = [];
  for (const choice of sent) {
    if (choice.id !== undefined && !byId.has(choice.id)) return {field: 'choices', message: `There is no choice with id ${choice.id}`, code: 'invalid_value'};
    if (choice.deleted) continue;
    const value = choice.value ?? byId.get(choice.id)?.value;
    if (!value) return {field: 'choices', message: 'It should not be blank', code: 'missing_field'};
    if (choice.id === undefined && current.some((existing) => existing.value === value)) return {field: 'choices', message: `'${value}' is a duplicate choice`, code: 'duplicate_value'};
    result.push({id: choice.id ?? ++nextId, label: value, value, position: choice.position ?? result.length + 1});
  }
  return result;
}

function customValueProblem(field: FdTicketField, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  switch (field.type) {
    case 'custom_checkbox':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? undefined : 'It should be a/an Boolean';
    case 'custom_number':
      return Number.isInteger(Number(value)) ? undefined : 'It should be a/an Integer';
    case 'custom_decimal':
      return Number.isFinite(Number(value)) ? undefined : 'It should be a/an Number';
    case 'custom_date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? undefined : 'It should be in the YYYY-MM-DD format';
    case 'custom_dropdown': {
      const labels = choiceLabels(field);
      return labels.includes(String(value)) ? undefined : `It should be one of these values: '${labels.join(',')}'`;
    }
    case 'custom_text':
      return String(value).length <= 255 ? undefined : 'Has 256 characters, it can have maximum of 255 characters';
    default:
      return undefined;
  }
}

function typedValue(field: FdTicketField, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (field.type === 'custom_checkbox') return value === true || value === 'true';
  if (field.type === 'custom_number' || field.type === 'custom_decimal') return Number(value);
  return String(value);
}

function pick(body: Body, keys: string[]): Body {
  return Object.fromEntries(keys.filter((key) => body[key] !== undefined).map((key) => [key, NUMERIC.has(key) && body[key] !== null ? Number(body[key]) : body[key]]));
}
