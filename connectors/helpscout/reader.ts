// Reading a Help Scout account: HAL pages (`_embedded.<key>`, `page.totalPages`, `_links.next`; 50
// items a page, List Mailboxes' example), each position guarded against a server that hands one back
// twice, and the records both sessions need (users, inboxes, fields, a conversation with its threads).
import type {HttpClient} from '../../source/contracts/http.js';
import type {Person, Ticket, TicketField} from '../../source/contracts/model.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {paginate} from '../../source/platform/paginator.js';
import {
  conversationFromNative,
  customerFromNative,
  fieldFromNative,
  userFromNative,
  type HsConversation,
  type HsCustomer,
  type HsField,
  type HsMailbox,
  type HsPage,
  type HsThread,
  type HsUser,
} from './api-shapes.js';

export interface HalPage<T> {
  items: T[];
  /** The page number to read next; absent on the last page */
  next?: number;
  total?: number;
}

type Params = Record<string, string | number | undefined>;

/** The page number of a `next` link (a HAL answer without `page`). */
function linkedPage(href: string | undefined): number | undefined {
  if (!href) return undefined;
  const page = Number(new URL(href, 'https://api.helpscout.net').searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : undefined;
}

export class HelpScoutReader {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  /** One HAL page; `next` from page.number < page.totalPages, or from a `next` link when `page` is absent. */
  async page<T>(url: string, key: string, params: Params, page: number, what: string, accept: number[] = []): Promise<HalPage<T>> {
    const response = await this.http.request<HsPage<T>>({method: 'GET', url, searchParams: {...params, page}, what, accept});
    // An accepted refusal (see fields()) reads as an empty list.
    if (response.status >= 400) return {items: []};
    const body = response.body ?? {};
    const items = body._embedded?.[key] ?? [];
    const info = body.page;
    // The next page follows the number the server says this one is: a server that keeps answering the
    // same page would have ferry ask for the same next page again, which the loop guard stops.
    const next = info ? (info.number < info.totalPages ? info.number + 1 : undefined) : linkedPage(body._links?.next?.href);
    return {items, next: next !== undefined && items.length ? next : undefined, total: info?.totalElements};
  }

  /** Every page from `start`, each page number visited once (the shared paginator's loop guard). */
  async *pages<T>(url: string, key: string, params: Params, start = 1, accept: number[] = []): AsyncGenerator<HalPage<T> & {number: number}> {
    yield* paginate<number, HalPage<T> & {number: number}>({
      guard: new PageLoopGuard('Help Scout', `${url} (${key})`),
      start,
      check: 'before-request',
      fetch: async (page = start) => ({...(await this.page<T>(url, key, params, page, `${key} page ${page}`, accept)), number: page}),
    });
  }

  async all<T>(url: string, key: string, params: Params = {}, accept: number[] = []): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(url, key, params, 1, accept)) out.push(...page.items);
    return out;
  }

  mailboxes(): Promise<HsMailbox[]> {
    return this.all<HsMailbox>('/v2/mailboxes', 'mailboxes');
  }

  /**
   * An inbox's custom fields. Custom fields are a Plus-plan feature (Manage > Inbox > Custom Fields); what the
   * API answers on a plan without them is not documented, so a 403 there means "no custom fields" instead
   * of stopping the run as a missing right would.
   */
  async fields(mailbox: HsMailbox): Promise<HsField[]> {
    return this.all<HsField>(`/v2/mailboxes/${mailbox.id}/fields`, 'fields', {}, [403]);
  }

  /** Custom fields of every inbox read (or of the one the plan names), in the neutral model. */
  async ticketFields(mailboxes: HsMailbox[]): Promise<TicketField[]> {
    const out: TicketField[] = [];
    for (const mailbox of mailboxes) for (const field of await this.fields(mailbox)) out.push(fieldFromNative(field, mailbox));
    return out;
  }

  async users(): Promise<Person[]> {
    return (await this.all<HsUser>('/v2/users', 'users')).map(userFromNative);
  }

  async threads(conversationId: number): Promise<HsThread[]> {
    return this.all<HsThread>(`/v2/conversations/${conversationId}/threads`, 'threads');
  }

  /** A conversation with its threads: those embedded in the listing (embed=threads) when they are
   * whole, else List Threads: "If using the embed=threads parameter with this call, you will see
   * truncated chat threads" (List Conversations), so a chat conversation, one with a chat thread, or
   * one whose embedded threads fall short of its thread count is read thread by thread. */
  async conversation(native: HsConversation): Promise<Ticket> {
    const embedded = native._embedded?.threads;
    const whole = embedded !== undefined && native.type !== 'chat' && !embedded.some((thread) => thread.type === 'chat') && embedded.length >= (native.threads ?? Infinity);
    return conversationFromNative(native, whole ? embedded : await this.threads(native.id), this.baseUrl);
  }

  /** A record by id; undefined when Help Scout says it is not there (404). */
  async get(type: string, id: string): Promise<unknown> {
    if (!/^\d+$/.test(id)) return undefined;
    const one = async <T>(url: string) => {
      const response = await this.http.request<T>({method: 'GET', url, accept: [404], what: `${type} ${id}`});
      return response.status === 404 ? undefined : response.body;
    };
    switch (type) {
      case 'tickets': {
        const conversation = await one<HsConversation>(`/v2/conversations/${id}`);
        return conversation ? this.conversation(conversation) : undefined;
      }
      case 'contacts': {
        const customer = await one<HsCustomer>(`/v2/customers/${id}`);
        return customer ? customerFromNative(customer) : undefined;
      }
      case 'agents': {
        const user = await one<HsUser>(`/v2/users/${id}`);
        return user ? userFromNative(user) : undefined;
      }
      case 'ticket_fields':
        return (await this.ticketFields(await this.mailboxes())).find((field) => field.id === id);
      default:
        return undefined;
    }
  }
}
