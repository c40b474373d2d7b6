// Undo on Freshservice (docs/platforms/freshservice.md, "Deleting"): what each record type's delete
// does, and whether a ticket ferry did not create still names a requester ferry created. Kept apart
// from target-session.ts: the descriptor adds these methods to the session (withFreshserviceDeletes).
import type {RemoveOptions, RemoveOutcome, TargetSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {freshworksWebUrl, removeFreshworks, type FreshworksDeletes} from '../freshworks/deletes.js';

export const FRESHSERVICE_REMOVAL = {
  tickets: {soft: 'to the trash, with their conversations (restorable)'},
  contacts: {soft: 'deactivated (requesters are kept, inactive)', permanent: 'deleted for good with Forget Requester (which also deletes every ticket they requested)'},
  organizations: {soft: 'deleted for good (departments)'},
  groups: {soft: 'deleted for good'},
  kb_categories: {soft: 'deleted for good'},
  kb_sections: {soft: 'deleted for good'},
  kb_articles: {soft: 'deleted for good'},
} as const;

const FRESHSERVICE_DELETES: FreshworksDeletes = {
  platform: 'Freshservice',
  paths: {
    tickets: '/api/v2/tickets',
    contacts: '/api/v2/requesters',
    organizations: '/api/v2/departments',
    groups: '/api/v2/groups',
    kb_categories: '/api/v2/solutions/categories',
    kb_sections: '/api/v2/solutions/folders',
    kb_articles: '/api/v2/solutions/articles',
  },
  outcomes: {tickets: 'trashed', contacts: 'deactivated'},
  async permanentContact(http, path, what) {
    await http.request({method: 'DELETE', url: `${path}/forget`, what});
    return 'deleted';
  },
};

export function withFreshserviceDeletes(session: TargetSession, http: HttpClient): TargetSession {
  return Object.assign(session, {
    remove: (type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> => removeFreshworks(FRESHSERVICE_DELETES, http, type, id, options),
    async referencedBy(type: RecordType, id: Id): Promise<string | undefined> {
      if (type !== 'contacts') return undefined;
      // Forget would delete every ticket of the requester: any left (trashed ones are not listed) keeps it.
      const found = await http.request<{tickets: Array<{id: number}>}>({method: 'GET', url: '/api/v2/tickets/filter', searchParams: {query: `"requester_id:${id}"`}, endpoint: 'tickets.list'});
      const ticket = found.body.tickets?.[0];
      return ticket ? `ticket #${ticket.id} on Freshservice, which this undo does not remove, was requested by this requester` : undefined;
    },
  });
}

/** The record's page in the web app, for ferry show. */
export const freshserviceWebUrl = freshworksWebUrl({tickets: 'a/tickets', contacts: 'a/requesters'});
