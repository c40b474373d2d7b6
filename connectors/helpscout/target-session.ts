// Writing the neutral model into a Help Scout inbox (the plan's mailboxId, else the first inbox).
//
// Markers (how findByMarker finds what an earlier, crashed attempt created):
// - tickets: the tag "ferry-<source key>" on the conversation (conversation-writer.ts);
// - threads: an HTML comment at the end of the text; attachments: their file name on the thread;
// - contacts (customers): "[ferry-source: …]" at the end of `background` (Notes), found among the
//   customers modified in the last day; a customer with an email is also matched by it first.
// Agents (users) cannot be created through the API (they are invited), nor can custom fields, nor
// teams: those records fail with what to do by hand, and matching finds them by email or name.
import type {AccountCheck, ConnectorSettings, TargetSession, WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import {matchPersonFields, type Id, type Person, type RecordOf, type RecordType, type TargetPersonField, type Ticket, type TicketField} from '../../source/contracts/model.js';
import {HttpRecordError, RecordError} from '../../source/contracts/errors.js';
import {createdId, customerNames, customerToNative, describeHelpScoutError, fieldFromNative, fieldTypeToNative, textMarkerOf, type HsCustomer, type HsField, type HsMailbox, type HsPage} from './api-shapes.js';
import {ConversationWriter} from './conversation-writer.js';
import {HelpScoutReader} from './reader.js';
import {checkAccount, mailboxFilter, seconds} from './source-session.js';
import {WRITES} from './tiers.js';
import {filledFields, personLeftOut} from '../shared/people.js';

/** Customers a crashed attempt created are looked for among those modified this recently … */
const CUSTOMER_MARKER_WINDOW_MS = 24 * 3600 * 1000;
/** … in this many pages of 50 (only the records in flight when it crashed are looked for). */
const CUSTOMER_MARKER_PAGES = 4;

export function openHelpScoutTarget(settings: ConnectorSettings, http: HttpClient): TargetSession {
  return new HelpScoutTarget(settings, http);
}

class HelpScoutTarget implements TargetSession {
  private readonly reader: HelpScoutReader;
  private readonly writer: ConversationWriter;
  private inbox?: Promise<HsMailbox>;
  private inboxFields?: Promise<HsField[]>;
  private users?: Promise<Map<string, Person>>;
  private propertyList?: Promise<TargetPersonField[]>;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new HelpScoutReader(http, settings.baseUrl);
    this.writer = new ConversationWriter({http, mailboxId: async () => (await this.mailbox()).id, fields: () => this.fields(), users: () => this.userMap()});
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'target');
  }

  async list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>> {
    if (type === 'agents') return (await this.reader.users()) as Array<RecordOf[T]>;
    if (type === 'ticket_fields') {
      const mailbox = await this.mailbox();
      return (await this.fields()).map((field) => fieldFromNative(field, mailbox)) as Array<RecordOf[T]>;
    }
    return [];
  }

  async findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined> {
    const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
    if (type === 'agents' && by.email) return (await this.reader.users()).find((user) => same(user.email, by.email))?.id;
    if (type === 'contacts' && by.email) {
      // List Customers' `query` takes the search syntax: (email:"…").
      const found = await this.http.request<HsPage<HsCustomer>>({method: 'GET', url: '/v2/customers', searchParams: {query: `(email:"${by.email.replace(/"/g, '')}")`}, what: `customer ${by.email}`});
      const customer = found.body?._embedded?.customers?.find((candidate) => candidate._embedded?.emails?.some((email) => same(email.value, by.email)));
      return customer ? String(customer.id) : undefined;
    }
    if (type === 'ticket_fields' && by.name) {
      const field = (await this.fields()).find((candidate) => same(candidate.name, by.name));
      return field ? String(field.id) : undefined;
    }
    return undefined;
  }

  async findAllByMarker(type: RecordType, sourceKey: string, options?: {recent?: boolean}): Promise<Id[]> {
    return type === 'tickets' ? this.writer.findAllByMarker(sourceKey, options) : [];
  }

  async findByMarker(type: RecordType, sourceKey: string): Promise<Id | undefined> {
    if (type === 'tickets') return this.writer.findByMarker(sourceKey);
    if (type !== 'contacts') return undefined;
    const since = seconds(new Date(Date.now() - CUSTOMER_MARKER_WINDOW_MS).toISOString());
    for (let page = 1; page <= CUSTOMER_MARKER_PAGES; page++) {
      const list = await this.http.request<HsPage<HsCustomer>>({method: 'GET', url: '/v2/customers', searchParams: {modifiedSince: since, sortField: 'modifiedAt', sortOrder: 'desc', page}, what: 'recent customers'});
      const found = list.body?._embedded?.customers?.find((customer) => textMarkerOf(customer.background) === sourceKey);
      if (found) return String(found.id);
      const info = list.body?.page;
      if (!info || info.number >= info.totalPages) return undefined;
    }
    return undefined;
  }

  async create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
    switch (type) {
      case 'tickets':
        return this.writer.create(record as Ticket, context);
      case 'contacts': {
        const person = record as Person;
        if (person.organizationId) context.note(`Help Scout customers are not linked to an organization here: organization #${person.organizationId} was not kept.`);
        const cut = customerNames(person.name).note;
        if (cut) context.note(cut);
        // Every email and phone goes in the customer's lists; custom fields into customer properties (complete).
        const response = await this.http.request({method: 'POST', url: '/v2/customers', json: customerToNative(person, context.sourceKey), endpoint: WRITES, what: `customer ${person.email ?? person.name}`});
        const id = createdId(response.headers);
        if (!id) throw new HttpRecordError(`customer ${person.name}: Help Scout answered ${response.status} without a Resource-ID (${describeHelpScoutError(response.status, response.body)})`, response.status, response.body);
        return id;
      }
      case 'agents': {
        const agent = record as Person;
        throw new RecordError(`Help Scout users cannot be created through the API: invite ${agent.name}${agent.email ? ` <${agent.email}>` : ''} (Manage > Users > Invite users), then run again.`);
      }
      case 'ticket_fields': {
        throw new RecordError(helpScoutFieldRefusal(record as TicketField));
      }
    }
    throw new RecordError(`Help Scout's Mailbox API cannot store records of type ${type}.`);
  }

  async complete<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') await this.writer.complete(targetId, record as Ticket, context);
    if (type === 'contacts') await this.writeProperties(targetId, record as Person, context);
  }

  /** The account's customer property definitions (List Customer Property Definitions), read once: verify
   * places values as the writes do. */
  personFields(type: 'contacts' | 'organizations'): Promise<TargetPersonField[]> {
    if (type !== 'contacts') return Promise.resolve([]);
    this.propertyList ??= this.http
      .request<{_embedded?: {'customer-properties'?: Array<{slug: string; name: string}>}}>({method: 'GET', url: '/v2/customer-properties', what: 'customer properties'})
      .then((response) => (response.body?._embedded?.['customer-properties'] ?? []).map((property) => ({key: property.slug, title: property.name})));
    this.propertyList.catch(() => (this.propertyList = undefined));
    return this.propertyList;
  }

  /** A contact's custom fields into the customer properties of the same slug or name (Update Customer
   * Properties: JSON Patch "replace", 204). Setting a value again is harmless, so the request may be
   * repeated after a lost answer. Values with no property, and nothing else, are named on the record. */
  private async writeProperties(targetId: Id, person: Person, context: WriteContext): Promise<void> {
    const {native, leftOut} = matchPersonFields(person.customFields, filledFields(person.customFields).length ? await this.personFields('contacts') : []);
    const note = personLeftOut(person, {emails: Infinity, phones: Infinity, fieldsLeftOut: leftOut, fieldsWhy: 'no customer property of that name in the account'});
    if (note) context.note(note);
    const operations = Object.entries(native).map(([slug, value]) => ({op: 'replace', path: `/${slug}`, value: Array.isArray(value) ? value.join(', ') : value}));
    if (!operations.length) return;
    const response = await this.http.request({method: 'PATCH', url: `/v2/customers/${encodeURIComponent(targetId)}/properties`, json: operations, repeatable: true, accept: [400], endpoint: WRITES, what: `customer ${targetId} properties`});
    // A value a property's type refuses (a number property, a dropdown's options) leaves the contact as it is, said on it.
    if (response.status === 400) context.note(`left out of the contact: custom field(s) ${Object.keys(native).map((slug) => `"${slug}"`).join(', ')} (Help Scout refused the values: ${describeHelpScoutError(400, response.body)})`);
  }

  async update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void> {
    if (type === 'tickets') return this.writer.update(targetId, record as Ticket, context);
    if (type === 'contacts') {
      // PUT is "Overwrite Customer" (a field left out is set to null, wiping what was edited on the
      // target); Update Customer (PATCH, JSON Patch) replaces only the names ferry writes. Emails,
      // phones and the Notes holding the marker are left as they are.
      const {names, note} = customerNames((record as Person).name);
      if (note) context.note(note);
      const operations = Object.entries(names).map(([field, value]) => ({op: 'replace', path: `/${field}`, value}));
      if (operations.length) await this.http.request({method: 'PATCH', url: `/v2/customers/${encodeURIComponent(targetId)}`, json: operations, repeatable: true, endpoint: WRITES, what: `customer ${targetId}`});
      await this.writeProperties(targetId, record as Person, context);
      return;
    }
    context.note(`Help Scout ${type.replace('_', ' ')} are managed on the target: nothing was written.`);
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return (await this.reader.get(type, id)) as RecordOf[T] | undefined;
  }

  private mailbox(): Promise<HsMailbox> {
    this.inbox ??= this.reader.mailboxes().then((all) => {
      const only = mailboxFilter(this.settings);
      const found = only ? all.find((mailbox) => String(mailbox.id) === only) : all[0];
      if (!found) throw new RecordError(only ? `Help Scout has no inbox ${only} (the plan's mailboxId).` : 'The Help Scout account has no inbox.');
      return found;
    });
    this.inbox.catch(() => (this.inbox = undefined));
    return this.inbox;
  }

  private fields(): Promise<HsField[]> {
    this.inboxFields ??= this.mailbox().then((mailbox) => this.reader.fields(mailbox));
    this.inboxFields.catch(() => (this.inboxFields = undefined));
    return this.inboxFields;
  }

  private userMap(): Promise<Map<string, Person>> {
    this.users ??= this.reader.users().then((users) => new Map(users.map((user) => [user.id, user])));
    this.users.catch(() => (this.users = undefined));
    return this.users;
  }
}

/** Why a custom field cannot be created (TargetLimits.ticketFieldCreateRefusal: the Fields dry run says the same). */
export function helpScoutFieldRefusal(field: TicketField): string {
  const native = fieldTypeToNative(field.type);
  return native
    ? `Help Scout's API cannot create custom fields: add "${field.title}" (${native.replace('_', ' ')}) to the inbox (Manage > Inbox > Custom Fields, Plus plan and above), then run again.`
    : `Help Scout has no ${field.type} custom field: "${field.title}" cannot be kept; map its values to another field in the plan, or leave it out.`;
}
