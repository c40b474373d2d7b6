// Writing tickets into Front as imported conversations ("Import message": POST /inboxes/{id}/
// imported_messages, which imports without sending, keeps `created_at` and takes an `external_id`
// that "Front won't import … twice"). Public comments are imported messages threaded into one
// conversation (the first by `thread_ref`, the rest by `conversation_id`), private ones comments
// (Add comment: author and body, no date, so the date goes into the note's first line).
// Markers, for the once-only step's lookups after a lost answer:
// - conversation: the tag "ferry-<source key>" (List tags, then List tagged conversations);
// - message: its `external_id` (metadata.external_id on List conversation messages);
// - comment: an HTML comment with the marker at the end of its body (List conversation comments).
// Attachments travel with their message or comment (multipart/form-data, attachments[n]).
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Ticket} from '../../source/contracts/model.js';
import {HttpRecordError, PossiblyAppliedError} from '../../source/contracts/errors.js';
import {datedNote, describeFrontError, externalIdOf, fieldValueToNative, htmlMarkerOf, idOfLink, isArchived, markerTag, secondsOf, withHtmlMarker, type FrontComment, type FrontConversation, type FrontCustomField, type FrontMessage} from './api-shapes.js';
import {FrontReader} from './reader.js';
import {conversationNotes, customFieldNote, inlineImagesNote, noteAuthorNote} from './ticket-notes.js';

export interface WriterDeps {
  http: HttpClient;
  inboxId(): Promise<string>;
  /** The inbox's own address (its first channel's), the recipient of inbound messages */
  inboxAddress(): Promise<string>;
  fields(): Promise<FrontCustomField[]>;
  /** Target teammates by id (who may author outbound messages and comments) */
  teammates(): Promise<Map<string, {email?: string; name: string}>>;
  /** A contact's first handle and name, by target id */
  contact(id: string): Promise<{handle: string; name: string} | undefined>;
}

type Accepted = {status?: string; message_uid?: string};

export class ConversationWriter {
  private readonly reader: FrontReader;
  constructor(private readonly deps: WriterDeps) {
    this.reader = new FrontReader(deps.http);
  }

  /**
   * The first comment imported as a message that starts the conversation, with the marker tag, tags,
   * assignee and archived state; the conversation's id is then read from the message (by its uid).
   */
  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    for (const note of conversationNotes(ticket)) context.note(note);
    const [first] = ticket.comments;
    if (!first) throw new HttpRecordError(`ticket ${ticket.id} has no comment: Front imports conversations as messages`, 0, undefined);
    // A private first comment still has to start the conversation as a message (comments need one).
    const accepted = await this.importMessage(ticket, first, context, {thread_ref: context.sourceKey, tags: [markerTag(context.sourceKey), ...ticket.tags], ...(ticket.assigneeId ? {assignee_id: ticket.assigneeId} : {})});
    const fromUid = accepted.message_uid ? await this.reader.one<FrontMessage>(`/messages/alt:uid:${encodeURIComponent(accepted.message_uid)}`, `message ${accepted.message_uid}`) : undefined;
    const id = idOfLink(fromUid?._links?.related?.conversation) ?? (await this.findByMarker(context.sourceKey));
    // Imports are processed asynchronously (202): not there yet means "sent, not seen"; the once-only
    // step looks again by the marker before it re-sends, and a re-send is not imported twice (external_id).
    if (!id) throw new PossiblyAppliedError(`conversation ${ticket.subject}: Front accepted the import but the conversation is not readable yet`, 202, accepted);
    return id;
  }

  /** Custom fields, then every later comment, each once: a resumed ticket continues here. */
  async complete(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    // Notes in previewTicket's order: fields, inline images, then each later comment's.
    await this.customFields(conversationId, ticket, context);
    const inline = inlineImagesNote(ticket.comments);
    if (inline) context.note(inline);
    const teammates = await this.deps.teammates();
    for (const comment of ticket.comments.slice(1)) {
      const marker = externalIdOf(context.sourceKey, comment.id);
      if (comment.public)
        await context.once(
          `message:${comment.id}`,
          async () => (await this.importMessage(ticket, comment, context, {conversation_id: conversationId})).message_uid ?? marker,
          () => this.findMessage(conversationId, marker),
        );
      else {
        const note = noteAuthorNote(comment, (id) => teammates.has(id));
        if (note) context.note(note);
        await context.once(
          `comment:${comment.id}`,
          () => this.addComment(conversationId, comment, marker, teammates.has(comment.authorId), context),
          () => this.findComment(conversationId, marker),
        );
      }
    }
  }

  /** Delta: archived state and custom fields (Update conversation), then the new comments. */
  async update(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    for (const note of conversationNotes(ticket)) context.note(note);
    await this.deps.http.request({method: 'PATCH', url: `/conversations/${encodeURIComponent(conversationId)}`, json: {status: isArchived(ticket.status) ? 'archived' : 'open'}, repeatable: true, what: `conversation ${conversationId} status`});
    await this.complete(conversationId, ticket, context);
  }

  /** The conversation carrying the marker tag: the tag by name (List tags), then its conversations. */
  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const name = markerTag(sourceKey);
    for await (const page of this.reader.pages<{id: string; name: string}>('/tags')) {
      const tag = page.items.find((candidate) => candidate.name === name);
      if (!tag) continue;
      const tagged = await this.reader.all<FrontConversation>(`/tags/${encodeURIComponent(tag.id)}/conversations`);
      return tagged[0]?.id;
    }
    return undefined;
  }

  // ---- pieces ---------------------------------------------------------------------------

  private async customFields(conversationId: Id, ticket: Ticket, context: WriteContext) {
    const fields = new Map((await this.deps.fields()).map((field) => [field.id, field]));
    const values: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const field = fields.get(id);
      const note = customFieldNote(id, value, field);
      if (note) context.note(note);
      const native = field ? fieldValueToNative(field, value) : undefined;
      if (field && native !== undefined) values[field.name] = native;
    }
    // Setting the same values twice does no harm: the PATCH may be re-sent.
    if (Object.keys(values).length) await this.deps.http.request({method: 'PATCH', url: `/conversations/${encodeURIComponent(conversationId)}`, json: {custom_fields: values}, repeatable: true, what: `conversation ${conversationId} custom fields`});
  }

  private async importMessage(ticket: Ticket, comment: Comment, context: WriteContext, extra: Record<string, unknown>): Promise<Accepted> {
    const teammates = await this.deps.teammates();
    const author = teammates.get(comment.authorId);
    const requester = await this.deps.contact(ticket.requesterId);
    const inbox = await this.deps.inboxAddress();
    const outbound = !!author;
    const sender = outbound
      ? {author_id: comment.authorId, handle: author.email ?? inbox, name: author.name}
      : await this.deps.contact(comment.authorId).then((contact) => contact ?? requester ?? {handle: comment.authorLabel ?? comment.authorId, name: comment.authorLabel ?? comment.authorId});
    const body: Record<string, unknown> = {
      sender,
      to: outbound ? [requester?.handle ?? inbox] : [inbox],
      ...(comment === ticket.comments[0] && ticket.ccEmails.length ? {cc: ticket.ccEmails} : {}),
      subject: ticket.subject || '(no subject)',
      body: comment.public ? comment.body : datedNote(comment, true),
      body_format: 'html',
      external_id: externalIdOf(context.sourceKey, comment.id),
      created_at: secondsOf(comment.createdAt),
      type: 'email',
      ...extra,
      metadata: {...(typeof extra.thread_ref === 'string' ? {thread_ref: extra.thread_ref} : {}), is_inbound: !outbound, is_archived: isArchived(ticket.status), should_skip_rules: true},
    };
    delete body.thread_ref;
    const inboxId = encodeURIComponent(await this.deps.inboxId());
    const response = await this.send(`/inboxes/${inboxId}/imported_messages`, body, comment.attachments, context, `message ${comment.id}`);
    return (response.body ?? {}) as Accepted;
  }

  private async addComment(conversationId: Id, comment: Comment, marker: string, byTeammate: boolean, context: WriteContext): Promise<Id> {
    const body = withHtmlMarker(datedNote(comment, !byTeammate), marker);
    const response = await this.send(`/conversations/${encodeURIComponent(conversationId)}/comments`, {body, ...(byTeammate ? {author_id: comment.authorId} : {})}, comment.attachments, context, `comment ${comment.id}`);
    const id = (response.body as {id?: string} | undefined)?.id;
    if (!id) throw new HttpRecordError(`comment ${comment.id}: Front answered ${response.status} without an id (${describeFrontError(response.status, response.body)})`, response.status, response.body);
    return id;
  }

  private async findMessage(conversationId: Id, externalId: string): Promise<Id | undefined> {
    const found = (await this.reader.messages(conversationId)).find((message) => message.metadata?.external_id === externalId);
    return found ? (found.message_uid ?? found.id) : undefined;
  }

  private async findComment(conversationId: Id, marker: string): Promise<Id | undefined> {
    return (await this.reader.comments(conversationId)).find((comment: FrontComment) => htmlMarkerOf(comment.body) === marker)?.id;
  }

  /** JSON, or multipart/form-data with the attachments (nested fields in bracket notation). */
  private async send(url: string, fields: Record<string, unknown>, files: Attachment[], context: WriteContext, what: string): Promise<HttpResponse> {
    if (!files.length) return this.deps.http.request({method: 'POST', url, json: fields, what});
    const form = new FormData();
    appendField(form, '', fields);
    for (const [index, file] of files.entries()) {
      const bytes = await context.attachmentBytes(file);
      form.append(`attachments[${index}]`, new Blob([new Uint8Array(bytes)], {type: file.contentType || 'application/octet-stream'}), file.fileName);
    }
    return this.deps.http.request({method: 'POST', url, form, what});
  }
}

/** `sender[handle]`, `to[0]`, `metadata[is_inbound]`: the bracket notation of Front's multipart example. */
export function appendField(form: FormData, key: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) value.forEach((item, index) => appendField(form, `${key}[${index}]`, item));
  else if (typeof value === 'object') for (const [sub, item] of Object.entries(value as Record<string, unknown>)) appendField(form, key ? `${key}[${sub}]` : sub, item);
  else form.append(key, String(value));
}
