// Reading a Zendesk account: cursor pagination for lists, the cursor-based
// incremental export for tickets (and for users when a delta is asked), each
// ticket's comments from /tickets/{id}/comments, and the Help Center lists.
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import {mapConcurrently} from '../../source/platform/concurrency.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import type {AnyRecord, Attachment, Id, RecordOf, RecordType} from '../../source/contracts/model.js';
import {
  articleToNeutral,
  auditsToEvents,
  categoryToNeutral,
  groupToNeutral,
  isCustomFieldType,
  organizationToNeutral,
  sectionToNeutral,
  ticketFieldToNeutral,
  ticketToNeutral,
  userToNeutral,
  type ZdArticle,
  type ZdAudit,
  type ZdCategory,
  type ZdComment,
  type ZdGroup,
  type ZdGroupMembership,
  type ZdOrganization,
  type ZdSection,
  type ZdTicket,
  type ZdTicketField,
  type ZdUser,
  type ZdIdentity,
} from './api-shapes.js';
import {cursorPages, incrementalPages} from './paging.js';

export const ENDPOINT = {
  incremental: 'incremental.export',
  ticketsRead: 'tickets.read',
  ticketsImport: 'tickets.import',
  ticketsUpdate: 'tickets.update',
  usersRead: 'users.read',
  usersWrite: 'users.write',
  other: 'other',
  helpCenter: 'help_center',
  uploads: 'uploads',
} as const;

export interface ZendeskSourceOptions {
  /** Records per list page (cursor pagination caps at 100) */
  pageSize?: number;
  /** Tickets per incremental export page (the API allows up to 1000) */
  ticketsPerPage?: number;
}

type PageCursor = {after?: string; phase?: number; incremental?: string};

const USER_ROLES: Record<'agents' | 'contacts', string[]> = {agents: ['admin', 'agent'], contacts: ['end-user']};

const LISTS: Partial<Record<RecordType, {url: string; key: string; endpoint: string; convert: (item: never) => AnyRecord | undefined}>> = {
  ticket_fields: {url: '/api/v2/ticket_fields.json', key: 'ticket_fields', endpoint: ENDPOINT.other, convert: (field: ZdTicketField) => (isCustomFieldType(field.type) ? ticketFieldToNeutral(field) : undefined)},
  groups: {url: '/api/v2/groups.json', key: 'groups', endpoint: ENDPOINT.other, convert: (group: ZdGroup) => (group.deleted ? undefined : groupToNeutral(group))},
  organizations: {url: '/api/v2/organizations.json', key: 'organizations', endpoint: ENDPOINT.other, convert: organizationToNeutral},
  kb_categories: {url: '/api/v2/help_center/categories.json', key: 'categories', endpoint: ENDPOINT.helpCenter, convert: categoryToNeutral},
  kb_sections: {url: '/api/v2/help_center/sections.json', key: 'sections', endpoint: ENDPOINT.helpCenter, convert: sectionToNeutral},
  kb_articles: {url: '/api/v2/help_center/articles.json', key: 'articles', endpoint: ENDPOINT.helpCenter, convert: articleToNeutral},
};

const SHOW: Record<RecordType, {url: (id: string) => string; key: string}> = {
  ticket_fields: {url: (id) => `/api/v2/ticket_fields/${id}.json`, key: 'ticket_field'},
  groups: {url: (id) => `/api/v2/groups/${id}.json`, key: 'group'},
  organizations: {url: (id) => `/api/v2/organizations/${id}.json`, key: 'organization'},
  agents: {url: (id) => `/api/v2/users/${id}.json?include=identities`, key: 'user'},
  contacts: {url: (id) => `/api/v2/users/${id}.json?include=identities`, key: 'user'},
  tickets: {url: (id) => `/api/v2/tickets/${id}.json`, key: 'ticket'},
  kb_categories: {url: (id) => `/api/v2/help_center/categories/${id}.json`, key: 'category'},
  kb_sections: {url: (id) => `/api/v2/help_center/sections/${id}.json`, key: 'section'},
  kb_articles: {url: (id) => `/api/v2/help_center/articles/${id}.json`, key: 'article'},
};

export function headerNumber(response: HttpResponse, name: string): number | undefined {
  const raw = response.headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Who the credentials belong to, and what they cannot do. */
export async function checkAccount(http: HttpClient, settings: ConnectorSettings, side: 'source' | 'target'): Promise<AccountCheck> {
  const response = await http.request<{user: ZdUser}>({method: 'GET', url: '/api/v2/users/me.json', endpoint: ENDPOINT.usersRead});
  const me = response.body.user;
  const host = new URL(settings.baseUrl).host;
  const problems: string[] = [];
  if (me.role !== 'admin') {
    problems.push(
      side === 'source'
        ? `${me.email ?? me.name} is not an administrator: the incremental ticket export is admins-only. Use an administrator's email and API token (or an admin's OAuth token).`
        : `${me.email ?? me.name} is not an administrator: ticket import, ticket fields and agents can only be written by an admin. Use an administrator's email and API token (or an admin's OAuth token).`,
    );
  }
  return {
    description: `${host} as ${me.name}${me.email ? ` <${me.email}>` : ''} (${me.role})`,
    problems,
    liveRequestsPerMinute: headerNumber(response, 'x-rate-limit'),
  };
}

function matches(record: {createdAt: string; updatedAt: string}, filter: SourceFilter): boolean {
  if (filter.createdFrom && record.createdAt < filter.createdFrom) return false;
  if (filter.createdTo && record.createdAt > filter.createdTo) return false;
  if (filter.updatedSince && record.createdAt < filter.updatedSince && record.updatedAt < filter.updatedSince) return false;
  return true;
}

/** Incremental exports refuse a start_time within the last minute: an earlier start
 * only returns more (already-seen) records, so a fresh delta starts 61 s back. */
const unix = (iso: string) => Math.min(Math.floor(Date.parse(iso) / 1000), Math.floor(Date.now() / 1000) - 61);
const encode = (cursor: PageCursor) => JSON.stringify(cursor);
function decode(cursor: string | undefined): PageCursor {
  if (!cursor) return {};
  try {
    return JSON.parse(cursor) as PageCursor;
  } catch {
    throw new Error(`Not a Zendesk read position: ${cursor.slice(0, 40)}`);
  }
}

export function openZendeskSource(settings: ConnectorSettings, http: HttpClient, options: ZendeskSourceOptions = {}): SourceSession {
  const pageSize = options.pageSize ?? 100;
  const ticketsPerPage = options.ticketsPerPage ?? 100;
  let memberships: Promise<Map<number, number[]>> | undefined;

  /** Every agent's groups, read once per session from /group_memberships. */
  function groupsByUser(): Promise<Map<number, number[]>> {
    memberships ??= (async () => {
      const byUser = new Map<number, number[]>();
      for await (const page of cursorPages<ZdGroupMembership>(http, {url: '/api/v2/group_memberships.json', key: 'group_memberships', endpoint: ENDPOINT.other, pageSize, what: 'group memberships'})) {
        for (const membership of page.items) byUser.set(membership.user_id, [...(byUser.get(membership.user_id) ?? []), membership.group_id]);
      }
      return byUser;
    })();
    return memberships;
  }

  async function commentsOf(ticketId: number): Promise<ZdComment[]> {
    const comments: ZdComment[] = [];
    for await (const page of cursorPages<ZdComment>(http, {url: `/api/v2/tickets/${ticketId}/comments.json`, key: 'comments', endpoint: ENDPOINT.ticketsRead, pageSize: 100, what: `ticket ${ticketId} comments`})) {
      comments.push(...page.items);
    }
    return comments;
  }

  /** Ticket history for options.eventsAsNotes: one more list per ticket, read only when asked. */
  const withEvents = settings.options?.eventsAsNotes === true;
  async function eventsOf(ticketId: number) {
    const audits: ZdAudit[] = [];
    for await (const page of cursorPages<ZdAudit>(http, {url: `/api/v2/tickets/${ticketId}/audits.json`, key: 'audits', endpoint: ENDPOINT.ticketsRead, pageSize: 100, what: `ticket ${ticketId} audits`})) audits.push(...page.items);
    return auditsToEvents(audits);
  }
  async function historyOf(native: ZdTicket) {
    const [comments, events] = await Promise.all([commentsOf(native.id), withEvents ? eventsOf(native.id) : undefined]);
    return {comments, events};
  }
  const toNeutral = (native: ZdTicket, history: {comments: ZdComment[]; events?: ReturnType<typeof auditsToEvents>}, emailOf: (id: number) => string | undefined) => {
    const ticket = ticketToNeutral(native, history.comments, emailOf);
    return history.events ? {...ticket, events: history.events} : ticket;
  };

  async function* readList(type: RecordType, cursor: PageCursor, filter: SourceFilter): AsyncGenerator<Page<AnyRecord>> {
    const list = LISTS[type]!;
    for await (const page of cursorPages<never>(http, {url: list.url, key: list.key, endpoint: list.endpoint, pageSize, startAfter: cursor.after, what: type})) {
      const records = page.items.map((item) => list.convert(item)).filter((record): record is AnyRecord => !!record && matches(record, filter));
      yield {records, ...(page.after ? {cursor: encode({after: page.after})} : {})};
    }
  }

  async function* readUsers(type: 'agents' | 'contacts', cursor: PageCursor, filter: SourceFilter): AsyncGenerator<Page<AnyRecord>> {
    const roles = USER_ROLES[type];
    const groups = type === 'agents' ? await groupsByUser() : new Map<number, number[]>();
    // Identities side-loaded with the page (include=identities): every email and phone of each user.
    const convert = (users: ZdUser[], body?: Record<string, unknown>) =>
      users.filter((user) => roles.includes(user.role)).map((user) => userToNeutral(user, groups.get(user.id), body?.identities as ZdIdentity[] | undefined)).filter((person) => matches(person, filter));
    if (filter.updatedSince) {
      // Delta: the incremental user export returns users created or updated since then.
      for await (const page of incrementalPages<ZdUser>(http, {url: '/api/v2/incremental/users/cursor.json', key: 'users', endpoint: ENDPOINT.incremental, startTime: unix(filter.updatedSince), cursor: cursor.incremental, perPage: ticketsPerPage, include: 'identities', what: type})) {
        yield {records: convert(page.items, page.body), ...(page.after ? {cursor: encode({incremental: page.after})} : {})};
      }
      return;
    }
    // role[] cannot repeat through a key/value query map, so each role is its own listing.
    for (let phase = cursor.phase ?? 0; phase < roles.length; phase++) {
      const startAfter = phase === cursor.phase ? cursor.after : undefined;
      for await (const page of cursorPages<ZdUser>(http, {url: '/api/v2/users.json', key: 'users', endpoint: ENDPOINT.usersRead, searchParams: {role: roles[phase], include: 'identities'}, pageSize, startAfter, what: type})) {
        const next = page.after ? {phase, after: page.after} : phase + 1 < roles.length ? {phase: phase + 1} : undefined;
        yield {records: convert(page.items, page.body), ...(next ? {cursor: encode(next)} : {})};
      }
    }
  }

  async function* readTickets(cursor: PageCursor, filter: SourceFilter): AsyncGenerator<Page<AnyRecord>> {
    // A ticket created at or after createdFrom was also updated at or after it, so the
    // export can start there; createdTo is checked on each ticket.
    const starts = [filter.updatedSince, filter.createdFrom].filter((value): value is string => !!value).map(unix);
    const startTime = starts.length ? Math.min(...starts) : 0;
    const emails = new Map<number, string>();
    for await (const page of incrementalPages<ZdTicket>(http, {
      url: '/api/v2/incremental/tickets/cursor.json',
      key: 'tickets',
      endpoint: ENDPOINT.incremental,
      startTime,
      cursor: cursor.incremental,
      perPage: ticketsPerPage,
      include: 'users',
      searchParams: {exclude_deleted: true},
      what: 'tickets',
    })) {
      for (const user of (page.body.users as ZdUser[] | undefined) ?? []) if (user.email) emails.set(user.id, user.email);
      const wanted = page.items.filter((native) => native.status !== 'deleted' && matches({createdAt: native.created_at, updatedAt: native.updated_at}, filter));
      // Comments are fetched a few tickets at a time: one call after another would leave
      // the budget unused whenever a response takes longer than the pacing gap.
      const histories = await mapConcurrently(wanted, 4, historyOf);
      const records: AnyRecord[] = wanted.map((native, index) => toNeutral(native, histories[index]!, (id) => emails.get(id)));
      yield {records, ...(page.after ? {cursor: encode({incremental: page.after})} : {})};
    }
  }

  async function showOne<T>(url: string, what: string): Promise<T | undefined> {
    const response = await http.request<Record<string, T>>({method: 'GET', url, accept: [404], endpoint: ENDPOINT.other, what});
    return response.status === 404 ? undefined : (response.body as unknown as T);
  }

  async function countOf(url: string, searchParams?: Record<string, string>): Promise<number> {
    const response = await http.request<{count: {value: number} | number}>({method: 'GET', url, searchParams, endpoint: ENDPOINT.other});
    const count = response.body.count;
    return typeof count === 'number' ? count : count.value;
  }

  return {
    check: () => checkAccount(http, settings, 'source'),

    async count(type, filter) {
      const filtered = !!(filter.createdFrom || filter.createdTo || filter.updatedSince);
      if (filtered && type !== 'ticket_fields') return undefined;
      switch (type) {
        case 'tickets':
          return countOf('/api/v2/tickets/count.json');
        case 'agents':
          return (await countOf('/api/v2/users/count.json', {role: 'agent'})) + (await countOf('/api/v2/users/count.json', {role: 'admin'}));
        case 'contacts':
          return countOf('/api/v2/users/count.json', {role: 'end-user'});
        case 'organizations':
          return countOf('/api/v2/organizations/count.json');
        case 'groups':
          return countOf('/api/v2/groups/count.json');
        case 'ticket_fields': {
          let total = 0;
          for await (const page of readList('ticket_fields', {}, filter)) total += page.records.length;
          return total;
        }
        default: {
          // Help Center offset lists report the total in `count`.
          const list = LISTS[type]!;
          const response = await http.request<{count?: number}>({method: 'GET', url: list.url, searchParams: {per_page: 1}, endpoint: list.endpoint});
          return response.body.count;
        }
      }
    },

    read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
      const cursor = decode(options.cursor);
      let pages: AsyncIterable<Page<AnyRecord>>;
      if (type === 'tickets') pages = readTickets(cursor, options.filter);
      else if (type === 'agents' || type === 'contacts') pages = readUsers(type, cursor, options.filter);
      else pages = readList(type, cursor, options.filter);
      return pages as AsyncIterable<Page<RecordOf[T]>>;
    },

    async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
      const show = SHOW[type];
      const body = await showOne<Record<string, unknown>>(show.url(id), `${type} ${id}`);
      const native = body?.[show.key];
      if (!native) return undefined;
      let record: AnyRecord | undefined;
      if (type === 'tickets') {
        const ticket = native as ZdTicket;
        const history = await historyOf(ticket);
        const emails = new Map<number, string>();
        const ccIds = [...new Set([...(ticket.collaborator_ids ?? []), ...(ticket.email_cc_ids ?? [])])];
        if (ccIds.length) {
          const users = await http.request<{users: ZdUser[]}>({method: 'GET', url: '/api/v2/users/show_many.json', searchParams: {ids: ccIds.join(',')}, endpoint: ENDPOINT.usersRead});
          for (const user of users.body.users) if (user.email) emails.set(user.id, user.email);
        }
        record = toNeutral(ticket, history, (userId) => emails.get(userId));
      } else if (type === 'agents' || type === 'contacts') {
        const user = native as ZdUser;
        record = userToNeutral(user, user.role === 'end-user' ? undefined : (await groupsByUser()).get(user.id), body.identities as ZdIdentity[] | undefined);
      } else if (type === 'ticket_fields') record = ticketFieldToNeutral(native as ZdTicketField);
      else if (type === 'groups') record = groupToNeutral(native as ZdGroup);
      else if (type === 'organizations') record = organizationToNeutral(native as ZdOrganization);
      else if (type === 'kb_categories') record = categoryToNeutral(native as ZdCategory);
      else if (type === 'kb_sections') record = sectionToNeutral(native as ZdSection);
      else record = articleToNeutral(native as ZdArticle);
      return record as RecordOf[T];
    },

    async download(attachment: Attachment): Promise<Buffer> {
      const response = await http.request<Buffer>({method: 'GET', url: attachment.url, responseType: 'buffer', endpoint: ENDPOINT.other, what: `attachment ${attachment.fileName}`});
      return response.body;
    },
  };
}
