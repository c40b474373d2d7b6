// Reading Freshdesk: Link-header pagination with loop detection (the Freshworks kit's pager), the tickets list with its
// 300-page cap and 30-day default window, and one-record lookups. Shared by the source
// session and the target session's get().
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import {MAX_PER_PAGE} from '../freshworks/reader.js';
import {PageLoopGuard as SharedPageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {allLinkPages, linkPage, type LinkPage} from '../freshworks/reader.js';
export {MAX_PER_PAGE, nextLink, withPerPage} from '../freshworks/reader.js';
import type {RecordOf, RecordType} from '../../source/contracts/model.js';
import {
  agentFromNative,
  articleFromNative,
  categoryFromNative,
  companyFromNative,
  contactFromNative,
  folderFromNative,
  groupFromNative,
  ticketFieldFromNative,
  ticketFromNative,
  TICKET_MARKER_FIELD,
  type FdAgent,
  type FdArticle,
  type FdCategory,
  type FdCompany,
  type FdContact,
  type FdConversation,
  type FdFolder,
  type FdGroup,
  type FdRole,
  type FdTicket,
  type FdTicketField,
} from './api-shapes.js';

/** Field types whose choices matter to ferry (custom_dropdown, and default_ticket_type for ticket types) */
const CHOICE_TYPES = new Set(['custom_dropdown', 'nested_field', 'default_ticket_type']);
/** List Tickets refuses page > 300 ("You cannot access tickets beyond the 300th page"). */
export const TICKETS_PAGE_CAP = 300;

/** Freshdesk's page positions, guarded as every paginated read is (source/platform/page-loop-guard.ts). */
export class PageLoopGuard extends SharedPageLoopGuard {
  constructor(what: string) {
    super('Freshdesk', what);
  }
}

export class FreshdeskReader {
  private roles?: Promise<Map<number, FdRole>>;
  private fieldIds?: Promise<Map<string, string>>;

  constructor(
    readonly http: HttpClient,
    readonly perPage = MAX_PER_PAGE,
  ) {}

  async getJson<T>(url: string, searchParams?: Record<string, string | number | undefined>, endpoint?: string): Promise<HttpResponse<T>> {
    return this.http.request<T>({method: 'GET', url, searchParams, endpoint});
  }

  /** One page of a Link-paginated list (the Freshworks kit's pager: Freshdesk answers the bare array). */
  page<T>(url: string, endpoint?: string): Promise<LinkPage<T>> {
    return linkPage<T>(this.http, url, undefined, endpoint);
  }

  /** Every item of a Link-paginated list (for small lists: groups, fields, roles, categories). */
  all<T>(path: string, endpoint?: string): Promise<T[]> {
    return allLinkPages<T>(this.http, 'Freshdesk', path, {perPage: this.perPage, endpoint});
  }

  rolesById(): Promise<Map<number, FdRole>> {
    this.roles ??= this.all<FdRole>('/api/v2/roles').then((roles) => new Map(roles.map((role) => [role.id, role])));
    return this.roles;
  }

  /** Ticket field name (cf_…) -> TicketField id, to key custom field values by id. */
  fieldIdsByName(): Promise<Map<string, string>> {
    this.fieldIds ??= this.ticketFields().then((fields) => new Map(fields.map((field) => [field.name, String(field.id)])));
    return this.fieldIds;
  }

  /** GET /api/v2/ticket_fields documents only a `type` filter and GET /api/v2/admin/ticket_fields only
   * `include`: both answer every field at once, and an unexpected parameter is a 400 invalid_field. */
  async ticketFields(admin = false): Promise<FdTicketField[]> {
    const response = await this.http.request<FdTicketField[]>({method: 'GET', url: admin ? '/api/v2/admin/ticket_fields' : '/api/v2/ticket_fields'});
    const fields = response.body ?? [];
    if (!admin) return fields;
    // The admin list prints no choices; a dropdown's choices (with their ids) come from its own view.
    return Promise.all(
      fields.map(async (field) => {
        if (field.choices !== undefined || !CHOICE_TYPES.has(field.type)) return field;
        const one = await this.http.request<FdTicketField>({method: 'GET', url: `/api/v2/admin/ticket_fields/${field.id}`, accept: [404], what: `ticket field ${field.label}`});
        return one.status === 404 ? field : {...field, choices: one.body.choices};
      }),
    );
  }

  /** Every KB folder, parents before their subfolders ("Flexible Hierarchy": GET
   * /solutions/folders/{id}/subfolders, asked only where sub_folders_count says there are some). */
  async allFolders(): Promise<FdFolder[]> {
    const folders = new Map<number, FdFolder>();
    const visit = async (list: FdFolder[], categoryId: number) => {
      for (const folder of list) {
        if (folders.has(folder.id)) continue;
        folders.set(folder.id, {...folder, category_id: folder.category_id ?? categoryId});
        if ((folder.sub_folders_count ?? 0) > 0) await visit(await this.all<FdFolder>(`/api/v2/solutions/folders/${folder.id}/subfolders`), categoryId);
      }
    };
    for (const category of await this.all<FdCategory>('/api/v2/solutions/categories')) await visit(await this.all<FdFolder>(`/api/v2/solutions/categories/${category.id}/folders`), category.id);
    // A folder listed before its parent (a category listing that includes subfolders) moves after it.
    const ordered: FdFolder[] = [];
    const placed = new Set<number>();
    const place = (folder: FdFolder) => {
      if (placed.has(folder.id)) return;
      placed.add(folder.id);
      const parent = folder.parent_folder_id ? folders.get(folder.parent_folder_id) : undefined;
      if (parent) place(parent);
      ordered.push(folder);
    };
    for (const folder of folders.values()) place(folder);
    return ordered;
  }

  customTicketFields(fields: FdTicketField[]) {
    return fields.filter((field) => !field.default && field.name !== TICKET_MARKER_FIELD).map(ticketFieldFromNative);
  }

  /** A listed ticket lacks attachments and (on newer accounts) its description: fetch it whole, with
   * its conversations. A ticket the list does not know may be archived (closed and inactive for
   * months): those are served at /tickets/archived/{id} only ("Archive Tickets"). */
  async fullTicket(id: number | string): Promise<RecordOf['tickets'] | undefined> {
    const response = await this.http.request<FdTicket>({method: 'GET', url: `/api/v2/tickets/${id}`, accept: [404], what: `ticket ${id}`});
    if (response.status === 404) return this.archivedTicket(id);
    const [conversations, fieldIds] = await Promise.all([this.conversations(id), this.fieldIdsByName()]);
    return ticketFromNative(response.body, conversations, fieldIds);
  }

  /** An archived ticket, or undefined when there is none with this id (or the plan has no archive: 403). */
  async archivedTicket(id: number | string): Promise<RecordOf['tickets'] | undefined> {
    const found = await this.archivedTicketOrUnavailable(id);
    return found === 'unavailable' ? undefined : found;
  }

  /** As archivedTicket, but says 'unavailable' when the account has no archive access (403). */
  async archivedTicketOrUnavailable(id: number | string): Promise<RecordOf['tickets'] | undefined | 'unavailable'> {
    const response = await this.http.request<FdTicket>({method: 'GET', url: `/api/v2/tickets/archived/${id}`, accept: [403, 404], what: `archived ticket ${id}`});
    if (response.status === 403) return 'unavailable';
    if (response.status !== 200) return undefined;
    const [conversations, fieldIds] = await Promise.all([this.conversations(id, true), this.fieldIdsByName()]);
    return ticketFromNative(response.body, conversations, fieldIds);
  }

  async conversations(ticketId: number | string, archived = false): Promise<FdConversation[]> {
    return this.all<FdConversation>(`/api/v2/tickets/${archived ? 'archived/' : ''}${ticketId}/conversations`);
  }

  async agentsToNeutral(agents: FdAgent[]) {
    const roles = await this.rolesById();
    return agents.map((agent) => agentFromNative(agent, roles));
  }

  /** One record by id; undefined on 404. */
  async get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined> {
    const one = async <N>(url: string): Promise<N | undefined> => {
      const response = await this.http.request<N>({method: 'GET', url, accept: [404], what: `${type} ${id}`});
      return response.status === 404 ? undefined : response.body;
    };
    const encoded = encodeURIComponent(id);
    let record: unknown;
    switch (type) {
      case 'tickets':
        record = await this.fullTicket(encoded);
        break;
      case 'contacts': {
        const contact = await one<FdContact>(`/api/v2/contacts/${encoded}`);
        record = contact && contactFromNative(contact);
        break;
      }
      case 'agents': {
        const agent = await one<FdAgent>(`/api/v2/agents/${encoded}`);
        record = agent && (await this.agentsToNeutral([agent]))[0];
        break;
      }
      case 'organizations': {
        const company = await one<FdCompany>(`/api/v2/companies/${encoded}`);
        record = company && companyFromNative(company);
        break;
      }
      case 'groups': {
        const group = await one<FdGroup>(`/api/v2/groups/${encoded}`);
        record = group && groupFromNative(group);
        break;
      }
      case 'ticket_fields': {
        const field = await one<FdTicketField>(`/api/v2/admin/ticket_fields/${encoded}`);
        record = field && this.customTicketFields([field])[0];
        break;
      }
      case 'kb_categories': {
        const category = await one<FdCategory>(`/api/v2/solutions/categories/${encoded}`);
        record = category && categoryFromNative(category);
        break;
      }
      case 'kb_sections': {
        const folder = await one<FdFolder>(`/api/v2/solutions/folders/${encoded}`);
        record = folder && folderFromNative(folder);
        break;
      }
      case 'kb_articles': {
        const article = await one<FdArticle>(`/api/v2/solutions/articles/${encoded}`);
        record = article && articleFromNative(article);
        break;
      }
    }
    return record as RecordOf[T] | undefined;
  }
}
