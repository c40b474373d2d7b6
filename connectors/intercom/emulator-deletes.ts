// The Intercom emulator's deletes, as REST API 2.14 documents them (docs/platforms/intercom.md,
// "Deleting"): Delete a conversation (200 `{id, object, deleted}`, for good, with its parts and files),
// Delete a ticket (200 `{id, object: 'ticket', deleted}`, 404 `ticket_not_found`), Delete a contact (200 `{id, external_id, type, deleted}`; "Deleting leads or users will remove all
// of their conversations"), Archive contact (off every list), Delete a company (archives it and
// detaches its contacts), Delete an article and Delete a collection; an unknown id answers 404 in the
// `error.list` shape. Kept apart from the other route files (one concern each).
import type {Router} from '../shared/emulator-kit.js';
import {errorList, notFound, type Api, type EmulatorContext} from './emulator-context.js';
import type {StoredConversation} from './emulator-store.js';

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const dropConversation = (conversation: StoredConversation) => {
    for (const id of [...conversation.source.fileIds, ...conversation.parts.flatMap((part) => part.fileIds)]) store.files.delete(id);
    store.conversations.delete(conversation.id);
  };
  router.on('DELETE', '/conversations/:id', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound();
    dropConversation(conversation);
    return {status: 200, json: {id: conversation.id, object: 'conversation', deleted: true}};
  }));
  router.on('DELETE', '/tickets/:id', api((request) => {
    const id = request.params.id!;
    // Replies to a ticket carry only attachment URLs (no uploaded files), so the parts go with the ticket.
    if (!store.tickets.delete(id)) return errorList(404, 'ticket_not_found', 'Ticket not found');
    return {status: 200, json: {id, object: 'ticket', deleted: true}};
  }));
  router.on('DELETE', '/contacts/:id', api((request) => {
    const id = request.params.id!;
    const contact = store.contacts.get(id) ?? store.archivedContacts.get(id);
    if (!contact) return notFound('User Not Found');
    for (const conversation of [...store.conversations.values()]) if (conversation.contacts.contacts.some((c) => c.id === id)) dropConversation(conversation);
    store.contacts.delete(id);
    store.archivedContacts.delete(id);
    return {status: 200, json: {type: 'contact', id, external_id: contact.external_id ?? null, deleted: true}};
  }));
  router.on('POST', '/contacts/:id/archive', api((request) => {
    const id = request.params.id!;
    const contact = store.contacts.get(id) ?? store.archivedContacts.get(id);
    if (!contact) return notFound('User Not Found');
    store.contacts.delete(id);
    store.archivedContacts.set(id, contact);
    return {status: 200, json: {type: 'contact', id, external_id: contact.external_id ?? null, archived: true}};
  }));
  router.on('DELETE', '/companies/:id', api((request) => {
    const company = store.companies.get(request.params.id!);
    if (!company) return errorList(404, 'company_not_found', 'Company Not Found');
    // "It archives the company record and detaches any contacts attached to it".
    for (const contact of [...store.contacts.values(), ...store.archivedContacts.values()]) contact.companyIds = contact.companyIds.filter((id) => id !== company.id);
    store.companies.delete(company.id);
    store.archivedCompanies.set(company.id, company);
    return {status: 200, json: {id: company.id, object: 'company', deleted: true}};
  }));
  router.on('DELETE', '/articles/:id', api((request) => {
    const id = request.params.id!;
    if (!store.articles.delete(id)) return notFound();
    return {status: 200, json: {id, object: 'article', deleted: true}};
  }));
  router.on('DELETE', '/help_center/collections/:id', api((request) => {
    const id = request.params.id!;
    if (!store.collections.delete(id)) return notFound();
    return {status: 200, json: {id, object: 'collection', deleted: true}};
  }));
}
