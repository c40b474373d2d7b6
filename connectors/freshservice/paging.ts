// Reading Freshservice: the Freshworks kit's pager (connectors/freshworks/reader.ts): page/per_page
// (at most 100) with the `link` header naming the next page
// ("Pagination": "If you have reached the last page of objects, then the link header will not be
// set"), every answer wrapped in a key ({"tickets": [...]}), loop detection on every list, and
// one-record lookups shared by the source session and the target's get().
import type {HttpClient} from '../../source/contracts/http.js';
import {PageLoopGuard} from '../../source/platform/page-loop-guard.js';
import {allLinkPages, linkPage, MAX_PER_PAGE, type LinkPage} from '../freshworks/reader.js';
import type {RecordOf, RecordType} from '../../source/contracts/model.js';
import {
  agentFromNative,
  articleFromNative,
  categoryFromNative,
  departmentFromNative,
  folderFromNative,
  groupFromNative,
  itsmFromNative,
  ITSM_KINDS,
  parseTicketId,
  requesterFromNative,
  ticketFieldFromNative,
  ticketFromNative,
  type FsAgent,
  type FsArticle,
  type FsCategory,
  type FsConversation,
  type FsDepartment,
  type FsFolder,
  type FsGroup,
  type FsItsmRecord,
  type FsNote,
  type FsRequester,
  type FsRole,
  type FsTicket,
  type FsTicketField,
} from './api-shapes.js';

export {MAX_PER_PAGE, nextLink, withPerPage} from '../freshworks/reader.js';
/** "avoid making calls referencing page numbers over 500 (deep pagination)" (Best Practices). */
export const DEEP_PAGE = 500;

export function guard(what: string): PageLoopGuard {
  return new PageLoopGuard('Freshservice', what);
}

export class FreshserviceReader {
  private roles?: Promise<Map<number, FsRole>>;
  private fieldIds?: Promise<Map<string, string>>;

  constructor(
    readonly http: HttpClient,
    readonly perPage = MAX_PER_PAGE,
  ) {}

  /** One page of a list; `key` is the wrapper the answer's array sits in (the Freshworks kit's pager). */
  page<T>(url: string, key: string, endpoint?: string): Promise<LinkPage<T>> {
    return linkPage<T>(this.http, url, key, endpoint);
  }

  /** Every item of a small list (groups, fields, departments, roles, notes). */
  all<T>(path: string, key: string, endpoint?: string): Promise<T[]> {
    return allLinkPages<T>(this.http, 'Freshservice', path, {perPage: this.perPage, key, endpoint});
  }

  rolesById(): Promise<Map<number, FsRole>> {
    this.roles ??= this.all<FsRole>('/api/v2/roles', 'roles').then((roles) => new Map(roles.map((role) => [role.id, role])));
    return this.roles;
  }

  /** GET /api/v2/ticket_form_fields answers every field at once (no paging documented). */
  async ticketFields(): Promise<FsTicketField[]> {
    const response = await this.http.request<{ticket_fields: FsTicketField[]}>({method: 'GET', url: '/api/v2/ticket_form_fields'});
    return response.body?.ticket_fields ?? [];
  }

  customTicketFields(fields: FsTicketField[]) {
    return fields.filter((field) => !field.default_field).map(ticketFieldFromNative);
  }

  fieldIdsByName(): Promise<Map<string, string>> {
    this.fieldIds ??= this.ticketFields().then((fields) => new Map(fields.map((field) => [field.name, String(field.id)])));
    return this.fieldIds;
  }

  /** Folders are listed per category (`category_id` is required by List Solution Folders). */
  async allFolders(): Promise<FsFolder[]> {
    const folders: FsFolder[] = [];
    for (const category of await this.all<FsCategory>('/api/v2/solutions/categories', 'categories'))
      folders.push(...(await this.all<FsFolder>(`/api/v2/solutions/folders?category_id=${category.id}`, 'folders')).map((folder) => ({...folder, category_id: folder.category_id ?? category.id})));
    return folders;
  }

  /** A listed ticket lacks tags and attachments: View a Ticket with include=tags (tags are only
   * embedded on request; the include costs one more credit), then every conversation. */
  async fullTicket(id: number | string): Promise<RecordOf['tickets'] | undefined> {
    const response = await this.http.request<{ticket: FsTicket}>({method: 'GET', url: `/api/v2/tickets/${id}`, searchParams: {include: 'tags'}, accept: [404], what: `ticket ${id}`, endpoint: 'tickets.view'});
    if (response.status === 404) return undefined;
    const [conversations, fieldIds] = await Promise.all([this.all<FsConversation>(`/api/v2/tickets/${id}/conversations`, 'conversations'), this.fieldIdsByName()]);
    return ticketFromNative(response.body.ticket, conversations, fieldIds);
  }

  /** A problem or a change with its notes, as a ticket. */
  async itsm(kind: keyof typeof ITSM_KINDS, record: FsItsmRecord): Promise<RecordOf['tickets']> {
    const notes = await this.all<FsNote>(`/api/v2/${ITSM_KINDS[kind].path}/${record.id}/notes`, 'notes');
    return itsmFromNative(kind, record, notes);
  }

  async agentsToNeutral(agents: FsAgent[]) {
    const roles = await this.rolesById();
    return agents.map((agent) => agentFromNative(agent, roles));
  }

  /** One record by id; undefined on 404. */
  async get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined> {
    const one = async <N>(url: string, key: string, endpoint?: string): Promise<N | undefined> => {
      const response = await this.http.request<Record<string, N>>({method: 'GET', url, accept: [404], what: `${type} ${id}`, endpoint});
      return response.status === 404 ? undefined : response.body?.[key];
    };
    const encoded = encodeURIComponent(id);
    let record: unknown;
    switch (type) {
      case 'tickets': {
        const {kind, native} = parseTicketId(id);
        if (kind === 'ticket') record = await this.fullTicket(encodeURIComponent(native));
        else {
          const found = await one<FsItsmRecord>(`/api/v2/${ITSM_KINDS[kind].path}/${native}`, kind);
          record = found && (await this.itsm(kind, found));
        }
        break;
      }
      case 'contacts': {
        const requester = await one<FsRequester>(`/api/v2/requesters/${encoded}`, 'requester');
        record = requester && requesterFromNative(requester);
        break;
      }
      case 'agents': {
        const agent = await one<FsAgent>(`/api/v2/agents/${encoded}`, 'agent');
        record = agent && (await this.agentsToNeutral([agent]))[0];
        break;
      }
      case 'organizations': {
        const department = await one<FsDepartment>(`/api/v2/departments/${encoded}`, 'department');
        record = department && departmentFromNative(department);
        break;
      }
      case 'groups': {
        const group = await one<FsGroup>(`/api/v2/groups/${encoded}`, 'group');
        record = group && groupFromNative(group);
        break;
      }
      case 'ticket_fields':
        record = this.customTicketFields(await this.ticketFields()).find((field) => field.id === id);
        break;
      case 'kb_categories': {
        const category = await one<FsCategory>(`/api/v2/solutions/categories/${encoded}`, 'category');
        record = category && categoryFromNative(category);
        break;
      }
      case 'kb_sections': {
        const folder = await one<FsFolder>(`/api/v2/solutions/folders/${encoded}`, 'folder');
        record = folder && folderFromNative(folder);
        break;
      }
      case 'kb_articles': {
        const article = await one<FsArticle>(`/api/v2/solutions/articles/${encoded}`, 'article');
        record = article && articleFromNative(article);
        break;
      }
    }
    return record as RecordOf[T] | undefined;
  }
}
