// A loopback Freshdesk API v2 for tests and the demo: Basic auth with an API key, Link-header
// pagination (per_page ≤ 100), List Tickets' 30-day default window and 300-page cap, per-plan
// rate limits with X-RateLimit-* headers and 429 + Retry-After, Freshdesk's error bodies, and
// multipart attachments (≤ 20 MB per request). Test hooks live under /__emulator/ only.
import {freshworksApi, linkPaginate} from '../freshworks/emulator-kit.js';
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type DemoAccount} from '../../demo-data/account.js';
import {basicAuth, Router, startServer, type EmulatorReply, type EmulatorRequest, type Handler} from '../shared/emulator-kit.js';
import {FRESHDESK_TIERS} from './tiers.js';
import {TICKET_MARKER_FIELD} from './api-shapes.js';
import {MAX_TICKET_ATTACHMENT_BYTES} from './attachments.js';
import {FreshdeskStore, ROLES} from './emulator-store.js';
import {registerWriteRoutes, validationError} from './emulator-writes.js';
import {registerDeleteRoutes} from './emulator-deletes.js';
import {QUERY} from './emulator-params.js';
import type {EmulatorContext, Guard} from './emulator-context.js';
import {StateFile} from '../shared/emulator-state.js';

export const EMULATOR_ADMIN_KEY = 'fd-emulator-admin-key';
/** A second key belonging to an agent without admin rights (403 on admin endpoints). */
export const EMULATOR_AGENT_KEY = 'fd-emulator-agent-key';

const TICKETS_PAGE_CAP = 300;
const SEARCH_PAGE_CAP = 10;
const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** Freshdesk-only knobs of the emulator (tests set them; the demo takes the defaults). */
export interface FreshdeskEmulatorExtras {
  /** Seconds before a new or changed ticket shows in search (default 5; Freshdesk says "a few minutes") */
  searchLagSeconds?: number;
  /** Multiple Companies (company_id on tickets): "Estate plan and above", so off on trial and growth by default */
  multipleCompanies?: boolean;
  /** Whether the account archives tickets (GET /tickets/archived/{id}); on by default */
  archive?: boolean;
}

export type {EmulatorContext, Guard} from './emulator-context.js';

export async function startFreshdeskEmulator(options: EmulatorOptions & FreshdeskEmulatorExtras): Promise<RunningEmulator> {
  const tierName = options.tier && options.tier in FRESHDESK_TIERS ? options.tier : 'growth';
  const tier = FRESHDESK_TIERS[tierName as keyof typeof FRESHDESK_TIERS];
  const store = new FreshdeskStore();
  // Attachment hashes are a cache, made again on demand.
  const state = options.stateFile ? new StateFile(options.stateFile, store, 'freshdesk', ['shaCache']) : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  else if (options.seed !== 'empty') {
    const account = (options.account as DemoAccount | undefined) ?? loadDemoAccount();
    store.seed(options.seed === 'source' ? account.source : account.target);
  } else store.seed(emptySnapshot());
  const keys = ensureKeyOwners(store);
  if (state && !restored) state.saveNow();

  const context: EmulatorContext = {
    store,
    features: {
      searchLagMs: (options.searchLagSeconds ?? 5) * 1000,
      multipleCompanies: options.multipleCompanies ?? (tierName === 'pro' || tierName === 'enterprise'),
      archive: options.archive ?? true,
    },
    base: (request) => `http://${request.headers.host ?? '127.0.0.1'}`,
    agentId: (request) => keys.get(basicAuth(request.headers)?.user ?? '')!.agentId,
  };

  const router = new Router();
  /** Every API route: the Freshworks kit's rate limit, auth, admin rights and parameter check. */
  const api = freshworksApi<Guard>({requestsPerMinute: options.rateLimit?.requestsPerMinute ?? tier.requestsPerMinute, tierRequestsPerMinute: tier.requestsPerMinute, endpoints: tier.endpoints, limitsOff: options.rateLimit?.off === true, keys});

  registerReadRoutes(router, api, context);
  registerWriteRoutes(router, api, context);
  registerDeleteRoutes(router, api, context);
  registerHooks(router, context);

  const server = await startServer(router, {port: options.port, maxBodyBytes: 4 * MAX_TICKET_ATTACHMENT_BYTES, afterWrite: state && (() => state.save())});
  return {url: server.url, credentials: {apiKey: EMULATOR_ADMIN_KEY, readonlyApiKey: EMULATOR_AGENT_KEY}, authKind: 'apikey', tier: tierName, stats: server.stats, ...(state ? {stateFile: state.file, restored} : {}), close: server.close};
}

/** The admin key belongs to the first administrator, the agent key to the first plain agent; missing ones are added. */
function ensureKeyOwners(store: FreshdeskStore): Map<string, {agentId: number; admin: boolean}> {
  const now = new Date().toISOString();
  const owner = (admin: boolean) => {
    const found = [...store.agents.values()].find((agent) => agent.role_ids.includes(1) === admin || (admin && agent.role_ids.includes(2)));
    if (found) return found.id;
    const id = store.newId();
    const name = admin ? 'Emulator Admin' : 'Emulator Agent';
    store.agents.set(id, {id, available: true, occasional: false, ticket_scope: 1, group_ids: [], role_ids: [admin ? 1 : 4], type: 'support_agent', contact: {name, email: `${admin ? 'admin' : 'agent'}@emulator.test`, phone: null, active: true}, created_at: now, updated_at: now});
    return id;
  };
  return new Map([
    [EMULATOR_ADMIN_KEY, {agentId: owner(true), admin: true}],
    [EMULATOR_AGENT_KEY, {agentId: owner(false), admin: false}],
  ]);
}

/** The Freshworks kit's Link pager (page ≥ 1, per_page default 30, at most 100): Freshdesk answers the bare array. */
export function paginate<T>(request: EmulatorRequest, items: T[], base: string, cap?: {pages: number; message: string}): EmulatorReply {
  return linkPaginate(request, items, base, {cap});
}

const notFound: EmulatorReply = {status: 404, body: ''};

function registerReadRoutes(router: Router, api: (handler: Handler, guard?: Guard) => Handler, ctx: EmulatorContext) {
  const {store} = ctx;
  const byId = <T>(map: Map<number, T>, id: string) => map.get(Number(id));
  const since = (request: EmulatorRequest, name: string) => {
    const value = request.query.get(name);
    return value ? Date.parse(value) : undefined;
  };

  router.on('GET', '/api/v2/tickets', api((request) => {
    const updatedSince = since(request, 'updated_since');
    const orderBy = request.query.get('order_by') ?? 'created_at';
    const direction = request.query.get('order_type') === 'asc' ? 1 : -1;
    if (!['created_at', 'updated_at', 'due_by', 'status'].includes(orderBy)) return validationError([{field: 'order_by', message: "It should be one of these values: 'created_at,due_by,updated_at,status'", code: 'invalid_value'}]);
    // Without updated_since only tickets created in the last 30 days are listed.
    const windowStart = Date.now() - DEFAULT_WINDOW_MS;
    const list = [...store.tickets.values()]
      .filter((ticket) => !ticket.deleted && !ticket.archived && (updatedSince !== undefined ? Date.parse(ticket.updated_at) >= updatedSince : Date.parse(ticket.created_at) >= windowStart))
      .filter((ticket) => !request.query.get('requester_id') || ticket.requester_id === Number(request.query.get('requester_id')))
      .filter((ticket) => !request.query.get('company_id') || ticket.company_id === Number(request.query.get('company_id')))
      .sort((a, b) => direction * (String(a[orderBy as 'created_at']).localeCompare(String(b[orderBy as 'created_at'])) || a.id - b.id));
    const withDescription = (request.query.get('include') ?? '').includes('description');
    return paginate(request, list.map((ticket) => store.nativeTicket(ticket, ctx.base(request), withDescription)).map((ticket) => (withDescription ? {...ticket, attachments: undefined} : ticket)), ctx.base(request), {
      pages: TICKETS_PAGE_CAP,
      message: 'You cannot access tickets beyond the 300th page. Please provide a smaller page number.',
    });
  }, {endpoint: 'tickets.list', query: QUERY.tickets}));
  // Archived tickets leave the list, the view and search; they are served under /archived/ only.
  router.on('GET', '/api/v2/tickets/:id', api((request) => {
    const ticket = byId(store.tickets, request.params.id!);
    return ticket && !ticket.deleted && !ticket.archived ? {status: 200, json: store.nativeTicket(ticket, ctx.base(request))} : notFound;
  }, {query: QUERY.ticket}));
  router.on('GET', '/api/v2/tickets/:id/conversations', api((request) => {
    const ticket = byId(store.tickets, request.params.id!);
    if (!ticket || ticket.archived) return notFound;
    return paginate(request, store.ticketConversations(ticket.id).map((conversation) => store.nativeConversation(conversation, ctx.base(request))), ctx.base(request));
  }, {query: QUERY.list}));
  const archiveOff: EmulatorReply = {status: 403, json: {code: 'require_feature', message: 'The Archive Tickets feature is not enabled on this account.'}};
  router.on('GET', '/api/v2/tickets/archived/:id', api((request) => {
    if (!ctx.features.archive) return archiveOff;
    const ticket = byId(store.tickets, request.params.id!);
    return ticket?.archived && !ticket.deleted ? {status: 200, json: store.nativeTicket(ticket, ctx.base(request))} : notFound;
  }, {query: QUERY.none}));
  router.on('GET', '/api/v2/tickets/archived/:id/conversations', api((request) => {
    if (!ctx.features.archive) return archiveOff;
    const ticket = byId(store.tickets, request.params.id!);
    if (!ticket?.archived) return notFound;
    return paginate(request, store.ticketConversations(ticket.id).map((conversation) => store.nativeConversation(conversation, ctx.base(request))), ctx.base(request));
  }, {query: QUERY.list}));
  router.on('GET', '/api/v2/search/tickets', api((request) => searchTickets(request, ctx), {query: QUERY.search}));

  router.on('GET', '/api/v2/contacts', api((request) => {
    const q = request.query;
    const updated = since(request, 'updated_since');
    const state = q.get('state');
    const list = [...store.contacts.values()].filter(
      (contact) =>
        (state === 'deleted' ? contact.deleted : !contact.deleted) &&
        (!q.get('email') || contact.email?.toLowerCase() === q.get('email')!.toLowerCase()) &&
        (!q.get('phone') || contact.phone === q.get('phone')) &&
        (!q.get('mobile') || contact.mobile === q.get('mobile')) &&
        (!q.get('company_id') || contact.company_id === Number(q.get('company_id'))) &&
        (updated === undefined || Date.parse(contact.updated_at) >= updated),
    );
    return paginate(request, list.sort((a, b) => a.id - b.id), ctx.base(request));
  }, {endpoint: 'contacts.list', query: QUERY.contacts}));
  router.on('GET', '/api/v2/contacts/:id', api((request) => {
    const contact = byId(store.contacts, request.params.id!);
    return contact ? {status: 200, json: contact} : notFound;
  }, {query: QUERY.none}));

  router.on('GET', '/api/v2/agents/me', api((request) => ({status: 200, json: store.agents.get(ctx.agentId(request))}), {query: QUERY.none}));
  router.on('GET', '/api/v2/agents', api((request) => {
    const email = request.query.get('email')?.toLowerCase();
    const list = [...store.agents.values()].filter((agent) => !email || agent.contact.email.toLowerCase() === email).sort((a, b) => a.id - b.id);
    return paginate(request, list, ctx.base(request));
  }, {query: QUERY.agents}));
  router.on('GET', '/api/v2/agents/:id', api((request) => {
    const agent = byId(store.agents, request.params.id!);
    return agent ? {status: 200, json: agent} : notFound;
  }, {query: QUERY.none}));
  router.on('GET', '/api/v2/roles', api(() => ({status: 200, json: ROLES}), {admin: true, query: QUERY.list}));

  router.on('GET', '/api/v2/companies/autocomplete', api((request) => {
    const name = (request.query.get('name') ?? '').toLowerCase();
    return {status: 200, json: {companies: [...store.companies.values()].filter((company) => company.name.toLowerCase().startsWith(name)).map(({id, name: found}) => ({id, name: found}))}};
  }, {query: QUERY.companyAutocomplete}));
  router.on('GET', '/api/v2/companies', api((request) => paginate(request, [...store.companies.values()].sort((a, b) => a.id - b.id), ctx.base(request)), {query: QUERY.companies}));
  router.on('GET', '/api/v2/companies/:id', api((request) => {
    const company = byId(store.companies, request.params.id!);
    return company ? {status: 200, json: company} : notFound;
  }, {query: QUERY.none}));
  router.on('GET', '/api/v2/groups', api((request) => paginate(request, [...store.groups.values()].sort((a, b) => a.id - b.id), ctx.base(request)), {query: QUERY.list}));
  router.on('GET', '/api/v2/groups/:id', api((request) => {
    const group = byId(store.groups, request.params.id!);
    return group ? {status: 200, json: group} : notFound;
  }, {query: QUERY.none}));

  // The agent-facing list shows dropdown choices as plain strings; the admin list as objects.
  // View Contact Fields / View Company Fields answer the whole list at once (freshdesk.md: people).
  router.on('GET', '/api/v2/contact_fields', api(() => ({status: 200, json: store.contactFields}), {query: QUERY.none}));
  router.on('GET', '/api/v2/company_fields', api(() => ({status: 200, json: store.companyFields}), {query: QUERY.none}));
  router.on('GET', '/api/v2/ticket_fields', api(() => ({
    status: 200,
    json: [...store.fields.values()].sort((a, b) => a.position - b.position).map((field) => (Array.isArray(field.choices) ? {...field, choices: field.choices.map((choice) => (typeof choice === 'string' ? choice : choice.value))} : field)),
  }), {query: QUERY.ticketFields}));
  // The admin list carries no choices (only the one-field view does), as documented.
  router.on('GET', '/api/v2/admin/ticket_fields', api(() => ({status: 200, json: [...store.fields.values()].sort((a, b) => a.position - b.position).map(({choices: _choices, ...field}) => field)}), {admin: true, query: QUERY.adminTicketFields}));
  router.on('GET', '/api/v2/admin/ticket_fields/:id', api((request) => {
    const field = byId(store.fields, request.params.id!);
    return field ? {status: 200, json: field} : notFound;
  }, {admin: true, query: QUERY.adminTicketFields}));

  router.on('GET', '/api/v2/solutions/categories', api((request) => paginate(request, [...store.categories.values()].sort((a, b) => a.id - b.id), ctx.base(request)), {query: QUERY.list}));
  router.on('GET', '/api/v2/solutions/categories/:id', api((request) => {
    const category = byId(store.categories, request.params.id!);
    return category ? {status: 200, json: category} : notFound;
  }, {query: QUERY.none}));
  // Top-level folders per category; folders in folders at /folders/{id}/subfolders ("Flexible Hierarchy").
  router.on('GET', '/api/v2/solutions/categories/:id/folders', api((request) => {
    if (!byId(store.categories, request.params.id!)) return notFound;
    return paginate(request, [...store.folders.values()].filter((folder) => folder.category_id === Number(request.params.id) && !folder.parent_folder_id).sort((a, b) => a.id - b.id).map((folder) => store.nativeFolder(folder)), ctx.base(request));
  }, {query: QUERY.list}));
  router.on('GET', '/api/v2/solutions/folders/:id/subfolders', api((request) => {
    if (!byId(store.folders, request.params.id!)) return notFound;
    return paginate(request, [...store.folders.values()].filter((folder) => folder.parent_folder_id === Number(request.params.id)).sort((a, b) => a.id - b.id).map((folder) => store.nativeFolder(folder)), ctx.base(request));
  }, {query: QUERY.list}));
  router.on('GET', '/api/v2/solutions/folders/:id', api((request) => {
    const folder = byId(store.folders, request.params.id!);
    return folder ? {status: 200, json: store.nativeFolder(folder)} : notFound;
  }, {query: QUERY.none}));
  router.on('GET', '/api/v2/solutions/folders/:id/articles', api((request) => {
    if (!byId(store.folders, request.params.id!)) return notFound;
    return paginate(request, [...store.articles.values()].filter((article) => article.folder_id === Number(request.params.id)).sort((a, b) => a.id - b.id), ctx.base(request));
  }, {query: QUERY.list}));
  router.on('GET', '/api/v2/solutions/articles/:id', api((request) => {
    const article = byId(store.articles, request.params.id!);
    return article ? {status: 200, json: article} : notFound;
  }, {query: QUERY.none}));

  // Attachment URLs stand in for Freshdesk's pre-signed storage links, and inline images for
  // /inline/attachment?token=…: both carry their own authorisation. Like S3 with a presigned URL,
  // the storage refuses a second credential: "only one auth mechanism allowed" (400).
  router.on('GET', '/__emulator/attachments/:id', (request) => {
    if (request.headers.authorization)
      return {status: 400, headers: {'content-type': 'application/xml'}, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>'};
    const attachment = store.attachments.get(Number(request.params.id));
    return attachment ? {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type}} : notFound;
  });
  router.on('GET', '/inline/attachment', (request) => {
    const attachment = [...store.attachments.values()].find((candidate) => candidate.inlineToken && candidate.inlineToken === request.query.get('token'));
    return attachment ? {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type}} : notFound;
  });
}

/** GET /api/v2/search/tickets?query="a:'x' AND b:>'2024-01-01'": 30 results a page, 10 pages at most. */
function searchTickets(request: EmulatorRequest, ctx: EmulatorContext): EmulatorReply {
  const raw = (request.query.get('query') ?? '').trim();
  if (!/^".*"$/.test(raw) || raw.length > 514) return validationError([{field: 'query', message: 'It should be a valid query enclosed in double quotes, at most 512 characters', code: 'invalid_value'}]);
  const clauses: Array<(ticket: Record<string, unknown>) => boolean> = [];
  for (const part of raw.slice(1, -1).split(/\s+AND\s+/)) {
    const match = /^\(?\s*(\w+):([<>]?)'((?:[^'\\]|\\.)*)'\s*\)?$/.exec(part.trim()) ?? /^\(?\s*(\w+):([<>]?)(\d+|true|false|null)\s*\)?$/.exec(part.trim());
    if (!match) return validationError([{field: 'query', message: `Could not understand "${part}"`, code: 'invalid_value'}]);
    const [, name, op, rawValue] = match;
    const value = rawValue!.replace(/\\'/g, "'");
    clauses.push((ticket) => {
      const actual = name!.startsWith('cf_') ? (ticket.custom_fields as Record<string, unknown>)[name!] : ticket[name!];
      if (op === '>') return Date.parse(String(actual)) >= Date.parse(value);
      if (op === '<') return Date.parse(String(actual)) < Date.parse(value) + 24 * 3600 * 1000;
      return String(actual) === value;
    });
  }
  const page = Number(request.query.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1 || page > SEARCH_PAGE_CAP) return validationError([{field: 'page', message: 'It should be a Positive Integer less than or equal to 10', code: 'invalid_value'}]);
  // Archived tickets are not searchable; new or changed tickets only after the index lag.
  const indexedBy = Date.now() - ctx.features.searchLagMs;
  const results = [...ctx.store.tickets.values()]
    .filter((ticket) => !ticket.deleted && !ticket.archived && (ticket.indexedAt ?? 0) <= indexedBy)
    .map((ticket) => ctx.store.nativeTicket(ticket, ctx.base(request), false))
    .filter((ticket) => clauses.every((clause) => clause(ticket as unknown as Record<string, unknown>)))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  return {status: 200, json: {results: results.slice((page - 1) * 30, page * 30), total: results.length}};
}

function registerHooks(router: Router, ctx: EmulatorContext) {
  // Freshdesk archives closed tickets after months without activity; tests make it happen now.
  // Plan features switched on or off while the emulator runs (tests of plan-gated behaviour).
  router.on('POST', '/__emulator/features', (request) => {
    const changes = (request.json ?? {}) as Partial<EmulatorContext['features']>;
    for (const key of ['searchLagMs', 'multipleCompanies', 'archive'] as const) if (key in changes) (ctx.features as Record<string, unknown>)[key] = changes[key];
    return {status: 200, json: ctx.features};
  });
  router.on('POST', '/__emulator/archive/:id', (request) => {
    const ticket = ctx.store.tickets.get(Number(request.params.id));
    if (!ticket) return {status: 404, json: {message: 'no such ticket'}};
    ticket.archived = true;
    return {status: 204, body: ''};
  });
  // Counted from the store directly: translating tickets would hash every attachment.
  router.on('GET', '/__emulator/state', () => {
    const {store} = ctx;
    const counts: Record<RecordType, number> = {
      ticket_fields: [...store.fields.values()].filter((field) => !field.default && field.name !== TICKET_MARKER_FIELD).length,
      groups: store.groups.size,
      organizations: store.companies.size,
      agents: store.agents.size,
      contacts: [...store.contacts.values()].filter((contact) => !contact.deleted).length,
      tickets: [...store.tickets.values()].filter((ticket) => !ticket.deleted).length,
      kb_categories: store.categories.size,
      kb_sections: store.folders.size,
      kb_articles: store.articles.size,
    };
    return {status: 200, json: counts};
  });
  // Native shapes with ferry's markers, for tests that check a target's exact contents.
  router.on('GET', '/__emulator/raw/:kind', (request) => {
    const {store} = ctx;
    const base = ctx.base(request);
    const kinds: Record<string, () => unknown[]> = {
      tickets: () => [...store.tickets.values()].filter((ticket) => !ticket.deleted).map((ticket) => ({...store.nativeTicket(ticket, base), conversations: store.ticketConversations(ticket.id).map((c) => store.nativeConversation(c, base))})),
      contacts: () => [...store.contacts.values()].filter((contact) => !contact.deleted),
      companies: () => [...store.companies.values()],
      groups: () => [...store.groups.values()],
      ticket_fields: () => [...store.fields.values()],
      articles: () => [...store.articles.values()],
      categories: () => [...store.categories.values()],
      folders: () => [...store.folders.values()],
    };
    const list = kinds[request.params.kind!];
    return list ? {status: 200, json: list()} : {status: 404, json: {message: `Unknown kind ${request.params.kind}`}};
  });
  router.on('GET', '/__emulator/records/:type', (request) => {
    const type = request.params.type as RecordType;
    if (!RECORD_TYPES.includes(type)) return {status: 404, json: {message: `Unknown record type ${type}`}};
    return {status: 200, json: ctx.store.neutral(type, ctx.base(request))};
  });
}
