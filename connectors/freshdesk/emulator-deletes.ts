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
import {registerPlainDeletes, registerTicketTrash} from '../freshworks/emulator-kit.js';

type Api = (handler: Handler, guard?: Guard) => Handler;

const gone: EmulatorReply = {status: 404, body: ''};
const done: EmulatorReply = {status: 204, body: ''};

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  registerTicketTrash(router, api, store.tickets, {gone, touch: true});
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
  registerPlainDeletes(router, api, [
    ['companies', store.companies],
    ['groups', store.groups, {admin: true}],
    ['solutions/categories', store.categories],
    ['solutions/folders', store.folders],
    ['solutions/articles', store.articles],
  ], gone);
  router.on('DELETE', '/api/v2/admin/ticket_fields/:id', api((request) => {
    const field = store.fields.get(Number(request.params.id));
    if (!field) return gone;
    if (field.default) return validationError([{field: 'id', message: 'Default fields cannot be deleted', code: 'invalid_value'}]);
    store.fields.delete(field.id);
    return done;
  }, {admin: true, query: QUERY.none}));
}
