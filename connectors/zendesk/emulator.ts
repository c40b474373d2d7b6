// A Zendesk Support + Help Center API emulator on 127.0.0.1: the endpoints the
// connector uses, with Zendesk's auth, errors, paginations and rate limits, and
// loopback test hooks under /__emulator/.
import type {EmulatorOptions, RunningEmulator} from '../../source/contracts/connector.js';
import type {RecordType} from '../../source/contracts/model.js';
import {RECORD_TYPES} from '../../source/contracts/model.js';
import {emptySnapshot, loadDemoAccount, type AccountSnapshot, type DemoAccount} from '../../demo-data/account.js';
import {Router, startServer, type EmulatorReply, type EmulatorRequest} from '../shared/emulator-kit.js';
import {
  articleToNeutral,
  categoryToNeutral,
  groupToNeutral,
  isCustomFieldType,
  organizationToNeutral,
  sectionToNeutral,
  ticketFieldToNeutral,
  ticketToNeutral,
  userToNeutral,
} from './api-shapes.js';
import {AccountLimits, ApiError, authenticate, forbidden, incrementalPage, isoSeconds, timeBasedPage, notFound, paginate, UNAUTHORIZED, userJson, type ApiRegistrar} from './emulator-http.js';
import {ZendeskStore, identitiesOf, type StoredUser} from './emulator-store.js';
import {registerWrites} from './emulator-writes.js';
import {registerDeletes} from './emulator-deletes.js';
import {labelsRefused, TIERS_WITHOUT_LABELS} from './emulator-help-center.js';
import {OAuthGrants, type OAuthLifetimes} from './emulator-oauth.js';
import {ZENDESK_TIERS} from './tiers.js';
import {StateFile} from '../shared/emulator-state.js';

export interface ZendeskEmulatorOptions extends EmulatorOptions {
  /** Replaceable clock (tests that pace against the emulator's rate limit) */
  now?: () => number;
  /** OAuth token lifetimes (default: access 30 minutes, refresh 30 days) */
  oauth?: OAuthLifetimes;
  /** How long an upload token works (default 60 minutes, as Zendesk documents) */
  uploadTokenTtlMs?: number;
  /** Help Center article labels (default: by tier, see TIERS_WITHOUT_LABELS) */
  articleLabels?: boolean;
  /** How long a bulk import job stays queued before it runs (default 20 ms) */
  importJobDelayMs?: number;
}

function ok(json: unknown, status = 200): EmulatorReply {
  return {status, json};
}

export async function startZendeskEmulator(options: ZendeskEmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const tier = options.tier ?? 'professional';
  const budget = ZENDESK_TIERS[tier];
  if (!budget) throw new Error(`Unknown Zendesk tier "${tier}": ${Object.keys(ZENDESK_TIERS).join(', ')}`);
  // An overridden account limit scales the per-endpoint limits in proportion.
  const accountLimit = options.rateLimit?.requestsPerMinute ?? budget.requestsPerMinute;
  const limits = new AccountLimits(accountLimit, tier === 'high_volume', !!options.rateLimit?.off, now, accountLimit / budget.requestsPerMinute);
  const store = new ZendeskStore();
  store.labelsAvailable = options.articleLabels ?? !TIERS_WITHOUT_LABELS.includes(tier);
  const router = new Router();
  const oauth = new OAuthGrants({accessTokenMs: options.oauth?.accessTokenMs ?? 30 * 60_000, refreshTokenMs: options.oauth?.refreshTokenMs ?? 30 * 24 * 3600_000}, now);

  const api: ApiRegistrar = (method, path, handler, routeOptions = {}) => {
    const wrapped = async (request: EmulatorRequest): Promise<EmulatorReply> => {
      const limited = limits.take(routeOptions.sub);
      const headers = limits.headers();
      if (limited) return {...limited, headers: {...headers, ...limited.headers}};
      const caller = authenticate(store, request, oauth);
      if (!caller) return {...UNAUTHORIZED, headers};
      try {
        if (routeOptions.admin && caller.user.role !== 'admin') throw forbidden();
        const reply = await handler(request, caller);
        return {...reply, headers: {...headers, ...reply.headers}};
      } catch (error) {
        if (error instanceof ApiError) return {status: error.status, json: error.body, headers};
        throw error;
      }
    };
    // Zendesk answers with and without the .json suffix.
    router.on(method, `${path}.json`, wrapped);
    router.on(method, path, wrapped);
  };

  const base = () => store.baseUrl;
  const liveUsers = () => [...store.users.values()].filter((user) => !user.deleted);
  const rolesOf = (request: EmulatorRequest) => [...request.query.getAll('role[]'), ...request.query.getAll('role')];
  const byRole = (request: EmulatorRequest) => {
    const roles = rolesOf(request);
    return liveUsers().filter((user) => !roles.length || roles.includes(user.role));
  };
  const must = <T>(value: T | undefined): T => {
    if (value === undefined) throw notFound();
    return value;
  };
  const idParam = (request: EmulatorRequest) => Number(request.params.id);

  // ---- Users and memberships
  api('GET', '/api/v2/users/me', (_request, caller) => ok({user: userJson(caller.user)}));
  api('GET', '/api/v2/users/count', (request) => ok({count: {value: byRole(request).length, refreshed_at: isoSeconds(now())}}));
  api('GET', '/api/v2/users/search', (request) => {
    const externalId = request.query.get('external_id');
    const query = (request.query.get('query') ?? '').trim().toLowerCase();
    let users = liveUsers();
    if (externalId !== null) users = users.filter((user) => user.external_id === externalId);
    else if (query.startsWith('email:')) users = users.filter((user) => user.email?.toLowerCase() === query.slice(6).replace(/^"|"$/g, ''));
    else users = users.filter((user) => user.name.toLowerCase().includes(query) || (user.email ?? '').toLowerCase().includes(query));
    return ok(paginate(request, base(), 'users', users.map(userJson)));
  });
  api('GET', '/api/v2/users/show_many', (request) => {
    const ids = (request.query.get('ids') ?? '').split(',').map(Number);
    return ok({users: ids.map((id) => store.users.get(id)).filter((user): user is StoredUser => !!user).map(userJson)});
  });
  api('GET', '/api/v2/users/:id/group_memberships', (request) => ok(paginate(request, base(), 'group_memberships', [...store.memberships.values()].filter((membership) => membership.user_id === idParam(request)))));
  // include=identities side-loads the users' identities (zendesk.md: people).
  const withIdentities = (request: EmulatorRequest, body: Record<string, unknown>, users: StoredUser[]) =>
    (request.query.get('include') ?? '').split(',').includes('identities') ? {...body, identities: users.flatMap(identitiesOf)} : body;
  api('GET', '/api/v2/users/:id/identities', (request) => ok(paginate(request, base(), 'identities', identitiesOf(must(store.users.get(idParam(request)))))));
  api('GET', '/api/v2/users/:id', (request) => {
    const user = must(store.users.get(idParam(request)));
    return ok(withIdentities(request, {user: userJson(user)}, [user]));
  });
  api('GET', '/api/v2/users', (request) => {
    const page = paginate(request, base(), 'users', byRole(request).map(userJson)) as Record<string, unknown>;
    return ok(withIdentities(request, page, ((page.users as Array<{id: number}>) ?? []).map((user) => store.users.get(user.id)!)));
  });
  api('GET', '/api/v2/user_fields', (request) => ok(paginate(request, base(), 'user_fields', store.userFields)));
  api('GET', '/api/v2/organization_fields', (request) => ok(paginate(request, base(), 'organization_fields', store.organizationFields)));
  api('GET', '/api/v2/group_memberships', (request) => ok(paginate(request, base(), 'group_memberships', [...store.memberships.values()])));

  // ---- Groups, organizations, ticket fields
  const liveGroups = () => [...store.groups.values()].filter((group) => !group.deleted);
  api('GET', '/api/v2/groups/count', () => ok({count: {value: liveGroups().length, refreshed_at: isoSeconds(now())}}));
  api('GET', '/api/v2/groups/:id', (request) => ok({group: must(store.groups.get(idParam(request)))}));
  api('GET', '/api/v2/groups', (request) => ok(paginate(request, base(), 'groups', liveGroups())));
  api('GET', '/api/v2/organizations/count', () => ok({count: {value: store.organizations.size, refreshed_at: isoSeconds(now())}}));
  api('GET', '/api/v2/organizations/search', (request) => {
    const externalId = request.query.get('external_id');
    const name = request.query.get('name');
    const found = [...store.organizations.values()].filter((org) => (externalId !== null ? org.external_id === externalId : org.name.toLowerCase() === (name ?? '').toLowerCase()));
    return ok(paginate(request, base(), 'organizations', found));
  });
  api('GET', '/api/v2/organizations/:id', (request) => ok({organization: must(store.organizations.get(idParam(request)))}));
  api('GET', '/api/v2/organizations', (request) => ok(paginate(request, base(), 'organizations', [...store.organizations.values()])));
  api('GET', '/api/v2/ticket_fields/:id', (request) => ok({ticket_field: must(store.ticketFields.get(idParam(request)))}));
  api('GET', '/api/v2/ticket_fields', (request) => ok(paginate(request, base(), 'ticket_fields', [...store.ticketFields.values()])));

  // ---- Tickets
  api('GET', '/api/v2/tickets/count', () => ok({count: {value: store.tickets.size, refreshed_at: isoSeconds(now())}}));
  api('GET', '/api/v2/tickets/:id/audits', (request) => {
    must(store.tickets.get(idParam(request)));
    return ok(paginate(request, base(), 'audits', store.audits.byTicket.get(idParam(request)) ?? []));
  });
  api('GET', '/api/v2/tickets/:id/comments', (request) => {
    const comments = must(store.comments.get(idParam(request)));
    return ok(paginate(request, base(), 'comments', comments.map((comment) => store.commentJson(comment))));
  });
  api('GET', '/api/v2/tickets/:id', (request) => ok({ticket: must(store.tickets.get(idParam(request)))}));
  api('GET', '/api/v2/tickets', (request) => {
    const externalId = request.query.get('external_id');
    const tickets = [...store.tickets.values()].filter((ticket) => externalId === null || ticket.external_id === externalId);
    return ok(paginate(request, base(), 'tickets', tickets));
  });
  api(
    'GET',
    '/api/v2/incremental/tickets/cursor',
    (request) => {
      const excludeDeleted = request.query.get('exclude_deleted') === 'true';
      const tickets = [...store.tickets.values()].filter((ticket) => !excludeDeleted || ticket.status !== 'deleted');
      const {page, body} = incrementalPage(request, base(), 'tickets', tickets, now());
      const sideload: Record<string, unknown> = {};
      if ((request.query.get('include') ?? '').split(',').includes('users')) {
        const ids = new Set(page.flatMap((ticket) => [ticket.requester_id, ticket.submitter_id, ticket.assignee_id, ...ticket.collaborator_ids].filter((id): id is number => !!id)));
        sideload.users = [...ids].map((id) => store.users.get(id)).filter((user): user is StoredUser => !!user).map(userJson);
      }
      return ok({tickets: page, ...sideload, ...body});
    },
    {admin: true, sub: 'incremental'},
  );
  // Time-based exports, which ferry does not use but well-known clients do (Airbyte, Singer's tap-zendesk).
  api('GET', '/api/v2/incremental/tickets', (request) => ok(timeBasedPage(request, base(), 'tickets', [...store.tickets.values()].filter((ticket) => ticket.status !== 'deleted'), now())), {admin: true, sub: 'incremental'});
  api('GET', '/api/v2/incremental/users', (request) => ok(timeBasedPage(request, base(), 'users', liveUsers().map(userJson), now())), {admin: true, sub: 'incremental'});
  api(
    'GET',
    '/api/v2/incremental/users/cursor',
    (request) => {
      const {page, body} = incrementalPage(request, base(), 'users', liveUsers(), now());
      return ok(withIdentities(request, {users: page.map(userJson), ...body}, page));
    },
    {admin: true, sub: 'incremental'},
  );

  // ---- Help Center
  api('GET', '/api/v2/help_center/locales', () => ok({locales: [store.locale], default_locale: store.locale}));
  api('GET', '/api/v2/guide/permission_groups', (request) => ok(paginate(request, base(), 'permission_groups', [...store.permissionGroups.values()])));
  api('GET', '/api/v2/help_center/categories/:id/sections', (request) => ok(paginate(request, base(), 'sections', [...store.sections.values()].filter((section) => section.category_id === idParam(request)), {defaultPerPage: 30})));
  api('GET', '/api/v2/help_center/categories/:id', (request) => ok({category: must(store.categories.get(idParam(request)))}));
  api('GET', '/api/v2/help_center/categories', (request) => ok(paginate(request, base(), 'categories', [...store.categories.values()], {defaultPerPage: 30})));
  api('GET', '/api/v2/help_center/sections/:id', (request) => ok({section: must(store.sections.get(idParam(request)))}));
  api('GET', '/api/v2/help_center/sections', (request) => ok(paginate(request, base(), 'sections', [...store.sections.values()], {defaultPerPage: 30})));
  api('GET', '/api/v2/help_center/articles/:id', (request) => ok({article: must(store.articles.get(idParam(request)))}));
  api('GET', '/api/v2/help_center/articles', (request) => {
    const labels = (request.query.get('label_names') ?? '').split(',').filter(Boolean);
    if (labels.length && !store.labelsAvailable) throw labelsRefused();
    const articles = [...store.articles.values()].filter((article) => labels.every((label) => article.label_names.includes(label)));
    return ok(paginate(request, base(), 'articles', articles, {defaultPerPage: 30}));
  });

  // A bulk import job writes after its request was answered: it saves the account itself.
  const writes = registerWrites(api, store, now, {uploadTokenTtlMs: options.uploadTokenTtlMs ?? 60 * 60_000, afterJob: () => state?.save(), importJobDelayMs: options.importJobDelayMs, baseUrl: base});
  registerDeletes(api, store, () => isoSeconds(now()));

  // ---- Attachment bytes (content_url): public by token, as Zendesk serves them by default
  router.on('GET', '/attachments/token/:token/', (request) => {
    const attachment = [...store.attachments.values()].find((att) => att.token === request.params.token);
    if (!attachment) return {status: 404, json: {error: 'RecordNotFound', description: 'Not found'}};
    return {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type, 'content-disposition': `attachment; filename="${attachment.file_name}"`}};
  });

  // ---- OAuth: the refresh-token grant (no Authorization header: the client authenticates in the body)
  router.on('POST', '/oauth/tokens', (request) => oauth.handle(request));

  // ---- Loopback test hooks
  router.on('GET', '/__emulator/oauth', () => ok({renewals: oauth.renewals}));
  // Solved tickets close on the account's schedule (4 days by default on real accounts): at once here.
  router.on('POST', '/__emulator/close-solved', () => {
    const closed = [...store.tickets.values()].filter((ticket) => ticket.status === 'solved');
    for (const ticket of closed) ticket.status = 'closed';
    return ok({closed: closed.map((ticket) => String(ticket.id))});
  });
  router.on('GET', '/__emulator/state', () => ok(Object.fromEntries(RECORD_TYPES.map((type) => [type, neutralRecords(store, type).length]))));
  router.on('GET', '/__emulator/records/:type', (request) => {
    const type = request.params.type as RecordType;
    if (!RECORD_TYPES.includes(type)) return {status: 404, json: {error: 'RecordNotFound', description: `Unknown record type ${type}`}};
    return ok(neutralRecords(store, type));
  });
  // Raw tickets with their comments and users, as stored (external ids and all): exactly-once checks read them.
  router.on('GET', '/__emulator/raw/tickets', () => ok([...store.tickets.values()].map((ticket) => ({...ticket, comments: (store.comments.get(ticket.id) ?? []).map((comment) => store.commentJson(comment))}))));
  // How long bulk import jobs wait in the queue (a busy Zendesk), for tests of lookups that must wait for them.
  router.on('POST', '/__emulator/import-job-delay', (request) => {
    writes.importJobs.setDelay(Number((request.json as {ms?: number} | undefined)?.ms ?? 20));
    return ok({ms: Number((request.json as {ms?: number} | undefined)?.ms ?? 20)});
  });
  router.on('GET', '/__emulator/raw/users', () => ok(liveUsers().map(userJson)));
  router.on('POST', '/__emulator/simulate-activity', () => ok(simulateActivity(store, isoSeconds(now()))));
  router.on('GET', '/__emulator/attachments/:id', (request) => {
    const attachment = must(store.attachments.get(Number(request.params.id)));
    return {status: 200, body: store.bytesOf(attachment), headers: {'content-type': attachment.content_type}};
  });

  const state = options.stateFile ? new StateFile(options.stateFile, store, 'zendesk') : undefined;
  const restored = !!state?.exists();
  if (state && restored) state.restore();
  // Zendesk stores an upload's bytes whatever Content-Type the client sends (some send the file's, some JSON's).
  const server = await startServer(router, {port: options.port, rawBodyPaths: /^\/api\/v2\/uploads(\.json)?$/, afterWrite: state && (() => state.save())});
  // Comment bodies hold their inline images' content URLs, so the seed needs the address
  // first, and a restored account served at another one has them moved there.
  const previousUrl = store.baseUrl;
  store.baseUrl = server.url;
  if (state && restored) {
    if (previousUrl && previousUrl !== server.url) store.rebase(previousUrl, server.url);
  } else {
    const snapshot: AccountSnapshot = options.seed === 'empty' ? emptySnapshot() : ((options.account as DemoAccount | undefined) ?? loadDemoAccount())[options.seed];
    store.seed(snapshot, isoSeconds(now()));
    store.audits.seed(store.tickets.values(), (id) => store.comments.get(id) ?? []);
    store.ensureCredentials(isoSeconds(now()));
  }
  state?.saveNow();
  const admin = store.credentials[0]!;
  const agent = store.credentials[1];
  const grant = oauth.issue(admin.userId);
  return {
    url: server.url,
    credentials: {
      email: admin.email,
      apiToken: admin.apiToken,
      // OAuth with refresh (authKind "oauth"): an expiring access token and what renews it
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      // A token of an older OAuth client that does not expire (bare Bearer tests)
      legacyAccessToken: admin.oauthToken,
      // A non-admin agent of the seed, for 403 checks (absent when the seed has none)
      ...(agent ? {readonlyEmail: agent.email, readonlyApiToken: agent.apiToken} : {}),
    },
    authKind: 'token',
    tier,
    stats: server.stats,
    ...(state ? {stateFile: state.file, restored} : {}),
    close: server.close,
  };
}

/** Every record of a neutral type, translated back from the native store (test hook). */
export function neutralRecords(store: ZendeskStore, type: RecordType): unknown[] {
  const users = [...store.users.values()].filter((user) => !user.deleted);
  switch (type) {
    case 'ticket_fields':
      return [...store.ticketFields.values()].filter((field) => isCustomFieldType(field.type)).map(ticketFieldToNeutral);
    case 'groups':
      return [...store.groups.values()].filter((group) => !group.deleted).map(groupToNeutral);
    case 'organizations':
      return [...store.organizations.values()].map(organizationToNeutral);
    case 'agents':
      return users.filter((user) => user.role !== 'end-user').map((user) => userToNeutral(user, store.groupIdsOf(user.id), identitiesOf(user)));
    case 'contacts':
      return users.filter((user) => user.role === 'end-user').map((user) => userToNeutral(user, undefined, identitiesOf(user)));
    case 'tickets':
      return [...store.tickets.values()].map((ticket) => {
        const comments = (store.comments.get(ticket.id) ?? []).map((comment) => store.commentJson(comment));
        const neutral = ticketToNeutral(ticket, comments, (id) => store.users.get(id)?.email ?? undefined);
        for (const comment of neutral.comments) {
          comment.attachments = comment.attachments.map((att) => ({...att, sha256: store.sha256Of(store.attachments.get(Number(att.id))!)}));
        }
        return neutral;
      });
    case 'kb_categories':
      return [...store.categories.values()].map(categoryToNeutral);
    case 'kb_sections':
      return [...store.sections.values()].map(sectionToNeutral);
    case 'kb_articles':
      return [...store.articles.values()].map(articleToNeutral);
  }
}

/** Activity after a full run, for a delta to pick up: new tickets, and replies on open ones. */
function simulateActivity(store: ZendeskStore, at: string): {created: string[]; updated: string[]; description: string} {
  // A customer who already asked something, with a deliverable address, and an earlier
  // ticket of theirs whose required fields are filled (its field values are copied).
  const required = new Set([...store.ticketFields.values()].filter((field) => field.required).map((field) => field.id));
  const complete = (ticket: {custom_fields: Array<{id: number; value: unknown}>}) => ticket.custom_fields.every((field) => !required.has(field.id) || (field.value !== null && field.value !== ''));
  const deliverable = (user: StoredUser | undefined) => !!user && !user.deleted && user.active && user.role === 'end-user' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(user.email ?? '');
  const template = [...store.tickets.values()].find((ticket) => complete(ticket) && deliverable(store.users.get(ticket.requester_id)));
  const requester = template ? store.users.get(template.requester_id) : undefined;
  const updated: string[] = [];
  for (const ticket of store.tickets.values()) {
    if (updated.length >= 3) break;
    if (ticket.status === 'closed' || ticket.status === 'deleted') continue;
    const comment = {id: store.nextId('comments'), type: 'Comment' as const, author_id: ticket.requester_id, body: 'Any update on this?', html_body: '<p>Any update on this?</p>', plain_body: 'Any update on this?', public: true, attachment_ids: [], created_at: at};
    store.commentIds.set(comment.id, true);
    store.comments.get(ticket.id)!.push(comment);
    Object.assign(ticket, {status: 'open', updated_at: at});
    updated.push(String(ticket.id));
  }
  const created: string[] = [];
  // Field values as the account's forms fill them: copied from the customer's earlier ticket.
  for (let index = 0; requester && template && index < 2; index++) {
    const id = store.nextId('tickets');
    const body = `I have a new question (${index + 1}).`;
    store.comments.set(id, [{id: store.nextId('comments'), type: 'Comment', author_id: requester.id, body, html_body: `<p>${body}</p>`, plain_body: body, public: true, attachment_ids: [], created_at: at}]);
    store.tickets.set(id, {id, external_id: null, subject: `New question ${index + 1}`, description: body, status: 'new', priority: 'normal', type: 'question', requester_id: requester.id, submitter_id: requester.id, assignee_id: null, group_id: template.group_id, organization_id: requester.organization_id, collaborator_ids: [], tags: [...template.tags], custom_fields: template.custom_fields.map((field) => ({...field})), created_at: at, updated_at: at});
    created.push(String(id));
  }
  return {created, updated, description: `${created.length} new tickets and ${updated.length} tickets with a new reply`};
}
