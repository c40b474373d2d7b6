// A loopback Intercom REST API for tests and the demo: an app's access token (Bearer; 401 with
// Intercom's Error List otherwise), the Intercom-Version header (an unknown version refused), the
// app's limit evenly spread over 10-second windows with X-RateLimit-Limit/Remaining/Reset on every
// authenticated answer and 429 rate_limit_exceeded beyond it, cursor pages, searches, and unknown
// query parameters or body fields refused; the Tickets product (emulator-tickets.ts) and OAuth's code
// exchange (emulator-oauth.ts). Test hooks live under /__emulator/ only; the connector never imports
// this file.
import {randomBytes} from 'node:crypto';
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type DemoAccount} from '../../demo-data/account.js';
import {StateFile} from '../shared/emulator-state.js';
import {Router, startServer, type EmulatorReply, type EmulatorRequest, type Handler} from '../shared/emulator-kit.js';
import {IntercomStore} from './emulator-store.js';
import {registerRoutes} from './emulator-routes.js';
import {registerConversationRoutes} from './emulator-conversations.js';
import {IntercomOAuth} from './emulator-oauth.js';
import {registerTicketRoutes} from './emulator-tickets.js';
import {registerDeleteRoutes} from './emulator-deletes.js';
import {errorList, type EmulatorContext, type Guard} from './emulator-context.js';
import {INTERCOM_TIERS, WINDOW_SECONDS} from './tiers.js';

/** The versions the emulator answers (the reference's 2.x versions); an unknown one is refused. */
export const KNOWN_VERSIONS = ['2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', 'Unstable'];

/** Intercom-only knobs (tests set them; the demo takes the defaults). */
export interface IntercomEmulatorExtras {
  /** Milliseconds before a new contact or conversation shows in search results (default 1000) */
  searchLagMs?: number;
  /** How many of the seed's last tickets are Tickets-product tickets instead of conversations (default 0) */
  ticketsAsTickets?: number;
  /** The clock of the rate-limit windows and of the OAuth codes' expiry (tests move one they share with ferry) */
  now?: () => number;
}

/** Fixed 10-second windows, as the rate-limit page describes them (X-RateLimit-Reset: the window's end). */
class WindowLimiter {
  private start = 0;
  private used = 0;
  constructor(public readonly limit: number) {}
  take(now = Date.now()): {ok: boolean; remaining: number; reset: number} {
    const windowStart = Math.floor(now / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
    if (windowStart !== this.start) {
      this.start = windowStart;
      this.used = 0;
    }
    const reset = (windowStart + WINDOW_SECONDS * 1000) / 1000;
    if (this.used >= this.limit) return {ok: false, remaining: 0, reset};
    this.used++;
    return {ok: true, remaining: this.limit - this.used, reset};
  }
}

export async function startIntercomEmulator(options: EmulatorOptions & IntercomEmulatorExtras): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const tierName = options.tier && options.tier in INTERCOM_TIERS ? options.tier : 'app';
  const perMinute = options.rateLimit?.requestsPerMinute ?? INTERCOM_TIERS[tierName as keyof typeof INTERCOM_TIERS].requestsPerMinute;
  const store = new IntercomStore();
  const state = options.stateFile ? new StateFile(options.stateFile, store, 'intercom') : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  else store.seed(options.seed === 'empty' ? emptySnapshot() : ((options.account as DemoAccount | undefined) ?? loadDemoAccount())[options.seed], Date.now(), options.ticketsAsTickets ?? 0);
  // The token belongs to an app installed by the first admin (one is added to a workspace without one).
  let owner = [...store.admins.values()][0];
  if (!owner) {
    const id = store.newId();
    owner = {type: 'admin', id, name: 'Emulator Admin', email: 'admin@emulator.test', job_title: null, away_mode_enabled: false, has_inbox_seat: true, team_ids: []};
    store.admins.set(id, owner);
  }
  const ownerId = owner.id;
  const token = (store.token ??= `dG9rOmVtdWxhdG9y${randomBytes(18).toString('hex')}`);
  const limiter = new WindowLimiter(Math.max(1, Math.ceil(perMinute / (60 / WINDOW_SECONDS))));
  const limitsOff = options.rateLimit?.off === true;
  const context: EmulatorContext = {store, searchLagMs: options.searchLagMs ?? 1000, adminId: () => ownerId, base: (request) => `http://${request.headers.host ?? '127.0.0.1'}`};

  const oauth = new IntercomOAuth(now);
  const router = new Router();
  /** Every API route: the token, the version, the rate limit (headers on every authenticated answer), then the parameters. */
  const api = (handler: Handler, guard: Guard = {}): Handler => async (request) => {
    const auth = request.headers.authorization;
    if (!auth?.startsWith('Bearer ') || (auth.slice(7) !== token && !oauth.isToken(auth.slice(7)))) return errorList(401, 'unauthorized', 'Access Token Invalid');
    const version = request.headers['intercom-version'];
    if (typeof version === 'string' && !KNOWN_VERSIONS.includes(version)) return errorList(400, 'intercom_version_invalid', 'The requested version could not be found');
    const headers: Record<string, string> = {};
    if (!limitsOff) {
      const taken = limiter.take(now());
      Object.assign(headers, {'x-ratelimit-limit': String(limiter.limit), 'x-ratelimit-remaining': String(taken.remaining), 'x-ratelimit-reset': String(taken.reset)});
      if (!taken.ok) return {...errorList(429, 'rate_limit_exceeded', `Exceeded rate limit of ${limiter.limit} in 10_seconds`), headers};
    }
    const reply = unknownParameters(request, guard) ?? (await handler(request));
    return {...reply, headers: {...headers, ...reply.headers}};
  };

  registerRoutes(router, api, context);
  registerConversationRoutes(router, api, context);
  registerTicketRoutes(router, api, context);
  registerDeleteRoutes(router, api, context);
  registerHooks(router, context);
  // OAuth (authKind "oauth"): the token endpoint, and hooks for a new code and for revoking the app's tokens.
  router.on('POST', '/auth/eagle/token', (request) => oauth.handle(request));
  router.on('POST', '/__emulator/oauth/code', () => ({status: 200, json: {code: oauth.issueCode()}}));
  router.on('POST', '/__emulator/oauth/revoke', () => (oauth.revokeAll(), {status: 200, json: {revoked: true}}));
  router.on('GET', '/__emulator/oauth', () => ({status: 200, json: {exchanges: oauth.exchanges}}));

  if (state && !restored) state.saveNow();
  // 10 MB files travel base64 in JSON, ten to a reply.
  const server = await startServer(router, {port: options.port, maxBodyBytes: 150 * 1024 * 1024, notFound: () => errorList(404, 'not_found', 'Resource Not Found'), afterWrite: state && (() => state.save())});
  return {url: server.url, credentials: {accessToken: token, clientId: oauth.clientId, clientSecret: oauth.clientSecret, authorizationCode: oauth.issueCode()}, authKind: 'token', tier: tierName, stats: server.stats, ...(state ? {stateFile: state.file, restored} : {}), close: server.close};
}

/** Parameters and body fields the endpoint does not document are refused, as a strict server would. */
function unknownParameters(request: EmulatorRequest, guard: Guard): EmulatorReply | undefined {
  for (const key of new Set(request.query.keys())) if (!(guard.query ?? []).includes(key)) return errorList(400, 'parameter_invalid', `Unknown parameter: ${key}`, key);
  const json = request.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) for (const key of Object.keys(json)) if (!(guard.body ?? []).includes(key)) return errorList(400, 'parameter_invalid', `Unknown field: ${key}`, key);
  return undefined;
}

function registerHooks(router: Router, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('GET', '/__emulator/state', () => ({status: 200, json: {contacts: store.contacts.size, companies: store.companies.size, conversations: store.conversations.size, tickets: store.tickets.size, parts: [...store.conversations.values()].reduce((n, c) => n + c.parts.length, 0), files: store.files.size, attributes: store.attributes.size, collections: store.collections.size, articles: store.articles.size}}));
  router.on('GET', '/__emulator/records/:type', (request) => {
    const type = request.params.type as RecordType;
    if (!RECORD_TYPES.includes(type)) return {status: 404, json: {message: `Unknown record type ${type}`}};
    return {status: 200, json: store.neutral(type, ctx.base(request))};
  });
  // Native shapes with ferry's markers, for tests that check a target's exact contents.
  router.on('GET', '/__emulator/raw/:kind', (request) => {
    const base = ctx.base(request);
    switch (request.params.kind) {
      case 'conversations':
        return {status: 200, json: [...store.conversations.values()].map((c) => store.nativeConversation(c, base))};
      case 'tickets':
        return {status: 200, json: [...store.tickets.values()].map((ticket) => store.nativeTicket(ticket, base, true))};
      case 'contacts':
        return {status: 200, json: [...store.contacts.values()].map((c) => store.nativeContact(c))};
      case 'companies':
        return {status: 200, json: [...store.companies.values()]};
      case 'attributes':
        return {status: 200, json: [...store.attributes.values()]};
      case 'collections':
        return {status: 200, json: [...store.collections.values()]};
      case 'articles':
        return {status: 200, json: [...store.articles.values()]};
      case 'tags':
        return {status: 200, json: [...store.tags.values()]};
      case 'archived':
        return {status: 200, json: {contacts: [...store.archivedContacts.values()].map((c) => store.nativeContact(c)), companies: [...store.archivedCompanies.values()]}};
      default:
        return {status: 404, json: {message: `Unknown kind ${request.params.kind}`}};
    }
  });
  router.on('POST', '/__emulator/simulate-activity', () => ({status: 200, json: simulateActivity(ctx)}));
}

/** A delta's worth of changes: contacts reply on two conversations, one is closed, a new one arrives. */
function simulateActivity(ctx: EmulatorContext): {description: string} {
  const {store} = ctx;
  const at = Math.floor(Date.now() / 1000);
  const conversations = [...store.conversations.values()].sort((a, b) => Number(a.id) - Number(b.id));
  const changed: string[] = [];
  for (const conversation of conversations.slice(0, 2)) {
    const contact = conversation.contacts.contacts[0]!;
    conversation.parts.push({type: 'conversation_part', id: store.newId(), part_type: 'comment', body: '<p>Any news on this?</p>', created_at: at, updated_at: at, author: {type: 'user', id: contact.id}, fileIds: []});
    Object.assign(conversation, {state: 'open', open: true, updated_at: at});
    changed.push(conversation.id);
  }
  const closing = conversations[2];
  if (closing) {
    Object.assign(closing, {state: 'closed', open: false, updated_at: at});
    changed.push(closing.id);
  }
  const contact = [...store.contacts.values()][0];
  let created: string | undefined;
  if (contact) {
    created = store.newId();
    store.conversations.set(created, {type: 'conversation', id: created, title: 'New question after the migration', created_at: at, updated_at: at, state: 'open', open: true, priority: 'not_priority', admin_assignee_id: null, team_assignee_id: null, tags: {type: 'tag.list', tags: []}, source: {type: 'conversation', id: store.newId(), delivered_as: 'customer_initiated', subject: '', body: '<p>Hello, one more question.</p>', author: {type: 'user', id: contact.id}, fileIds: []}, contacts: {type: 'contact.list', contacts: [{type: 'contact', id: contact.id}]}, custom_attributes: {}, parts: [], indexedAt: 0});
  }
  return {description: `${changed.length} conversation(s) changed (${changed.join(', ')})${created ? `, conversation ${created} created` : ''}`};
}
