// The Help Scout emulator's read-only views of an inbox: Get Mailbox, List Mailbox Folders and List
// Tags (Mailbox API 2.0 reference, endpoints/mailboxes/get, /mailboxes/mailbox-folders, /tags/list).
// Folders are the standard ones every inbox has, counted from the stored conversations; tags are
// those the conversations carry.
import type {Router} from '../shared/emulator-kit.js';
import {halPage, notFound, type Api, type EmulatorContext} from './emulator-context.js';
import type {StoredConversation} from './emulator-store.js';

/** Folder types with what each holds (the reference lists these types for an inbox's folders). */
const FOLDERS: Array<{name: string; type: string; holds: (conversation: StoredConversation) => boolean}> = [
  {name: 'Unassigned', type: 'open', holds: (c) => c.status === 'active' && !c.assignee},
  {name: 'Mine', type: 'mytickets', holds: (c) => c.status === 'active' && !!c.assignee},
  {name: 'Drafts', type: 'drafts', holds: () => false},
  {name: 'Assigned', type: 'assigned', holds: (c) => c.status !== 'closed' && c.status !== 'spam' && !!c.assignee},
  {name: 'Closed', type: 'closed', holds: (c) => c.status === 'closed'},
  {name: 'Spam', type: 'spam', holds: (c) => c.status === 'spam'},
];

export function registerBrowseRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  router.on('GET', '/v2/mailboxes/:id', api((request) => {
    const mailbox = store.mailboxes.get(Number(request.params.id));
    return mailbox ? {status: 200, headers: {'content-type': 'application/hal+json'}, json: {...mailbox, slug: `mailbox-${mailbox.id}`, _links: {fields: {href: `${ctx.base(request)}/v2/mailboxes/${mailbox.id}/fields`}, folders: {href: `${ctx.base(request)}/v2/mailboxes/${mailbox.id}/folders`}}}} : notFound();
  }));
  router.on('GET', '/v2/mailboxes/:id/folders', api((request) => {
    const mailboxId = Number(request.params.id);
    if (!store.mailboxes.has(mailboxId)) return notFound();
    const inbox = [...store.conversations.values()].filter((conversation) => conversation.mailboxId === mailboxId);
    const folders = FOLDERS.map((folder, index) => {
      const held = inbox.filter(folder.holds);
      return {id: mailboxId * 100 + index + 1, name: folder.name, type: folder.type, userId: 0, totalCount: held.length, activeCount: held.filter((c) => c.status === 'active').length, updatedAt: held.map((c) => c.modifiedAt).sort().at(-1) ?? null};
    });
    return halPage(request, 'folders', folders, ctx.base(request));
  }, {query: ['page']}));
  router.on('GET', '/v2/tags', api((request) => {
    const counts = new Map<string, {color: string; count: number}>();
    for (const conversation of store.conversations.values())
      for (const tag of conversation.tags ?? []) counts.set(tag.tag, {color: tag.color ?? '#999999', count: (counts.get(tag.tag)?.count ?? 0) + 1});
    const tags = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, {color, count}], index) => ({id: index + 1, name, slug: name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(), color, ticketCount: count}));
    return halPage(request, 'tags', tags, ctx.base(request));
  }, {query: ['page']}));
}
