// The emulator's delete endpoints, as Freshservice's API v2 documents them (docs/platforms/
// freshservice.md, "Deleting"): a deleted ticket goes to the trash (204; then 404 like any missing
// record) and comes back with PUT /restore; DELETE /requesters/{id} deactivates (204) and
// DELETE /requesters/{id}/forget deletes the requester and the tickets they requested for good
// (204); departments, groups and solution categories, folders and articles are deleted (204).
import type {Router} from '../shared/emulator-kit.js';
import {notFound, type Api, type EmulatorContext} from './emulator-context.js';
import {registerPlainDeletes, registerTicketTrash} from '../freshworks/emulator-kit.js';

const done = {status: 204, body: ''};

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  registerTicketTrash(router, api, store.tickets, {gone: notFound, touch: false});
  router.on('DELETE', '/api/v2/requesters/:id', api((request) => {
    const requester = store.requesters.get(Number(request.params.id));
    if (!requester || !requester.active) return notFound;
    requester.active = false;
    return done;
  }, {admin: true, query: []}));
  router.on('DELETE', '/api/v2/requesters/:id/forget', api((request) => {
    const requester = store.requesters.get(Number(request.params.id));
    if (!requester) return notFound;
    store.requesters.delete(requester.id);
    for (const [id, ticket] of store.tickets) {
      if (ticket.requester_id !== requester.id) continue;
      store.tickets.delete(id);
      for (const [conversationId, conversation] of store.conversations) if (conversation.ticket_id === id) store.conversations.delete(conversationId);
    }
    return done;
  }, {admin: true, query: []}));
  registerPlainDeletes(router, api, [
    ['departments', store.departments, {admin: true}],
    ['groups', store.groups, {admin: true}],
    ['solutions/categories', store.categories, {admin: true}],
    ['solutions/folders', store.folders, {admin: true}],
    ['solutions/articles', store.articles, {admin: true}],
  ], notFound);
}
