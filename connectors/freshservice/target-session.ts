// Writing the neutral model into a Freshservice account.
//
// Markers (how findByMarker finds what an earlier, interrupted attempt created):
// - tickets: the tag ferry-<source key> plus an HTML comment in the description (ticket-writer.ts)
// - notes: an HTML comment <!-- ferry-source: … --> at the end of the body (found via /conversations)
// - requesters: "[ferry-source: …]" in background_information, looked for among the requesters
//   created since yesterday (Filter Requesters: created_at); a re-sent create is refused as a
//   duplicate email and the engine then finds the requester by email
// - departments, groups, solution categories and folders: "[ferry-source: …]" at the end of the
//   description; solution articles: the HTML comment. Readers strip them again.
// - ticket fields and agents are never created: Freshservice's API v2 documents no call that
//   creates a ticket field, and agents must be invited by an administrator. Such records fail
//   with a reason that says what to do by hand; tickets then say which values were left out.
import {createdId} from '../freshworks/errors.js';
import type {AccountCheck, ConnectorSettings, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import {matchPersonFields, type Id, type KbArticle, type KbSection, type Person, type PersonFieldValue, type RecordOf, type RecordType, type TargetPersonField, type Ticket} from '../../source/contracts/model.js';
import {articleWithMarker, idOf, withTextMarkerOf} from '../freshworks/lookups.js';
import {HttpRecordError, RecordError} from '../../source/contracts/errors.js';
import {
  articleToNative,
  departmentToNative,
  groupFromNative,
  groupToNative,
  requesterToNative,
  textMarkerOf,
  withTextMarker,
  type FsAgent,
  type FsArticle,
  type FsCategory,
  type FsDepartment,
  type FsFolder,
  type FsGroup,
  type FsRequester,
  type FsTicketField,
} from './api-shapes.js';
import {FreshserviceReader} from './paging.js';
import {FreshserviceTicketWriter} from './ticket-writer.js';
import {checkAccount} from './source-session.js';
import {filledFields, organizationLeftOut, personLeftOut} from '../shared/people.js';

/** Pages of recently created requesters looked through for a marker. */
const REQUESTER_MARKER_PAGES = 5;
/** Filter Requesters: "30 results per page", pages 1 to 40 (docs/platforms/freshservice.md). */
const FILTER_PAGE_SIZE = 30;

export function openFreshserviceTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new FreshserviceTarget(settings, http);
}

/** Where each writable type lives: path, the answer's wrapper key, and how its marker is read. */
const KINDS = {
  organizations: {path: '/api/v2/departments', one: 'department', many: 'departments', marker: (item: FsDepartment) => textMarkerOf(item.description)},
  groups: {path: '/api/v2/groups', one: 'group', many: 'groups', marker: (item: FsGroup) => textMarkerOf(item.description)},
  kb_categories: {path: '/api/v2/solutions/categories', one: 'category', many: 'categories', marker: (item: FsCategory) => textMarkerOf(item.description)},
} as const;

class FreshserviceTarget implements TargetSession {
  private readonly reader: FreshserviceReader;
  private readonly tickets: FreshserviceTicketWriter;
  private requesterFieldList: Promise<TargetPersonField[]> | undefined;
  private fieldList?: Promise<FsTicketField[]>;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new FreshserviceReader(http);
    this.tickets = new FreshserviceTicketWriter({http, reader: this.reader, fields: () => this.fields()});
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'target');
  }

  private fields(): Promise<FsTicketField[]> {
    this.fieldList ??= this.reader.ticketFields();
    return this.fieldList;
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await this.reader.agentsToNeutral(await this.reader.all<FsAgent>('/api/v2/agents', 'agents', 'agents.list'))) as Array<RecordOf[T]>;
    if (type === 'groups') return (await this.reader.all<FsGroup>('/api/v2/groups', 'groups')).map(groupFromNative) as Array<RecordOf[T]>;
    this.fieldList = undefined;
    return this.reader.customTicketFields(await this.fields()) as Array<RecordOf[T]>;
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    if (type === 'contacts' && by.email) {
      // The plain `email` filter: Filter Requesters' `query` results "may take a few minutes to get indexed".
      const response = await this.http.request<{requesters: FsRequester[]}>({method: 'GET', url: '/api/v2/requesters', searchParams: {email: by.email}, endpoint: 'requesters.list'});
      const found = (response.body?.requesters ?? []).find((requester) => requester.primary_email?.toLowerCase() === by.email!.toLowerCase());
      return found ? String(found.id) : undefined;
    }
    if (!by.name) return undefined;
    const name = by.name.toLowerCase();
    if (type === 'organizations' || type === 'groups' || type === 'kb_categories') {
      const kind = KINDS[type];
      const items = await this.reader.all<{id: number; name: string}>(kind.path, kind.many);
      return idOf(items.find((item) => item.name.toLowerCase() === name));
    }
    if (type === 'ticket_fields') return (await this.list('ticket_fields')).find((field) => field.title.toLowerCase() === name)?.id;
    return undefined;
  }

  /** The account's custom requester fields (List All Requester Fields), read once: verify places values as the writes do. */
  personFields(type: 'contacts' | 'organizations'): Promise<TargetPersonField[]> {
    if (type !== 'contacts') return Promise.resolve([]);
    this.requesterFieldList ??= this.http
      .request<{requester_fields: Array<{name: string; label: string; default: boolean}>}>({method: 'GET', url: '/api/v2/requester_fields', what: 'requester fields'})
      .then((response) => (response.body?.requester_fields ?? []).filter((field) => !field.default).map((field) => ({key: field.name, title: field.label})));
    this.requesterFieldList.catch(() => (this.requesterFieldList = undefined));
    return this.requesterFieldList;
  }

  /** `custom_fields` for the values the account has a requester field for (by name or label); the rest, and
   * phones beyond work and mobile, are named on the record. The field list is read only when there is a value. */
  private async requesterCustomFields(person: Person, context: WriteContext): Promise<{custom_fields?: Record<string, PersonFieldValue>}> {
    const {native, leftOut} = matchPersonFields(person.customFields, filledFields(person.customFields).length ? await this.personFields('contacts') : []);
    const note = personLeftOut(person, {emails: Infinity, phones: 2, fieldsLeftOut: leftOut, fieldsWhy: 'no requester field of that name on the target'});
    if (note) context.note(note);
    return Object.keys(native).length ? {custom_fields: native} : {};
  }

  /** A requester's marker read from the requester itself (View Requester): Filter Requesters sees a
   * new requester only once indexed, so a create whose answer was lost is not there yet. */
  async contactCarriesMarker(id: Id, sourceKey: string): Promise<boolean> {
    const response = await this.http.request<{requester: FsRequester}>({method: 'GET', url: `/api/v2/requesters/${id}`, accept: [404], what: `requester ${id}`});
    return response.status !== 404 && textMarkerOf(response.body?.requester?.background_information) === sourceKey;
  }

  async findAllByMarker(type: RecordType, sourceKey: string, options?: {recent?: boolean}): Promise<Id[]> {
    return type === 'tickets' ? this.tickets.findAllByMarker(sourceKey, options) : [];
  }

  async findByMarker<T extends RecordType>(type: T, sourceKey: string, record?: RecordOf[T]): Promise<Id | undefined> {
    switch (type) {
      case 'tickets':
        return this.tickets.findByMarker(sourceKey);
      case 'contacts':
        return record && exactLookups(record as Person, sourceKey).length ? this.requesterWithMarker(record as Person, sourceKey) : this.findRequester(sourceKey);
      case 'organizations':
      case 'groups':
      case 'kb_categories': {
        const kind = KINDS[type as keyof typeof KINDS];
        const items = await this.reader.all<FsDepartment & FsGroup & FsCategory>(kind.path, kind.many);
        return idOf(items.find((item) => kind.marker(item) === sourceKey));
      }
      case 'kb_sections':
        return withTextMarkerOf(await this.reader.allFolders(), sourceKey);
      case 'kb_articles':
        return articleWithMarker(await this.reader.allFolders(), (folderId) => this.reader.all<FsArticle>(`/api/v2/solutions/articles?folder_id=${folderId}`, 'articles'), sourceKey);
      default:
        return undefined;
    }
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'tickets':
        return this.tickets.create(record as Ticket, context);
      case 'contacts': {
        const person = record as RecordOf['contacts'];
        const what = `requester ${person.email ?? person.id}`;
        // Every email (primary and secondary), two phones (work, mobile) and the custom fields the account has a requester field for.
        const json = {...requesterToNative(person, context.sourceKey), ...(await this.requesterCustomFields(person, context))};
        const response = await this.http.request({method: 'POST', url: '/api/v2/requesters', json, accept: [400], what});
        // Whether a second requester with the same email is refused with 409 or with 400
        // duplicate_value is not documented: a 400 naming the email is the 409 the engine knows.
        // Its requester is not ours to return as created (undo would remove someone the account
        // already had): after an earlier send of ours the engine looks it up; otherwise the
        // record fails, and its retry links to it by email.
        const duplicate = response.status === 400 && ((response.body as {errors?: Array<{field?: string; code?: string}>})?.errors ?? []).some((e) => e.code === 'duplicate_value' && /email/.test(e.field ?? ''));
        if (duplicate) throw new HttpRecordError(`${what}: Freshservice already has a requester with this email (409/400 duplicate_value)`, 409, response.body);
        return this.idOrThrow(response, 'requester', what);
      }
      case 'organizations': {
        const fieldsLeft = organizationLeftOut(record as RecordOf['organizations'], filledFields((record as RecordOf['organizations']).customFields), 'ferry does not write Freshservice department fields');
        if (fieldsLeft) context.note(fieldsLeft);
        return this.post(KINDS.organizations.path, 'department', departmentToNative(record as RecordOf['organizations'], context.sourceKey), `department ${(record as RecordOf['organizations']).name}`);
      }
      case 'groups':
        return this.post(KINDS.groups.path, 'group', groupToNative(record as RecordOf['groups'], context.sourceKey), `group ${(record as RecordOf['groups']).name}`);
      case 'kb_categories': {
        const category = record as RecordOf['kb_categories'];
        return this.post(KINDS.kb_categories.path, 'category', {name: category.name, description: withTextMarker(category.description ?? '', context.sourceKey)}, `solution category ${category.name}`);
      }
      case 'kb_sections':
        return this.post('/api/v2/solutions/folders', 'folder', this.folderBody(record as KbSection, context), `solution folder ${(record as KbSection).name}`);
      case 'kb_articles': {
        const article = record as KbArticle;
        return this.post('/api/v2/solutions/articles', 'article', articleToNative(article, Number(article.sectionId), context.sourceKey), `solution article ${article.title}`);
      }
      case 'ticket_fields':
        throw new RecordError(freshserviceFieldRefusal(record as RecordOf['ticket_fields']));
      case 'agents':
        throw new RecordError('Freshservice agents cannot be created by a migration: invite them (Admin > Agents), then run again.');
    }
    throw new RecordError(`Freshservice: cannot create ${type}`);
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') await this.tickets.complete(targetId, record as Ticket, context);
    if (type === 'kb_sections' && (record as KbSection).parentId) context.note('Freshservice solution folders are written at the top level of their category: the folder it sat in is not kept.');
    if (type === 'kb_articles') context.note('Freshservice cannot set an article\'s dates or author: it is written by the API key\'s agent.');
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    const id = encodeURIComponent(targetId);
    switch (type) {
      case 'tickets':
        return this.tickets.update(targetId, record as Ticket, context);
      case 'contacts': {
        const {background_information: _marker, ...body} = requesterToNative(record as RecordOf['contacts'], context.sourceKey);
        await this.put(`/api/v2/requesters/${id}`, {...body, ...(await this.requesterCustomFields(record as RecordOf['contacts'], context))});
        return;
      }
      case 'organizations':
        await this.put(`${KINDS.organizations.path}/${id}`, departmentToNative(record as RecordOf['organizations'], context.sourceKey));
        return;
      case 'groups':
        await this.put(`${KINDS.groups.path}/${id}`, groupToNative(record as RecordOf['groups'], context.sourceKey));
        return;
      case 'kb_articles': {
        const article = record as KbArticle;
        const {folder_id: _folder, article_type: _type, ...body} = articleToNative(article, Number(article.sectionId), context.sourceKey);
        await this.put(`/api/v2/solutions/articles/${id}`, body);
        return;
      }
      default:
        return; // categories, folders: names rarely change; a create is never repeated for them
    }
  }

  get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return this.reader.get(type, id);
  }

  /** Visible to all users (1), in the category the engine mapped. */
  private folderBody(section: KbSection, context: WriteContext): Record<string, unknown> {
    return {name: section.name, description: withTextMarker(section.description ?? '', context.sourceKey), category_id: Number(section.categoryId), visibility: 1};
  }

  /** The requester an earlier create of this person made, looked up by the exact email and phones
   * it was created with (List All Requesters' own filters, which need no index; Freshservice refuses
   * a requester with neither, so every requester ferry created has one), then checked by its marker. */
  private async requesterWithMarker(person: Person, sourceKey: string): Promise<Id | undefined> {
    for (const [filter, value] of exactLookups(person, sourceKey)) {
      for (let page = 1; ; page++) {
        const response = await this.http.request<{requesters: FsRequester[]}>({method: 'GET', url: '/api/v2/requesters', searchParams: {[filter]: value, per_page: 100, page}, endpoint: 'requesters.list'});
        const list = response.body?.requesters ?? [];
        const found = list.find((requester) => textMarkerOf(requester.background_information) === sourceKey);
        if (found) return String(found.id);
        if (list.length < 100) break;
      }
    }
    return undefined;
  }

  private async findRequester(sourceKey: string): Promise<Id | undefined> {
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    for (let page = 1; page <= REQUESTER_MARKER_PAGES; page++) {
      // Filter Requesters answers 30 a page, pages 1 to 40, and sees a new requester only once indexed:
      // a requester with an email is found by it after a duplicate refusal (findExisting) instead.
      const response = await this.http.request<{requesters: FsRequester[]}>({method: 'GET', url: '/api/v2/requesters', searchParams: {query: `"created_at:>'${since}'"`, page}, endpoint: 'requesters.list'});
      const list = response.body?.requesters ?? [];
      const found = list.find((requester) => textMarkerOf(requester.background_information) === sourceKey);
      if (found) return String(found.id);
      if (list.length < FILTER_PAGE_SIZE) return undefined;
    }
    return undefined;
  }

  private async post(url: string, key: string, json: Record<string, unknown>, what: string, endpoint?: string): Promise<Id> {
    const response = await this.http.request({method: 'POST', url, json, accept: [400], what, endpoint});
    return this.idOrThrow(response, key, what);
  }

  private async put(url: string, json: Record<string, unknown>): Promise<void> {
    const response = await this.http.request({method: 'PUT', url, json, accept: [400], what: url});
    createdId('Freshservice', response, url);
  }

  private idOrThrow(response: HttpResponse, key: string, what: string): Id {
    return createdId('Freshservice', response, what, key);
  }
}


export type {FsFolder};

/** Why a ticket field cannot be created (TargetLimits.ticketFieldCreateRefusal: the Fields dry run says the same). */
export function freshserviceFieldRefusal(field: RecordOf['ticket_fields']): string {
  return `Freshservice's API cannot create ticket fields: add "${field.title}" by hand (Admin > Field Manager > Ticket Fields), then run again; tickets until then say their value was left out.`;
}

/** List All Requesters' exact filters for the email and phones a requester is created with. */
function exactLookups(person: Person, sourceKey: string): Array<[string, string]> {
  const native = requesterToNative(person, sourceKey);
  const pairs: Array<[string, unknown]> = [['email', native.primary_email], ['work_phone_number', native.work_phone_number], ['mobile_phone_number', native.mobile_phone_number]];
  return pairs.filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1] !== '');
}
