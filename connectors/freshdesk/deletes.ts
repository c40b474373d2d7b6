// Undo on Freshdesk (docs/platforms/freshdesk.md, "Deleting"): what each record type's delete
// does, and whether something on the account still references a record ferry created.
import type {RemoveOptions, RemoveOutcome} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';

/** What undo does to each type here, said in the dry run (Connector.removal). */
export const FRESHDESK_REMOVAL = {
  tickets: {soft: 'to the trash, with their conversations and attachments (restorable: Freshdesk keeps trashed tickets until the trash is emptied)'},
  contacts: {soft: 'soft deleted (restorable; their email stays taken until they are deleted for good)', permanent: 'deleted for good (soft delete, then hard_delete)'},
  organizations: {soft: 'deleted for good (companies have no trash)'},
  groups: {soft: 'deleted for good'},
  ticket_fields: {soft: 'deleted for good, with their values on every ticket'},
  kb_categories: {soft: 'deleted for good'},
  kb_sections: {soft: 'deleted for good'},
  kb_articles: {soft: 'deleted for good'},
} as const;

const PATHS: Partial<Record<RecordType, string>> = {
  tickets: '/api/v2/tickets',
  contacts: '/api/v2/contacts',
  organizations: '/api/v2/companies',
  groups: '/api/v2/groups',
  ticket_fields: '/api/v2/admin/ticket_fields',
  kb_categories: '/api/v2/solutions/categories',
  kb_sections: '/api/v2/solutions/folders',
  kb_articles: '/api/v2/solutions/articles',
};

async function tolerate404(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof HttpRecordError && error.status === 404) return false;
    throw error;
  }
}

export async function removeFreshdesk(http: HttpClient, type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
  const base = PATHS[type];
  if (!base) throw new HttpRecordError(`Freshdesk cannot delete ${type} through its API`, 405, undefined);
  const what = `delete ${type.replace('_', ' ').replace(/s$/, '')} ${id}`;
  if (type === 'contacts' && options.permanent) {
    // A contact soft deleted by an earlier attempt answers 404 here; hard_delete still finishes it.
    await tolerate404(() => http.request({method: 'DELETE', url: `${base}/${id}`, what}));
    const hard = await tolerate404(() => http.request({method: 'DELETE', url: `${base}/${id}/hard_delete`, what}));
    return hard ? 'deleted' : 'gone';
  }
  await http.request({method: 'DELETE', url: `${base}/${id}`, what});
  return type === 'tickets' || type === 'contacts' ? 'trashed' : 'deleted';
}

/** Tickets of a contact or company that are still on the account (trashed ones are not listed). */
export async function freshdeskReferences(http: HttpClient, type: RecordType, id: Id): Promise<string | undefined> {
  const filter = type === 'contacts' ? 'requester_id' : type === 'organizations' ? 'company_id' : undefined;
  if (!filter) return undefined;
  // Without updated_since the list holds only the last 30 days' tickets.
  const tickets = await http.request<Array<{id: number}>>({method: 'GET', url: '/api/v2/tickets', searchParams: {[filter]: id, updated_since: '1970-01-01T00:00:00Z', per_page: 1}});
  if (tickets.body.length) return `ticket #${tickets.body[0]!.id} on Freshdesk, which this undo does not remove, still references it`;
  if (type === 'organizations') {
    const contacts = await http.request<Array<{id: number}>>({method: 'GET', url: '/api/v2/contacts', searchParams: {company_id: id, per_page: 1}, endpoint: 'contacts.list'});
    if (contacts.body.length) return `contact #${contacts.body[0]!.id} on Freshdesk, which this undo does not remove, belongs to it`;
  }
  return undefined;
}

/** The record's page in the web app, for ferry show. */
export function freshdeskWebUrl(baseUrl: string, type: RecordType, id: Id): string | undefined {
  const base = baseUrl.replace(/\/$/, '');
  const path = ({tickets: 'a/tickets', contacts: 'a/contacts', organizations: 'a/companies'} as Partial<Record<RecordType, string>>)[type];
  return path ? `${base}/${path}/${id}` : undefined;
}
