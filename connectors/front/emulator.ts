// A loopback Front Core API for tests and the demo: a Bearer API token (401 otherwise), the plan's
// requests per minute per company with x-ratelimit-limit/-remaining/-reset on every answer and 429 +
// retry-after beyond it, pages of `_results` with `_pagination.next` and signed page tokens, errors in
// Front's `_error` shape, and unknown query parameters or body fields refused (see the doc's Unsure).
// Test hooks live under /__emulator/ only; the connector never imports this file.
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type DemoAccount} from '../../demo-data/account.js';
import {StateFile} from '../shared/emulator-state.js';
import {MovingWindowLimiter, Router, startServer, type EmulatorReply, type EmulatorRequest, type Handler} from '../shared/emulator-kit.js';
import {FRONT_TIERS} from './tiers.js';
import {FrontStore} from './emulator-store.js';
import {registerApiRoutes} from './emulator-routes.js';
import {registerDeleteRoutes} from './emulator-deletes.js';
import {frontError, type EmulatorContext, type Guard} from './emulator-context.js';

/** The emulator's one API token (a demo value, not a secret of any account). */
export const EMULATOR_TOKEN = 'front-emulator-token';

export async function startFrontEmulator(options: EmulatorOptions & {now?: () => number}): Promise<RunningEmulator> {
  const tierName = options.tier && options.tier in FRONT_TIERS ? options.tier : 'starter';
  const tier = FRONT_TIERS[tierName as keyof typeof FRONT_TIERS];
  const now = options.now ?? Date.now;
  const store = new FrontStore();
  const state = options.stateFile ? new StateFile(options.stateFile, store, 'front') : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  else store.seed(options.seed === 'empty' ? emptySnapshot() : ((options.account as DemoAccount | undefined) ?? loadDemoAccount())[options.seed], Math.floor(now() / 1000));
  if (!store.inboxes.size) store.inboxes.set('inb_support', {id: 'inb_support', name: 'Support', is_private: false, address: 'support@emulator.test', channelId: 'cha_support'});
  const limiter = new MovingWindowLimiter(options.rateLimit?.requestsPerMinute ?? tier.requestsPerMinute);
  const limitsOff = options.rateLimit?.off === true;
  const context: EmulatorContext = {store, now, base: (request) => `http://${request.headers.host ?? '127.0.0.1'}`};

  const router = new Router();
  /** Every API route: the rate limit (headers on every answer), then the token, then the parameters. */
  const api = (handler: Handler, guard: Guard = {}): Handler => async (request) => {
    const headers: Record<string, string> = {};
    if (!limitsOff) {
      const at = now();
      const wait = limiter.take(at);
      headers['x-ratelimit-limit'] = String(limiter.limit);
      headers['x-ratelimit-remaining'] = String(limiter.remaining(at));
      headers['x-ratelimit-reset'] = String(Math.ceil(at / 1000) + (wait || 60));
      if (wait > 0) return {...frontError(429, 'Rate limit exceeded'), headers: {...headers, 'retry-after': String(wait)}};
    }
    let reply: EmulatorReply;
    if (request.headers.authorization !== `Bearer ${EMULATOR_TOKEN}`) reply = frontError(401, request.headers.authorization ? 'Invalid token' : 'Missing token');
    else reply = unknownParameters(request, guard) ?? (await handler(request));
    return {...reply, headers: {...headers, ...reply.headers}};
  };
  registerApiRoutes(router, api, context);
  registerDeleteRoutes(router, api, context);
  registerHooks(router, context);

  if (state && !restored) state.saveNow();
  const server = await startServer(router, {port: options.port, maxBodyBytes: 40 * 1024 * 1024, notFound: () => frontError(404, 'Resource not found'), afterWrite: state && (() => state.save())});
  return {url: server.url, credentials: {apiToken: EMULATOR_TOKEN}, authKind: 'token', tier: tierName, stats: server.stats, ...(state ? {stateFile: state.file, restored} : {}), close: server.close};
}

/** Parameters and body fields the endpoint does not document are refused (query objects `q[…]` only where `q` is). */
function unknownParameters(request: EmulatorRequest, guard: Guard): EmulatorReply | undefined {
  const unknown: string[] = [];
  for (const key of new Set(request.query.keys())) {
    const name = key.startsWith('q[') ? 'q' : key;
    if (!(guard.query ?? []).includes(name)) unknown.push(key);
  }
  const body = request.json && typeof request.json === 'object' && !Array.isArray(request.json) ? Object.keys(request.json) : request.form ? Object.keys(request.form.fields).map((name) => name.split('[')[0]!) : [];
  if (guard.body) for (const key of new Set(body)) if (!guard.body.includes(key)) unknown.push(key);
  return unknown.length ? frontError(400, `Unknown parameters: ${unknown.join(', ')}`) : undefined;
}

function registerHooks(router: Router, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('GET', '/__emulator/state', () => ({status: 200, json: {ticket_fields: store.fields.size, agents: store.teammates.size, contacts: store.contacts.size, organizations: store.accounts.size, tickets: store.conversations.size, messages: store.messages.size, comments: store.comments.size, attachments: store.attachments.size, tags: store.tags.size}}));
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
        return {status: 200, json: [...store.conversations.values()].map((c) => ({...store.nativeConversation(c, base), imported: c.imported, messages: store.conversationMessages(c.id).map((m) => ({...store.nativeMessage(m, base), imported: m.imported})), comments: store.conversationComments(c.id).map((m) => store.nativeComment(m, base))}))};
      case 'contacts':
        return {status: 200, json: [...store.contacts.values()]};
      case 'accounts':
        return {status: 200, json: [...store.accounts.values()]};
      case 'tags':
        return {status: 200, json: [...store.tags.values()]};
      default:
        return {status: 404, json: {message: `Unknown kind ${request.params.kind}`}};
    }
  });
  router.on('POST', '/__emulator/simulate-activity', () => ({status: 200, json: simulateActivity(ctx)}));
}

/** A delta's worth of changes: contacts write again on two conversations, one is archived, a new one arrives. */
function simulateActivity(ctx: EmulatorContext): {description: string} {
  const {store} = ctx;
  const at = Math.floor(ctx.now() / 1000) + 1;
  const conversations = [...store.conversations.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const changed: string[] = [];
  for (const conversation of conversations.slice(0, 2)) {
    const id = store.newId('msg');
    store.messages.set(id, {id, uid: `${id}u`, conversationId: conversation.id, is_inbound: true, created_at: at, subject: conversation.subject, authorId: null, recipients: [{handle: conversation.handle, name: null, role: 'from', contactId: conversation.contactId}, {handle: 'support@emulator.test', name: null, role: 'to', contactId: null}], body: '<p>Any news on this?</p>', attachmentIds: [], imported: false});
    conversation.status = conversation.assigneeId ? 'assigned' : 'unassigned';
    conversation.updated_at = at;
    changed.push(conversation.id);
  }
  const closing = conversations[2];
  if (closing) {
    closing.status = 'archived';
    closing.updated_at = at;
    changed.push(closing.id);
  }
  const contact = [...store.contacts.values()][0];
  let created: string | undefined;
  if (contact) {
    created = store.newId('cnv');
    store.conversations.set(created, {id: created, inboxId: 'inb_support', subject: 'New question after the migration', status: 'unassigned', assigneeId: null, contactId: contact.id, handle: contact.handles[0]!.handle, tagIds: [], custom_fields: {}, created_at: at, updated_at: at, imported: false});
    const id = store.newId('msg');
    store.messages.set(id, {id, uid: `${id}u`, conversationId: created, is_inbound: true, created_at: at, subject: 'New question after the migration', authorId: null, recipients: [{handle: contact.handles[0]!.handle, name: contact.name, role: 'from', contactId: contact.id}, {handle: 'support@emulator.test', name: null, role: 'to', contactId: null}], body: '<p>Hello, one more question.</p>', attachmentIds: [], imported: false});
  }
  return {description: `${changed.length} conversation(s) changed (${changed.join(', ')})${created ? `, conversation ${created} created` : ''}`};
}
