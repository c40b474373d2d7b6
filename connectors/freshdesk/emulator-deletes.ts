// The emulator's delete endpoints, as Freshdesk's API v2 documents them (docs/platforms/freshdesk.md,
// "Deleting"): a ticket goes to the trash (204; a deleted ticket answers 404 to everything but
// restore), a contact is soft deleted (204) and hard deleted with /hard_delete (204; refused with 400
// unless it was soft deleted first or force=true is given), companies, groups, custom ticket fields
// and solution categories, folders and articles are deleted for good (204). Unknown ids answer 404
// with an empty body, as the emulator's other routes do.
import type {EmulatorReply, Handler, Router} from '../shared/emulator-kit.js';
import type {EmulatorContext, Guard} from './emulator-context.js';
import {QUERY} from './emulator-params.js';
import {validationError} from './emulator-writes.js';

type Api = (handler: Handler, guard?: Guard) => Handler;

const gone: EmulatorReply = {status: 404, body: ''};
const done: EmulatorReply = {status: 204, body: ''};

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('DELETE', '/api/v2/tickets/:id', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || ticket.deleted) return gone;
    ticket.deleted = true;
    ticket.updated_at = new Date().toISOString();
    return done;
  }, {query: QUERY.none}));
  router.on('PUT', '/api/v2/tickets/:id/restore', api((request) => {
    const ticket = store.tickets.get(Number(request.params.id));
    if (!ticket || !ticket.deleted) return gone;
    ticket.deleted = false;
    return done;
  }, {query: QUERY.none}));
  router.on('DELETE', '/api/v2/contacts/:id', api((request) => {
    const contact = store.contacts.get(Number(request.params.id));
    if (!contact || contact.deleted) return gone;
    contact.deleted = true;
    return done;
  }, {query: QUERY.none}));
  router.on('DELETE', '/api/v2/contacts/:id/hard_delete', api((request) => {
    const contact = store.contacts.get(Number(request.params.id));
    if (!contact) return gone;
    if (!contact.deleted && request.query.get('force') !== 'true')
      return validationError([{field: 'contact_id', message: 'The contact should be soft deleted before it can be hard deleted (or pass force=true)', code: 'invalid_value'}]);
    store.contacts.delete(contact.id);
    return done;
  }, {query: ['force']}));
  const plain = (path: string, map: Map<number, unknown>, guard: Guard = {}) =>
    router.on('DELETE', path, api((request) => (map.delete(Number(request.params.id)) ? done : gone), {query: QUERY.none, ...guard}));
  plain('/api/v2/companies/:id', store.companies);
  plain('/api/v2/groups/:id', store.groups, {admin: true});
  plain('/api/v2/solutions/categories/:id', store.categories);
  plain('/api/v2/solutions/folders/:id', store.folders);
  plain('/api/v2/solutions/articles/:id', store.articles);
  router.on('DELETE', '/api/v2/admin/ticket_fields/:id', api((request) => {
    const field = store.fields.get(Number(request.params.id));
    if (!field) return gone;
    if (field.default) return validationError([{field: 'id', message: 'Default fields cannot be deleted', code: 'invalid_value'}]);
    store.fields.delete(field.id);
    return done;
  }, {admin: true, query: QUERY.none}));
}
