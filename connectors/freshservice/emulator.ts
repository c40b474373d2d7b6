// A loopback Freshservice API v2 for tests and the demo: Basic auth with an API key (401 otherwise),
// page/per_page (at most 100) with the link header, the tickets list's 30-day default window,
// per-plan limits with X-RateLimit-* headers and 429 + Retry-After, Freshworks' error bodies
// ({description, errors[{field, message, code}]} and {code, message}), refusal of any parameter or
// field the documentation does not list (invalid_field), Problem and Change Management refused
// with 403 on the Starter plan, and Filter Tickets seeing new tickets only after an index lag.
// Test hooks live under /__emulator/ only. The connector never imports this file.
import {freshworksApi} from '../freshworks/emulator-kit.js';
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type DemoAccount} from '../../demo-data/account.js';
import {StateFile} from '../shared/emulator-state.js';
import {basicAuth, Router, startServer} from '../shared/emulator-kit.js';
import {FRESHSERVICE_TIERS} from './tiers.js';
import {FreshserviceStore} from './emulator-store.js';
import {registerRoutes} from './emulator-routes.js';
import {registerWriteRoutes} from './emulator-writes.js';
import {registerDeleteRoutes} from './emulator-deletes.js';
import type {Api, Guard, EmulatorContext} from './emulator-context.js';

export const EMULATOR_ADMIN_KEY = 'fs-emulator-admin-key';
/** A key of an agent without admin rights (403 on admin-only calls). */
export const EMULATOR_AGENT_KEY = 'fs-emulator-agent-key';

export interface FreshserviceEmulatorExtras {
  /** Milliseconds before Filter Tickets sees a new or changed ticket (default 2000; not documented) */
  filterLagMs?: number;
  /** Problem and Change Management (off on the Starter plan by default) */
  itsm?: boolean;
}

export async function startFreshserviceEmulator(options: EmulatorOptions & FreshserviceEmulatorExtras): Promise<RunningEmulator> {
  const tierName = options.tier && options.tier in FRESHSERVICE_TIERS ? options.tier : 'growth';
  const tier = FRESHSERVICE_TIERS[tierName as keyof typeof FRESHSERVICE_TIERS];
  const store = new FreshserviceStore();
  // A demo folder keeps the account between processes (connectors/shared/emulator-state.ts).
  const state = options.stateFile ? new StateFile(options.stateFile, store, 'freshservice') : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  else {
    const account = options.seed === 'empty' ? undefined : ((options.account as DemoAccount | undefined) ?? loadDemoAccount());
    store.seed(account ? (options.seed === 'source' ? account.source : account.target) : emptySnapshot(), options.seed === 'source');
  }
  const keys = ensureKeyOwners(store);
  if (state && !restored) state.saveNow();

  const ctx: EmulatorContext = {
    store,
    features: {filterLagMs: options.filterLagMs ?? 2000, itsm: options.itsm ?? tierName !== 'starter'},
    base: (request) => `http://${request.headers.host ?? '127.0.0.1'}`,
    agentId: (request) => keys.get(basicAuth(request.headers)?.user ?? '')!.agentId,
  };

  /** Every API route: the Freshworks kit's rate limit, auth and rights, then the plan's modules, then parameters. */
  const api: Api = freshworksApi<Guard>({
    requestsPerMinute: options.rateLimit?.requestsPerMinute ?? tier.requestsPerMinute,
    tierRequestsPerMinute: tier.requestsPerMinute,
    endpoints: tier.endpoints,
    limitsOff: options.rateLimit?.off === true,
    keys,
    refuse: (guard) => (guard.itsm && !ctx.features.itsm ? {status: 403, json: {code: 'require_feature', message: `The ${guard.itsm} feature is not available in your plan.`}} : undefined),
  });

  const router = new Router();
  registerRoutes(router, api, ctx);
  registerWriteRoutes(router, api, ctx);
  registerDeleteRoutes(router, api, ctx);
  registerHooks(router, ctx);
  const server = await startServer(router, {port: options.port, maxBodyBytes: 100 * 1024 * 1024, afterWrite: state && (() => state.save())});
  return {url: server.url, credentials: {apiKey: EMULATOR_ADMIN_KEY, readonlyApiKey: EMULATOR_AGENT_KEY}, authKind: 'apikey', tier: tierName, stats: server.stats, ...(state ? {stateFile: state.file, restored} : {}), close: server.close};
}

function ensureKeyOwners(store: FreshserviceStore): Map<string, {agentId: number; admin: boolean}> {
  const now = new Date().toISOString();
  const owner = (admin: boolean) => {
    const found = [...store.agents.values()].find((agent) => agent.roles.some((role) => (role.role_id === 1) === admin));
    if (found) return found.id;
    const id = store.newId();
    store.agents.set(id, {id, first_name: 'Emulator', last_name: admin ? 'Admin' : 'Agent', email: `${admin ? 'admin' : 'agent'}@emulator.test`, work_phone_number: null, active: true, member_of: [], roles: [{role_id: admin ? 1 : 3, assignment_scope: 'entire_helpdesk'}], created_at: now, updated_at: now});
    return id;
  };
  return new Map([
    [EMULATOR_ADMIN_KEY, {agentId: owner(true), admin: true}],
    [EMULATOR_AGENT_KEY, {agentId: owner(false), admin: false}],
  ]);
}

function registerHooks(router: Router, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('POST', '/__emulator/features', (request) => {
    const changes = (request.json ?? {}) as Partial<EmulatorContext['features']>;
    for (const key of ['filterLagMs', 'itsm'] as const) if (key in changes) (ctx.features as Record<string, unknown>)[key] = changes[key];
    return {status: 200, json: ctx.features};
  });
  router.on('GET', '/__emulator/state', () => {
    const counts: Record<RecordType, number> = {
      ticket_fields: [...store.fields.values()].filter((field) => !field.default_field).length,
      groups: store.groups.size,
      organizations: store.departments.size,
      agents: store.agents.size,
      contacts: store.requesters.size,
      tickets: [...store.tickets.values()].filter((ticket) => !ticket.deleted).length + store.problems.size + store.changes.size,
      kb_categories: store.categories.size,
      kb_sections: store.folders.size,
      kb_articles: store.articles.size,
    };
    return {status: 200, json: counts};
  });
  // Native shapes with ferry's markers, for tests that check a target's exact contents.
  router.on('GET', '/__emulator/raw/:kind', (request) => {
    const base = ctx.base(request);
    const kinds: Record<string, () => unknown[]> = {
      tickets: () => [...store.tickets.values()].filter((t) => !t.deleted).map((t) => ({...store.nativeTicket(t, base), conversations: store.ticketConversations(t.id).map((c) => store.nativeConversation(c, base))})),
      requesters: () => [...store.requesters.values()],
      departments: () => [...store.departments.values()],
      groups: () => [...store.groups.values()],
      ticket_fields: () => [...store.fields.values()],
      categories: () => [...store.categories.values()],
      folders: () => [...store.folders.values()],
      articles: () => [...store.articles.values()],
    };
    const list = kinds[request.params.kind!];
    return list ? {status: 200, json: list()} : {status: 404, json: {message: `Unknown kind ${request.params.kind}`}};
  });
  router.on('GET', '/__emulator/records/:type', (request) => {
    const type = request.params.type as RecordType;
    if (!RECORD_TYPES.includes(type)) return {status: 404, json: {message: `Unknown record type ${type}`}};
    return {status: 200, json: store.neutral(type, ctx.base(request))};
  });
  // A customer replies on three open tickets and opens two new ones (for delta runs).
  router.on('POST', '/__emulator/simulate-activity', () => {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const updated: string[] = [];
    for (const ticket of store.tickets.values()) {
      if (updated.length >= 3) break;
      if (ticket.status === 5 || ticket.deleted || !store.requesters.has(ticket.requester_id)) continue;
      const id = store.newId();
      store.conversations.set(id, {id, body: '<p>Any update on this?</p>', incoming: true, private: false, user_id: ticket.requester_id, source: 2, ticket_id: ticket.id, created_at: at, updated_at: at, attachmentIds: []});
      Object.assign(ticket, {status: 2, updated_at: at, indexedAt: Date.now()});
      updated.push(String(ticket.id));
    }
    const template = [...store.tickets.values()].find((ticket) => updated.includes(String(ticket.id)));
    const created: string[] = [];
    for (let index = 0; template && index < 2; index++) {
      const id = store.newId();
      store.tickets.set(id, {...template, id, subject: `New question ${index + 1}`, description: `<p>I have a new question (${index + 1}).</p>`, status: 2, responder_id: null, tags: [...template.tags], custom_fields: {...template.custom_fields}, cc_emails: [], attachmentIds: [], created_at: at, updated_at: at, indexedAt: Date.now()});
      created.push(String(id));
    }
    return {status: 200, json: {created, updated, description: `${created.length} new tickets and ${updated.length} tickets with a new reply`}};
  });
  // Attachment links stand in for the storage links Freshservice hands out (s3.amazonaws.com in the
  // documented examples): they carry their own authorisation and refuse a second credential.
  router.on('GET', '/__emulator/attachments/:id', (request) => {
    if (request.headers.authorization) return {status: 400, headers: {'content-type': 'application/xml'}, body: '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>'};
    const attachment = store.attachments.get(Number(request.params.id));
    return attachment ? {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type}} : {status: 404, json: {message: 'no such attachment'}};
  });
}
