// Low-level REST 2.0 helpers shared by the source and target sessions: the API
// prefix, RT's page-numbered collections (per_page capped at 100 by RT, replies
// carry page/pages/next_page), and the loading of lookup tables.
import type {ConnectorSettings} from '../../source/contracts/connector.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {pageNumberStrategy, paginate} from '../../source/platform/paginator.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {RtCollection, RtCustomField, RtUser, RtQueue} from './api-shapes.js';
import {fromRtCustomField, SYSTEM_FIELD_NAMES} from './api-shapes.js';
import type {TicketField} from '../../source/contracts/model.js';

export const PER_PAGE = 100;
/** RT returns 415 without a JSON content type, even on GETs. */
export const JSON_HEADERS = {'Content-Type': 'application/json'};

/** Users' base URL is RT's web URL (http://rt.example); "/REST/2.0" is accepted too. */
export function restPrefix(settings: ConnectorSettings): string {
  return /\/REST\/2\.0\/?$/.test(settings.baseUrl) ? '' : '/REST/2.0';
}

export function restBase(settings: ConnectorSettings): string {
  return settings.baseUrl.replace(/\/$/, '') + restPrefix(settings);
}

export const enc = encodeURIComponent;

/** REST 2.0 collections leave disabled records out unless asked (RT::REST2::Resource::Collection). */
export const WITH_DISABLED = {find_disabled_rows: 1} as const;

/**
 * One condition of RT's QueryByJSON. RT joins conditions on the same field with OR unless
 * `entry_aggregator: 'AND'` is sent (RT::REST2::Resource::Collection::QueryByJSON passes it as
 * ENTRYAGGREGATOR; RT::SearchBuilder's default for a repeated field is OR), so a window on one
 * field must say AND: see `allOf`.
 */
export interface SearchCondition {
  field: string;
  operator?: string;
  value: unknown;
  entry_aggregator?: 'AND' | 'OR';
}

/** Conditions that must all hold, whatever fields they share. */
export function allOf(conditions: SearchCondition[]): SearchCondition[] {
  return conditions.map((condition) => ({...condition, entry_aggregator: 'AND'}));
}

export interface CollectionRequest {
  path: string;
  params?: Record<string, string | number | undefined>;
  /** A JSON search (RT's QueryByJSON), sent as POST */
  search?: SearchCondition[];
  endpoint: string;
}

export class RtApi {
  constructor(
    readonly http: HttpClient,
    readonly prefix: string,
  ) {}

  async getCollection<T>(request: CollectionRequest, page: number, perPage = PER_PAGE): Promise<RtCollection<T>> {
    const searchParams = {...request.params, page, per_page: perPage};
    const response = await this.http.request<RtCollection<T>>({
      method: request.search ? 'POST' : 'GET',
      url: this.prefix + request.path,
      searchParams,
      json: request.search,
      headers: request.search ? undefined : JSON_HEADERS,
      endpoint: request.endpoint,
      // A JSON search is sent as POST but only reads.
      repeatable: true,
    });
    return response.body;
  }

  /** Every page of a collection from `startPage`, with its resume position; throws on a page loop. */
  async *pages<T>(request: CollectionRequest, startPage = 1): AsyncGenerator<{items: T[]; nextPage?: number}> {
    const pages = paginate({
      guard: new PageLoopGuard('Request Tracker', request.path),
      start: startPage,
      ...pageNumberStrategy(async (page) => {
        const body = await this.getCollection<T>(request, page);
        const items = body.items ?? [];
        // RT only sends next_page when another page exists; a page past the end comes back empty.
        const more = !!body.next_page && items.length > 0;
        if (more && Number(body.page) !== page) throw new Error(`Request Tracker answered page ${body.page} when page ${page} was asked for ${request.path}`);
        return {items, more};
      }),
    });
    for await (const {items, next} of pages) yield {items, nextPage: next};
  }

  async all<T>(request: CollectionRequest): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(request)) out.push(...page.items);
    return out;
  }

  async get<T>(path: string, endpoint: string, what?: string): Promise<T | undefined> {
    const response = await this.http.request<T>({method: 'GET', url: this.prefix + path, headers: JSON_HEADERS, endpoint, accept: [404], what});
    return response.status === 404 ? undefined : response.body;
  }

  /**
   * Which of these users are privileged (agents), read from each user's own record.
   * Not from RT's internal "Privileged" group: since RT 5.0.3+dfsg-3~deb12u7 (CVE-2026-108353)
   * REST 2.0 no longer finds internal groups, and a collection's `fields=Privileged` comes back
   * "" for everyone (it is a method, not a column), so only GET /user/:id tells. Answers are
   * kept per user and LastUpdated, so reading agents and then contacts costs one call a user.
   */
  async privilegedNames(users: RtUser[]): Promise<Set<string>> {
    const flags = await Promise.all(users.map((user) => this.isPrivileged(user)));
    return new Set(users.filter((_, i) => flags[i]).map((user) => user.Name));
  }

  private readonly privilegeByUser = new Map<string, boolean>();

  private async isPrivileged(user: RtUser): Promise<boolean> {
    const key = `${user.Name}\u0000${user.LastUpdated ?? ''}`;
    const known = this.privilegeByUser.get(key);
    if (known !== undefined) return known;
    const record = await this.get<{Privileged?: number | string}>(`/user/${enc(user.Name)}`, 'users.get', `user ${user.Name}`);
    const privileged = Boolean(Number(record?.Privileged ?? 0));
    this.privilegeByUser.set(key, privileged);
    return privileged;
  }

  /** Disabled users included: inactive people are users too, and their markers must be found after a crash. */
  users(search: CollectionRequest['search'] = []): Promise<RtUser[]> {
    return this.all<RtUser>({path: '/users', search: allOf([{field: 'id', operator: '>', value: 0}, ...(search ?? [])]), params: {fields: USER_FIELDS, orderby: 'id', ...WITH_DISABLED}, endpoint: 'users.list'});
  }

  queues(): Promise<RtQueue[]> {
    return this.all<RtQueue>({path: '/queues/all', params: {fields: QUEUE_FIELDS, orderby: 'id'}, endpoint: 'queues.list'});
  }

  /** Every ticket custom field (system fields included), with the values of selection fields. */
  async ticketFields(includeSystem = false): Promise<TicketField[]> {
    const cfs = await this.all<RtCustomField>({
      path: '/customfields',
      search: [{field: 'LookupType', value: 'RT::Queue-RT::Ticket'}],
      params: {fields: CF_FIELDS, orderby: 'id'},
      endpoint: 'customfields.list',
    });
    const fields: TicketField[] = [];
    for (const cf of cfs) {
      if (!includeSystem && SYSTEM_FIELD_NAMES.has(cf.Name)) continue;
      const values = cf.Type === 'Select' || cf.Type === 'Combobox' || cf.Type === 'Autocomplete' ? await this.fieldOptions(String(cf.id)) : [];
      fields.push(fromRtCustomField(cf, values));
    }
    return fields;
  }

  /**
   * A selection field's values with their labels. The values collection lists names only
   * (REST2 CustomFieldValues serializes id and name, and ignores `fields=`), so each
   * label (the value's Description) costs one GET /customfield/:id/value/:id.
   */
  async fieldOptions(cfId: string): Promise<Array<{name: string; label?: string}>> {
    const items = await this.all<{id: string | number; name: string}>({path: `/customfield/${cfId}/values`, endpoint: 'customfields.values'});
    const options: Array<{name: string; label?: string}> = [];
    for (const item of items) {
      const value = await this.get<{Name?: string; Description?: string}>(`/customfield/${cfId}/value/${item.id}`, 'customfields.values');
      options.push({name: item.name, label: value?.Description || undefined});
    }
    return options;
  }

  async fieldValues(cfId: string): Promise<string[]> {
    const items = await this.all<{name: string}>({path: `/customfield/${cfId}/values`, endpoint: 'customfields.values'});
    return items.map((item) => item.name);
  }
}

export const USER_FIELDS = 'id,Name,EmailAddress,RealName,Organization,WorkPhone,MobilePhone,HomePhone,Disabled,Created,LastUpdated,Comments';
export const QUEUE_FIELDS = 'Name,Description,Disabled,Created,LastUpdated';
export const CF_FIELDS = 'Name,Type,MaxValues,LookupType,Pattern,Description,Disabled,Created,LastUpdated';
export const TICKET_FIELDS = 'Subject,Status,Priority,Queue,Owner,Requestor,Cc,CustomFields,Created,LastUpdated';
