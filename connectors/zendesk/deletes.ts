// Undo on Zendesk (docs/platforms/zendesk.md, "Deleting"): what each record type's delete does,
// and whether something on the account still references a person or organization ferry created.
import type {RemoveOptions, RemoveOutcome} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import {ENDPOINT} from './source-session.js';

/** What undo does to each type here, said in the dry run (Connector.removal). */
export const ZENDESK_REMOVAL = {
  tickets: {soft: 'to the deleted tickets (the trash: restorable for 30 days, then deleted for good)', permanent: 'deleted for good (trash, then Delete Ticket Permanently)'},
  contacts: {soft: 'soft deleted (restorable until deleted for good)', permanent: 'deleted for good (soft delete, then Permanently Delete User)'},
  organizations: {soft: 'deleted for good'},
  groups: {soft: 'deleted (Zendesk marks groups deleted)'},
  ticket_fields: {soft: 'deleted for good, with their values on every ticket'},
  kb_categories: {soft: 'deleted for good, with their sections'},
  kb_sections: {soft: 'deleted for good'},
  kb_articles: {soft: 'archived (Zendesk keeps deleted articles in its archive)'},
} as const;

const PATHS: Partial<Record<RecordType, string>> = {
  tickets: '/api/v2/tickets',
  contacts: '/api/v2/users',
  organizations: '/api/v2/organizations',
  groups: '/api/v2/groups',
  ticket_fields: '/api/v2/ticket_fields',
  kb_categories: '/api/v2/help_center/categories',
  kb_sections: '/api/v2/help_center/sections',
  kb_articles: '/api/v2/help_center/articles',
};

const ENDPOINTS: Partial<Record<RecordType, string>> = {tickets: ENDPOINT.ticketsUpdate, contacts: ENDPOINT.usersWrite, kb_categories: ENDPOINT.helpCenter, kb_sections: ENDPOINT.helpCenter, kb_articles: ENDPOINT.helpCenter};

async function sent(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof HttpRecordError && error.status === 404) return false;
    throw error;
  }
}

export async function removeZendesk(http: HttpClient, type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
  const base = PATHS[type];
  if (!base) throw new HttpRecordError(`Zendesk cannot delete ${type} through its API`, 405, undefined);
  const endpoint = ENDPOINTS[type] ?? ENDPOINT.other;
  const what = `delete ${type.replace('_', ' ').replace(/s$/, '')} ${id}`;
  const second = type === 'tickets' ? '/api/v2/deleted_tickets' : type === 'contacts' ? '/api/v2/deleted_users' : undefined;
  if (second && options.permanent) {
    // The first step may have been applied by an earlier attempt (404 then): the second finishes it.
    const first = await sent(() => http.request({method: 'DELETE', url: `${base}/${id}.json`, endpoint, what}));
    const final = await sent(() => http.request({method: 'DELETE', url: `${second}/${id}.json`, endpoint, what}));
    return final ? 'deleted' : first ? 'trashed' : 'gone';
  }
  await http.request({method: 'DELETE', url: `${base}/${id}.json`, endpoint, what});
  return type === 'tickets' || type === 'contacts' ? 'trashed' : type === 'groups' ? 'marked deleted' : 'deleted';
}

export async function zendeskReferences(http: HttpClient, type: RecordType, id: Id): Promise<string | undefined> {
  const first = async (url: string, key: string, endpoint: string) => (await http.request<Record<string, Array<{id: number}>>>({method: 'GET', url, searchParams: {per_page: 1}, endpoint})).body[key]?.[0]?.id;
  if (type === 'contacts') {
    const ticket = await first(`/api/v2/users/${id}/tickets/requested.json`, 'tickets', ENDPOINT.ticketsRead);
    return ticket ? `ticket #${ticket} on Zendesk, which this undo does not remove, was requested by this user` : undefined;
  }
  if (type === 'organizations') {
    const ticket = await first(`/api/v2/organizations/${id}/tickets.json`, 'tickets', ENDPOINT.ticketsRead);
    if (ticket) return `ticket #${ticket} on Zendesk, which this undo does not remove, belongs to this organization`;
    const user = await first(`/api/v2/organizations/${id}/users.json`, 'users', ENDPOINT.usersRead);
    return user ? `user #${user} on Zendesk, which this undo does not remove, belongs to this organization` : undefined;
  }
  return undefined;
}

/** The record's page in the web app, for ferry show. */
export function zendeskWebUrl(baseUrl: string, type: RecordType, id: Id): string | undefined {
  const base = baseUrl.replace(/\/$/, '');
  const path = ({tickets: 'agent/tickets', contacts: 'agent/users', agents: 'agent/users', organizations: 'agent/organizations'} as Partial<Record<RecordType, string>>)[type];
  return path ? `${base}/${path}/${id}` : undefined;
}
