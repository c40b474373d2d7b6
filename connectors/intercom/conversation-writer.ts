// Writing tickets into Intercom as conversations. "Create a conversation" takes `created_at`, "only
// recommended for migrating past conversations from another source", and starts from a contact
// (`from`); every later comment is a reply (an admin's comment or note with `admin_id`, a contact's
// comment with `intercom_user_id`), each with its own `created_at`. Then the title and custom
// attributes (Update a conversation), tags, the assignee and a closed state. Each step goes once:
// - conversation: the marker "[ferry-source: <key> <token>]" at the end of the first message (plain
//   text: "HTML is not supported"), found by searching `source.body` for the token (one word), or among
//   the newest conversations should the search index lag behind the write;
// - part: an HTML comment with the marker at the end of its body, or (should Intercom strip comments)
//   a part of the same kind with the same created_at, which only an import sets in the past;
// - files: replies carry `attachment_files` (ten a part); the first message's go into an admin note after it.
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Ticket} from '../../source/contracts/model.js';
import {HttpRecordError, RecordError} from '../../source/contracts/errors.js';
import {conversationMarkerOf, escapeHtml, fieldValueToNative, htmlMarkerOf, htmlToText, markerToken, toUnix, withConversationMarker, withHtmlMarker, type IcConversation, type IcDataAttribute, type IcList} from './api-shapes.js';
import {itemsOf} from './reader.js';
import {conversationNotes, customFieldNote, customerNoteNote, filesNote, writtenForSomeoneElse} from './ticket-notes.js';

/** Pages of newest conversations looked through when the search has not found a marker. */
export const MARKER_RECENT_PAGES = 3;
/** "You can include up to 10 files" on a reply. */
export const FILES_PER_PART = 10;

export interface WriterDeps {
  http: HttpClient;
  /** The token's admin: author of notes written for someone else, of file notes, assignments and closing */
  me(): Promise<string>;
  admins(): Promise<Set<string>>;
  attributes(): Promise<IcDataAttribute[]>;
}

export class ConversationWriter {
  constructor(private readonly deps: WriterDeps) {}

  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    for (const note of conversationNotes(ticket)) context.note(note);
    const [first] = ticket.comments;
    if (!first) throw new RecordError(`ticket ${ticket.id} has no comment: an Intercom conversation starts with a message`);
    const admins = await this.deps.admins();
    if (admins.has(ticket.requesterId)) throw new RecordError(`ticket ${ticket.id}: its requester is an Intercom admin (#${ticket.requesterId}); "Create a conversation" starts from a contact (user or lead) only`);
    const text = htmlToText(first.body) || '(no text)';
    const body = {from: {type: 'user', id: ticket.requesterId}, body: withConversationMarker(text, context.sourceKey), created_at: toUnix(first.createdAt)};
    const response = await this.deps.http.request<{conversation_id?: string; id?: string}>({method: 'POST', url: '/conversations', json: body, what: `conversation ${ticket.subject}`});
    const id = response.body?.conversation_id;
    if (!id) throw new HttpRecordError(`conversation ${ticket.subject}: Intercom answered ${response.status} without a conversation_id`, response.status, response.body);
    return String(id);
  }

  /** Everything after the first message, each once: a resumed ticket continues at the first step not done. */
  async complete(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const admins = await this.deps.admins();
    const isAdmin = (id: string) => admins.has(id);
    const files = filesNote(ticket.comments);
    if (files) context.note(files);
    for (const [index, comment] of ticket.comments.entries()) {
      const byAdmin = index > 0 && isAdmin(comment.authorId);
      if (index > 0) {
        const note = customerNoteNote(comment, isAdmin);
        if (note) context.note(note);
        const marker = `${context.sourceKey}#comment:${comment.id}`;
        await context.once(
          `part:${comment.id}`,
          () => this.reply(conversationId, comment, marker, byAdmin, context),
          () => this.findPart(conversationId, marker, comment),
        );
      }
      // Files the first message cannot carry: an admin note after it, ten files a note.
      if (index === 0 && comment.attachments.length) {
        for (let start = 0, n = 0; start < comment.attachments.length; start += FILES_PER_PART, n++) {
          const marker = `${context.sourceKey}#files:${comment.id}:${n}`;
          const chunk = comment.attachments.slice(start, start + FILES_PER_PART);
          await context.once(`files:${comment.id}:${n}`, () => this.filesNoteFor(conversationId, comment, chunk, marker, context), () => this.findPart(conversationId, marker));
        }
      }
    }
    await this.details(conversationId, ticket, context);
  }

  /** Delta: title and attributes again, then the parts not written yet (tags, assignee and state too). */
  async update(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    for (const note of conversationNotes(ticket)) context.note(note);
    await this.complete(conversationId, ticket, context);
  }

  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const searched = await this.deps.http.request<IcList<IcConversation>>({
      method: 'POST',
      url: '/conversations/search',
      json: {query: {field: 'source.body', operator: '=', value: markerToken(sourceKey)}, pagination: {per_page: 20}},
      repeatable: true,
      what: `conversation marked ${sourceKey}`,
    });
    const hit = itemsOf(searched.body).find((conversation) => conversationMarkerOf(conversation.source?.body) === sourceKey);
    if (hit) return String(hit.id);
    // The search may lag behind a write: a conversation a crashed attempt created moments ago is among the newest.
    let after: string | undefined;
    for (let page = 0; page < MARKER_RECENT_PAGES; page++) {
      const listed = await this.deps.http.request<IcList<IcConversation>>({method: 'GET', url: '/conversations', searchParams: {per_page: 50, starting_after: after}, what: 'recent conversations'});
      const found = itemsOf(listed.body).find((conversation) => conversationMarkerOf(conversation.source?.body) === sourceKey);
      if (found) return String(found.id);
      const next = listed.body?.pages?.next;
      after = next && typeof next === 'object' ? (next.starting_after ?? undefined) : undefined;
      if (!after) return undefined;
    }
    return undefined;
  }

  // ---- pieces ---------------------------------------------------------------------------

  private async reply(conversationId: Id, comment: Comment, marker: string, byAdmin: boolean, context: WriteContext): Promise<Id> {
    const admins = await this.deps.admins();
    const forSomeoneElse = writtenForSomeoneElse(comment, (id) => admins.has(id));
    const html = (forSomeoneElse ? `<p><em>Written by ${escapeHtml(comment.authorLabel ?? `#${comment.authorId}`)}</em></p>\n` : '') + (comment.body || '<p></p>');
    const base = {body: withHtmlMarker(html, marker), created_at: toUnix(comment.createdAt)};
    let json: Record<string, unknown>;
    const files = await this.files(comment.attachments.slice(0, FILES_PER_PART), context);
    if (byAdmin) json = {...base, type: 'admin', message_type: comment.public ? 'comment' : 'note', admin_id: comment.authorId, ...files};
    else if (forSomeoneElse || comment.byMigration) json = {...base, type: 'admin', message_type: 'note', admin_id: await this.deps.me(), ...files};
    else json = {...base, type: 'user', message_type: 'comment', intercom_user_id: comment.authorId, ...files};
    const id = await this.post(conversationId, json, `conversation ${conversationId} ${json.message_type}`);
    // A part carries ten files; the rest go in notes after it.
    if (comment.attachments.length > FILES_PER_PART)
      for (let start = FILES_PER_PART, n = 1; start < comment.attachments.length; start += FILES_PER_PART, n++) {
        const extra = `${marker}:files:${n}`;
        await context.once(`files:${comment.id}:${n}`, () => this.filesNoteFor(conversationId, comment, comment.attachments.slice(start, start + FILES_PER_PART), extra, context), () => this.findPart(conversationId, extra));
      }
    return id;
  }

  private async filesNoteFor(conversationId: Id, comment: Comment, attachments: Attachment[], marker: string, context: WriteContext): Promise<Id> {
    const body = withHtmlMarker(`<p>Files of the message of ${escapeHtml(comment.authorLabel ?? `#${comment.authorId}`)} (${escapeHtml(comment.createdAt)})</p>`, marker);
    return this.post(conversationId, {type: 'admin', message_type: 'note', admin_id: await this.deps.me(), body, created_at: toUnix(comment.createdAt), ...(await this.files(attachments, context))}, `conversation ${conversationId} files`);
  }

  private async files(attachments: Attachment[], context: WriteContext): Promise<Record<string, unknown>> {
    if (!attachments.length) return {};
    const files = [];
    for (const attachment of attachments) files.push({name: attachment.fileName, content_type: attachment.contentType || 'application/octet-stream', data: (await context.attachmentBytes(attachment)).toString('base64')});
    return {attachment_files: files};
  }

  /** Reply to a conversation answers the whole conversation: the new part is its last. */
  private async post(conversationId: Id, json: Record<string, unknown>, what: string): Promise<Id> {
    const response = await this.deps.http.request<IcConversation>({method: 'POST', url: `/conversations/${encodeURIComponent(conversationId)}/reply`, json, what});
    const parts = response.body?.conversation_parts?.conversation_parts ?? [];
    const last = parts[parts.length - 1];
    if (!last) throw new HttpRecordError(`${what}: Intercom answered ${response.status} without the new part`, response.status, response.body);
    return String(last.id);
  }

  private async conversation(conversationId: Id): Promise<IcConversation> {
    return (await this.deps.http.request<IcConversation>({method: 'GET', url: `/conversations/${encodeURIComponent(conversationId)}`, what: `conversation ${conversationId}`})).body;
  }

  private async findPart(conversationId: Id, marker: string, comment?: Comment): Promise<Id | undefined> {
    const parts = (await this.conversation(conversationId)).conversation_parts?.conversation_parts ?? [];
    const byMarker = parts.find((part) => htmlMarkerOf(part.body) === marker);
    if (byMarker) return String(byMarker.id);
    if (!comment) return undefined;
    const kind = comment.public ? 'comment' : 'note';
    const byDate = parts.find((part) => part.part_type === kind && part.created_at === toUnix(comment.createdAt) && !htmlMarkerOf(part.body));
    return byDate ? String(byDate.id) : undefined;
  }

  /** Title, custom attributes and tags (each repeatable), then the assignee and a closed state, once each. */
  private async details(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const id = encodeURIComponent(conversationId);
    const custom_attributes = await this.attributeValues(ticket, context);
    await this.deps.http.request({method: 'PUT', url: `/conversations/${id}`, json: {title: ticket.subject || '(no subject)', ...(Object.keys(custom_attributes).length ? {custom_attributes} : {})}, what: `conversation ${conversationId} title and attributes`});
    const me = await this.deps.me();
    for (const name of new Set(ticket.tags)) {
      // Create or update a tag: the same name answers the same tag, so both calls may be sent again.
      const tag = await this.deps.http.request<{id: string}>({method: 'POST', url: '/tags', json: {name}, repeatable: true, what: `tag ${name}`});
      await this.deps.http.request({method: 'POST', url: `/conversations/${id}/tags`, json: {id: String(tag.body.id), admin_id: me}, repeatable: true, what: `conversation ${conversationId} tag ${name}`});
    }
    if (ticket.assigneeId) {
      const assignee = ticket.assigneeId;
      await context.once(
        'assign',
        async () => {
          await this.deps.http.request({method: 'POST', url: `/conversations/${id}/parts`, json: {message_type: 'assignment', type: 'admin', admin_id: me, assignee_id: assignee}, what: `conversation ${conversationId} assignment`});
          return assignee;
        },
        async () => (String((await this.conversation(conversationId)).admin_assignee_id ?? '') === assignee ? assignee : undefined),
      );
    }
    if (ticket.status === 'closed' || ticket.status === 'solved') {
      await context.once(
        'close',
        async () => {
          await this.deps.http.request({method: 'POST', url: `/conversations/${id}/parts`, json: {message_type: 'close', type: 'admin', admin_id: me}, what: `conversation ${conversationId} close`});
          return 'closed';
        },
        async () => ((await this.conversation(conversationId)).state === 'closed' ? 'closed' : undefined),
      );
    }
  }

  private async attributeValues(ticket: Ticket, context: WriteContext): Promise<Record<string, string | number | boolean>> {
    const byId = new Map((await this.deps.attributes()).map((attribute) => [String(attribute.id), attribute]));
    const out: Record<string, string | number | boolean> = {};
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const attribute = byId.get(id);
      const note = customFieldNote(id, value, attribute);
      if (note) context.note(note);
      const native = attribute && fieldValueToNative(attribute, value);
      if (attribute && native !== undefined) out[attribute.name] = native;
    }
    return out;
  }
}
