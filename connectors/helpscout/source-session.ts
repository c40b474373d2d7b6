// Reading a Help Scout account as a migration source. Conversations are listed with status=all
// (the list shows only active ones by default: List Conversations), oldest first, 25 a page, with
// their threads embedded (embed=threads); a conversation whose embedded threads may be cut short
// (chat threads are truncated there, as the same page warns) is read with List Threads (reader.ts).
// Customers and users are HAL lists; custom fields are per inbox.
import type {AccountCheck, ConnectorSettings, Page, SourceFilter, SourceSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Id, RecordOf, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import {customerFromNative, fullName, type HsConversation, type HsCustomer, type HsMailbox, type HsUser} from './api-shapes.js';
import {HelpScoutReader} from './reader.js';

/** The record types the Mailbox API can serve and take (no groups: teams are read-only; no KB: the Docs API is separate). */
export const HELPSCOUT_RECORD_TYPES: RecordType[] = ['ticket_fields', 'agents', 'contacts', 'tickets'];

export function openHelpScoutSource(settings: ConnectorSettings, http: HttpClient): SourceSession {
  return new HelpScoutSource(settings, http);
}

/** Conversations of the plan's inbox only when it names one (credentials.mailboxId), else of all inboxes. */
export function mailboxFilter(settings: ConnectorSettings): string | undefined {
  const id = settings.credentials.mailboxId?.trim();
  return id ? id : undefined;
}

class HelpScoutSource implements SourceSession {
  private readonly reader: HelpScoutReader;
  private inboxes?: Promise<HsMailbox[]>;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly http: HttpClient,
  ) {
    this.reader = new HelpScoutReader(http, settings.baseUrl);
  }

  check(): Promise<AccountCheck> {
    return checkAccount(this.settings, this.http, 'source');
  }

  async count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined> {
    if (type === 'tickets') return (await this.reader.page<HsConversation>('/v2/conversations', 'conversations', this.conversationParams(filter), 1, 'conversations count')).total;
    if (type === 'contacts') return (await this.reader.page<HsCustomer>('/v2/customers', 'customers', this.customerParams(filter), 1, 'customers count')).total;
    if (type === 'agents') return (await this.reader.page<HsUser>('/v2/users', 'users', {}, 1, 'users count')).total;
    if (type === 'ticket_fields') return (await this.reader.ticketFields(await this.mailboxes())).length;
    return 0;
  }

  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>> {
    const self = this;
    const keep = recordFilter(options.filter);
    const start = options.cursor ? (JSON.parse(options.cursor) as {page: number}).page : 1;
    return (async function* (): AsyncGenerator<Page<RecordOf[T]>> {
      switch (type) {
        case 'tickets':
          for await (const page of self.reader.pages<HsConversation>('/v2/conversations', 'conversations', {...self.conversationParams(options.filter), embed: 'threads'}, start)) {
            const tickets = [];
            for (const conversation of page.items) if (keep(conversation.createdAt, conversation.userUpdatedAt ?? conversation.createdAt)) tickets.push(await self.reader.conversation(conversation));
            yield {records: tickets as Array<RecordOf[T]>, cursor: cursorOf(page.next)};
          }
          return;
        case 'contacts':
          for await (const page of self.reader.pages<HsCustomer>('/v2/customers', 'customers', self.customerParams(options.filter), start))
            yield {records: page.items.map(customerFromNative).filter((person) => keep(person.createdAt, person.updatedAt)) as Array<RecordOf[T]>, cursor: cursorOf(page.next)};
          return;
        case 'agents':
          yield {records: (await self.reader.users()) as Array<RecordOf[T]>};
          return;
        case 'ticket_fields':
          yield {records: (await self.reader.ticketFields(await self.mailboxes())) as Array<RecordOf[T]>};
          return;
        default:
          // Groups (teams) and the knowledge base (the separate Docs API) are not read: see HELPSCOUT_RECORD_TYPES.
          return;
      }
    })();
  }

  async get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined> {
    return (await this.reader.get(type, id)) as RecordOf[T] | undefined;
  }

  /** GET …/attachments/{id}/data answers the bytes base64-encoded in JSON ({id, data}). */
  async download(attachment: Attachment): Promise<Buffer> {
    const response = await this.http.request<{data?: string}>({method: 'GET', url: attachment.url, what: `attachment ${attachment.fileName}`});
    if (typeof response.body?.data !== 'string') throw new HttpRecordError(`attachment ${attachment.fileName}: Help Scout answered without data`, response.status, response.body);
    return Buffer.from(response.body.data, 'base64');
  }

  private mailboxes(): Promise<HsMailbox[]> {
    this.inboxes ??= this.reader.mailboxes().then((all) => {
      const only = mailboxFilter(this.settings);
      return only ? all.filter((mailbox) => String(mailbox.id) === only) : all;
    });
    return this.inboxes;
  }

  private conversationParams(filter: SourceFilter) {
    return {status: 'all', mailbox: mailboxFilter(this.settings), sortField: 'createdAt', sortOrder: 'asc', modifiedSince: seconds(filter.updatedSince)};
  }

  private customerParams(filter: SourceFilter) {
    return {sortField: 'createdAt', sortOrder: 'asc', modifiedSince: seconds(filter.updatedSince)};
  }
}

function cursorOf(next: number | undefined): string | undefined {
  return next === undefined ? undefined : JSON.stringify({page: next});
}

/** "yyyy-MM-dd'T'HH:mm:ss'Z'" is the only date form the API takes (Errors: Malformed date). */
export function seconds(timestamp: string | undefined): string | undefined {
  return timestamp ? new Date(timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

function recordFilter(filter: SourceFilter): (createdAt: string, updatedAt: string) => boolean {
  return (createdAt, updatedAt) => {
    if (filter.createdFrom && Date.parse(createdAt) < Date.parse(filter.createdFrom)) return false;
    if (filter.createdTo && Date.parse(createdAt) > Date.parse(filter.createdTo)) return false;
    if (filter.updatedSince && Date.parse(updatedAt) < Date.parse(filter.updatedSince)) return false;
    return true;
  };
}

/** GET /v2/users/me: whose app this is; owners and admins can read every inbox and write. */
export async function checkAccount(settings: ConnectorSettings, http: HttpClient, side: 'source' | 'target'): Promise<AccountCheck> {
  const answer = await http.request<HsUser>({method: 'GET', url: '/v2/users/me'});
  const me = answer.body;
  const who = `${fullName(me.firstName, me.lastName)} <${me.email}>`;
  const problems: string[] = [];
  if (me.role !== 'owner' && me.role !== 'admin')
    problems.push(`${who} is not a Help Scout account owner or administrator: ${side === 'source' ? 'conversations of inboxes the user cannot see are not read' : 'conversations cannot be written to inboxes the user cannot see'}; create the app as an administrator (Your Profile > My Apps).`);
  const mailboxes = await new HelpScoutReader(http, settings.baseUrl).mailboxes();
  const only = mailboxFilter(settings);
  if (!mailboxes.length) problems.push('The Help Scout account has no inbox the app can see.');
  else if (only && !mailboxes.some((mailbox) => String(mailbox.id) === only)) problems.push(`No inbox with id ${only} (the plan's mailboxId): ${mailboxes.map((mailbox) => `${mailbox.id} ${mailbox.name}`).join(', ')}.`);
  const limit = Number(headerOf(answer.headers, 'x-ratelimit-limit-minute'));
  return {description: `Help Scout (${mailboxes.length} inbox(es)) as ${who}`, problems, liveRequestsPerMinute: Number.isFinite(limit) && limit > 0 ? limit : undefined};
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
