// Undo on Help Scout (docs/platforms/helpscout.md, "Deleting"): conversations are deleted with their
// threads and attachments; a customer's delete is a hard, GDPR erasure that takes every conversation
// they took part in with it, so a customer is kept while any conversation (ferry's are deleted
// first) still names them. Kept apart from target-session.ts: the descriptor adds these methods.
import type {RemoveOptions, RemoveOutcome, TargetSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';

export const HELPSCOUT_REMOVAL = {
  tickets: {soft: 'deleted with their threads and attachments (Delete Conversation)'},
  contacts: {soft: 'deleted for good (Delete Customer: Help Scout has no trash for customers)'},
} as const;

const PATHS: Partial<Record<RecordType, string>> = {tickets: '/v2/conversations', contacts: '/v2/customers'};

export function withHelpScoutDeletes(session: TargetSession, http: HttpClient): TargetSession {
  return Object.assign(session, {
    async remove(type: RecordType, id: Id, _options: RemoveOptions): Promise<RemoveOutcome> {
      const base = PATHS[type];
      if (!base) throw new HttpRecordError(`Help Scout cannot delete ${type} through its API`, 405, undefined);
      await http.request({method: 'DELETE', url: `${base}/${encodeURIComponent(id)}`, what: `delete ${type === 'tickets' ? 'conversation' : 'customer'} ${id}`});
      return 'deleted';
    },
    async referencedBy(type: RecordType, id: Id): Promise<string | undefined> {
      if (type !== 'contacts') return undefined;
      const found = await http.request<{_embedded?: {conversations?: Array<{id: number}>}}>({method: 'GET', url: '/v2/conversations', searchParams: {query: `(customerIds:${id})`, status: 'all'}, what: `conversations of customer ${id}`});
      const conversation = found.body._embedded?.conversations?.[0];
      // Deleting the customer would delete this conversation too.
      return conversation ? `conversation #${conversation.id} on Help Scout, which this undo does not remove, belongs to this customer (deleting the customer would delete it)` : undefined;
    },
  });
}

/** The record's page in the web app, for ferry show. */
export function helpScoutWebUrl(baseUrl: string, type: RecordType, id: Id): string | undefined {
  // Help Scout's app is at secure.helpscout.net whatever the API address (docs/platforms/helpscout.md).
  void baseUrl;
  if (type === 'tickets') return `https://secure.helpscout.net/conversation/${id}/`;
  if (type === 'contacts') return `https://secure.helpscout.net/customer/${id}/`;
  return undefined;
}
