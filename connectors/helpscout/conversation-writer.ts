// Writing tickets into Help Scout as imported conversations (Create Conversation with imported: true:
// "no outgoing emails or notifications will be generated"; createdAt on the conversation and on each
// thread keeps the original dates). The conversation is created with its comments as threads (up to
// THREADS_IN_CREATE of them, within Create Conversation's request size: request-size.ts) and the
// marker tag in one request, found again by the tag when its answer is lost; a longer ticket's later
// comments are one thread each, and every attachment one upload to its thread, each through the
// once-only step with a lookup:
// - conversation: the marker tag (List Conversations `tag`), and, in case the tag is not searchable
//   yet, the most recently modified conversations;
// - thread: an HTML comment with the marker at the end of its text, or (should Help Scout strip
//   comments) a thread of the same kind with the same createdAt, which only an import can set;
// - attachment: an attachment of the same file name on that thread.
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Person, Ticket} from '../../source/contracts/model.js';

type Users = Map<string, Person>;
import {HttpRecordError} from '../../source/contracts/errors.js';
import {createdId, customerNames, describeHelpScoutError, escapeHtml, fieldValueToNative, htmlMarkerOf, markerTag, statusToNative, withHtmlMarker, type HsConversation, type HsField, type HsPage, type HsThread} from './api-shapes.js';
import {WRITES} from './tiers.js';
import {fitText} from './request-size.js';
import {conversationNotes, customerNoteNote, customFieldNote, inlineImagesNote, THREADS_IN_CREATE, threadsInCreate, threadText} from './ticket-notes.js';

export {THREADS_IN_CREATE};

/** Pages of recently modified conversations looked through when the tag filter has not found a marker. */
export const MARKER_RECENT_PAGES = 3;
/** The once-only step recording how many comments a conversation was created with (absent: one, as
 * conversations created before ferry sent them together were). */
const IN_CREATE = 'threads-in-create';

export interface WriterDeps {
  http: HttpClient;
  mailboxId(): Promise<number>;
  fields(): Promise<HsField[]>;
  /** The target's users by id: who can write replies and notes */
  users(): Promise<Map<string, Person>>;
}

type ThreadKind = {path: 'customer' | 'reply' | 'notes'; type: 'customer' | 'reply' | 'note'; listedAs: string};

export class ConversationWriter {
  constructor(private readonly deps: WriterDeps) {}

  /** The conversation with its first thread, status, tags (and the marker tag) and custom fields: one request. */
  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    // What is left out or changed here is decided by ticket-notes.ts, which previewTicket shares.
    this.noteWhatIsLost(ticket, context);
    const [first] = ticket.comments;
    if (!first) throw new HttpRecordError(`ticket ${ticket.id} has no comment: Help Scout creates a conversation with at least one thread`, 0, undefined);
    const fields = await this.fieldValues(ticket, context);
    const users = await this.deps.users();
    const count = threadsInCreate(ticket.comments, (id) => users.has(id), context.sourceKey);
    // Kept before the request goes out, so a resumed ticket knows which comments it carried.
    await context.once(IN_CREATE, async () => String(count));
    const threads = ticket.comments.slice(0, count).map((comment, index) => {
      this.noteAuthor(comment, users, context);
      const kind = threadKind(comment, users);
      // The first thread has no marker (the conversation's tag finds it); later ones carry theirs.
      const thread: Record<string, unknown> = {type: kind.type, text: this.text(comment, users, index === 0, context, index ? `${context.sourceKey}#comment:${comment.id}` : undefined), createdAt: comment.createdAt, ...this.who(comment, ticket, kind, users)};
      if (index === 0 && ticket.ccEmails.length) thread.cc = ticket.ccEmails;
      return thread;
    });
    const body: Record<string, unknown> = {
      subject: ticket.subject || '(no subject)',
      customer: customerRef(ticket.requesterId, users),
      mailboxId: await this.deps.mailboxId(),
      type: 'email',
      status: statusToNative(ticket.status),
      createdAt: ticket.createdAt,
      imported: true,
      threads,
      tags: this.tags(ticket, context.sourceKey),
      fields,
      // Left out, assignTo assigns "according to the Inbox settings"; null keeps an unassigned ticket unassigned.
      assignTo: ticket.assigneeId ? Number(ticket.assigneeId) : null,
    };
    const response = await this.deps.http.request({method: 'POST', url: '/v2/conversations', json: body, endpoint: WRITES, what: `conversation ${ticket.subject}`});
    return idOf(response, `conversation ${ticket.subject}`);
  }

  /**
   * Every thread after the first, then every attachment, each once: a resumed ticket continues here.
   * It says again everything the ticket loses (the engine keeps each note once), so a ticket another
   * process created, or a second full run updates, still carries its notes.
   */
  async complete(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const users = await this.deps.users();
    this.noteWhatIsLost(ticket, context);
    await this.fieldValues(ticket, context);
    for (const [index, comment] of ticket.comments.entries()) {
      this.noteAuthor(comment, users, context);
      const cut = fitText(comment, index === 0).note;
      if (cut) context.note(cut);
      if (index === 0) {
        const inline = inlineImagesNote(ticket.comments);
        if (inline) context.note(inline);
      }
    }
    // How many comments came with the conversation (kept by create; one for a conversation created before).
    const carried = Number(await context.once(IN_CREATE, async () => '1')) || 1;
    for (const [index, comment] of ticket.comments.entries()) {
      // The threads that came with the conversation: their ids are only needed to attach files to
      // them (finding one is a read, which costs half a write of the rate limit).
      if (index < carried && !comment.attachments.length) continue;
      const threadId =
        index === 0
          ? await context.once(`thread:${comment.id}`, async () => this.firstThread(conversationId))
          : index < carried
            ? await context.once(`thread:${comment.id}`, async () => {
                const found = await this.findThread(conversationId, comment, `${context.sourceKey}#comment:${comment.id}`, threadKind(comment, users));
                if (!found) throw new HttpRecordError(`conversation ${conversationId}: the thread of comment ${comment.id} sent with the conversation is not there`, 0, undefined);
                return found;
              })
            : await context.once(
              `thread:${comment.id}`,
              () => this.addThread(conversationId, comment, ticket, users, context),
              () => this.findThread(conversationId, comment, `${context.sourceKey}#comment:${comment.id}`, threadKind(comment, users)),
            );
      // Files already on this thread from this comment's earlier uploads: a lookup never takes one of them
      // for a later file of the same name (the once-only step must find its own write, not a look-alike).
      const claimed = new Set<string>();
      for (const attachment of comment.attachments) claimed.add(await this.upload(conversationId, threadId, attachment, claimed, context));
    }
  }

  /** Delta: status and subject (JSON Patch), tags and fields (replaced whole), then the new threads. */
  async update(conversationId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    this.noteWhatIsLost(ticket, context);
    const id = encodeURIComponent(conversationId);
    for (const [path, value] of [['/status', statusToNative(ticket.status)], ['/subject', ticket.subject]] as const)
      await this.deps.http.request({method: 'PATCH', url: `/v2/conversations/${id}`, json: {op: 'replace', path, value}, repeatable: true, endpoint: WRITES, what: `conversation ${conversationId} ${path.slice(1)}`});
    await this.deps.http.request({method: 'PUT', url: `/v2/conversations/${id}/tags`, json: {tags: this.tags(ticket, context.sourceKey)}, endpoint: WRITES, what: `conversation ${conversationId} tags`});
    const fields = await this.fieldValues(ticket, context);
    if (fields.length) await this.deps.http.request({method: 'PUT', url: `/v2/conversations/${id}/fields`, json: {fields}, endpoint: WRITES, what: `conversation ${conversationId} fields`});
    await this.complete(conversationId, ticket, context);
  }

  /** Every conversation carrying the marker tag (verify's duplicate count): the tag filter, every page; with
   * `recent`, also the most recently modified pages, which the filter's index may not show yet. */
  async findAllByMarker(sourceKey: string, options: {recent?: boolean} = {}): Promise<Id[]> {
    const tag = markerTag(sourceKey);
    const mailbox = await this.deps.mailboxId();
    const ids: Id[] = [];
    for (let page = 1; options.recent && page <= MARKER_RECENT_PAGES; page++) {
      const recent = await this.deps.http.request<HsPage<HsConversation>>({method: 'GET', url: '/v2/conversations', searchParams: {status: 'all', mailbox, sortField: 'modifiedAt', sortOrder: 'desc', page}, what: 'recent conversations'});
      ids.push(...(recent.body?._embedded?.conversations ?? []).filter((conversation) => conversation.tags?.some((t) => t.tag === tag)).map((conversation) => String(conversation.id)));
      const info = recent.body?.page;
      if (!info || info.number >= info.totalPages) break;
    }
    for (let page = 1; page <= 100; page++) {
      const tagged = await this.deps.http.request<HsPage<HsConversation>>({method: 'GET', url: '/v2/conversations', searchParams: {tag, status: 'all', mailbox, page}, what: `conversations tagged ${tag}`});
      ids.push(...(tagged.body?._embedded?.conversations ?? []).filter((conversation) => conversation.tags?.some((t) => t.tag === tag)).map((conversation) => String(conversation.id)));
      const info = tagged.body?.page;
      if (!info || info.number >= info.totalPages) break;
    }
    return [...new Set(ids)];
  }

  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const tag = markerTag(sourceKey);
    const mailbox = await this.deps.mailboxId();
    const tagged = await this.deps.http.request<HsPage<HsConversation>>({method: 'GET', url: '/v2/conversations', searchParams: {tag, status: 'all', mailbox}, what: `conversation tagged ${tag}`});
    const hit = tagged.body?._embedded?.conversations?.find((conversation) => conversation.tags?.some((t) => t.tag === tag));
    if (hit) return String(hit.id);
    // The tag filter may lag behind a write (search index): a conversation a crashed attempt created
    // moments ago is among the most recently modified ones.
    for (let page = 1; page <= MARKER_RECENT_PAGES; page++) {
      const recent = await this.deps.http.request<HsPage<HsConversation>>({method: 'GET', url: '/v2/conversations', searchParams: {status: 'all', mailbox, sortField: 'modifiedAt', sortOrder: 'desc', page}, what: 'recent conversations'});
      const found = recent.body?._embedded?.conversations?.find((conversation) => conversation.tags?.some((t) => t.tag === tag));
      if (found) return String(found.id);
      const info = recent.body?.page;
      if (!info || info.number >= info.totalPages) return undefined;
    }
    return undefined;
  }

  // ---- pieces ---------------------------------------------------------------------------

  private noteWhatIsLost(ticket: Ticket, context: WriteContext) {
    for (const note of conversationNotes(ticket)) context.note(note);
  }

  private noteAuthor(comment: Comment, users: Users, context: WriteContext) {
    const note = customerNoteNote(comment, (id) => users.has(id));
    if (note) context.note(note);
  }

  /** The ticket's tags and the marker tag (a delta's tag update replaces them all, so it goes along again). */
  private tags(ticket: Ticket, sourceKey: string): string[] {
    return [...new Set([...ticket.tags.map((tag) => tag.toLowerCase()), markerTag(sourceKey)])];
  }

  private async fieldValues(ticket: Ticket, context: WriteContext): Promise<Array<{id: number; value: string}>> {
    const byId = new Map((await this.deps.fields()).map((field) => [String(field.id), field]));
    const out: Array<{id: number; value: string}> = [];
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const field = byId.get(id);
      const note = customFieldNote(id, value, field);
      if (note) context.note(note);
      const native = field && fieldValueToNative(field, value);
      if (field && native !== undefined) out.push({id: field.id, value: native});
    }
    return out;
  }

  /** Who writes a thread: a customer thread names its customer; replies and notes name the user. */
  private who(comment: Comment, ticket: Ticket, kind: ThreadKind, users: Users): Record<string, unknown> {
    if (kind.type === 'customer') return {customer: customerRef(comment.authorId, users)};
    const user = users.has(comment.authorId) ? {user: Number(comment.authorId)} : {};
    return kind.type === 'reply' ? {customer: customerRef(ticket.requesterId, users), ...user} : user;
  }

  /** A note by a customer has no user to name: the author goes into its first line. A text too large for its request is cut (request-size.ts). */
  private text(comment: Comment, users: Users, first: boolean, context: WriteContext, marker?: string): string {
    const {text, note} = threadText(comment, (id) => users.has(id), first, marker);
    if (note) context.note(note);
    return text;
  }

  private async addThread(conversationId: Id, comment: Comment, ticket: Ticket, users: Users, context: WriteContext): Promise<Id> {
    const kind = threadKind(comment, users);
    this.noteAuthor(comment, users, context);
    const body: Record<string, unknown> = {text: this.text(comment, users, false, context, `${context.sourceKey}#comment:${comment.id}`), imported: true, createdAt: comment.createdAt, ...this.who(comment, ticket, kind, users)};
    // "If not explicitly set, a reply thread will reactivate the conversation": replies and notes carry
    // the ticket's status (customer threads take none and, imported, leave it as it is).
    if (kind.type !== 'customer') body.status = statusToNative(ticket.status);
    const response = await this.deps.http.request({method: 'POST', url: `/v2/conversations/${encodeURIComponent(conversationId)}/${kind.path}`, json: body, endpoint: WRITES, what: `conversation ${conversationId} ${kind.type} thread`});
    return idOf(response, `conversation ${conversationId} thread`);
  }

  private async threads(conversationId: Id): Promise<HsThread[]> {
    const out: HsThread[] = [];
    for (let page = 1; ; page++) {
      const response = await this.deps.http.request<HsPage<HsThread>>({method: 'GET', url: `/v2/conversations/${encodeURIComponent(conversationId)}/threads`, searchParams: {page}, what: `conversation ${conversationId} threads`});
      out.push(...(response.body?._embedded?.threads ?? []));
      const info = response.body?.page;
      if (!info || info.number >= info.totalPages || page >= 100) return out;
    }
  }

  private async firstThread(conversationId: Id): Promise<Id> {
    const threads = (await this.threads(conversationId)).filter((thread) => thread.type !== 'lineitem');
    const oldest = threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)[0];
    if (!oldest) throw new HttpRecordError(`conversation ${conversationId} has no thread`, 0, undefined);
    return String(oldest.id);
  }

  private async findThread(conversationId: Id, comment: Comment, marker: string, kind: ThreadKind): Promise<Id | undefined> {
    const threads = await this.threads(conversationId);
    const byMarker = threads.find((thread) => htmlMarkerOf(thread.body) === marker);
    if (byMarker) return String(byMarker.id);
    const byDate = threads.find((thread) => thread.type === kind.listedAs && Date.parse(thread.createdAt) === Date.parse(comment.createdAt) && !htmlMarkerOf(thread.body));
    return byDate ? String(byDate.id) : undefined;
  }

  /** One attachment onto its thread ("Upload Attachment": fileName, mimeType, data base64). */
  private async upload(conversationId: Id, threadId: Id, attachment: Attachment, claimed: ReadonlySet<string>, context: WriteContext): Promise<Id> {
    const url = `/v2/conversations/${encodeURIComponent(conversationId)}/threads/${encodeURIComponent(threadId)}/attachments`;
    return context.once(
      `attachment:${threadId}:${attachment.id}`,
      async () => {
        const data = (await context.attachmentBytes(attachment)).toString('base64');
        const response = await this.deps.http.request({method: 'POST', url, json: {fileName: attachment.fileName, mimeType: attachment.contentType || 'application/octet-stream', data}, endpoint: WRITES, what: `attachment ${attachment.fileName}`});
        return createdId(response.headers) ?? `${threadId}:${attachment.fileName}`;
      },
      async () => {
        const thread = (await this.threads(conversationId)).find((candidate) => String(candidate.id) === threadId);
        const found = thread?._embedded?.attachments?.find((candidate) => candidate.filename === attachment.fileName && !claimed.has(String(candidate.id)));
        return found ? String(found.id) : undefined;
      },
    );
  }
}

/**
 * A conversation's customer by id; a requester who is a Help Scout user (an agent who opened a ticket)
 * has no customer id, so it goes by email, which "will create a new customer" or match one (Create Conversation).
 */
function customerRef(id: Id, users: Users): Record<string, unknown> {
  const user = users.get(id);
  if (!user?.email) return {id: Number(id)};
  return {email: user.email, ...customerNames(user.name).names};
}

/** Private comments are notes; a public one by a Help Scout user is a reply, by anyone else a customer thread. */
function threadKind(comment: Comment, users: Users): ThreadKind {
  if (!comment.public) return {path: 'notes', type: 'note', listedAs: 'note'};
  // List Threads shows an agent's reply as type "message".
  if (users.has(comment.authorId)) return {path: 'reply', type: 'reply', listedAs: 'message'};
  return {path: 'customer', type: 'customer', listedAs: 'customer'};
}

function idOf(response: HttpResponse, what: string): Id {
  const id = createdId(response.headers);
  if (!id) throw new HttpRecordError(`${what}: Help Scout answered ${response.status} without a Resource-ID (${describeHelpScoutError(response.status, response.body)})`, response.status, response.body);
  return id;
}
