// The Intercom emulator's Tickets product (REST API 2.14): list ticket types, create a ticket (with
// created_at and skip_notifications), retrieve, update (state, open, assignee, attributes), reply (an
// admin's comment or note, a contact's comment: created_at and attachment_urls, no uploaded files;
// contacts' replies refused on back-office tickets), tag, and search. Documented errors in Intercom's
// Error List (OAS 2.14 examples: ticket_not_found, ticket_state_id_invalid, assignee_not_found,
// parameter_mismatch "User replies are not allowed on Backoffice tickets").
import type {Router} from '../shared/emulator-kit.js';
import type {StoredTicket} from './emulator-store.js';
import {body, cursorPage, errorList, invalid, isInt, matcher, missing, type Api, type EmulatorContext} from './emulator-context.js';
import {DESCRIPTION, TITLE} from './ticket-shapes.js';

const now = () => Math.floor(Date.now() / 1000);
const ticketNotFound = () => errorList(404, 'ticket_not_found', 'Ticket not found');

export function registerTicketRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const find = (id: string | undefined) => (id ? store.tickets.get(id) : undefined);
  const touch = (ticket: StoredTicket) => {
    ticket.updated_at = now();
    ticket.indexedAt = Math.max(ticket.indexedAt, Date.now() + ctx.searchLagMs);
  };
  const render = (base: string) => (ticket: StoredTicket) => store.nativeTicket(ticket, base);

  router.on('GET', '/ticket_types', api(() => ({status: 200, json: {type: 'list', data: [...store.ticketTypes.values()]}})));

  const searchFields: Record<string, (t: StoredTicket) => unknown> = {
    id: (t) => t.id,
    created_at: (t) => t.created_at,
    updated_at: (t) => t.updated_at,
    title: (t) => t.ticket_attributes[TITLE],
    description: (t) => t.ticket_attributes[DESCRIPTION],
    ticket_type_id: (t) => t.typeId,
    contact_ids: (t) => t.contacts.contacts.map((c) => c.id),
    admin_assignee_id: (t) => t.admin_assignee_id,
    open: (t) => t.open,
    state: (t) => store.ticketTypes.get(t.typeId)?.ticket_states.data.find((s) => s.id === t.stateId)?.category,
  };
  router.on('POST', '/tickets/search', api((request) => {
    const {query, pagination} = body(request);
    const test = matcher(query, searchFields);
    if (typeof test !== 'function') return test;
    const seen = Date.now();
    const reply = cursorPage([...store.tickets.values()].filter((t) => t.indexedAt <= seen && test(t)), pagination?.per_page ?? 20, pagination?.starting_after, 'asc', render(ctx.base(request)), 'data');
    // Search tickets answers a ticket.list with the records under `tickets`.
    const json = reply.json as {data?: unknown[]} | undefined;
    if (reply.status !== 200 || !json?.data) return reply;
    const {data, ...rest} = json;
    return {status: 200, json: {...rest, type: 'ticket.list', tickets: data}};
  }, {body: ['query', 'pagination', 'sort']}));

  router.on('POST', '/tickets', api((request) => {
    const fields = body(request);
    const type = store.ticketTypes.get(String(fields.ticket_type_id ?? ''));
    if (fields.ticket_type_id === undefined) return missing('ticket_type_id');
    if (!type || type.archived) return errorList(400, 'parameter_invalid', 'Ticket type not found', 'ticket_type_id');
    // "The list of contacts (users or leads) affected by this ticket. Currently only one is allowed"
    if (!Array.isArray(fields.contacts) || fields.contacts.length !== 1) return invalid('contacts', 'one contact is required');
    const contact = store.contacts.get(String(fields.contacts[0]?.id ?? ''));
    if (!contact) return errorList(404, 'not_found', 'User Not Found');
    if (fields.created_at !== undefined && !isInt(fields.created_at)) return errorList(400, 'type_mismatch', 'created_at must be a Unix timestamp', 'created_at');
    const attributes = (fields.ticket_attributes ?? {}) as Record<string, unknown>;
    if (typeof attributes !== 'object' || Array.isArray(attributes)) return invalid('ticket_attributes', 'ticket_attributes must be an object');
    const known = new Set(type.ticket_type_attributes.data.map((a) => a.name));
    for (const name of Object.keys(attributes)) if (!known.has(name)) return invalid('ticket_attributes', `Attribute '${name}' does not exist on the ticket type`);
    for (const attribute of type.ticket_type_attributes.data) if (attribute.required_to_create && (attributes[attribute.name] ?? '') === '') return errorList(400, 'parameter_invalid', 'Missing required ticket attributes');
    const id = store.newId();
    const at = (fields.created_at as number | undefined) ?? now();
    const submitted = type.ticket_states.data.find((state) => state.category === 'submitted')!;
    const ticket: StoredTicket = {type: 'ticket', id, ticket_id: String(store.tickets.size + 1), category: type.category, ticket_attributes: {...attributes}, typeId: type.id, stateId: submitted.id, contacts: {type: 'contact.list', contacts: [{type: 'contact', id: contact.id, external_id: contact.external_id}]}, admin_assignee_id: '0', team_assignee_id: '0', created_at: at, updated_at: now(), open: true, is_shared: type.category === 'Customer', parts: [], tagIds: [], indexedAt: Date.now() + ctx.searchLagMs};
    store.tickets.set(id, ticket);
    return {status: 200, json: store.nativeTicket(ticket, ctx.base(request))};
  }, {body: ['ticket_type_id', 'contacts', 'conversation_to_link_id', 'company_id', 'created_at', 'ticket_attributes', 'assignment', 'skip_notifications']}));

  router.on('GET', '/tickets/:id', api((request) => {
    const ticket = find(request.params.id);
    return ticket ? {status: 200, json: store.nativeTicket(ticket, ctx.base(request))} : ticketNotFound();
  }));

  router.on('PUT', '/tickets/:id', api((request) => {
    const ticket = find(request.params.id);
    if (!ticket) return ticketNotFound();
    const fields = body(request);
    const type = store.ticketTypes.get(ticket.typeId)!;
    if (fields.ticket_state_id !== undefined && !type.ticket_states.data.some((state) => state.id === String(fields.ticket_state_id)))
      return errorList(400, 'ticket_state_id_invalid', 'Ticket state id is not valid or is not associated with the ticket type');
    if (fields.admin_id !== undefined && !store.admins.has(String(fields.admin_id))) return errorList(404, 'assignee_not_found', 'Assignee not found');
    if (fields.assignee_id !== undefined && String(fields.assignee_id) !== '0' && !store.admins.has(String(fields.assignee_id)) && !store.teams.has(String(fields.assignee_id))) return errorList(404, 'assignee_not_found', 'Assignee not found');
    if (fields.open !== undefined && typeof fields.open !== 'boolean') return invalid('open', 'open must be a boolean');
    if (fields.ticket_attributes !== undefined) ticket.ticket_attributes = {...ticket.ticket_attributes, ...(fields.ticket_attributes as Record<string, unknown>)};
    if (fields.ticket_state_id !== undefined) ticket.stateId = String(fields.ticket_state_id);
    if (fields.open !== undefined) ticket.open = fields.open;
    if (fields.assignee_id !== undefined) {
      const assignee = String(fields.assignee_id);
      if (store.teams.has(assignee)) ticket.team_assignee_id = assignee;
      else ticket.admin_assignee_id = assignee;
    }
    touch(ticket);
    return {status: 200, json: store.nativeTicket(ticket, ctx.base(request))};
  }, {body: ['ticket_attributes', 'ticket_state_id', 'company_id', 'open', 'is_shared', 'snoozed_until', 'admin_id', 'assignee_id', 'skip_notifications']}));

  router.on('POST', '/tickets/:id/reply', api((request) => {
    const ticket = find(request.params.id);
    if (!ticket) return errorList(404, 'not_found', 'Resource Not Found');
    const fields = body(request);
    if (fields.created_at !== undefined && !isInt(fields.created_at)) return errorList(400, 'type_mismatch', 'created_at must be a Unix timestamp', 'created_at');
    if (typeof fields.body !== 'string' || !fields.body.trim()) return missing('body');
    if (fields.attachment_urls !== undefined && (!Array.isArray(fields.attachment_urls) || fields.attachment_urls.length > 10)) return invalid('attachment_urls', 'You can include up to 10 URLs');
    let author: StoredTicket['parts'][number]['author'];
    if (fields.type === 'admin') {
      if (fields.message_type !== 'comment' && fields.message_type !== 'note') return invalid('message_type', "message_type must be 'comment' or 'note'");
      const admin = store.admins.get(String(fields.admin_id ?? ''));
      if (!admin) return errorList(404, 'admin_not_found', 'Admin not found');
      if (fields.intercom_user_id !== undefined) return invalid('intercom_user_id', 'intercom_user_id is for replies of type user');
      author = {type: 'admin', id: admin.id, name: admin.name, email: admin.email};
    } else if (fields.type === 'user') {
      if (fields.message_type !== 'comment') return invalid('message_type', "a contact's reply has message_type 'comment'");
      if (ticket.category !== 'Customer') return errorList(400, 'parameter_mismatch', 'User replies are not allowed on Backoffice tickets');
      const contact = store.contacts.get(String(fields.intercom_user_id ?? ''));
      if (!contact) return errorList(404, 'not_found', 'Resource Not Found');
      if (fields.admin_id !== undefined) return invalid('admin_id', 'admin_id is for replies of type admin');
      author = {type: 'user', id: contact.id, name: contact.name, email: contact.email};
    } else return invalid('type', "type must be 'admin' or 'user'");
    const at = (fields.created_at as number | undefined) ?? now();
    const part = {type: 'ticket_part' as const, id: store.newId(), part_type: fields.message_type as string, body: fields.body, created_at: at, updated_at: at, author, redacted: false, fileIds: []};
    ticket.parts.push(part);
    touch(ticket);
    // Reply to a ticket answers the part it created.
    const {fileIds: _files, ...native} = part;
    return {status: 200, json: {...native, attachments: []}};
  }, {body: ['message_type', 'type', 'body', 'admin_id', 'intercom_user_id', 'email', 'user_id', 'created_at', 'attachment_urls', 'reply_options', 'cross_post', 'skip_notifications']}));

  router.on('POST', '/tickets/:id/tags', api((request) => {
    const ticket = find(request.params.id);
    if (!ticket) return ticketNotFound();
    const {id, admin_id} = body(request);
    const tag = store.tags.get(String(id ?? ''));
    if (!tag) return errorList(404, 'tag_not_found', 'Tag not found');
    if (!store.admins.has(String(admin_id ?? ''))) return errorList(404, 'admin_not_found', 'Admin not found');
    if (!ticket.tagIds.includes(tag.id)) ticket.tagIds.push(tag.id);
    touch(ticket);
    return {status: 200, json: {...tag, applied_at: now(), applied_by: {type: 'admin', id: String(admin_id)}}};
  }, {body: ['id', 'admin_id']}));
}
