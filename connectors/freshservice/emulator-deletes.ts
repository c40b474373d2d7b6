// The emulator's delete endpoints, as Freshservice's API v2 documents them (docs/platforms/
// freshservice.md, "Deleting"): a deleted ticket goes to the trash (204; then 404 like any missing
// record) and comes back with PUT /restore; DELETE /requesters/{id} deactivates (204) and
// DELETE /requesters/{id}/forget deletes the requester and the tickets they requested for good
// (204); departments, groups and solution categories, folders and articles are deleted (204).
import type {Router} from '../shared/emulator-kit.js';
import {notFound, type Api, type EmulatorContext} from './emulator-context.js';

const done = {status: 204, body: ''};

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('DELETE', '/api/v2/tickets/:id', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return notFound;
    ticket.deleted = true;
    return done;
  }, {query: []}));
  router.on('PUT', '/api/v2/tickets/:id/restore', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || !ticket.deleted) return notFound;
    ticket.deleted = false;
    return done;
  }, {query: []}));
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
  for (const [path, map] of [
    ['departments', store.departments],
    ['groups', store.groups],
    ['solutions/categories', store.categories],
    ['solutions/folders', store.folders],
    ['solutions/articles', store.articles],
  ] as const)
    router.on('DELETE', `/api/v2/${path}/:id`, api((request) => ((map as Map<number, unknown>).delete(Number(request.params.id)) ? done : notFound), {admin: true, query: []}));
}
