// The emulator's delete endpoints, as Zendesk documents them (docs/platforms/zendesk.md, "Deleting"):
// a deleted ticket goes to the deleted tickets (the trash, 30 days) and answers 404 at /tickets/{id};
// DELETE /deleted_tickets/{id} deletes a trashed ticket for good (404 unless it is in the trash).
// A deleted user is soft deleted (200 with the user) and /deleted_users/{id} deletes it for good;
// groups are marked deleted (and leave the lists), organizations, ticket fields (not system ones:
// 403) and Help Center articles, sections and categories are deleted (204). Also the two reads undo
// asks before deleting a person or an organization: their requested tickets, and their members.
import type {ZendeskStore} from './emulator-store.js';
import {ApiError, notFound, paginate, userJson, type ApiRegistrar} from './emulator-http.js';
import type {EmulatorRequest} from '../shared/emulator-kit.js';

const ok = (json: unknown) => ({status: 200, json});
const noContent = {status: 204, body: ''};

export function registerDeletes(api: ApiRegistrar, store: ZendeskStore, stamp: () => string) {
  const idParam = (request: EmulatorRequest) => Number(request.params.id);
  api('DELETE', '/api/v2/tickets/:id', (request) => {
    const ticket = store.tickets.get(idParam(request));
    if (!ticket) throw notFound();
    store.tickets.delete(ticket.id);
    store.trash.set(ticket.id, {...ticket, updated_at: stamp()});
    return noContent;
  });
  api('GET', '/api/v2/deleted_tickets', (request) => ok(paginate(request, store.baseUrl, 'deleted_tickets', [...store.trash.values()].map((ticket) => ({id: ticket.id, subject: ticket.subject, deleted_at: ticket.updated_at})))));
  api('PUT', '/api/v2/deleted_tickets/:id/restore', (request) => {
    const ticket = store.trash.get(idParam(request));
    if (!ticket) throw notFound();
    store.trash.delete(ticket.id);
    store.tickets.set(ticket.id, ticket);
    return ok({});
  });
  api('DELETE', '/api/v2/deleted_tickets/:id', (request) => {
    const ticket = store.trash.get(idParam(request));
    if (!ticket) throw notFound();
    store.trash.delete(ticket.id);
    for (const comment of store.comments.get(ticket.id) ?? []) for (const id of comment.attachment_ids) store.attachments.delete(id);
    store.comments.delete(ticket.id);
    // Zendesk deletes for good in the background and answers with the job.
    return ok({job_status: {id: `delete-${ticket.id}`, status: 'completed', total: 1, progress: 1}});
  });
  api('DELETE', '/api/v2/users/:id', (request, caller) => {
    const user = store.users.get(idParam(request));
    if (!user || user.deleted) throw notFound();
    if (user.id === caller.user.id) throw new ApiError(403, {error: 'Forbidden', description: 'You cannot delete yourself'});
    user.deleted = true;
    user.active = false;
    user.updated_at = stamp();
    for (const [id, membership] of store.memberships) if (membership.user_id === user.id) store.memberships.delete(id);
    return ok({user: userJson(user)});
  });
  api('DELETE', '/api/v2/deleted_users/:id', (request) => {
    const user = store.users.get(idParam(request));
    if (!user || !user.deleted) throw notFound();
    store.users.delete(user.id);
    return ok({deleted_user: {id: user.id, name: 'Permanently Deleted User', active: false}});
  }, {admin: true});
  api('DELETE', '/api/v2/organizations/:id', (request) => {
    if (!store.organizations.delete(idParam(request))) throw notFound();
    return noContent;
  });
  api('DELETE', '/api/v2/groups/:id', (request) => {
    const group = store.groups.get(idParam(request));
    if (!group || group.deleted) throw notFound();
    group.deleted = true;
    group.updated_at = stamp();
    for (const [id, membership] of store.memberships) if (membership.group_id === group.id) store.memberships.delete(id);
    return noContent;
  }, {admin: true});
  api('DELETE', '/api/v2/ticket_fields/:id', (request) => {
    const field = store.ticketFields.get(idParam(request));
    if (!field) throw notFound();
    if (field.removable === false) throw new ApiError(403, {error: 'Forbidden', description: 'System ticket fields cannot be deleted'});
    store.ticketFields.delete(field.id);
    return noContent;
  }, {admin: true});
  for (const [path, map] of [['articles', store.articles], ['sections', store.sections], ['categories', store.categories]] as const)
    api('DELETE', `/api/v2/help_center/${path}/:id`, (request) => {
      if (!(map as Map<number, unknown>).delete(idParam(request))) throw notFound();
      return noContent;
    });
  api('GET', '/api/v2/users/:id/tickets/requested', (request) => ok(paginate(request, store.baseUrl, 'tickets', [...store.tickets.values()].filter((ticket) => ticket.requester_id === idParam(request)))));
  api('GET', '/api/v2/organizations/:id/tickets', (request) => ok(paginate(request, store.baseUrl, 'tickets', [...store.tickets.values()].filter((ticket) => ticket.organization_id === idParam(request)))));
  api('GET', '/api/v2/organizations/:id/users', (request) => ok(paginate(request, store.baseUrl, 'users', [...store.users.values()].filter((user) => !user.deleted && user.organization_id === idParam(request)).map(userJson))));
}
