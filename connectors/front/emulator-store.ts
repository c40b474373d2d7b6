// The Front emulator's in-memory account, in Front's own shapes, seeded from a neutral AccountSnapshot
// (one inbox with one email channel; teammates, contacts with their handles, accounts, conversation
// custom fields, tags, conversations with messages, comments and attachments) and translated back to
// the neutral model for the test hooks. Ids are Front's prefixed ones (tea_, crd_, acc_, cnv_, msg_,
// com_, fil_, tag_, inb_, cha_, fld_); a seeded record keeps its neutral id after the prefix.
import {attachmentBytes, type AccountSnapshot} from '../../demo-data/account.js';
import type {Attachment, PersonFieldValue, RecordOf, RecordType} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {
  accountFromNative,
  contactFromNative,
  conversationFromNative,
  fieldFromNative,
  fieldTypeToNative,
  fieldValueToNative,
  isoOf,
  teammateFromNative,
  type FrontAccount,
  type FrontAttachment,
  type FrontComment,
  type FrontContact,
  type FrontConversation,
  type FrontCustomField,
  type FrontMessage,
  type FrontTeammate,
} from './api-shapes.js';

export interface StoredAttachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  inline: boolean;
  bytes?: Buffer;
  seed?: number;
}
export interface StoredContact extends FrontContact {
  created_at: number;
  updated_at: number;
}
export interface StoredAccount extends FrontAccount {
  contactIds: string[];
}
export interface StoredConversation {
  id: string;
  inboxId: string;
  subject: string;
  status: FrontConversation['status'];
  assigneeId: string | null;
  /** The contact the conversation is with (its recipient) and that contact's handle */
  contactId: string | null;
  handle: string;
  tagIds: string[];
  custom_fields: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  threadRef?: string;
  imported: boolean;
}
export interface StoredMessage {
  id: string;
  uid: string;
  conversationId: string;
  is_inbound: boolean;
  created_at: number;
  subject: string;
  authorId: string | null;
  recipients: Array<{handle: string; name: string | null; role: 'from' | 'to' | 'cc' | 'bcc'; contactId: string | null}>;
  body: string;
  attachmentIds: string[];
  external_id?: string;
  thread_ref?: string;
  imported: boolean;
}
export interface StoredComment {
  id: string;
  conversationId: string;
  authorId: string | null;
  body: string;
  posted_at: number;
  attachmentIds: string[];
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class FrontStore {
  readonly teammates = new Map<string, FrontTeammate>();
  readonly inboxes = new Map<string, {id: string; name: string; is_private: boolean; address: string; channelId: string}>();
  readonly contacts = new Map<string, StoredContact>();
  readonly accounts = new Map<string, StoredAccount>();
  readonly fields = new Map<string, FrontCustomField>();
  readonly tags = new Map<string, {id: string; name: string}>();
  readonly conversations = new Map<string, StoredConversation>();
  readonly messages = new Map<string, StoredMessage>();
  readonly comments = new Map<string, StoredComment>();
  readonly attachments = new Map<string, StoredAttachment>();
  /** external_id → message id: "Front won't import two messages with the same external ID" */
  readonly externalIds = new Map<string, string>();
  company = {id: 'cmp_emulator', name: 'Emulator Co'};
  private next = 1000;

  newId(prefix: string): string {
    return `${prefix}_${(++this.next).toString(36)}`;
  }

  tagNamed(name: string): {id: string; name: string} {
    for (const tag of this.tags.values()) if (tag.name === name) return tag;
    const tag = {id: this.newId('tag'), name};
    this.tags.set(tag.id, tag);
    return tag;
  }

  contactByHandle(handle: string): StoredContact | undefined {
    const wanted = handle.trim().toLowerCase();
    for (const contact of this.contacts.values()) if (contact.handles.some((h) => h.handle.toLowerCase() === wanted)) return contact;
    return undefined;
  }

  seed(snapshot: AccountSnapshot, nowSeconds: number) {
    const inbox = {id: 'inb_support', name: 'Support', is_private: false, address: 'support@emulator.test', channelId: 'cha_support'};
    this.inboxes.set(inbox.id, inbox);
    const fieldBySource = new Map<string, FrontCustomField>();
    for (const field of snapshot.ticketFields) {
      const type = fieldTypeToNative(field.type);
      // Front has no multi-select or pattern field: a Front account cannot hold them.
      if (!type || field.type === 'regexp') continue;
      const native: FrontCustomField = {id: `fld_${field.id}`, name: field.title, description: '', type, ...(type === 'enum' ? {values: (field.options ?? []).map((option) => ({value: option.value, label: option.label}))} : {})};
      this.fields.set(native.id, native);
      fieldBySource.set(field.id, native);
    }
    for (const agent of snapshot.agents) {
      const [first, ...rest] = agent.name.split(' ');
      this.teammates.set(`tea_${agent.id}`, {id: `tea_${agent.id}`, email: agent.email ?? `teammate${agent.id}@emulator.test`, username: (agent.email ?? agent.id).split('@')[0]!, first_name: first ?? '', last_name: rest.join(' '), is_admin: agent.role === 'admin', is_available: true, is_blocked: !agent.active, type: 'user'});
    }
    // Front names its contact and account custom fields: values are keyed by the field's name (front.md: people).
    const named = (values: Record<string, PersonFieldValue> | undefined, fields: Array<{key: string; title: string}> | undefined) =>
      Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [fields?.find((field) => field.key === key)?.title ?? key, value]));
    for (const organization of snapshot.organizations)
      this.accounts.set(`acc_${organization.id}`, {id: `acc_${organization.id}`, name: organization.name, description: organization.notes ?? null, domains: organization.domains, external_id: null, custom_fields: named(organization.customFields, snapshot.organizationFields), created_at: seconds(organization.createdAt), updated_at: seconds(organization.updatedAt), contactIds: []});
    for (const contact of snapshot.contacts) {
      const handles: FrontContact['handles'] = [];
      for (const email of emailsOf(contact)) handles.push({handle: email, source: 'email'});
      for (const phone of phonesOf(contact)) handles.push({handle: phone, source: 'phone'});
      if (!handles.length) handles.push({handle: `contact-${contact.id}`, source: 'custom'});
      const id = `crd_${contact.id}`;
      this.contacts.set(id, {id, name: contact.name, description: null, handles, links: [], custom_fields: named(contact.customFields, snapshot.contactFields), is_private: false, created_at: seconds(contact.createdAt), updated_at: seconds(contact.updatedAt)});
      if (contact.organizationId) this.accounts.get(`acc_${contact.organizationId}`)?.contactIds.push(id);
    }
    for (const ticket of snapshot.tickets) {
      const id = `cnv_${ticket.id}`;
      const contact = this.personFor(ticket.requesterId, snapshot);
      const custom: Record<string, unknown> = {};
      for (const [fieldId, value] of Object.entries(ticket.customFields)) {
        const field = fieldBySource.get(fieldId);
        const native = field ? fieldValueToNative(field, value) : undefined;
        if (field && native !== undefined) custom[field.name] = native;
      }
      const archived = ticket.status === 'solved' || ticket.status === 'closed';
      this.conversations.set(id, {
        id,
        inboxId: inbox.id,
        subject: ticket.subject,
        status: archived ? 'archived' : ticket.assigneeId ? 'assigned' : 'unassigned',
        assigneeId: ticket.assigneeId && this.teammates.has(`tea_${ticket.assigneeId}`) ? `tea_${ticket.assigneeId}` : null,
        contactId: contact.contactId,
        handle: contact.handle,
        tagIds: ticket.tags.map((name) => this.tagNamed(name).id),
        custom_fields: custom,
        created_at: seconds(ticket.createdAt),
        updated_at: seconds(ticket.updatedAt),
        imported: false,
      });
      ticket.comments.forEach((comment, index) => {
        const teammateId = this.teammates.has(`tea_${comment.authorId}`) ? `tea_${comment.authorId}` : null;
        const attachmentIds = this.seedAttachments(comment.attachments, snapshot);
        if (!comment.public) {
          this.comments.set(`com_${comment.id}`, {id: `com_${comment.id}`, conversationId: id, authorId: teammateId, body: comment.body, posted_at: seconds(comment.createdAt), attachmentIds});
          return;
        }
        const from = teammateId ? {handle: this.teammates.get(teammateId)!.email, name: null, contactId: null} : {...this.personFor(comment.authorId, snapshot), name: null};
        this.messages.set(`msg_${comment.id}`, {
          id: `msg_${comment.id}`,
          uid: `uid${comment.id}`,
          conversationId: id,
          is_inbound: !teammateId,
          created_at: seconds(comment.createdAt),
          subject: ticket.subject,
          authorId: teammateId,
          recipients: [
            {handle: from.handle, name: null, role: 'from', contactId: from.contactId},
            {handle: teammateId ? contact.handle : inbox.address, name: null, role: 'to', contactId: teammateId ? contact.contactId : null},
            ...(index === 0 ? ticket.ccEmails.map((cc) => ({handle: cc, name: null, role: 'cc' as const, contactId: null})) : []),
          ],
          body: comment.body,
          attachmentIds,
          imported: false,
        });
      });
    }
    void nowSeconds;
  }

  /** The contact a ticket names: a contact of the account, or (deleted, or an agent) a handle without a live contact. */
  private personFor(id: string, snapshot: AccountSnapshot): {contactId: string | null; handle: string} {
    const contact = this.contacts.get(`crd_${id}`);
    if (contact) return {contactId: contact.id, handle: contact.handles[0]!.handle};
    const agent = snapshot.agents.find((candidate) => candidate.id === id);
    if (agent?.email) return {contactId: this.contactByHandle(agent.email)?.id ?? null, handle: agent.email};
    // A deleted contact: conversations keep its link, Get contact answers 404.
    return {contactId: `crd_${id}`, handle: `deleted-${id}@emulator.test`};
  }

  private seedAttachments(list: Attachment[], snapshot: AccountSnapshot): string[] {
    return list.map((attachment) => {
      const id = `fil_${attachment.id}`;
      const content = snapshot.attachmentContents[attachment.id];
      this.attachments.set(id, {id, filename: attachment.fileName, content_type: attachment.contentType, size: content?.size ?? attachment.size, inline: attachment.inline, seed: content?.seed ?? Number(attachment.id.replace(/\D/g, '') || 1)});
      return id;
    });
  }

  bytesOf(attachment: StoredAttachment): Buffer {
    return attachment.bytes ?? attachmentBytes(attachment.seed ?? 1, attachment.size);
  }

  // ---- native shapes --------------------------------------------------------------------

  nativeAttachment(id: string, base: string): FrontAttachment {
    const attachment = this.attachments.get(id)!;
    return {id, filename: attachment.filename, url: `${base}/download/${id}`, content_type: attachment.content_type, size: attachment.size, metadata: {is_inline: attachment.inline}};
  }

  nativeContact(contact: StoredContact, base: string): FrontContact & {_links: unknown} {
    const {created_at: _c, updated_at: _u, ...rest} = contact;
    return {_links: {self: `${base}/contacts/${contact.id}`, related: {notes: `${base}/contacts/${contact.id}/notes`, conversations: `${base}/contacts/${contact.id}/conversations`, owner: null}}, ...rest};
  }

  nativeAccount(account: StoredAccount, base: string): FrontAccount & {_links: unknown} {
    const {contactIds: _ids, ...rest} = account;
    return {_links: {self: `${base}/accounts/${account.id}`, related: {contacts: `${base}/accounts/${account.id}/contacts`}}, ...rest};
  }

  nativeTeammate(teammate: FrontTeammate, base: string) {
    return {_links: {self: `${base}/teammates/${teammate.id}`}, ...teammate};
  }

  nativeConversation(conversation: StoredConversation, base: string): FrontConversation & {_links: unknown} {
    const assignee = conversation.assigneeId ? this.teammates.get(conversation.assigneeId) : undefined;
    return {
      _links: {self: `${base}/conversations/${conversation.id}`, related: {messages: `${base}/conversations/${conversation.id}/messages`, comments: `${base}/conversations/${conversation.id}/comments`}},
      id: conversation.id,
      subject: conversation.subject,
      status: conversation.status,
      assignee: assignee ? this.nativeTeammate(assignee, base) : null,
      recipient: {_links: {related: {contact: conversation.contactId ? `${base}/contacts/${conversation.contactId}` : null}}, name: null, handle: conversation.handle, role: 'from'},
      tags: conversation.tagIds.map((id) => this.tags.get(id)!).filter(Boolean),
      custom_fields: conversation.custom_fields,
      created_at: conversation.created_at,
      updated_at: conversation.updated_at,
      is_private: false,
    };
  }

  nativeMessage(message: StoredMessage, base: string): FrontMessage & {_links: unknown} {
    const author = message.authorId ? this.teammates.get(message.authorId) : undefined;
    return {
      _links: {self: `${base}/messages/${message.id}`, related: {conversation: `${base}/conversations/${message.conversationId}`}},
      id: message.id,
      message_uid: message.uid,
      type: 'email',
      is_inbound: message.is_inbound,
      created_at: message.created_at,
      subject: message.subject,
      author: author ? this.nativeTeammate(author, base) : null,
      recipients: message.recipients.map((recipient) => ({_links: {related: {contact: recipient.contactId ? `${base}/contacts/${recipient.contactId}` : null}}, name: recipient.name, handle: recipient.handle, role: recipient.role})),
      body: message.body,
      attachments: message.attachmentIds.map((id) => this.nativeAttachment(id, base)),
      metadata: {...(message.external_id ? {external_id: message.external_id} : {}), ...(message.thread_ref ? {thread_ref: message.thread_ref} : {})},
    };
  }

  nativeComment(comment: StoredComment, base: string): FrontComment & {_links: unknown} {
    const author = comment.authorId ? this.teammates.get(comment.authorId) : undefined;
    return {_links: {self: `${base}/comments/${comment.id}`, related: {conversation: `${base}/conversations/${comment.conversationId}`}}, id: comment.id, author: author ? this.nativeTeammate(author, base) : null, body: comment.body, posted_at: comment.posted_at, attachments: comment.attachmentIds.map((id) => this.nativeAttachment(id, base))};
  }

  conversationMessages(id: string): StoredMessage[] {
    return [...this.messages.values()].filter((message) => message.conversationId === id).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  }

  conversationComments(id: string): StoredComment[] {
    return [...this.comments.values()].filter((comment) => comment.conversationId === id).sort((a, b) => a.posted_at - b.posted_at || (a.id < b.id ? -1 : 1));
  }

  /** Everything of one neutral type, for tests comparing accounts. */
  neutral(type: RecordType, base: string): Array<RecordOf[RecordType]> {
    const fields = [...this.fields.values()];
    switch (type) {
      case 'agents':
        return [...this.teammates.values()].map(teammateFromNative);
      case 'ticket_fields':
        return fields.map(fieldFromNative);
      case 'organizations':
        return [...this.accounts.values()].map((account) => accountFromNative(account));
      case 'contacts': {
        const accountOf = new Map<string, string>();
        for (const account of this.accounts.values()) for (const id of account.contactIds) if (!accountOf.has(id)) accountOf.set(id, account.id);
        return [...this.contacts.values()].map((contact) => contactFromNative(contact, accountOf.get(contact.id)));
      }
      case 'tickets':
        return [...this.conversations.values()]
          .filter((conversation) => conversation.status !== 'deleted')
          .map((conversation) => conversationFromNative(this.nativeConversation(conversation, base), this.conversationMessages(conversation.id).map((m) => this.nativeMessage(m, base)), this.conversationComments(conversation.id).map((c) => this.nativeComment(c, base)), fields));
      default:
        return [];
    }
  }
}

export {isoOf};
