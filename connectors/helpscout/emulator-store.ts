// The Help Scout emulator's in-memory account, in Help Scout's own shapes, seeded from a neutral
// AccountSnapshot (one inbox; users, customers, the inbox's custom fields, conversations with threads
// and attachments) and translated back to the neutral model for the test hooks.
import {attachmentBytes, type AccountSnapshot} from '../../demo-data/account.js';
import type {Attachment, RecordOf, RecordType, Ticket} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {
  conversationFromNative,
  customerFromNative,
  fieldFromNative,
  fieldTypeToNative,
  splitName,
  statusToNative,
  userFromNative,
  type HsAttachment,
  type HsConversation,
  type HsCustomer,
  type HsField,
  type HsMailbox,
  type HsThread,
  type HsUser,
} from './api-shapes.js';

export interface StoredAttachment {
  id: number;
  filename: string;
  mimeType: string;
  size: number;
  bytes?: Buffer;
  seed?: number;
}

export type StoredThread = Omit<HsThread, '_embedded'> & {conversationId: number; attachmentIds: number[]; imported?: boolean};
/** `modifiedAt`: last change (List Conversations' modifiedSince); `indexedAt`: when the tag filter sees it (ms). */
export type StoredConversation = HsConversation & {modifiedAt: string; indexedAt: number; imported?: boolean};

export class HelpScoutStore {
  readonly users = new Map<number, HsUser>();
  readonly customers = new Map<number, HsCustomer>();
  /** Customer property definitions (the account's contact fields, as text properties) and each customer's values by slug. */
  customerProperties: Array<{type: 'text' | 'number' | 'url' | 'date' | 'dropdown'; slug: string; name: string}> = [];
  readonly propertyValues = new Map<number, Record<string, unknown>>();
  readonly mailboxes = new Map<number, HsMailbox>();
  readonly fields = new Map<number, HsField & {mailboxId: number}>();
  readonly conversations = new Map<number, StoredConversation>();
  readonly threads = new Map<number, StoredThread>();
  readonly attachments = new Map<number, StoredAttachment>();
  private readonly aliases = new Map<string, number>();
  private next = 1000;

  newId(): number {
    return ++this.next;
  }

  private claim(id: string | undefined): number {
    const numeric = id && /^\d+$/.test(id) ? Number(id) : this.newId();
    if (numeric > this.next) this.next = numeric;
    return numeric;
  }

  seed(snapshot: AccountSnapshot, now: string) {
    const mailbox: HsMailbox = {id: this.newId(), name: 'Support', email: 'support@emulator.test', createdAt: '2020-01-01T00:00:00Z', updatedAt: now};
    this.mailboxes.set(mailbox.id, mailbox);
    const fieldBySource = new Map<string, HsField>();
    for (const field of snapshot.ticketFields) {
      const type = fieldTypeToNative(field.type);
      // Help Scout has no checkbox or multi-select field: a Help Scout account cannot hold them.
      if (!type) continue;
      const id = this.claim(field.id);
      const native = {id, name: field.title, type, required: field.required, order: this.fields.size + 1, options: (field.options ?? []).map((option, index) => ({id: this.newId(), label: option.label, order: index + 1})), mailboxId: mailbox.id};
      this.fields.set(id, native);
      fieldBySource.set(field.id, native);
    }
    for (const agent of snapshot.agents) {
      const id = this.claim(agent.id);
      const {firstName, lastName} = splitName(agent.name);
      this.users.set(id, {id, firstName, lastName, email: agent.email ?? `user${id}@emulator.test`, role: agent.role === 'admin' ? 'admin' : 'user', type: 'user', createdAt: agent.createdAt, updatedAt: agent.updatedAt});
    }
    this.customerProperties = (snapshot.contactFields ?? []).map((field) => ({type: 'text' as const, slug: field.key, name: field.title}));
    for (const contact of snapshot.contacts) {
      const id = this.users.has(Number(contact.id)) ? this.newId() : this.claim(contact.id);
      const {firstName, lastName} = splitName(contact.name);
      this.customers.set(id, {
        id,
        firstName,
        lastName,
        background: null,
        createdAt: contact.createdAt,
        updatedAt: contact.updatedAt,
        // Every email and phone of the person, in order (helpscout.md: people).
        _embedded: {emails: emailsOf(contact).map((value) => ({id: this.newId(), value, type: 'work'})), phones: phonesOf(contact).map((value) => ({id: this.newId(), value, type: 'work'}))},
      });
    }
    for (const ticket of snapshot.tickets) this.seedConversation(ticket, mailbox, fieldBySource, snapshot);
  }

  /** A customer for someone a ticket names who is no customer (a deleted requester, an agent as requester). */
  private customerFor(id: string, _snapshot: AccountSnapshot): number {
    if (this.customers.has(Number(id))) return Number(id);
    const known = this.aliases.get(id);
    if (known) return known;
    const user = this.users.get(Number(id));
    const created = this.newId();
    this.customers.set(created, {id: created, firstName: user?.firstName ?? 'Deleted', lastName: user?.lastName ?? 'customer', background: null, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z', _embedded: {emails: user ? [{id: this.newId(), value: user.email, type: 'work'}] : [], phones: []}});
    // Remembered under the id the snapshot used, so every ticket of the same person shares it.
    this.aliases.set(id, created);
    return created;
  }

  private seedConversation(ticket: Ticket, mailbox: HsMailbox, fields: Map<string, HsField>, snapshot: AccountSnapshot) {
    const id = this.claim(ticket.id);
    const customerId = this.customerFor(ticket.requesterId, snapshot);
    const customer = this.customers.get(customerId)!;
    const customFields: HsConversation['customFields'] = [];
    for (const [fieldId, value] of Object.entries(ticket.customFields)) {
      const field = fields.get(fieldId);
      if (!field || value === null || value === '' || Array.isArray(value)) continue;
      const option = field.options.find((candidate) => candidate.label === String(value) || snapshot.ticketFields.find((f) => f.id === fieldId)?.options?.find((o) => o.value === value)?.label === candidate.label);
      if (field.type === 'dropdown' && !option) continue;
      customFields.push({id: field.id, name: field.name, value: option ? String(option.id) : String(value), text: option ? option.label : String(value)});
    }
    const assignee = ticket.assigneeId ? this.users.get(Number(ticket.assigneeId)) : undefined;
    this.conversations.set(id, {
      id,
      number: id,
      type: 'email',
      status: statusToNative(ticket.status),
      state: 'published',
      subject: ticket.subject,
      mailboxId: mailbox.id,
      assignee: assignee ? {id: assignee.id, type: 'user', email: assignee.email, first: assignee.firstName, last: assignee.lastName} : null,
      primaryCustomer: {id: customerId, type: 'customer', email: customer._embedded?.emails?.[0]?.value, first: customer.firstName, last: customer.lastName},
      createdAt: ticket.createdAt,
      closedAt: ticket.status === 'closed' || ticket.status === 'solved' ? ticket.updatedAt : null,
      userUpdatedAt: ticket.updatedAt,
      cc: ticket.ccEmails,
      tags: ticket.tags.map((tag, index) => ({id: index + 1, tag, color: '#999999'})),
      customFields,
      modifiedAt: ticket.updatedAt,
      indexedAt: 0,
    });
    for (const comment of ticket.comments) {
      const byUser = this.users.has(Number(comment.authorId));
      const author = byUser ? {id: Number(comment.authorId), type: 'user'} : {id: this.customerFor(comment.authorId, snapshot), type: 'customer'};
      const threadId = this.claim(comment.id);
      this.threads.set(threadId, {
        id: threadId,
        conversationId: id,
        type: !comment.public ? 'note' : byUser ? 'message' : 'customer',
        status: 'active',
        state: 'published',
        body: comment.body,
        customer: {id: customerId, type: 'customer'},
        createdBy: author,
        createdAt: comment.createdAt,
        attachmentIds: this.seedAttachments(comment.attachments, snapshot),
      });
    }
  }

  private seedAttachments(list: Attachment[], snapshot: AccountSnapshot): number[] {
    return list.map((attachment) => {
      const id = this.claim(attachment.id);
      const content = snapshot.attachmentContents[attachment.id];
      this.attachments.set(id, {id, filename: attachment.fileName, mimeType: attachment.contentType, size: content?.size ?? attachment.size, seed: content?.seed ?? id});
      return id;
    });
  }

  bytesOf(attachment: StoredAttachment): Buffer {
    return attachment.bytes ?? attachmentBytes(attachment.seed ?? attachment.id, attachment.size);
  }

  nativeAttachment(attachment: StoredAttachment, conversationId: number, base: string): HsAttachment {
    const data = `${base}/v2/conversations/${conversationId}/attachments/${attachment.id}/data`;
    return {id: attachment.id, filename: attachment.filename, mimeType: attachment.mimeType, size: attachment.size, _links: {data: {href: data}, web: {href: `${base}/__emulator/web/attachments/${attachment.id}`}}};
  }

  /** Newest first, as List Threads sorts them. */
  conversationThreads(conversationId: number): StoredThread[] {
    return [...this.threads.values()].filter((thread) => thread.conversationId === conversationId).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }

  nativeThread(thread: StoredThread, base: string): HsThread {
    const {conversationId, attachmentIds, imported: _imported, ...rest} = thread;
    return {...rest, _embedded: {attachments: attachmentIds.map((id) => this.nativeAttachment(this.attachments.get(id)!, conversationId, base))}};
  }

  nativeConversation(conversation: StoredConversation): HsConversation & {threads: number} {
    const {modifiedAt: _modifiedAt, indexedAt: _indexedAt, imported: _imported, ...rest} = conversation;
    return {...rest, threads: this.conversationThreads(conversation.id).length};
  }

  /** Everything of one neutral type, for tests comparing accounts. */
  neutral(type: RecordType, base: string): Array<RecordOf[RecordType]> {
    switch (type) {
      case 'ticket_fields':
        return [...this.fields.values()].map((field) => fieldFromNative(field, this.mailboxes.get(field.mailboxId)!));
      case 'agents':
        return [...this.users.values()].map(userFromNative);
      case 'contacts':
        return [...this.customers.values()].map(customerFromNative);
      case 'tickets':
        return [...this.conversations.values()].map((conversation) => conversationFromNative(conversation, this.conversationThreads(conversation.id).map((thread) => this.nativeThread(thread, base)), base));
      default:
        return [];
    }
  }
}
