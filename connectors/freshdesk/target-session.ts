// Writing the neutral model into a Freshdesk account.
// Over 400 lines on purpose: one session per record type's create, update, lookup and marker rules.
//
// Markers (how findByMarker finds what an earlier, crashed attempt created):
// - contacts: `unique_external_id` (not a documented filter: found among recently updated contacts, or
//   through the email/phone filters after Freshdesk refuses a re-sent create as a duplicate)
// - tickets: the custom text field cf_ferry_source_id, created here on first use; looked up with the
//   filter API and, because its index lags, also among the most recently created tickets (ticket-writer.ts)
// - notes: an HTML comment <!-- ferry-source: … --> at the end of the body (found via /conversations)
// - companies, groups, KB categories and folders: "[ferry-source: …]" at the end of the description;
//   KB articles: the same HTML comment as notes. The sessions' readers strip them again.
// - ticket fields: none: Freshdesk field labels are unique, so a re-create fails with 409 and
//   findExisting({name}) finds the field. Agents are never created (they must be invited).
//
// Freshdesk cannot set ticket or note dates: "Originally from <author> on <date>" is written at the
// top of the description and of each note. Comments become notes (POST /tickets/{id}/notes, with
// `private` and `user_id`); /reply is never used because it emails the customer.
import type {AccountCheck, ConnectorSettings, RemoveOptions, RemoveOutcome, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, KbArticle, KbCategory, KbSection, Organization, Person, PersonFieldValue, RecordOf, RecordType, Ticket, TicketField, Group} from '../../source/contracts/model.js';
import {HttpRecordError, PossiblyAppliedError, RecordError} from '../../source/contracts/errors.js';
import {
  articleToNative,
  companyToNative,
  contactToNative,
  describeFreshdeskError,
  escapeHtml,
  fieldValueToNative,
  groupFromNative,
  groupToNative,
  kindToNative,
  originHeader,
  priorityToNative,
  statusToNative,
  ticketFieldToNative,
  TICKET_MARKER_FIELD,
  TICKET_MARKER_LABEL,
  withHtmlMarker,
  withTextMarker,
  type FdAgent,
  type FdArticle,
  type FdCategory,
  type FdCompany,
  type FdContact,
  type FdConversation,
  type FdFolder,
  type FdGroup,
  type FdTicket,
  type FdTicketField,
  type FdPersonField,
  MAX_OTHER_EMAILS,
} from './api-shapes.js';
import {FreshdeskReader} from './reader.js';
import {FreshdeskTicketWriter} from './ticket-writer.js';
import {checkAccount} from './source-session.js';
import {freshdeskReferences, removeFreshdesk} from './deletes.js';
import {articleWithMarker, idOf, withTextMarkerOf} from '../freshworks/lookups.js';
import {filledFields, matchPersonFields, organizationLeftOut, personLeftOut, type TargetPersonField} from '../shared/people.js';

type FieldValue = string | number | boolean | null | undefined | string[] | Record<string, string | number | boolean>;

export function openFreshdeskTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new FreshdeskTarget(settings, http);
}

class FreshdeskTarget implements TargetSession {
  private readonly reader: FreshdeskReader;
  private readonly tickets: FreshdeskTicketWriter;
  private adminFields?: Promise<FdTicketField[]>;
  private readonly personFieldLists = new Map<string, Promise<TargetPersonField[]>>();
  private markerField?: Promise<string>;
  private agentIds?: Promise<Set<string>>;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new FreshdeskReader(http);
    this.tickets = new FreshdeskTicketWriter({http, reader: this.reader, fields: () => this.fields(), agentIds: () => this.agents(), markerField: () => this.ensureMarkerField()});
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'target');
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await this.reader.agentsToNeutral(await this.reader.all<FdAgent>('/api/v2/agents'))) as Array<RecordOf[T]>;
    if (type === 'groups') return (await this.reader.all<FdGroup>('/api/v2/groups')).map(groupFromNative) as Array<RecordOf[T]>;
    return this.reader.customTicketFields(await this.fields()) as Array<RecordOf[T]>;
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    const sameName = (name: string) => !!by.name && name.trim().toLowerCase() === by.name.trim().toLowerCase();
    if ((type === 'contacts' || type === 'agents') && by.email) {
      const list = await this.http.request<Array<{id: number}>>({method: 'GET', url: `/api/v2/${type}`, searchParams: {email: by.email}, endpoint: type === 'contacts' ? 'contacts.list' : undefined});
      return list.body[0] ? String(list.body[0].id) : undefined;
    }
    if (!by.name) return undefined;
    switch (type) {
      case 'organizations': {
        const found = await this.http.request<{companies: Array<{id: number; name: string}>}>({method: 'GET', url: '/api/v2/companies/autocomplete', searchParams: {name: by.name}});
        return idOf(found.body.companies.find((company) => sameName(company.name)));
      }
      case 'groups':
        return idOf((await this.reader.all<FdGroup>('/api/v2/groups')).find((group) => sameName(group.name)));
      case 'ticket_fields':
        return idOf((await this.fields()).find((field) => !field.default && sameName(field.label)));
      case 'kb_categories':
        return idOf((await this.categories()).find((category) => sameName(category.name)));
      case 'kb_sections':
        return idOf((await this.folders()).find((folder) => sameName(folder.name)));
      default:
        return undefined;
    }
  }

  /** A contact's marker (unique_external_id) read from the contact itself (View Contact): a contact
   * found by email after a conflict is ferry's own only if it carries this record's key. */
  async contactCarriesMarker(id: Id, sourceKey: string): Promise<boolean> {
    const response = await this.http.request<FdContact>({method: 'GET', url: `/api/v2/contacts/${id}`, accept: [404], what: `contact ${id}`});
    return response.status !== 404 && response.body?.unique_external_id === sourceKey;
  }

  async findByMarker(type: RecordType, sourceKey: string): Promise<Id | undefined> {
    switch (type) {
      case 'contacts':
        return this.recentContactWithMarker(sourceKey);
      case 'tickets':
        return this.tickets.findByMarker(sourceKey);
      case 'organizations':
        return withTextMarkerOf(await this.reader.all<FdCompany>('/api/v2/companies'), sourceKey);
      case 'groups':
        return withTextMarkerOf(await this.reader.all<FdGroup>('/api/v2/groups'), sourceKey);
      case 'kb_categories':
        return withTextMarkerOf(await this.categories(), sourceKey);
      case 'kb_sections':
        return withTextMarkerOf(await this.folders(), sourceKey);
      case 'kb_articles':
        return articleWithMarker(await this.folders(), (folderId) => this.reader.all<FdArticle>(`/api/v2/solutions/folders/${folderId}/articles`), sourceKey);
      default:
        return undefined;
    }
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'tickets':
        return this.tickets.create(record as Ticket, context);
      case 'contacts':
        return this.createContact(record as Person, context);
      case 'agents': {
        const agent = record as Person;
        throw new RecordError(`Freshdesk agents cannot be created by a migration: invite ${agent.name}${agent.email ? ` <${agent.email}>` : ''} as an agent on the target (Admin > Agents) first, then run again.`);
      }
      case 'organizations':
        return this.post('/api/v2/companies', companyToNative(record as Organization, context.sourceKey, await this.companyCustomFields(record as Organization, context)), `company ${(record as Organization).name}`);
      case 'groups':
        return this.post('/api/v2/groups', groupToNative(record as Group, context.sourceKey), `group ${(record as Group).name}`);
      case 'ticket_fields': {
        const field = record as TicketField;
        if (field.type === 'multiselect') context.note('Freshdesk has no multi-select field: created as a paragraph field holding the chosen labels comma-separated.');
        if (field.type === 'regexp') context.note('Freshdesk has no pattern-checked field: created as a text field without the pattern.');
        const id = await this.post('/api/v2/admin/ticket_fields', ticketFieldToNative(field), `ticket field ${field.title}`);
        this.adminFields = undefined;
        return id;
      }
      case 'kb_categories': {
        const category = record as KbCategory;
        return this.post('/api/v2/solutions/categories', {name: category.name, description: withTextMarker(category.description ?? '', context.sourceKey)}, `KB category ${category.name}`);
      }
      case 'kb_sections': {
        const section = record as KbSection;
        // visibility 1 = all users: the neutral model has no audience, and Freshdesk requires one.
        return this.post(`/api/v2/solutions/categories/${section.categoryId}/folders`, folderBody(section, context.sourceKey, true), `KB folder ${section.name}`);
      }
      case 'kb_articles': {
        const article = record as KbArticle;
        // Freshdesk sets every article's author to the API key's agent: a platform limitation (limits.neverKeeps), said once.
        return this.post(`/api/v2/solutions/folders/${article.sectionId}/articles`, articleToNative(article, context.sourceKey), `KB article ${article.title}`);
      }
    }
    throw new RecordError(`Freshdesk cannot store records of type ${type}.`);
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    const id = encodeURIComponent(targetId);
    switch (type) {
      case 'tickets':
        await this.tickets.update(targetId, record as Ticket, context);
        return;
      case 'contacts': {
        const {unique_external_id: _marker, ...fields} = contactToNative(record as Person, context.sourceKey, await this.contactCustomFields(record as Person, context));
        await this.put(`/api/v2/contacts/${id}`, fields, `contact ${targetId}`);
        return;
      }
      case 'agents':
        context.note('Agents are managed on the Freshdesk target: nothing was written.');
        return;
      case 'organizations': {
        const {description: _marker, ...fields} = companyToNative(record as Organization, context.sourceKey, await this.companyCustomFields(record as Organization, context));
        await this.put(`/api/v2/companies/${id}`, fields, `company ${targetId}`);
        return;
      }
      case 'groups':
        await this.put(`/api/v2/groups/${id}`, groupToNative(record as Group, context.sourceKey), `group ${targetId}`);
        return;
      case 'ticket_fields': {
        const field = record as TicketField;
        const {type: _type, choices: _byValue, ...fields} = ticketFieldToNative(field);
        // "Update a Ticket Field" refers to existing choices by id; choices sent without theirs are
        // not matched, so they go with their ids (read from the field, which the admin list lacks).
        if (field.type === 'dropdown') {
          const existing = await this.http.request<FdTicketField>({method: 'GET', url: `/api/v2/admin/ticket_fields/${id}`, what: `ticket field ${targetId}`});
          fields.choices = choicesForUpdate(existing.body, (field.options ?? []).map((option) => option.label));
        }
        await this.put(`/api/v2/admin/ticket_fields/${id}`, fields, `ticket field ${targetId}`);
        this.adminFields = undefined;
        return;
      }
      case 'kb_categories': {
        const category = record as KbCategory;
        await this.put(`/api/v2/solutions/categories/${id}`, {name: category.name, description: withTextMarker(category.description ?? '', context.sourceKey)}, `KB category ${targetId}`);
        return;
      }
      case 'kb_sections': {
        const section = record as KbSection;
        await this.put(`/api/v2/solutions/folders/${id}`, folderBody(section, context.sourceKey, false), `KB folder ${targetId}`);
        return;
      }
      case 'kb_articles':
        await this.put(`/api/v2/solutions/articles/${id}`, articleToNative(record as KbArticle, context.sourceKey), `KB article ${targetId}`);
        return;
    }
  }

  get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return this.reader.get(type, id);
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') await this.tickets.complete(targetId, record as Ticket, context);
  }

  /** For verify: the fields contactCustomFields and companyCustomFields match against. */
  personFields(type: 'contacts' | 'organizations'): Promise<TargetPersonField[]> {
    return this.personFieldList(type === 'contacts' ? 'contact_fields' : 'company_fields');
  }

  // ---- undo (deletes.ts)

  remove(type: RecordType, targetId: Id, options: RemoveOptions): Promise<RemoveOutcome> {
    return removeFreshdesk(this.http, type, targetId, options);
  }

  referencedBy(type: RecordType, targetId: Id): Promise<string | undefined> {
    return freshdeskReferences(this.http, type, targetId);
  }

  /** The marker field ferry creates on first use (ensureMarkerField). */
  async artifacts(): Promise<Array<{type: RecordType; id: Id; label: string}>> {
    const field = (await this.reader.ticketFields(true)).find((candidate) => candidate.name === TICKET_MARKER_FIELD || candidate.label === TICKET_MARKER_LABEL);
    return field ? [{type: 'ticket_fields', id: String(field.id), label: field.label}] : [];
  }

  /** The marker field's name (cf_ferry_source_id), creating the field on first use. */
  private ensureMarkerField(): Promise<string> {
    this.markerField ??= (async () => {
      const find = async () => (await this.fields()).find((field) => field.name === TICKET_MARKER_FIELD || field.label === TICKET_MARKER_LABEL)?.name;
      const existing = await find();
      if (existing) return existing;
      try {
        const created = await this.http.request<FdTicketField>({
          method: 'POST',
          url: '/api/v2/admin/ticket_fields',
          json: {label: TICKET_MARKER_LABEL, label_for_customers: TICKET_MARKER_LABEL, type: 'custom_text', customers_can_edit: false, displayed_to_customers: false, required_for_closure: false, required_for_agents: false},
          what: 'migration marker field',
        });
        this.adminFields = undefined;
        return created.body.name;
      } catch (error) {
        // A create whose answer was lost, or another ferry's: the field is there, use it.
        if (!(error instanceof PossiblyAppliedError) && !(error instanceof HttpRecordError && error.status === 409)) throw error;
        this.adminFields = undefined;
        const found = await find();
        if (found) return found;
        throw error;
      }
    })();
    this.markerField.catch(() => (this.markerField = undefined));
    return this.markerField;
  }

  // ---- helpers ----------------------------------------------------------------------

  private fields(): Promise<FdTicketField[]> {
    this.adminFields ??= this.reader.ticketFields(true);
    this.adminFields.catch(() => (this.adminFields = undefined));
    return this.adminFields;
  }

  private agents(): Promise<Set<string>> {
    this.agentIds ??= this.reader.all<FdAgent>('/api/v2/agents').then((agents) => new Set(agents.map((agent) => String(agent.id))));
    return this.agentIds;
  }

  private categories(): Promise<FdCategory[]> {
    return this.reader.all<FdCategory>('/api/v2/solutions/categories');
  }

  private folders(): Promise<FdFolder[]> {
    return this.reader.allFolders();
  }

  private async put(url: string, body: Record<string, unknown>, what: string): Promise<void> {
    await this.http.request({method: 'PUT', url, json: Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)), what});
  }

  /** The contact's unique_external_id is the marker. Freshdesk documents no filter on it (List All
   * Contacts: email, mobile, phone, company_id, state, contact_type, updated_since), so a crashed
   * attempt's contact is looked for among the contacts updated lately, and a re-sent create that
   * Freshdesk refuses as a duplicate (409: unique_external_id and email are unique) is resolved
   * through the documented email/phone filters. */
  private async createContact(person: Person, context: WriteContext): Promise<Id> {
    const what = `contact ${person.email ?? person.name}`;
    const response = await this.http.request<{id: number}>({method: 'POST', url: '/api/v2/contacts', json: contactToNative(person, context.sourceKey, await this.contactCustomFields(person, context)), accept: [409], what});
    if (response.status !== 409) return String(response.body.id);
    for (const [filter, value] of [['email', person.email], ['phone', person.phone], ['mobile', person.phone]] as const) {
      if (!value) continue;
      const found = await this.http.request<FdContact[]>({method: 'GET', url: '/api/v2/contacts', searchParams: {[filter]: value}, endpoint: 'contacts.list'});
      const mine = found.body.find((contact) => contact.unique_external_id === context.sourceKey);
      if (mine) return String(mine.id);
    }
    const recent = await this.recentContactWithMarker(context.sourceKey, CONTACT_MARKER_DEEP_PAGES);
    if (recent) return recent;
    throw new HttpRecordError(`${what}: Freshdesk answered 409 ${describeFreshdeskError(409, response.body)}`, 409, response.body);
  }

  /** The person's custom fields the target has a contact field for; the rest, and emails beyond
   * the primary and 10 others and phones beyond phone and mobile, are named on the record. */
  private async contactCustomFields(person: Person, context: WriteContext): Promise<Record<string, PersonFieldValue>> {
    // The field list is read only when there is a value to place (one call per run, none without custom fields).
    const {native, leftOut} = matchPersonFields(person.customFields, filledFields(person.customFields).length ? await this.personFieldList('contact_fields') : []);
    const note = personLeftOut(person, {emails: 1 + MAX_OTHER_EMAILS, phones: 2, fieldsLeftOut: leftOut, fieldsWhy: 'no contact field of that name on the target'});
    if (note) context.note(note);
    return native;
  }

  private async companyCustomFields(org: Organization, context: WriteContext): Promise<Record<string, PersonFieldValue>> {
    const {native, leftOut} = matchPersonFields(org.customFields, filledFields(org.customFields).length ? await this.personFieldList('company_fields') : []);
    const note = organizationLeftOut(org, leftOut, 'no company field of that name on the target');
    if (note) context.note(note);
    return native;
  }

  /** The account's custom contact or company fields (View Contact Fields / View Company Fields), read once. */
  private personFieldList(kind: 'contact_fields' | 'company_fields'): Promise<TargetPersonField[]> {
    const cached = this.personFieldLists.get(kind);
    if (cached) return cached;
    const list = this.http
      .request<FdPersonField[]>({method: 'GET', url: `/api/v2/${kind}`, what: kind.replace('_', ' ')})
      .then((response) => response.body.filter((field) => !field.default).map((field) => ({key: field.name, title: field.label})));
    list.catch(() => this.personFieldLists.delete(kind));
    this.personFieldLists.set(kind, list);
    return list;
  }

  private async recentContactWithMarker(sourceKey: string, pages = CONTACT_MARKER_PAGES): Promise<Id | undefined> {
    const since = new Date(Date.now() - CONTACT_MARKER_WINDOW_MS).toISOString().replace(/\.\d+Z$/, 'Z');
    for (let page = 1; page <= pages; page++) {
      const list = await this.http.request<FdContact[]>({method: 'GET', url: '/api/v2/contacts', searchParams: {updated_since: since, per_page: 100, page}, endpoint: 'contacts.list'});
      const found = list.body.find((contact) => contact.unique_external_id === sourceKey);
      if (found) return String(found.id);
      if (list.body.length < 100) return undefined;
    }
    return undefined;
  }

  private async post(url: string, body: Record<string, unknown>, what: string): Promise<Id> {
    // A duplicate (409 duplicate_value) fails this attempt (the status table's rule for creates);
    // the once-only step then finds what an earlier send of ours made.
    const response = await this.http.request<{id: number}>({method: 'POST', url, json: body, what});
    return String(response.body.id);
  }

}

/** Contacts created by a crashed attempt are looked for among those updated this recently … */
const CONTACT_MARKER_WINDOW_MS = 24 * 3600 * 1000;
/** … in this many pages of 100 (a crash leaves only the records in flight to look for) … */
const CONTACT_MARKER_PAGES = 3;
/** … and further when Freshdesk has refused a re-sent create as a duplicate. */
const CONTACT_MARKER_DEEP_PAGES = 50;

/** Body of a folder create or update; a subfolder names its parent ("Flexible Hierarchy"). */
function folderBody(section: KbSection, sourceKey: string, create: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {name: section.name, description: withTextMarker(section.description ?? '', sourceKey)};
  // visibility 1 = all users: the neutral model has no audience, and Freshdesk requires one.
  if (create) body.visibility = 1;
  if (section.parentId) body.parent_folder_id = Number(section.parentId);
  return body;
}

/** Choices for PUT /admin/ticket_fields/{id}: existing ones by id (with their new position), new
 * ones by value. Choices the source no longer has are kept, since tickets may still hold them. */
export function choicesForUpdate(existing: Pick<FdTicketField, 'choices'>, labels: string[]): Array<{id?: number; value: string; position: number}> {
  const current = Array.isArray(existing.choices) ? existing.choices.filter((choice): choice is {id?: number; value: string; position?: number} => typeof choice === 'object' && choice !== null) : [];
  const byValue = new Map(current.map((choice) => [choice.value, choice]));
  const choices = labels.map((value, index) => {
    const id = byValue.get(value)?.id;
    return id === undefined ? {value, position: index + 1} : {id, value, position: index + 1};
  });
  for (const choice of current) if (!labels.includes(choice.value) && choice.id !== undefined) choices.push({id: choice.id, value: choice.value, position: choices.length + 1});
  return choices;
}
