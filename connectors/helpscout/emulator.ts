// A loopback Help Scout Mailbox API 2.0 for tests and the demo: OAuth2 client credentials with
// expiring tokens (401 once expired), per-plan limits per minute in which writes count twice, with
// X-RateLimit-* headers and 429 + X-RateLimit-Retry-After, HAL pages of 50 (conversations 25), errors in Help Scout's
// vnd.error shape, request sizes (413), and unknown query parameters or body fields refused (Unsure: see the doc).
// Test hooks live under /__emulator/ only; the connector never imports this file.
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type DemoAccount} from '../../demo-data/account.js';
import {StateFile} from '../shared/emulator-state.js';
import {Router, startServer, type EmulatorReply, type EmulatorRequest, type Handler} from '../shared/emulator-kit.js';
import {HELPSCOUT_TIERS} from './tiers.js';
import {HelpScoutStore} from './emulator-store.js';
import {ClientCredentials, DEFAULT_TOKEN_SECONDS} from './emulator-oauth.js';
import {registerApiRoutes} from './emulator-routes.js';
import {registerDeleteRoutes} from './emulator-deletes.js';
import {vndError, type EmulatorContext, type Guard} from './emulator-context.js';
import {REQUEST_LIMIT_BYTES, UPLOAD_LIMIT_BYTES} from './request-size.js';

export type {EmulatorContext, Guard} from './emulator-context.js';

/** Help Scout-only knobs (tests set them; the demo takes the defaults). */
export interface HelpScoutEmulatorExtras {
  /** Access token lifetime in seconds (default 172800, 48 hours) */
  accessTokenSeconds?: number;
  /** Milliseconds before a new conversation shows in the `tag` filter (default 1000; unknown for the real service) */
  tagIndexLagMs?: number;
}

/** A moving one-minute window where each request has a weight (writes count 2). */
class WeightedWindow {
  private readonly stamps: Array<{at: number; weight: number}> = [];
  constructor(public limit: number) {}
  private used(now: number) {
    while (this.stamps.length && this.stamps[0]!.at <= now - 60_000) this.stamps.shift();
    return this.stamps.reduce((sum, stamp) => sum + stamp.weight, 0);
  }
  /** 0 when taken, else the seconds until enough of the window has passed. */
  take(weight: number, now = Date.now()): number {
    let used = this.used(now);
    if (used + weight <= this.limit) {
      this.stamps.push({at: now, weight});
      return 0;
    }
    for (const stamp of this.stamps) {
      used -= stamp.weight;
      if (used + weight <= this.limit) return Math.max(1, Math.ceil((stamp.at + 60_000 - now) / 1000));
    }
    return 60;
  }
  remaining(now = Date.now()) {
    return Math.max(0, this.limit - this.used(now));
  }
}

export async function startHelpScoutEmulator(options: EmulatorOptions & HelpScoutEmulatorExtras): Promise<RunningEmulator> {
  const tierName = options.tier && options.tier in HELPSCOUT_TIERS ? options.tier : 'standard';
  const tier = HELPSCOUT_TIERS[tierName as keyof typeof HELPSCOUT_TIERS];
  const store = new HelpScoutStore();
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  // A demo folder keeps the account between processes (connectors/shared/emulator-state.ts).
  const state = options.stateFile ? new StateFile(options.stateFile, store, 'helpscout') : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  else store.seed(options.seed === 'empty' ? emptySnapshot() : ((options.account as DemoAccount | undefined) ?? loadDemoAccount())[options.seed], now());
  // The app belongs to the first administrator (one is added to an account without one).
  let owner = [...store.users.values()].find((user) => user.role === 'admin' || user.role === 'owner');
  if (!owner) {
    const id = store.newId();
    owner = {id, firstName: 'Emulator', lastName: 'Admin', email: 'admin@emulator.test', role: 'owner', type: 'user', createdAt: now(), updatedAt: now()};
    store.users.set(id, owner);
  }
  const ownerId = owner.id;
  const oauth = new ClientCredentials((options.accessTokenSeconds ?? DEFAULT_TOKEN_SECONDS) * 1000, () => ownerId);
  const window = new WeightedWindow(options.rateLimit?.requestsPerMinute ?? tier.requestsPerMinute);
  const limitsOff = options.rateLimit?.off === true;
  const context: EmulatorContext = {
    store,
    tagIndexLagMs: options.tagIndexLagMs ?? 1000,
    userId: (request) => oauth.userOf(bearer(request) ?? '') ?? ownerId,
    base: (request) => `http://${request.headers.host ?? '127.0.0.1'}`,
  };

  const router = new Router();
  /** Every API route: rate limit (headers on every answer), then the token, then the parameters. */
  const api = (handler: Handler, guard: Guard = {}): Handler => async (request) => {
    const headers: Record<string, string> = {};
    if (!limitsOff) {
      const wait = window.take(guard.write ? 2 : 1);
      headers['x-ratelimit-limit-minute'] = String(window.limit);
      headers['x-ratelimit-remaining-minute'] = String(window.remaining());
      if (wait > 0) return {...vndError(429, 'Rate limit exceeded'), headers: {...headers, 'content-type': 'application/vnd.error+json', 'x-ratelimit-retry-after': String(wait)}};
    }
    let reply: EmulatorReply;
    const token = bearer(request);
    if (!token || oauth.userOf(token) === undefined) reply = vndError(401, token ? 'The access token expired or is not valid' : 'Authentication required');
    else if (request.raw.length > (guard.maxBytes ?? REQUEST_LIMIT_BYTES)) reply = tooLarge(guard.maxBytes ?? REQUEST_LIMIT_BYTES);
    else reply = unknownParameters(request, guard) ?? (await handler(request));
    return {...reply, headers: {...headers, ...reply.headers}};
  };

  router.on('POST', '/v2/oauth2/token', (request) => oauth.handle(request));
  registerApiRoutes(router, api, context);
  registerDeleteRoutes(router, api, context);
  registerHooks(router, context, oauth);

  if (state && !restored) state.saveNow();
  // No request is larger than an attachment upload's 10 MB; each route checks its own limit (Guard.maxBytes).
  const server = await startServer(router, {port: options.port, maxBodyBytes: UPLOAD_LIMIT_BYTES, tooLarge, notFound: () => vndError(404, 'Resource not found'), afterWrite: state && (() => state.save())});
  return {url: server.url, credentials: {appId: oauth.appId, appSecret: oauth.appSecret}, authKind: 'client_credentials', tier: tierName, stats: server.stats, ...(state ? {stateFile: state.file, restored} : {}), close: server.close};
}

/** 413 when "the request size was exceeded" (v1 overview: 100 kB, 256 kB Create Conversation, 10 MB an attachment). */
function tooLarge(limit: number): EmulatorReply {
  return vndError(413, `Request entity too large: at most ${limit} bytes`);
}

function bearer(request: EmulatorRequest): string | undefined {
  const value = request.headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice(7) : undefined;
}

/** Parameters and body fields the endpoint does not document are refused, as a strict server would. */
function unknownParameters(request: EmulatorRequest, guard: Guard): EmulatorReply | undefined {
  const errors: Array<{path: string; message: string; source: string}> = [];
  for (const key of new Set(request.query.keys())) if (!(guard.query ?? []).includes(key)) errors.push({path: key, message: 'Unrecognized parameter', source: 'QUERY'});
  if (guard.body && request.json && typeof request.json === 'object' && !Array.isArray(request.json))
    for (const key of Object.keys(request.json)) if (!guard.body.includes(key)) errors.push({path: key, message: 'Unrecognized field', source: 'JSON'});
  return errors.length ? vndError(400, 'Bad request', errors) : undefined;
}

function registerHooks(router: Router, ctx: EmulatorContext, oauth: ClientCredentials) {
  const {store} = ctx;
  router.on('GET', '/__emulator/state', () => ({
    status: 200,
    json: {ticket_fields: store.fields.size, agents: store.users.size, contacts: store.customers.size, tickets: store.conversations.size, threads: store.threads.size, attachments: store.attachments.size, tokensIssued: oauth.issued},
  }));
  router.on('GET', '/__emulator/records/:type', (request) => {
    const type = request.params.type as RecordType;
    if (!RECORD_TYPES.includes(type)) return {status: 404, json: {message: `Unknown record type ${type}`}};
    return {status: 200, json: store.neutral(type, ctx.base(request))};
  });
  // Native shapes with ferry's markers, for tests that check a target's exact contents.
  router.on('GET', '/__emulator/raw/:kind', (request) => {
    const base = ctx.base(request);
    if (request.params.kind === 'conversations')
      return {status: 200, json: [...store.conversations.values()].map((conversation) => ({...store.nativeConversation(conversation), imported: conversation.imported ?? false, threadList: store.conversationThreads(conversation.id).map((thread) => ({...store.nativeThread(thread, base), imported: thread.imported ?? false}))}))};
    if (request.params.kind === 'customers') return {status: 200, json: [...store.customers.values()].map((customer) => ({...customer, properties: store.propertyValues.get(customer.id) ?? {}}))};
    return {status: 404, json: {message: `Unknown kind ${request.params.kind}`}};
  });
  // Token lifetime and expiry while running (a test's "the token expires mid-run").
  router.on('POST', '/__emulator/oauth', (request) => {
    const body = (request.json ?? {}) as {accessTokenSeconds?: number; expireNow?: boolean};
    if (typeof body.accessTokenSeconds === 'number') oauth.lifetimeMs = body.accessTokenSeconds * 1000;
    if (body.expireNow) oauth.expireAll();
    return {status: 200, json: {issued: oauth.issued, accessTokenSeconds: oauth.lifetimeMs / 1000}};
  });
  router.on('POST', '/__emulator/simulate-activity', (request) => ({status: 200, json: simulateActivity(ctx, request)}));
}

/** A delta's worth of changes: customers reply on two conversations, one is closed, a new one arrives. */
function simulateActivity(ctx: EmulatorContext, request: EmulatorRequest): {description: string} {
  const {store} = ctx;
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conversations = [...store.conversations.values()].sort((a, b) => a.id - b.id);
  const changed: number[] = [];
  for (const conversation of conversations.slice(0, 2)) {
    const id = store.newId();
    store.threads.set(id, {id, conversationId: conversation.id, type: 'customer', status: 'active', state: 'published', body: '<p>Any news on this?</p>', customer: {id: conversation.primaryCustomer!.id, type: 'customer'}, createdBy: {id: conversation.primaryCustomer!.id, type: 'customer'}, createdAt: at, attachmentIds: []});
    conversation.status = 'active';
    conversation.modifiedAt = at;
    conversation.userUpdatedAt = at;
    changed.push(conversation.id);
  }
  const closing = conversations[2];
  if (closing) {
    closing.status = 'closed';
    closing.modifiedAt = at;
    closing.userUpdatedAt = at;
    changed.push(closing.id);
  }
  const customer = [...store.customers.values()][0];
  const mailbox = [...store.mailboxes.values()][0];
  let created: number | undefined;
  if (customer && mailbox) {
    created = store.newId();
    store.conversations.set(created, {id: created, number: created, type: 'email', status: 'active', state: 'published', subject: 'New question after the migration', mailboxId: mailbox.id, assignee: null, primaryCustomer: {id: customer.id, type: 'customer'}, createdAt: at, userUpdatedAt: at, closedAt: null, cc: [], tags: [], customFields: [], modifiedAt: at, indexedAt: 0});
    const thread = store.newId();
    store.threads.set(thread, {id: thread, conversationId: created, type: 'customer', status: 'active', state: 'published', body: '<p>Hello, one more question.</p>', customer: {id: customer.id, type: 'customer'}, createdBy: {id: customer.id, type: 'customer'}, createdAt: at, attachmentIds: []});
  }
  void request;
  return {description: `${changed.length} conversation(s) changed (${changed.join(', ')})${created ? `, conversation ${created} created` : ''}`};
}
