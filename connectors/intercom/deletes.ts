// Undo on Intercom (docs/platforms/intercom.md, "Deleting"): conversations are deleted for good with
// their parts and files (the API has no trash for them), and so are tickets ferry wrote as Tickets-product
// tickets (target id `ticket-<id>`: Delete a ticket); a contact is archived, or deleted for good
// with `options.undoPermanently` (a delete takes every conversation of the contact with it, so a
// contact is kept while a conversation or ticket ferry is not removing names them); a company can only be
// archived (Delete a company archives it and detaches its contacts); Help Center articles and
// collections are deleted. Tags ferry created or reused on conversations stay: "Create or update a
// tag" answers an existing tag the same way, so ferry cannot tell which ones it made.
// Kept apart from target-session.ts: the descriptor adds these methods.
import type {RemoveOptions, RemoveOutcome, TargetSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import {isTicketId, ticketIdOf} from './ticket-shapes.js';

export const INTERCOM_REMOVAL = {
  tickets: {soft: "deleted for good with their parts and files (Delete a conversation, or Delete a ticket for those written as Intercom tickets: the API has no trash); the tags they carried stay on the workspace"},
  contacts: {soft: 'archived (Archive contact: hidden, not deleted; Intercom restores one who returns or is added again)', permanent: 'deleted for good (Delete a contact)'},
  organizations: {soft: 'archived, their contacts detached (Delete a company archives: Intercom cannot remove a company for good)'},
  kb_articles: {soft: 'deleted (Delete an article)'},
  kb_sections: {soft: 'deleted (Delete a collection)'},
  kb_categories: {soft: 'deleted (Delete a collection)'},
} as const;

const PATHS: Partial<Record<RecordType, string>> = {
  tickets: '/conversations',
  contacts: '/contacts',
  organizations: '/companies',
  kb_articles: '/articles',
  kb_sections: '/help_center/collections',
  kb_categories: '/help_center/collections',
};

export function withIntercomDeletes(session: TargetSession, http: HttpClient): TargetSession {
  return Object.assign(session, {
    async remove(type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
      const base = PATHS[type];
      if (!base) throw new HttpRecordError(`Intercom cannot delete ${type} through its API`, 405, undefined);
      if (type === 'tickets' && isTicketId(id)) {
        // Written as a Tickets-product ticket (ticket-writer.ts): Delete a ticket takes the API's id.
        await http.request({method: 'DELETE', url: `/tickets/${encodeURIComponent(ticketIdOf(id))}`, what: `delete ticket ${id}`});
        return 'deleted';
      }
      const url = `${base}/${encodeURIComponent(id)}`;
      if (type === 'contacts' && !options.permanent) {
        // Archiving twice leaves it archived: the request may be re-sent.
        await http.request({method: 'POST', url: `${url}/archive`, repeatable: true, what: `archive contact ${id}`});
        return 'trashed';
      }
      if (type === 'organizations') {
        // Intercom only archives companies, and an archived company answers 404: a 404 here means an
        // earlier send (or someone by hand) archived it, which is what this delete does, so say so.
        await http.request({method: 'DELETE', url, accept: [404], repeatable: true, what: `delete company ${id}`});
        return 'marked deleted';
      }
      await http.request({method: 'DELETE', url, what: `delete ${type} ${id}`});
      return 'deleted';
    },
    async referencedBy(type: RecordType, id: Id): Promise<string | undefined> {
      if (type !== 'contacts') return undefined;
      const found = await http.request<{conversations?: Array<{id: string}>}>({
        method: 'POST',
        url: '/conversations/search',
        json: {query: {field: 'contact_ids', operator: '=', value: id}, pagination: {per_page: 1}},
        repeatable: true,
        what: `conversations of contact ${id}`,
      });
      const conversation = found.body?.conversations?.[0];
      // Deleting the contact would delete this conversation too (and archiving hides who wrote it).
      if (conversation) return `conversation #${conversation.id} on Intercom, which this undo does not remove, belongs to this contact (deleting the contact would delete it)`;
      // Tickets are searched apart (Search tickets, `contact_ids`); undo deletes ferry's own tickets before
      // their contacts, so one found here is a ticket this undo does not remove.
      const tickets = await http.request<{tickets?: Array<{id: string}>}>({
        method: 'POST',
        url: '/tickets/search',
        json: {query: {field: 'contact_ids', operator: '=', value: id}, pagination: {per_page: 1}},
        repeatable: true,
        what: `tickets of contact ${id}`,
      });
      const ticket = tickets.body?.tickets?.[0];
      return ticket ? `ticket ${ticket.id} on Intercom, which this undo does not remove, names this contact (deleting or archiving the contact would take its requester away)` : undefined;
    },
  });
}
