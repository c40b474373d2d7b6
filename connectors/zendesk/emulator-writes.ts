// The emulator's write endpoints, with Zendesk's validation (422 RecordInvalid
// Over 400 lines: one closure shares the validation of comments and references among ticket
// imports, creates and updates, as Zendesk applies the same rules to each.
// with field details), admin-only rules (403) and the 50 MB attachment ceiling.
// Zendesk does not enforce "required" ticket fields through the API (they bind
// agents in the agent interface), so neither does the emulator.
import {parseMultipart, type EmulatorReply, type EmulatorRequest} from '../shared/emulator-kit.js';
import {isCustomFieldType, SYSTEM_FIELD_TYPES, type ZdArticle, type ZdCategory, type ZdGroup, type ZdOrganization, type ZdSection, type ZdTicket, type ZdTicketField} from './api-shapes.js';
import {ApiError, badRequest, forbidden, isoSeconds, notFound, recordInvalid, userJson, type ApiRegistrar} from './emulator-http.js';
import {registerHelpCenterWrites} from './emulator-help-center.js';
import {add, bodyOf, check, created, ok, pick, type Body} from './emulator-bodies.js';
import {snapshotOf} from './emulator-audits.js';
import {registerImportJobs} from './emulator-jobs.js';
import {stripHtml, type StoredAttachment, type StoredComment, type StoredUser, type ZendeskStore} from './emulator-store.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const TYPES = ['question', 'incident', 'problem', 'task'];
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;

export function registerWrites(api: ApiRegistrar, store: ZendeskStore, now: () => number, options: {uploadTokenTtlMs: number; afterJob?: () => void; importJobDelayMs?: number; baseUrl?: () => string}) {
  const stamp = () => isoSeconds(now());
  const idParam = (request: EmulatorRequest) => Number(request.params.id);
  const isAgent = (id: unknown) => {
    const user = store.users.get(Number(id));
    return !!user && !user.deleted && user.role !== 'end-user';
  };

  // ---- Users
  // Values of fields the account does not have are not kept (zendesk.md: people, unsure whether refused).
  const knownFields = (values: unknown, fields: Array<{key: string}>): Record<string, never> =>
    Object.fromEntries(Object.entries((values as Record<string, never> | undefined) ?? {}).filter(([key]) => fields.some((field) => field.key === key)));
  const identitiesFrom = (input: Body): {email?: string | null; phone?: string | null; moreIdentities?: StoredUser['moreIdentities']} => {
    const given = ((input.identities as Array<{type: string; value: string}> | undefined) ?? []).filter((identity) => identity.type === 'email' || identity.type === 'phone_number');
    if (!given.length) return {};
    const email = input.email ?? given.find((identity) => identity.type === 'email')?.value ?? null;
    const phone = input.phone ?? given.find((identity) => identity.type === 'phone_number')?.value ?? null;
    return {email, phone, moreIdentities: given.filter((identity) => identity.value !== email && identity.value !== phone) as StoredUser['moreIdentities']};
  };
  function validateUser(input: Body, existing?: StoredUser) {
    const details: Record<string, string[]> = {};
    const name = input.name ?? existing?.name;
    const email = input.email === undefined ? existing?.email : input.email;
    if (!name && !email) add(details, 'name', 'Name: cannot be blank');
    if (email && !EMAIL.test(email)) add(details, 'email', 'Email: is invalid');
    else if (email) {
      const owner = store.userByEmail(email);
      if (owner && owner.id !== existing?.id) add(details, 'email', `Email: ${email} is already being used by another user`);
    }
    if (input.role !== undefined && !['end-user', 'agent', 'admin'].includes(input.role)) add(details, 'role', 'Role: is invalid');
    if (input.organization_id && !store.organizations.has(Number(input.organization_id))) add(details, 'organization_id', 'Organization: is invalid');
    if (input.external_id) {
      const owner = [...store.users.values()].find((user) => user.external_id === input.external_id);
      if (owner && owner.id !== existing?.id) add(details, 'external_id', 'External: has already been taken');
    }
    check(details);
  }
  api('POST', '/api/v2/users', (request, caller) => {
    const input = bodyOf(request, 'user');
    if ((input.role ?? 'end-user') !== 'end-user' && caller.user.role !== 'admin') throw forbidden();
    validateUser(input);
    const at = stamp();
    const user: StoredUser = {
      id: store.nextId('users'),
      name: input.name || String(input.email).split('@')[0],
      email: input.email ?? null,
      phone: input.phone ?? null,
      role: input.role ?? 'end-user',
      active: true,
      verified: !!input.verified,
      external_id: input.external_id ?? null,
      organization_id: input.organization_id ? Number(input.organization_id) : null,
      // Create User takes more identities in `identities` (zendesk.md: people); the first email is the primary.
      ...identitiesFrom(input),
      user_fields: knownFields(input.user_fields, store.userFields),
      created_at: at,
      updated_at: at,
    };
    store.users.set(user.id, user);
    return created({user: userJson(user)});
  });
  api('PUT', '/api/v2/users/:id', (request, caller) => {
    const user = store.users.get(idParam(request));
    if (!user || user.deleted) throw notFound();
    const input = bodyOf(request, 'user');
    if (input.role !== undefined && input.role !== user.role && caller.user.role !== 'admin') throw forbidden();
    validateUser(input, user);
    for (const key of ['name', 'email', 'phone', 'role', 'external_id', 'organization_id'] as const) if (input[key] !== undefined) (user as any)[key] = input[key];
    if (input.user_fields) user.user_fields = {...user.user_fields, ...knownFields(input.user_fields, store.userFields)};
    user.updated_at = stamp();
    return ok({user: userJson(user)});
  });
  api(
    'POST',
    '/api/v2/group_memberships',
    (request) => {
      const input = bodyOf(request, 'group_membership');
      const details: Record<string, string[]> = {};
      if (!isAgent(input.user_id)) add(details, 'user_id', 'User: is invalid');
      if (!store.groups.has(Number(input.group_id))) add(details, 'group_id', 'Group: is invalid');
      check(details);
      const duplicate = [...store.memberships.values()].find((membership) => membership.user_id === Number(input.user_id) && membership.group_id === Number(input.group_id));
      if (duplicate) throw recordInvalid({user_id: ['User: is already a member of this group']});
      const at = stamp();
      const membership = {id: store.nextId('memberships'), user_id: Number(input.user_id), group_id: Number(input.group_id), default: false, created_at: at, updated_at: at};
      store.memberships.set(membership.id, membership);
      return created({group_membership: membership});
    },
    {admin: true},
  );

  // ---- Groups and organizations: names are unique
  function validateNamed(items: Iterable<{id: number; name: string}>, name: unknown, selfId?: number) {
    const details: Record<string, string[]> = {};
    if (typeof name !== 'string' || !name.trim()) add(details, 'name', 'Name: cannot be blank');
    else if ([...items].some((item) => item.id !== selfId && item.name.toLowerCase() === name.toLowerCase())) add(details, 'name', 'Name: has already been taken');
    check(details);
  }
  api(
    'POST',
    '/api/v2/groups',
    (request) => {
      const input = bodyOf(request, 'group');
      validateNamed([...store.groups.values()].filter((group) => !group.deleted), input.name);
      const at = stamp();
      const group: ZdGroup = {id: store.nextId('groups'), name: input.name, description: input.description ?? '', default: false, deleted: false, created_at: at, updated_at: at};
      store.groups.set(group.id, group);
      return created({group});
    },
    {admin: true},
  );
  api(
    'PUT',
    '/api/v2/groups/:id',
    (request) => {
      const group = store.groups.get(idParam(request));
      if (!group) throw notFound();
      const input = bodyOf(request, 'group');
      if (input.name !== undefined) validateNamed(store.groups.values(), input.name, group.id);
      Object.assign(group, pick(input, ['name', 'description']), {updated_at: stamp()});
      return ok({group});
    },
    {admin: true},
  );
  api('POST', '/api/v2/organizations', (request) => {
    const input = bodyOf(request, 'organization');
    validateNamed(store.organizations.values(), input.name);
    if (input.external_id && [...store.organizations.values()].some((org) => org.external_id === input.external_id)) throw recordInvalid({external_id: ['External: has already been taken']});
    const at = stamp();
    const organization: ZdOrganization = {id: store.nextId('orgs'), name: input.name, external_id: input.external_id ?? null, domain_names: input.domain_names ?? [], notes: input.notes ?? null, details: input.details ?? null, organization_fields: knownFields(input.organization_fields, store.organizationFields), created_at: at, updated_at: at};
    store.organizations.set(organization.id, organization);
    return created({organization});
  });
  api('PUT', '/api/v2/organizations/:id', (request) => {
    const organization = store.organizations.get(idParam(request));
    if (!organization) throw notFound();
    const input = bodyOf(request, 'organization');
    if (input.name !== undefined) validateNamed(store.organizations.values(), input.name, organization.id);
    Object.assign(organization, pick(input, ['name', 'domain_names', 'notes', 'details', 'external_id']), {updated_at: stamp()});
    if (input.organization_fields) organization.organization_fields = {...organization.organization_fields, ...knownFields(input.organization_fields, store.organizationFields)};
    return ok({organization});
  });

  // ---- Ticket fields
  function validateField(input: Body, existing?: ZdTicketField) {
    const details: Record<string, string[]> = {};
    const type = input.type ?? existing?.type;
    if (!type || !(isCustomFieldType(type) || SYSTEM_FIELD_TYPES.includes(type))) add(details, 'type', 'Type: is invalid');
    if (!(input.title ?? existing?.title)) add(details, 'title', 'Title: cannot be blank');
    if ((type === 'tagger' || type === 'multiselect') && input.custom_field_options !== undefined) {
      const options = input.custom_field_options as Array<{name?: string; value?: string}>;
      if (!options.length) add(details, 'custom_field_options', 'Field options: must have at least one option');
      for (const option of options) {
        if (!option.name || !option.value) add(details, 'custom_field_options', 'Field options: each option needs a name and a value');
        else if (/\s/.test(option.value)) add(details, 'custom_field_options', `Field options: value "${option.value}" cannot contain spaces (it is a tag)`);
      }
    }
    check(details);
  }
  const withOptionIds = (options: unknown) => (Array.isArray(options) ? options.map((option: Body) => ({id: option.id ?? store.nextId('fields') + 2_000_000, name: option.name, value: option.value})) : undefined);
  api(
    'POST',
    '/api/v2/ticket_fields',
    (request) => {
      const input = bodyOf(request, 'ticket_field');
      validateField(input);
      const at = stamp();
      const options = withOptionIds(input.custom_field_options);
      const field: ZdTicketField = {
        id: store.nextId('fields'),
        type: input.type,
        title: input.title,
        description: input.description ?? '',
        agent_description: input.agent_description ?? null,
        active: input.active ?? true,
        required: !!input.required,
        removable: true,
        regexp_for_validation: input.regexp_for_validation ?? null,
        ...(options ? {custom_field_options: options} : {}),
        created_at: at,
        updated_at: at,
      };
      store.ticketFields.set(field.id, field);
      // New fields appear on every ticket with a null value.
      for (const ticket of store.tickets.values()) ticket.custom_fields.push({id: field.id, value: null});
      return created({ticket_field: field});
    },
    {admin: true},
  );
  api(
    'PUT',
    '/api/v2/ticket_fields/:id',
    (request) => {
      const field = store.ticketFields.get(idParam(request));
      if (!field) throw notFound();
      const input = bodyOf(request, 'ticket_field');
      if (input.type !== undefined && input.type !== field.type) throw recordInvalid({type: ['Type: cannot be changed']});
      validateField(input, field);
      const options = withOptionIds(input.custom_field_options);
      Object.assign(field, pick(input, ['title', 'description', 'agent_description', 'active', 'required', 'regexp_for_validation']), options ? {custom_field_options: options} : {}, {updated_at: stamp()});
      return ok({ticket_field: field});
    },
    {admin: true},
  );

  // ---- Uploads: binary body, ?filename=, returns a token for comment.uploads
  api('POST', '/api/v2/uploads', (request) => {
    const fileName = request.query.get('filename');
    if (!fileName) throw badRequest('InvalidValue', 'filename is required');
    if (request.raw.length > UPLOAD_MAX_BYTES) throw new ApiError(413, {error: 'RequestEntityTooLarge', description: `${fileName} is larger than the 50 MB attachment limit`});
    const existingToken = request.query.get('token');
    const token = existingToken && store.uploads.has(existingToken) ? existingToken : store.newToken();
    // The documented form is the file as the raw body; some clients send multipart form data.
    const type = String(request.headers['content-type'] ?? '');
    const boundary = /^multipart\/form-data.*boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const part = boundary ? parseMultipart(request.raw, boundary[1] ?? boundary[2]!).files[0] : undefined;
    const data = part ? part.data : Buffer.from(request.raw);
    const attachment: StoredAttachment = {
      id: store.nextId('attachments'),
      file_name: fileName,
      content_type: contentTypeOf(part ? part.contentType : type, fileName),
      size: data.length,
      inline: false,
      token: store.newToken(),
      data,
    };
    store.attachments.set(attachment.id, attachment);
    store.uploads.set(token, [...(store.uploads.get(token) ?? []), attachment.id]);
    store.uploadExpiry.set(token, now() + options.uploadTokenTtlMs);
    const attachments = store.uploads.get(token)!.map((id) => store.attachmentJson(store.attachments.get(id)!));
    return created({upload: {token, expires_at: isoSeconds(store.uploadExpiry.get(token)!), attachments, attachment: store.attachmentJson(attachment)}});
  });

  /** Turns comment input into a stored comment; uploads are consumed. */
  function commentFrom(input: Body, ticketId: number, fallbackAuthor: number, at: string, details: Record<string, string[]>, dryRun: boolean): StoredComment {
    const author = Number(input.author_id ?? fallbackAuthor);
    if (!store.users.has(author)) add(details, 'comment', `Comment: author ${input.author_id} is invalid`);
    const html = String(input.html_body ?? input.body ?? input.value ?? '');
    if (!html.trim() && !(input.uploads ?? []).length) add(details, 'comment', 'Comment: body cannot be blank');
    const attachmentIds: number[] = [];
    for (const token of (input.uploads ?? []) as string[]) {
      // Zendesk: "The attachment's token expires after 60 minutes" (the exact refusal is Unsure).
      const ids = (store.uploadExpiry.get(token) ?? 0) > now() ? store.uploads.get(token) : undefined;
      if (!ids) add(details, 'uploads', `Uploads: token ${token} is invalid or has expired`);
      else attachmentIds.push(...ids);
    }
    let createdAt = input.created_at ? String(input.created_at) : at;
    if (Date.parse(createdAt) > now() + 1000) add(details, 'comment', "Comment: created_at can't be in the future");
    if (Date.parse(createdAt) < 0) createdAt = '1970-01-01T00:00:00Z';
    if (!dryRun) {
      for (const token of (input.uploads ?? []) as string[]) store.uploads.delete(token);
      // An uploaded image the body links to is shown inline, not in the attachment list.
      for (const id of attachmentIds) {
        const attachment = store.attachments.get(id)!;
        if (html.includes(`/attachments/token/${attachment.token}/`)) attachment.inline = true;
      }
    }
    const commentId = dryRun ? 0 : store.nextId('comments');
    if (!dryRun) store.commentIds.set(commentId, true);
    return {id: commentId, type: 'Comment', author_id: author, body: stripHtml(html), html_body: html, plain_body: stripHtml(html), public: input.public !== false, attachment_ids: attachmentIds, created_at: createdAt};
  }

  function validateTicketRefs(input: Body, details: Record<string, string[]>) {
    if (input.assignee_id && !isAgent(input.assignee_id)) add(details, 'assignee', 'Assignee: is invalid');
    if (input.group_id && !store.groups.has(Number(input.group_id))) add(details, 'group', 'Group: is invalid');
    if (input.organization_id && !store.organizations.has(Number(input.organization_id))) add(details, 'organization', 'Organization: is invalid');
    if (input.status !== undefined && !STATUSES.includes(input.status)) add(details, 'status', 'Status: is invalid');
    if (input.priority && !PRIORITIES.includes(input.priority)) add(details, 'priority', 'Priority: is invalid');
    if (input.type && !TYPES.includes(input.type)) add(details, 'type', 'Type: is invalid');
  }

  function applyCustomFields(ticket: ZdTicket, values: unknown) {
    for (const entry of (Array.isArray(values) ? values : []) as Array<{id: number; value: unknown}>) {
      const slot = ticket.custom_fields.find((field) => field.id === Number(entry.id));
      // Zendesk ignores ids that are not ticket fields.
      if (slot) slot.value = entry.value;
    }
  }

  const collaboratorIds = (input: unknown, at: string): number[] =>
    (Array.isArray(input) ? input : []).map((entry) => (typeof entry === 'number' ? entry : store.userForCc(typeof entry === 'string' ? entry : String((entry as Body).email), at).id));

  // ---- Ticket import: admins only; dates, authors and comments are kept. One function for the
  // single import and each ticket of a bulk import job (emulator-jobs.ts): Zendesk validates both alike.
  function importTicket(input: Body, callerId: number): ZdTicket {
      const details: Record<string, string[]> = {};
      const at = stamp();
      const requester = input.requester_id;
      if (requester === undefined || requester === null) add(details, 'requester', 'Requester: cannot be blank');
      else if (!store.users.has(Number(requester))) add(details, 'requester', 'Requester: is invalid');
      validateTicketRefs(input, details);
      const commentInputs: Body[] = Array.isArray(input.comments) ? input.comments : input.comment ? [input.comment] : input.description ? [{body: input.description}] : [];
      if (!commentInputs.length) add(details, 'description', 'Description: cannot be blank');
      for (const comment of commentInputs) commentFrom(comment, 0, Number(requester), at, details, true);
      if (input.created_at && Date.parse(input.created_at) > now() + 1000) add(details, 'created_at', "Created at: can't be in the future");
      if (input.external_id && typeof input.external_id !== 'string') add(details, 'external_id', 'External: is invalid');
      check(details);
      const clamp = (value: unknown) => (value ? (Date.parse(String(value)) < 0 ? '1970-01-01T00:00:00Z' : String(value)) : at);
      const id = store.nextId('tickets');
      const comments = commentInputs.map((comment) => commentFrom(comment, id, Number(requester), at, details, false));
      const ticket: ZdTicket = {
        id,
        external_id: input.external_id ?? null,
        subject: input.subject ?? stripHtml(comments[0]!.html_body).slice(0, 80),
        description: comments[0]!.plain_body,
        status: input.status ?? 'open',
        priority: input.priority ?? null,
        type: input.type ?? null,
        requester_id: Number(requester),
        submitter_id: Number(input.submitter_id ?? comments[0]!.author_id),
        assignee_id: input.assignee_id ? Number(input.assignee_id) : null,
        group_id: input.group_id ? Number(input.group_id) : null,
        organization_id: input.organization_id ? Number(input.organization_id) : (store.users.get(Number(requester))?.organization_id ?? null),
        collaborator_ids: collaboratorIds(input.collaborators ?? input.collaborator_ids, at),
        tags: [...new Set((input.tags ?? []) as string[])],
        custom_fields: [...store.ticketFields.values()].filter((field) => isCustomFieldType(field.type)).map((field) => ({id: field.id, value: null})),
        created_at: clamp(input.created_at),
        updated_at: clamp(input.updated_at ?? input.created_at),
      };
      applyCustomFields(ticket, input.custom_fields);
      store.tickets.set(id, ticket);
      store.comments.set(id, comments);
      store.audits.created(ticket, comments, callerId);
      return ticket;
  }
  api('POST', '/api/v2/imports/tickets', (request, caller) => created({ticket: importTicket(bodyOf(request, 'ticket'), caller.user.id)}), {admin: true});
  const importJobs = registerImportJobs(api, {importTicket, now, afterJob: options.afterJob, jobDelayMs: options.importJobDelayMs, baseUrl: options.baseUrl});

  // ---- Ticket create (not an import): dates are now, triggers would run; follow-ups of closed tickets
  api('POST', '/api/v2/tickets', (request, caller) => {
    const input = bodyOf(request, 'ticket');
    const details: Record<string, string[]> = {};
    const at = stamp();
    const requester = Number(input.requester_id ?? caller.user.id);
    if (!store.users.has(requester)) add(details, 'requester', 'Requester: is invalid');
    validateTicketRefs(input, details);
    const source = input.via_followup_source_id === undefined ? undefined : store.tickets.get(Number(input.via_followup_source_id));
    // Only a closed ticket can have a follow-up (developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets).
    if (input.via_followup_source_id !== undefined && source?.status !== 'closed') add(details, 'via_followup_source_id', 'Via followup source: is invalid');
    if (input.status === 'closed') add(details, 'status', 'Status: closed is not valid for a new ticket');
    if (!input.comment) add(details, 'description', 'Description: cannot be blank');
    else commentFrom(input.comment, 0, caller.user.id, at, details, true);
    if (input.external_id && typeof input.external_id !== 'string') add(details, 'external_id', 'External: is invalid');
    check(details);
    const id = store.nextId('tickets');
    const comment = commentFrom({...input.comment, created_at: undefined}, id, caller.user.id, at, details, false);
    const ticket: ZdTicket = {
      id,
      external_id: input.external_id ?? null,
      subject: input.subject ?? stripHtml(comment.html_body).slice(0, 80),
      description: comment.plain_body,
      status: input.status ?? (input.assignee_id ? 'open' : 'new'),
      priority: input.priority ?? null,
      type: input.type ?? null,
      requester_id: requester,
      submitter_id: caller.user.id,
      assignee_id: input.assignee_id ? Number(input.assignee_id) : null,
      group_id: input.group_id ? Number(input.group_id) : null,
      organization_id: input.organization_id ? Number(input.organization_id) : (store.users.get(requester)?.organization_id ?? null),
      collaborator_ids: collaboratorIds(input.collaborators ?? input.collaborator_ids, at),
      tags: [...new Set((input.tags ?? []) as string[])],
      custom_fields: [...store.ticketFields.values()].filter((field) => isCustomFieldType(field.type)).map((field) => ({id: field.id, value: null})),
      via: {channel: 'api', source: source ? {rel: 'follow_up', from: {ticket_id: source.id}} : {rel: null}},
      created_at: at,
      updated_at: at,
    };
    applyCustomFields(ticket, input.custom_fields);
    store.tickets.set(id, ticket);
    store.comments.set(id, [comment]);
    store.audits.created(ticket, [comment], caller.user.id);
    return created({ticket});
  });

  api(
    'PUT',
    '/api/v2/tickets/:id',
    (request, caller) => {
      const ticket = store.tickets.get(idParam(request));
      if (!ticket) throw notFound();
      const input = bodyOf(request, 'ticket');
      const details: Record<string, string[]> = {};
      // Closed is final: the shape public clients match on (docs/platforms/zendesk.md, "Closed tickets").
      if (ticket.status === 'closed') throw new ApiError(422, {error: 'RecordInvalid', description: 'Record validation errors', details: {status: [{description: 'Status: closed prevents ticket update'}]}});
      validateTicketRefs(input, details);
      const at = stamp();
      if (input.comment) commentFrom(input.comment, ticket.id, caller.user.id, at, details, true);
      check(details);
      const before = snapshotOf(ticket);
      Object.assign(ticket, pick(input, ['subject', 'status', 'priority', 'type', 'assignee_id', 'group_id', 'organization_id', 'tags']));
      applyCustomFields(ticket, input.custom_fields);
      let comment: StoredComment | undefined;
      if (input.comment) {
        // Comments added by update get the time of the update (only imports can set it).
        comment = commentFrom({...input.comment, created_at: undefined}, ticket.id, caller.user.id, at, details, false);
        store.comments.get(ticket.id)!.push(comment);
      }
      store.audits.updated(ticket, before, comment, caller.user.id, at);
      ticket.updated_at = at;
      return ok({ticket});
    },
    {sub: 'ticketUpdates'},
  );

  registerHelpCenterWrites(api, store, now, isAgent);
  return {importJobs};
}


const BY_EXTENSION: Record<string, string> = {json: 'application/json', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', zip: 'application/zip'};

/** Generic upload types (application/binary, octet-stream) are named from the file's extension. */
function contentTypeOf(header: string, fileName: string): string {
  const type = header.split(';')[0]!.trim();
  const byName = BY_EXTENSION[fileName.split('.').pop()?.toLowerCase() ?? ''];
  // Clients that post every body as JSON label files application/json: the name says better.
  if (type === 'application/json' && byName) return byName;
  if (type && type !== 'application/binary' && type !== 'application/octet-stream') return type;
  return byName ?? 'application/octet-stream';
}
