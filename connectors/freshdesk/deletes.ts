// Undo on Freshdesk (docs/platforms/freshdesk.md, "Deleting"): what each record type's delete
// does, and whether something on the account still references a record ferry created.
import type {RemoveOptions, RemoveOutcome} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {freshworksWebUrl, removeFreshworks, tolerate404, type FreshworksDeletes} from '../freshworks/deletes.js';

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

const FRESHDESK_DELETES: FreshworksDeletes = {
  platform: 'Freshdesk',
  paths: {
    tickets: '/api/v2/tickets',
    contacts: '/api/v2/contacts',
    organizations: '/api/v2/companies',
    groups: '/api/v2/groups',
    ticket_fields: '/api/v2/admin/ticket_fields',
    kb_categories: '/api/v2/solutions/categories',
    kb_sections: '/api/v2/solutions/folders',
    kb_articles: '/api/v2/solutions/articles',
  },
  outcomes: {tickets: 'trashed', contacts: 'trashed'},
  async permanentContact(http, path, what) {
    // A contact soft deleted by an earlier attempt answers 404 here; hard_delete still finishes it.
    await tolerate404(() => http.request({method: 'DELETE', url: path, what}));
    const hard = await tolerate404(() => http.request({method: 'DELETE', url: `${path}/hard_delete`, what}));
    return hard ? 'deleted' : 'gone';
  },
};

export function removeFreshdesk(http: HttpClient, type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
  return removeFreshworks(FRESHDESK_DELETES, http, type, id, options);
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
export const freshdeskWebUrl = freshworksWebUrl({tickets: 'a/tickets', contacts: 'a/contacts', organizations: 'a/companies'});
