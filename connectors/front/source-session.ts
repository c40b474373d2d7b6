// Reading a Front account as a migration source: conversations of every inbox (or the plan's inbox)
// with their messages (public) and comments (private notes), contacts with their accounts, accounts,
// teammates and conversation custom fields. Conversations are listed most recently updated first
// (List conversations: sort_by supports only `date`), so a delta stops at the first page older than
// its bookmark.
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Id, RecordOf, RecordType} from '../../source/contracts/model.js';
import {accountFromNative, contactFromNative, idOfLink, isoOf, teammateFromNative, type FrontAccount, type FrontContact, type FrontConversation, type FrontCustomField, type FrontInbox, type FrontTeammate} from './api-shapes.js';
import {FrontReader} from './reader.js';

/** Front keeps no groups the API can create (teams are managed in the app) and no knowledge base in the Core API's import scope. */
export const FRONT_RECORD_TYPES: RecordType[] = ['ticket_fields', 'organizations', 'agents', 'contacts', 'tickets'];

/** Every status a conversation can have but deleted ("trashed"): the list shows only some by default. */
export const LISTED_STATUSES = ['assigned', 'unassigned', 'archived'];

export function inboxFilter(settings: ConnectorSettings): string | undefined {
  const id = settings.credentials.inboxId?.trim();
  return id ? id : undefined;
}

export function openFrontSource(settings: ConnectorSettings, http: HttpClient): SourceSession {
  return new FrontSource(settings, http);
}

const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : undefined);

class FrontSource implements SourceSession {
  private readonly reader: FrontReader;
  private fields?: Promise<FrontCustomField[]>;
  private memberships?: Promise<Map<string, string>>;
  /** Each contact's handle as the conversations read so far show it: a contact deleted since keeps its handle there */
  private readonly handles = new Map<string, {handle: string; name?: string | null}>();

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new FrontReader(http);
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'source');
  }

  /** Front's lists carry no totals: the count is unknown (the estimator then reads a sample). */
  async count<T extends RecordType>(type: T): Promise<number | undefined> {
    if (type === 'agents') return (await this.reader.teammates()).length;
    if (type === 'ticket_fields') return (await this.conversationFields()).length;
    return undefined;
  }

  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const self = this;
    const {filter} = options;
    const start = options.cursor ? (JSON.parse(options.cursor) as {token: string}).token : undefined;
    const cursorOf = (next: string | undefined) => (next ? JSON.stringify({token: next}) : undefined);
    const inRange = (createdAt: string) => !(filter.createdFrom && createdAt < filter.createdFrom) && !(filter.createdTo && createdAt > filter.createdTo);
    return (async function* (): AsyncGenerator<Page<RecordOf[T]>> {
      switch (type) {
        case 'tickets': {
          const fields = await self.conversationFields();
          const inbox = inboxFilter(self.settings);
          const path = inbox ? `/inboxes/${encodeURIComponent(inbox)}/conversations` : '/conversations';
          const since = filter.updatedSince ? Date.parse(filter.updatedSince) / 1000 : undefined;
          for await (const page of self.reader.pages<FrontConversation>(path, {}, {statuses: LISTED_STATUSES}, start)) {
            const tickets = [];
            for (const conversation of page.items) {
              if (since !== undefined && (conversation.updated_at ?? conversation.created_at) < since) continue;
              if (!inRange(isoOf(conversation.created_at))) continue;
              self.remember(conversation);
              tickets.push(await self.reader.conversation(conversation, fields));
            }
            // Newest first: once a whole page is older than the bookmark, the rest is too.
            const older = since !== undefined && page.items.length > 0 && page.items.every((c) => (c.updated_at ?? c.created_at) < since);
            yield {records: tickets as Array<RecordOf[T]>, cursor: older ? undefined : cursorOf(page.next)};
            if (older) return;
          }
          return;
        }
        case 'contacts': {
          const accounts = await self.accountOf();
          for await (const page of self.reader.pages<FrontContact>('/contacts', {sort_by: 'created_at', sort_order: 'asc'}, {updated_after: seconds(filter.updatedSince)}, start))
            yield {records: page.items.map((contact) => contactFromNative(contact, accounts.get(contact.id))) as Array<RecordOf[T]>, cursor: cursorOf(page.next)};
          return;
        }
        case 'organizations':
          for await (const page of self.reader.pages<FrontAccount>('/accounts', {sort_by: 'created_at', sort_order: 'asc'}, {}, start)) {
            const records = page.items.map(accountFromNative).filter((account) => inRange(account.createdAt) && !(filter.updatedSince && account.updatedAt < filter.updatedSince));
            yield {records: records as Array<RecordOf[T]>, cursor: cursorOf(page.next)};
          }
          return;
        case 'agents':
          yield {records: (await self.reader.teammates()) as Array<RecordOf[T]>};
          return;
        case 'ticket_fields':
          yield {records: (await self.reader.ticketFields()) as Array<RecordOf[T]>};
          return;
        default:
          return;
      }
    })();
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    const path = encodeURIComponent(id);
    switch (type) {
      case 'tickets': {
        const conversation = await this.reader.one<FrontConversation>(`/conversations/${path}`, `conversation ${id}`);
        if (conversation) this.remember(conversation);
        return conversation ? ((await this.reader.conversation(conversation, await this.conversationFields())) as RecordOf[T]) : undefined;
      }
      case 'contacts': {
        const contact = await this.reader.one<FrontContact>(`/contacts/${path}`, `contact ${id}`);
        if (contact) return contactFromNative(contact, (await this.accountOf()).get(contact.id)) as RecordOf[T];
        // A deleted contact: its conversations still show its handle, which is who the requester was.
        const seen = this.handles.get(id);
        if (!seen) return undefined;
        return contactFromNative({id, name: seen.name ?? null, description: null, handles: [{handle: seen.handle, source: seen.handle.includes('@') ? 'email' : 'custom'}]}) as RecordOf[T];
      }
      case 'organizations': {
        const account = await this.reader.one<FrontAccount>(`/accounts/${path}`, `account ${id}`);
        return account ? (accountFromNative(account) as RecordOf[T]) : undefined;
      }
      case 'agents': {
        const teammate = await this.reader.one<FrontTeammate>(`/teammates/${path}`, `teammate ${id}`);
        return teammate ? (teammateFromNative(teammate) as RecordOf[T]) : undefined;
      }
      case 'ticket_fields':
        return (await this.reader.ticketFields()).find((field) => field.id === id) as RecordOf[T] | undefined;
      default:
        return undefined;
    }
  }

  /** Attachment URLs (…/download/{attachment_link_id}) answer the bytes with the same token. */
  async download(attachment: Attachment): Promise<Buffer> {
    const response = await this.http.request<Buffer>({method: 'GET', url: attachment.url, responseType: 'buffer', what: `attachment ${attachment.fileName}`});
    return response.body;
  }

  private remember(conversation: FrontConversation) {
    const contact = idOfLink(conversation.recipient?._links?.related?.contact);
    if (contact && conversation.recipient?.handle) this.handles.set(contact, {handle: conversation.recipient.handle, name: conversation.recipient.name});
  }

  private conversationFields(): Promise<FrontCustomField[]> {
    this.fields ??= this.reader.conversationFields();
    this.fields.catch(() => (this.fields = undefined));
    return this.fields;
  }

  /** Which account each contact belongs to: contacts do not name theirs, accounts list their contacts. */
  private accountOf(): Promise<Map<string, string>> {
    this.memberships ??= (async () => {
      const map = new Map<string, string>();
      for (const account of await this.reader.all<FrontAccount>('/accounts'))
        for (const contact of await this.reader.all<FrontContact>(`/accounts/${encodeURIComponent(account.id)}/contacts`)) if (!map.has(contact.id)) map.set(contact.id, account.id);
      return map;
    })();
    this.memberships.catch(() => (this.memberships = undefined));
    return this.memberships;
  }
}

/** GET /me names the company the token belongs to; the inboxes it can see are listed. */
export async function checkAccount(settings: ConnectorSettings, http: HttpClient, side: 'source' | 'target'): Promise<AccountCheck> {
  const me = await http.request<{id: string; name: string}>({method: 'GET', url: '/me'});
  const inboxes = (await http.request<{_results: FrontInbox[]}>({method: 'GET', url: '/inboxes'})).body?._results ?? [];
  const problems: string[] = [];
  const only = inboxFilter(settings);
  if (!inboxes.length) problems.push(`The Front token sees no inbox: ${side === 'source' ? 'no conversation can be read' : 'conversations cannot be imported'}; give the token access to the inbox (Settings > Developers > API tokens).`);
  else if (only && !inboxes.some((inbox) => inbox.id === only)) problems.push(`No inbox with id ${only} (the plan's inboxId): ${inboxes.map((inbox) => `${inbox.id} ${inbox.name}`).join(', ')}.`);
  const limit = Number(headerOf(me.headers, 'x-ratelimit-limit'));
  return {description: `Front company ${me.body?.name ?? '?'} (${inboxes.length} inbox(es))`, problems, liveRequestsPerMinute: Number.isFinite(limit) && limit > 0 ? limit : undefined};
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
