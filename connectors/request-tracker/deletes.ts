// Undo on Request Tracker 5 (docs/platforms/request-tracker.md, "Deleting"), measured against RT 5
// on loopback: REST 2.0's DELETE marks a ticket "deleted" and disables a user, a queue or a custom
// field (204); nothing is removed from the database. A second DELETE of the same record answers
// 500, so the record is read first and one already deleted or disabled counts as done. Kept apart
// from target-session.ts: the descriptor adds these methods to the session.
import type {RemoveOptions, RemoveOutcome, TargetSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import {enc} from './rest.js';
import {SOURCE_FIELD_NAME} from './api-shapes.js';

export const RT_REMOVAL = {
  tickets: {soft: 'marked deleted (RT keeps them; an administrator can shred them with rt-shredder)'},
  contacts: {soft: 'disabled (RT never deletes users through its API)'},
  agents: {soft: 'disabled (RT never deletes users through its API)'},
  groups: {soft: 'disabled (queues)'},
  ticket_fields: {soft: 'disabled (custom fields)'},
  organizations: {soft: 'nothing to delete (RT has no organizations: the name was written into users, which go with them)'},
} as const;

const PATHS: Partial<Record<RecordType, string>> = {tickets: 'ticket', contacts: 'user', agents: 'user', groups: 'queue', ticket_fields: 'customfield'};

export function withRtDeletes(session: TargetSession, http: HttpClient, prefix: string): TargetSession {
  const done = async (path: string, id: Id): Promise<boolean> => {
    try {
      const record = (await http.request<{Status?: string; Disabled?: string | number}>({method: 'GET', url: `${prefix}/${path}/${enc(id)}`, what: `${path} ${id}`})).body;
      return record.Status === 'deleted' || String(record.Disabled ?? '0') !== '0';
    } catch (error) {
      if (error instanceof HttpRecordError && error.status === 404) return true;
      throw error;
    }
  };
  return Object.assign(session, {
    async remove(type: RecordType, id: Id, _options: RemoveOptions): Promise<RemoveOutcome> {
      if (type === 'organizations') return 'gone';
      const path = PATHS[type];
      if (!path) throw new HttpRecordError(`Request Tracker cannot delete ${type} through its API`, 405, undefined);
      if (await done(path, id)) return 'gone';
      try {
        await http.request({method: 'DELETE', url: `${prefix}/${path}/${enc(id)}`, what: `delete ${path} ${id}`});
      } catch (error) {
        // A lost answer whose DELETE was applied: the retry gets 500; the record says it is done.
        if (!(await done(path, id))) throw error;
      }
      return type === 'tickets' ? 'marked deleted' : 'deactivated';
    },
    async referencedBy(type: RecordType, id: Id): Promise<string | undefined> {
      if (type !== 'contacts' && type !== 'groups') return undefined;
      const quoted = `'${String(id).replace(/'/g, "\\'")}'`;
      const query = type === 'contacts' ? (/^\d+$/.test(id) ? `Requestor.id = ${id}` : `Requestor.Name = ${quoted}`) : /^\d+$/.test(id) ? `Queue = ${id}` : `Queue = ${quoted}`;
      const found = await http.request<{items?: Array<{id: string}>}>({method: 'GET', url: `${prefix}/tickets`, searchParams: {query, per_page: 1}, what: `tickets of ${type === 'contacts' ? 'user' : 'queue'} ${id}`});
      const ticket = found.body.items?.[0];
      return ticket ? `ticket #${ticket.id} on Request Tracker, which this undo does not remove, ${type === 'contacts' ? 'has this user as requestor' : 'is in this queue'}` : undefined;
    },
    async artifacts(): Promise<Array<{type: RecordType; id: Id; label: string}>> {
      const found = await http.request<{items?: Array<{id: string}>}>({method: 'POST', url: `${prefix}/customfields`, json: [{field: 'Name', value: SOURCE_FIELD_NAME}], what: 'the marker field'});
      return (found.body.items ?? []).map((item) => ({type: 'ticket_fields' as const, id: String(item.id), label: SOURCE_FIELD_NAME}));
    },
  });
}

/** The record's page in the web app, for ferry show. */
export function rtWebUrl(baseUrl: string, type: RecordType, id: Id): string | undefined {
  const base = baseUrl.replace(/\/(REST\/2\.0\/?)?$/, '');
  if (type === 'tickets') return `${base}/Ticket/Display.html?id=${encodeURIComponent(id)}`;
  if (type === 'contacts' || type === 'agents') return `${base}/Admin/Users/Modify.html?id=${encodeURIComponent(id)}`;
  if (type === 'groups') return `${base}/Admin/Queues/Modify.html?id=${encodeURIComponent(id)}`;
  return undefined;
}
