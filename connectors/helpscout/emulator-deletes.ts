// The emulator's delete endpoints, as Help Scout's Mailbox API 2.0 documents them (docs/platforms/
// helpscout.md, "Deleting"): Delete Conversation answers 204; Delete Customer answers 204 and
// hard-deletes the customer with every conversation they took part in, refused with 403 when the
// customer has more than 100 conversations (the async variant, ?async=true, answers 202).
import type {Router} from '../shared/emulator-kit.js';
import {vndError, type EmulatorContext, type Guard} from './emulator-context.js';
import type {Handler} from '../shared/emulator-kit.js';

type Api = (handler: Handler, guard?: Guard) => Handler;
const notFound = () => vndError(404, 'Resource not found');

export function registerDeleteRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  const dropConversation = (id: number) => {
    store.conversations.delete(id);
    for (const [threadId, thread] of store.threads) {
      if (thread.conversationId !== id) continue;
      for (const attachmentId of thread.attachmentIds) store.attachments.delete(attachmentId);
      store.threads.delete(threadId);
    }
  };
  router.on('DELETE', '/v2/conversations/:id', api((request) => {
    const id = Number(request.params.id);
    if (!store.conversations.has(id)) return notFound();
    dropConversation(id);
    return {status: 204, body: ''};
  }, {write: true, query: []}));
  router.on('DELETE', '/v2/customers/:id', api((request) => {
    const id = Number(request.params.id);
    if (!store.customers.has(id)) return notFound();
    const theirs = [...store.conversations.values()].filter((c) => c.primaryCustomer?.id === id).map((c) => c.id);
    const async = request.query.get('async') === 'true';
    if (theirs.length > 100 && !async) return vndError(403, 'The customer has more than 100 conversations: delete it asynchronously');
    store.customers.delete(id);
    for (const conversation of theirs) dropConversation(conversation);
    return async ? {status: 202, body: ''} : {status: 204, body: ''};
  }, {write: true, query: ['async']}));
}
