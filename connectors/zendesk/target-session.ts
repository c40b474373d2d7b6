// Writing into Zendesk. Tickets go through the Ticket Import API (admins only),
// which keeps comment authors, comment dates and ticket dates and fires no
// notification to requesters. Markers: external_id on tickets, users and
// organizations; a "[ferry <key>]" description line on groups (agent_description
// on ticket fields) and Help Center categories/sections, which have no
// external_id; a hidden body comment and, where the plan has labels, a
// "ferry:<key>" label on Help Center articles (article-writes.ts).
import {removeZendesk, zendeskReferences} from './deletes.js';
import type {ConnectorSettings, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Group, Id, KbArticle, KbCategory, KbSection, Organization, Person, PersonFieldValue, RecordOf, RecordType, Ticket, TicketField} from '../../source/contracts/model.js';
import {categoryBody, groupBody, organizationBody, sectionBody, ticketFieldBody, ticketImportBody, userBody, type ImportComment} from './api-bodies.js';
import {markerOf, type ZdCategory, type ZdGroup, type ZdGroupMembership, type ZdOrganization, type ZdSection, type ZdTicket, type ZdTicketField, type ZdUser, type ZdPersonField} from './api-shapes.js';
import {cursorPages} from './paging.js';
import {ticketWriter, UPLOAD_MAX_AGE_MS} from './ticket-writes.js';
import {articleWriter} from './article-writes.js';
import {bulkImporter, type BulkImportOptions} from './bulk-import.js';
import {checkAccount, ENDPOINT, openZendeskSource} from './source-session.js';
import {filledFields, matchPersonFields, organizationLeftOut, personLeftOut, type TargetPersonField} from '../shared/people.js';
import {missingFieldNotes, withTargetFieldsOnly} from './ticket-notes.js';

/** Zendesk's documented ceiling for one attachment. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export interface ZendeskTargetOptions {
  /** Uploads older than this are redone before the write that uses them (tokens live 60 minutes) */
  uploadMaxAgeMs?: number;
  now?: () => number;
  /** Tickets in bulk import jobs (the default), with these settings; false: one import request a ticket */
  bulkImport?: false | Omit<BulkImportOptions, 'http' | 'findByMarker'>;
}


export function openZendeskTarget(settings: ConnectorSettings, http: HttpClient, options: ZendeskTargetOptions = {}): TargetSession {
  const reader = openZendeskSource(settings, http);
  let fieldsById: Promise<Map<number, ZdTicketField>> | undefined;
  let helpCenter: Promise<{locale: string; permissionGroupId: number}> | undefined;

  async function all<T>(url: string, key: string, endpoint: string, searchParams?: Record<string, string>): Promise<T[]> {
    const items: T[] = [];
    for await (const page of cursorPages<T>(http, {url, key, endpoint, searchParams, what: key})) items.push(...page.items);
    return items;
  }

  /** Ticket fields by id, for drop-down values (they are option tags in Zendesk). */
  function ticketFields(): Promise<Map<number, ZdTicketField>> {
    fieldsById ??= all<ZdTicketField>('/api/v2/ticket_fields.json', 'ticket_fields', ENDPOINT.other).then((fields) => new Map(fields.map((field) => [field.id, field])));
    return fieldsById;
  }

  /** The default Help Center locale and the permission group new articles need. */
  function helpCenterSettings() {
    helpCenter ??= (async () => {
      const locales = await http.request<{default_locale: string}>({method: 'GET', url: '/api/v2/help_center/locales.json', endpoint: ENDPOINT.helpCenter});
      const groups = await http.request<{permission_groups: Array<{id: number; built_in?: boolean}>}>({method: 'GET', url: '/api/v2/guide/permission_groups.json', endpoint: ENDPOINT.helpCenter});
      const group = groups.body.permission_groups.find((candidate) => candidate.built_in) ?? groups.body.permission_groups[0];
      if (!group) throw new Error('The Zendesk Help Center has no permission group: create one under Guide admin > Permissions before migrating articles.');
      return {locale: locales.body.default_locale ?? 'en-us', permissionGroupId: group.id};
    })();
    return helpCenter;
  }

  // Asked once, when a note about the migration is first written (a failed ask is asked again).
  let me: Promise<number> | undefined;
  const meId = () =>
    (me ??= http.request<{user: ZdUser}>({method: 'GET', url: '/api/v2/users/me.json', endpoint: ENDPOINT.usersRead}).then(
      (response) => response.body.user.id,
      (error: unknown) => {
        me = undefined;
        throw error;
      },
    ));
  const tickets = ticketWriter({
    http,
    me: meId,
    fields: () => ticketFields(),
    closedTicketUpdates: settings.options?.closedTicketUpdates ?? 'followup',
    uploadMaxAgeMs: options.uploadMaxAgeMs ?? UPLOAD_MAX_AGE_MS,
    now: options.now ?? Date.now,
  });

  const articles = articleWriter(http, () => helpCenterSettings());
  // Tickets go 100 to a request (bulk-import.ts) unless the plan says one by one.
  const bulk = options.bulkImport === false ? undefined : bulkImporter({http, ...options.bulkImport, findByMarker: (sourceKey) => target.findByMarker('tickets', sourceKey)});

  async function post<T>(url: string, json: unknown, key: string, what: string, endpoint: string = ENDPOINT.other): Promise<T> {
    const response = await http.request<Record<string, T>>({method: 'POST', url, json, endpoint, what});
    return response.body[key]!;
  }
  async function put(url: string, json: unknown, what: string, endpoint: string = ENDPOINT.other) {
    await http.request({method: 'PUT', url, json, endpoint, what});
  }

  async function findByDescriptionMarker(url: string, key: string, endpoint: string, sourceKey: string, field: 'description' | 'agent_description' = 'description'): Promise<Id | undefined> {
    const items = await all<Record<string, unknown> & {id: number}>(url, key, endpoint);
    const found = items.find((item) => markerOf(item[field] as string | undefined) === sourceKey);
    return found ? String(found.id) : undefined;
  }

  async function addMemberships(userId: number, groupIds: string[] | undefined, context: WriteContext) {
    for (const groupId of groupIds ?? []) {
      await context.once(
        `membership:${groupId}`,
        async () => String((await post<ZdGroupMembership>('/api/v2/group_memberships.json', {group_membership: {user_id: userId, group_id: Number(groupId)}}, 'group_membership', `agent ${userId} group ${groupId}`)).id),
        async () => {
          const memberships = await all<ZdGroupMembership>(`/api/v2/users/${userId}/group_memberships.json`, 'group_memberships', ENDPOINT.other);
          const found = memberships.find((membership) => membership.group_id === Number(groupId));
          return found ? String(found.id) : undefined;
        },
      );
    }
  }

  // The account's user and organization fields (List User Fields / List Organization Fields), read once.
  const personFieldLists = new Map<string, Promise<TargetPersonField[]>>();
  function personFields(kind: 'user_fields' | 'organization_fields'): Promise<TargetPersonField[]> {
    let list = personFieldLists.get(kind);
    if (!list) {
      list = all<ZdPersonField>(`/api/v2/${kind}.json`, kind, ENDPOINT.other).then((fields) => fields.filter((field) => field.active).map((field) => ({key: field.key, title: field.title})));
      list.catch(() => personFieldLists.delete(kind));
      personFieldLists.set(kind, list);
    }
    return list;
  }

  /** The custom fields the target has a field for; the rest (and, on update, further emails and phones) named on the record. */
  async function userFieldsFor(person: Person, context: WriteContext, creating: boolean): Promise<Record<string, PersonFieldValue>> {
    // The field list is read only when there is a value to place (one call per run, none without custom fields).
    const {native, leftOut} = matchPersonFields(person.customFields, filledFields(person.customFields).length ? await personFields('user_fields') : []);
    // Identities go with Create User; an update writes the primary email and phone only.
    const note = personLeftOut(person, {emails: creating ? Infinity : 1, phones: creating ? Infinity : 1, fieldsLeftOut: leftOut, fieldsWhy: 'no user field of that key or title on the target'});
    if (note) context.note(note);
    return native;
  }

  async function organizationFieldsFor(org: Organization, context: WriteContext): Promise<Record<string, PersonFieldValue>> {
    const {native, leftOut} = matchPersonFields(org.customFields, filledFields(org.customFields).length ? await personFields('organization_fields') : []);
    const note = organizationLeftOut(org, leftOut, 'no organization field of that key or title on the target');
    if (note) context.note(note);
    return native;
  }

  async function importTicket(source: Ticket, context: WriteContext): Promise<Id> {
    const fields = await ticketFields();
    // Decided by ticket-notes.ts, which previewTicket shares.
    const onTarget = (id: string) => fields.has(Number(id));
    for (const note of missingFieldNotes(source.customFields, onTarget)) context.note(note);
    const ticket = withTargetFieldsOnly(source, onTarget);
    return context.once(
      'import',
      async () => {
        // Uploads happen in each send, right before it: a send after a lost answer gets fresh tokens.
        return tickets.withUploads(ticket.comments, context, async (prepared) => {
          const comments: ImportComment[] = await tickets.importComments(prepared);
          const body = ticketImportBody(ticket, comments, fields, context.sourceKey);
          if (bulk) return bulk.submit(body, context);
          const created = await post<ZdTicket>('/api/v2/imports/tickets.json', body, 'ticket', `ticket ${ticket.id}`, ENDPOINT.ticketsImport);
          return String(created.id);
        });
      },
      () => (bulk ? bulk.lookup(context) : target.findByMarker('tickets', context.sourceKey)),
    );
  }

  const target: TargetSession = {
    check: () => checkAccount(http, settings, 'target'),

    async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
      const records: Array<RecordOf[T]> = [];
      for await (const page of reader.read(type, {filter: {}})) records.push(...page.records);
      return records;
    },

    async findExisting(type, by) {
      if ((type === 'agents' || type === 'contacts') && by.email) {
        const response = await http.request<{users: ZdUser[]}>({method: 'GET', url: '/api/v2/users/search.json', searchParams: {query: `email:${by.email}`}, endpoint: ENDPOINT.usersRead});
        const found = response.body.users.find((user) => user.email?.toLowerCase() === by.email!.toLowerCase());
        return found ? String(found.id) : undefined;
      }
      if (!by.name) return undefined;
      const name = by.name.toLowerCase();
      if (type === 'organizations') {
        const response = await http.request<{organizations: ZdOrganization[]}>({method: 'GET', url: '/api/v2/organizations/search.json', searchParams: {name: by.name}, endpoint: ENDPOINT.other});
        const found = response.body.organizations.find((org) => org.name.toLowerCase() === name);
        return found ? String(found.id) : undefined;
      }
      const lists: Partial<Record<RecordType, [string, string, string]>> = {
        groups: ['/api/v2/groups.json', 'groups', 'name'],
        ticket_fields: ['/api/v2/ticket_fields.json', 'ticket_fields', 'title'],
        kb_categories: ['/api/v2/help_center/categories.json', 'categories', 'name'],
        kb_sections: ['/api/v2/help_center/sections.json', 'sections', 'name'],
        kb_articles: ['/api/v2/help_center/articles.json', 'articles', 'title'],
      };
      const list = lists[type];
      if (!list) return undefined;
      const items = await all<Record<string, unknown> & {id: number}>(list[0], list[1], ENDPOINT.other);
      const found = items.find((item) => String(item[list[2]] ?? '').toLowerCase() === name && !item.deleted);
      return found ? String(found.id) : undefined;
    },

    async findByMarker(type, sourceKey) {
      const first = <T extends {id: number}>(items: T[] | undefined, test: (item: T) => boolean) => {
        const found = items?.find(test);
        return found ? String(found.id) : undefined;
      };
      switch (type) {
        case 'tickets': {
          const response = await http.request<{tickets: ZdTicket[]}>({method: 'GET', url: '/api/v2/tickets.json', searchParams: {external_id: sourceKey}, endpoint: ENDPOINT.ticketsRead});
          return first(response.body.tickets, (ticket) => ticket.external_id === sourceKey);
        }
        case 'agents':
        case 'contacts': {
          const response = await http.request<{users: ZdUser[]}>({method: 'GET', url: '/api/v2/users/search.json', searchParams: {external_id: sourceKey}, endpoint: ENDPOINT.usersRead});
          return first(response.body.users, (user) => user.external_id === sourceKey);
        }
        case 'organizations': {
          const response = await http.request<{organizations: ZdOrganization[]}>({method: 'GET', url: '/api/v2/organizations/search.json', searchParams: {external_id: sourceKey}, endpoint: ENDPOINT.other});
          return first(response.body.organizations, (org) => org.external_id === sourceKey);
        }
        case 'groups':
          return findByDescriptionMarker('/api/v2/groups.json', 'groups', ENDPOINT.other, sourceKey);
        case 'ticket_fields':
          return findByDescriptionMarker('/api/v2/ticket_fields.json', 'ticket_fields', ENDPOINT.other, sourceKey, 'agent_description');
        case 'kb_categories':
          return findByDescriptionMarker('/api/v2/help_center/categories.json', 'categories', ENDPOINT.helpCenter, sourceKey);
        case 'kb_sections':
          return findByDescriptionMarker('/api/v2/help_center/sections.json', 'sections', ENDPOINT.helpCenter, sourceKey);
        case 'kb_articles':
          return articles.findByMarker(sourceKey);
      }
    },

    async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
      const key = context.sourceKey;
      switch (type) {
        case 'ticket_fields': {
          const created = await post<ZdTicketField>('/api/v2/ticket_fields.json', ticketFieldBody(record as TicketField, key), 'ticket_field', `ticket field ${(record as TicketField).title}`);
          fieldsById = undefined;
          return String(created.id);
        }
        case 'groups':
          return String((await post<ZdGroup>('/api/v2/groups.json', groupBody(record as Group, key), 'group', `group ${(record as Group).name}`)).id);
        case 'organizations':
          return String((await post<ZdOrganization>('/api/v2/organizations.json', organizationBody(record as Organization, key, await organizationFieldsFor(record as Organization, context)), 'organization', `organization ${(record as Organization).name}`)).id);
        case 'agents':
        case 'contacts': {
          const person = record as Person;
          const user = await post<ZdUser>('/api/v2/users.json', userBody(person, key, type === 'contacts' ? await userFieldsFor(person, context, true) : undefined), 'user', `${type === 'agents' ? 'agent' : 'contact'} ${person.email ?? person.name}`, ENDPOINT.usersWrite);
          return String(user.id);
        }
        case 'tickets':
          return importTicket(record as Ticket, context);
        case 'kb_categories': {
          const {locale} = await helpCenterSettings();
          return String((await post<ZdCategory>('/api/v2/help_center/categories.json', categoryBody(record as KbCategory, locale, key), 'category', `category ${(record as KbCategory).name}`, ENDPOINT.helpCenter)).id);
        }
        case 'kb_sections': {
          const section = record as KbSection;
          const {locale} = await helpCenterSettings();
          return String((await post<ZdSection>(`/api/v2/help_center/categories/${section.categoryId}/sections.json`, sectionBody(section, locale, key), 'section', `section ${section.name}`, ENDPOINT.helpCenter)).id);
        }
        default:
          return articles.create(record as KbArticle, context);
      }
    },

    /** Group memberships of an agent, each once: a resumed agent continues here. */
    async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
      const person = record as Person;
      if ((type === 'agents' || type === 'contacts') && person.role !== 'end-user') await addMemberships(Number(targetId), person.groupIds, context);
    },

    async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
      switch (type) {
        case 'ticket_fields': {
          const body = ticketFieldBody(record as TicketField);
          // A field's type cannot change once created.
          const {type: _type, ...rest} = body.ticket_field;
          await put(`/api/v2/ticket_fields/${targetId}.json`, {ticket_field: rest}, `ticket field ${targetId}`);
          fieldsById = undefined;
          return;
        }
        case 'groups':
          return put(`/api/v2/groups/${targetId}.json`, groupBody(record as Group), `group ${targetId}`);
        case 'organizations':
          return put(`/api/v2/organizations/${targetId}.json`, organizationBody(record as Organization, undefined, await organizationFieldsFor(record as Organization, context)), `organization ${targetId}`);
        case 'agents':
        case 'contacts': {
          const {user} = userBody(record as Person, undefined, type === 'contacts' ? await userFieldsFor(record as Person, context, false) : undefined);
          const {verified: _verified, skip_verify_email: _skip, ...changes} = user;
          return put(`/api/v2/users/${targetId}.json`, {user: changes}, `user ${targetId}`, ENDPOINT.usersWrite);
        }
        case 'tickets':
          return tickets.update(targetId, record as Ticket, context);
        default: {
          // Help Center titles and bodies live in translations; metadata on the item itself.
          if (type === 'kb_articles') return articles.update(targetId, record as KbArticle, context);
          const {locale} = await helpCenterSettings();
          const item = record as KbCategory | KbSection;
          const path = type === 'kb_categories' ? 'categories' : 'sections';
          await put(`/api/v2/help_center/${path}/${targetId}/translations/${locale}.json`, {translation: {title: item.name, body: categoryBody(item, locale, context.sourceKey).category.description}}, `${path} ${targetId}`, ENDPOINT.helpCenter);
          return;
        }
      }
    },

    get: (type, id) => reader.get(type, id),
    personFields: (type) => personFields(type === 'contacts' ? 'user_fields' : 'organization_fields'),
    batchSize: (type) => (type === 'tickets' ? bulk?.size : undefined),

    // ---- undo (deletes.ts)
    remove: (type, id, removeOptions) => removeZendesk(http, type, id, removeOptions),
    referencedBy: (type, id) => zendeskReferences(http, type, id),
  };
  return target;
}
