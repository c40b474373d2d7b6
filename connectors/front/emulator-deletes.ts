// The Front emulator's deletes, as the Core API spec documents them (docs/platforms/front.md,
// "Deleting"): Delete conversation answers 204 and removes a conversation for good with its messages,
// comments and files, refused with 400 unless it is in the trash (status "deleted"); Delete a contact,
// Delete an account and Delete tag answer 204. An unknown id answers 404 in the `_error` shape.
import type {Handler, Router} from '../shared/emulator-kit.js';
import {frontError, frontPage, notFound, type EmulatorContext, type Guard} from './emulator-context.js';

type Api = (handler: Handler, guard?: Guard) => Handler;

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  // List contact conversations (newest first; the query object's statuses, assigned and unassigned by
  // default as List conversations): what undo asks before deleting a contact.
  router.on('GET', '/contacts/:id/conversations', api((request) => {
    const id = request.params.id!;
    if (!store.contacts.has(id)) return notFound('Contact');
    const statuses = request.query.getAll('q[statuses][]');
    for (const key of request.query.keys()) if (key.startsWith('q[') && key !== 'q[statuses][]') return frontError(400, `Unknown query property ${key}`);
    for (const status of statuses) if (!['assigned', 'unassigned', 'archived', 'trashed'].includes(status)) return frontError(400, `Invalid status ${status}`);
    const wanted = new Set((statuses.length ? statuses : ['assigned', 'unassigned']).map((status) => (status === 'trashed' ? 'deleted' : status)));
    const theirs = [...store.conversations.values()].filter((c) => c.contactId === id && wanted.has(c.status)).sort((a, b) => b.updated_at - a.updated_at || (a.id < b.id ? 1 : -1));
    return frontPage(request, theirs.map((c) => store.nativeConversation(c, ctx.base(request))), ctx.base(request));
  }, {query: ['limit', 'page_token', 'q']}));
  router.on('DELETE', '/conversations/:id', api((request) => {
    const conversation = store.conversations.get(request.params.id!);
    if (!conversation) return notFound('Conversation');
    if (conversation.status !== 'deleted') return frontError(400, 'Conversation must have status "trashed" before it can be permanently deleted');
    for (const message of store.conversationMessages(conversation.id)) {
      for (const id of message.attachmentIds) store.attachments.delete(id);
      store.messages.delete(message.id);
      // Whether Front frees a deleted message's external_id is not documented (the doc's Unsure): the emulator frees it.
      if (message.external_id && store.externalIds.get(message.external_id) === message.id) store.externalIds.delete(message.external_id);
    }
    for (const comment of store.conversationComments(conversation.id)) {
      for (const id of comment.attachmentIds) store.attachments.delete(id);
      store.comments.delete(comment.id);
    }
    store.conversations.delete(conversation.id);
    return {status: 204, body: ''};
  }));
  router.on('DELETE', '/contacts/:id', api((request) => {
    const id = request.params.id!;
    const alias = /^alt:(\w+):(.+)$/.exec(id);
    const contact = alias ? [...store.contacts.values()].find((c) => c.handles.some((h) => h.source === alias[1] && h.handle.toLowerCase() === alias[2]!.toLowerCase())) : store.contacts.get(id);
    if (!contact) return notFound('Contact');
    store.contacts.delete(contact.id);
    // Conversations keep the contact's handle (a deleted contact's Get contact answers 404).
    for (const account of store.accounts.values()) account.contactIds = account.contactIds.filter((c) => c !== contact.id);
    return {status: 204, body: ''};
  }));
  router.on('DELETE', '/accounts/:id', api((request) => {
    if (!store.accounts.delete(request.params.id!)) return notFound('Account');
    return {status: 204, body: ''};
  }));
  router.on('DELETE', '/tags/:id', api((request) => {
    const id = request.params.id!;
    if (!store.tags.delete(id)) return notFound('Tag');
    for (const conversation of store.conversations.values()) conversation.tagIds = conversation.tagIds.filter((tag) => tag !== id);
    return {status: 204, body: ''};
  }));
}
