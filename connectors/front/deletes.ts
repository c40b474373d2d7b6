// Undo on Front (docs/platforms/front.md, "Deleting"): a conversation goes to the trash (Update
// conversation, status "deleted"), and with `options.undoPermanently` is then deleted for good
// (Delete conversation, which Front allows only from the trash) with its messages, comments and
// files; its marker tag "ferry-<source key>" is deleted with it (ferry's own, named by the source key).
// The ticket's own tags stay: Import message adds tags by name, so ferry cannot tell which ones it
// made. Contacts and accounts are deleted (Delete a contact, Delete an account); a contact that a
// conversation this undo does not remove is with is kept.
// Kept apart from target-session.ts: the descriptor adds these methods.
import type {RemoveOptions, RemoveOutcome, TargetSession} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {FrontConversation, FrontList} from './api-shapes.js';
import {withQuery} from './reader.js';
import {LISTED_STATUSES} from './source-session.js';

export const FRONT_REMOVAL = {
  tickets: {
    soft: "to the trash with their messages and comments (restorable in Front); their ferry marker tag deleted, the ticket's own tags stay",
    permanent: "deleted for good with their messages, comments and files (trash, then Delete conversation); their ferry marker tag deleted, the ticket's own tags stay",
  },
  contacts: {soft: 'deleted (Delete a contact; conversations keep the handle)'},
  organizations: {soft: 'deleted (Delete an account)'},
} as const;

/** Marker tags are "ferry-" and the source key (api-shapes.ts markerTag): tags ferry made for itself. */
const MARKER_TAG = /^ferry-[^:]+:tickets:/;

export function withFrontDeletes(session: TargetSession, http: HttpClient): TargetSession {
  return Object.assign(session, {
    async remove(type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
      const path = encodeURIComponent(id);
      if (type === 'contacts' || type === 'organizations') {
        const what = type === 'contacts' ? 'contact' : 'account';
        await http.request({method: 'DELETE', url: `/${type === 'contacts' ? 'contacts' : 'accounts'}/${path}`, what: `delete ${what} ${id}`});
        return 'deleted';
      }
      if (type !== 'tickets') throw new HttpRecordError(`Front cannot delete ${type} through its API`, 405, undefined);
      // A 404 here (already gone) reaches the engine as "gone".
      const conversation = (await http.request<FrontConversation>({method: 'GET', url: `/conversations/${path}`, what: `conversation ${id}`})).body;
      const markers = (conversation.tags ?? []).filter((tag) => MARKER_TAG.test(tag.name));
      // The marker tag goes first: it names this conversation's source record only, and a conversation
      // already deleted answers 404 to the next attempt, which could then no longer find its tag. Every
      // step may be sent again: a repeated delete answers 404, a repeated trash leaves it in the trash.
      for (const tag of markers) await http.request({method: 'DELETE', url: `/tags/${encodeURIComponent(tag.id)}`, accept: [404], repeatable: true, what: `delete tag ${tag.name}`});
      if (conversation.status !== 'deleted') await http.request({method: 'PATCH', url: `/conversations/${path}`, json: {status: 'deleted'}, repeatable: true, what: `trash conversation ${id}`});
      if (options.permanent) await http.request({method: 'DELETE', url: `/conversations/${path}`, accept: [404], repeatable: true, what: `delete conversation ${id}`});
      return options.permanent ? 'deleted' : 'trashed';
    },
    async referencedBy(type: RecordType, id: Id): Promise<string | undefined> {
      if (type !== 'contacts') return undefined;
      // Conversations outside the trash (ferry's own are trashed or deleted before their contacts).
      const url = withQuery(`/contacts/${encodeURIComponent(id)}/conversations`, {limit: 1}, {statuses: LISTED_STATUSES});
      const found = await http.request<FrontList<FrontConversation>>({method: 'GET', url, what: `conversations of contact ${id}`});
      const conversation = found.body?._results?.[0];
      return conversation ? `conversation ${conversation.id} on Front, which this undo does not remove, is with this contact` : undefined;
    },
  });
}
