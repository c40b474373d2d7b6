// Writing the neutral model into Front (the plan's inboxId, else the first inbox the token sees).
//
// Markers (how findByMarker finds what an earlier, crashed attempt created):
// - tickets: the tag "ferry-<source key>" on the conversation; messages their external_id (conversation-writer.ts);
// - organizations (accounts): `external_id` = the source key, found in List Accounts;
// - contacts: "[ferry-source: …]" in `description`, found among the most recently created contacts;
//   a contact with an email is matched by it first (the `alt:email:` resource alias).
// Teammates, teams and custom fields cannot be created through the Core API: those records fail with
// what to do by hand, and matching finds teammates by email and fields by name.
import type {AccountCheck, ConnectorSettings, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, Organization, Person, RecordOf, RecordType, Ticket, TicketField} from '../../source/contracts/model.js';
import {HttpRecordError, RecordError} from '../../source/contracts/errors.js';
import {accountFromNative, accountToNative, contactFromNative, contactToNative, describeFrontError, fieldFromNative, fieldTypeToNative, textMarkerOf, type FrontAccount, type FrontContact, type FrontCustomField, type FrontInbox} from './api-shapes.js';
import {ConversationWriter} from './conversation-writer.js';
import {FrontReader} from './reader.js';
import {checkAccount, inboxFilter} from './source-session.js';
import {filledFields, organizationLeftOut, personLeftOut} from '../shared/people.js';
import {phonesOf} from '../../source/contracts/model.js';

/** Pages of most recently created contacts looked through for a marker (only records in flight when a run stopped). */
const CONTACT_MARKER_PAGES = 2;

export function openFrontTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new FrontTarget(settings, http);
}

class FrontTarget implements TargetSession {
  private readonly reader: FrontReader;
  private readonly writer: ConversationWriter;
  private inbox?: Promise<FrontInbox>;
  private address?: Promise<string>;
  private fieldList?: Promise<FrontCustomField[]>;
  private teammateMap?: Promise<Map<string, {email?: string; name: string}>>;
  private readonly contacts = new Map<string, Promise<{handle: string; name: string} | undefined>>();

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new FrontReader(http);
    this.writer = new ConversationWriter({
      http,
      inboxId: async () => (await this.theInbox()).id,
      inboxAddress: () => this.inboxAddress(),
      fields: () => this.fields(),
      teammates: () => this.teammates(),
      contact: (id) => this.contact(id),
    });
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'target');
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await this.reader.teammates()) as Array<RecordOf[T]>;
    if (type === 'ticket_fields') return (await this.fields()).map(fieldFromNative) as Array<RecordOf[T]>;
    return [];
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    const same = (a: string | null | undefined, b: string | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
    if (type === 'agents' && by.email) return (await this.reader.teammates()).find((teammate) => same(teammate.email, by.email))?.id;
    if (type === 'contacts' && by.email) return (await this.reader.one<FrontContact>(`/contacts/alt:email:${encodeURIComponent(by.email.trim())}`, `contact ${by.email}`))?.id;
    if (type === 'organizations' && by.name) return (await this.reader.all<FrontAccount>('/accounts')).find((account) => same(account.name, by.name))?.id;
    if (type === 'ticket_fields' && by.name) return (await this.fields()).find((field) => same(field.name, by.name))?.id;
    return undefined;
  }

  async findByMarker(type: RecordType, sourceKey: string): Promise<Id | undefined> {
    if (type === 'tickets') return this.writer.findByMarker(sourceKey);
    if (type === 'organizations') return (await this.reader.all<FrontAccount>('/accounts')).find((account) => account.external_id === sourceKey)?.id;
    if (type !== 'contacts') return undefined;
    let pages = 0;
    for await (const page of this.reader.pages<FrontContact>('/contacts', {sort_by: 'created_at', sort_order: 'desc'})) {
      const found = page.items.find((contact) => textMarkerOf(contact.description) === sourceKey);
      if (found) return found.id;
      if (++pages >= CONTACT_MARKER_PAGES) break;
    }
    return undefined;
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'tickets':
        return this.writer.create(record as Ticket, context);
      case 'contacts': {
        const person = record as Person;
        // Every email and phone is a handle; custom fields are not mapped to Front's contact fields yet.
        const leftOut = personLeftOut(person, {emails: Infinity, phones: Infinity, fieldsLeftOut: filledFields(person.customFields), fieldsWhy: 'ferry does not write Front contact custom fields'});
        if (leftOut) context.note(leftOut);
        const response = await this.http.request<FrontContact>({method: 'POST', url: '/contacts', json: contactToNative(person, context.sourceKey), what: `contact ${person.email ?? person.name}`});
        return idOf(response.body?.id, response.status, response.body, `contact ${person.name}`);
      }
      case 'organizations': {
        const organization = record as Organization;
        const fieldsLeft = organizationLeftOut(organization, filledFields(organization.customFields), 'ferry does not write Front account custom fields');
        if (fieldsLeft) context.note(fieldsLeft);
        const response = await this.http.request<FrontAccount>({method: 'POST', url: '/accounts', json: accountToNative(organization, context.sourceKey), what: `account ${organization.name}`});
        return idOf(response.body?.id, response.status, response.body, `account ${organization.name}`);
      }
      case 'agents': {
        const agent = record as Person;
        throw new RecordError(`Front teammates cannot be created through the API: invite ${agent.name}${agent.email ? ` <${agent.email}>` : ''} (Settings > Teammates), then run again.`);
      }
      case 'ticket_fields':
        throw new RecordError(frontFieldRefusal(record as TicketField));
    }
    throw new RecordError(`Front's Core API cannot store records of type ${type}.`);
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') return this.writer.complete(targetId, record as Ticket, context);
    const person = record as Person;
    // Contacts belong to accounts through Add contact to Account; adding it again changes nothing.
    if (type === 'contacts' && person.organizationId)
      await this.http.request({method: 'POST', url: `/accounts/${encodeURIComponent(person.organizationId)}/contacts`, json: {contact_ids: [targetId]}, repeatable: true, what: `contact ${targetId} account`});
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') return this.writer.update(targetId, record as Ticket, context);
    if (type === 'contacts') {
      // Update contact takes name and description; handles are a sub-resource left as they are.
      const {handles: _handles, ...fields} = contactToNative(record as Person, context.sourceKey);
      await this.http.request({method: 'PATCH', url: `/contacts/${encodeURIComponent(targetId)}`, json: fields, repeatable: true, what: `contact ${targetId}`});
      return this.complete(type, targetId, record, context);
    }
    if (type === 'organizations') {
      const {external_id: _external, ...fields} = accountToNative(record as Organization, context.sourceKey);
      await this.http.request({method: 'PATCH', url: `/accounts/${encodeURIComponent(targetId)}`, json: fields, repeatable: true, what: `account ${targetId}`});
      return;
    }
    context.note(`Front ${type.replace('_', ' ')} are managed in Front: nothing was written.`);
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    const path = encodeURIComponent(id);
    if (type === 'contacts') {
      const contact = await this.reader.one<FrontContact>(`/contacts/${path}`, `contact ${id}`);
      return contact ? (contactFromNative(contact) as RecordOf[T]) : undefined;
    }
    if (type === 'organizations') {
      const account = await this.reader.one<FrontAccount>(`/accounts/${path}`, `account ${id}`);
      return account ? (accountFromNative(account) as RecordOf[T]) : undefined;
    }
    if (type === 'tickets') {
      const conversation = await this.reader.one<import('./api-shapes.js').FrontConversation>(`/conversations/${path}`, `conversation ${id}`);
      return conversation ? ((await this.reader.conversation(conversation, await this.fields())) as RecordOf[T]) : undefined;
    }
    if (type === 'agents') return (await this.reader.teammates()).find((teammate) => teammate.id === id) as RecordOf[T] | undefined;
    if (type === 'ticket_fields') return (await this.fields()).map(fieldFromNative).find((field) => field.id === id) as RecordOf[T] | undefined;
    return undefined;
  }

  private theInbox(): Promise<FrontInbox> {
    this.inbox ??= this.reader.unpaged<FrontInbox>('/inboxes').then((all) => {
      const only = inboxFilter(this.settings);
      const found = only ? all.find((inbox) => inbox.id === only) : all[0];
      if (!found) throw new RecordError(only ? `Front has no inbox ${only} (the plan's inboxId).` : 'The Front token sees no inbox.');
      return found;
    });
    this.inbox.catch(() => (this.inbox = undefined));
    return this.inbox;
  }

  /** The inbox's first channel's address (List inbox channels), else its name. */
  private inboxAddress(): Promise<string> {
    this.address ??= this.theInbox().then(async (inbox) => {
      const channels = await this.reader.unpaged<{address?: string}>(`/inboxes/${encodeURIComponent(inbox.id)}/channels`);
      return channels.find((channel) => channel.address)?.address ?? inbox.name;
    });
    this.address.catch(() => (this.address = undefined));
    return this.address;
  }

  private fields(): Promise<FrontCustomField[]> {
    this.fieldList ??= this.reader.conversationFields();
    this.fieldList.catch(() => (this.fieldList = undefined));
    return this.fieldList;
  }

  private teammates(): Promise<Map<string, {email?: string; name: string}>> {
    this.teammateMap ??= this.reader.teammates().then((all) => new Map(all.map((teammate) => [teammate.id, {email: teammate.email, name: teammate.name}])));
    this.teammateMap.catch(() => (this.teammateMap = undefined));
    return this.teammateMap;
  }

  private contact(id: string): Promise<{handle: string; name: string} | undefined> {
    let known = this.contacts.get(id);
    if (!known) {
      known = (id.startsWith('crd_') ? this.reader.one<FrontContact>(`/contacts/${encodeURIComponent(id)}`, `contact ${id}`) : Promise.resolve(undefined)).then((contact) => {
        const handle = contact?.handles.find((h) => h.source === 'email') ?? contact?.handles[0];
        return handle ? {handle: handle.handle, name: contact?.name ?? handle.handle} : undefined;
      });
      known.catch(() => this.contacts.delete(id));
      this.contacts.set(id, known);
    }
    return known;
  }
}

function idOf(id: string | undefined, status: number, body: unknown, what: string): Id {
  if (!id) throw new HttpRecordError(`${what}: Front answered ${status} without an id (${describeFrontError(status, body)})`, status, body);
  return id;
}

/** Why a custom field cannot be created (TargetLimits.ticketFieldCreateRefusal: the Fields dry run says the same). */
export function frontFieldRefusal(field: TicketField): string {
  const native = fieldTypeToNative(field.type);
  return native
    ? `Front's API cannot create custom fields: add the conversation field "${field.title}" (${native}) in Front (Settings > Company > Custom fields), then run again.`
    : `Front has no ${field.type} custom field: "${field.title}" cannot be kept; map its values to another field in the plan, or leave it out.`;
}
