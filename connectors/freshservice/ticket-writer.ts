// Tickets into Freshservice: the ticket with its description and the description's attachments in
// one request, then every later comment as a note, each through its own once-only step.
//
// Marker: the tag ferry-<source key> (markerTag), which Filter Tickets can query (`tag:'…'`; a
// custom text field cannot be filtered on), and the same key as an HTML comment at the end of the
// description, which the tickets list prints. Whether Filter Tickets sees a ticket created a moment
// ago is not documented: recovery also reads the newest pages of the tickets list and matches the
// description's marker, so a ticket a crashed attempt just made is found either way.
//
// Freshservice cannot set created_at on tickets or notes: "Originally from <author> on <date>" is
// written at the top of the description and of each note. Comments become notes (POST
// /tickets/{id}/notes with `private`); /reply is never used because it emails the requester.
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Ticket} from '../../source/contracts/model.js';
import {describeFreshserviceError, escapeHtml, fieldValueToNative, htmlMarkerOf, markerTag, originHeader, priorityToNative, statusToNative, withHtmlMarker, type FsConversation, type FsTicket, type FsTicketField} from './api-shapes.js';
import type {FreshserviceReader} from './paging.js';
import {appendFormField, definedFields, withoutInlineImages} from '../freshworks/writer.js';
import {createdId, hasFieldError} from '../freshworks/errors.js';

type Value = string | number | boolean | null | undefined | string[] | Record<string, unknown>;

/** "The total size of these attachments cannot exceed 40 MB" (Tickets; Conversations: "all of a ticket's attachments"). */
export const MAX_TICKET_ATTACHMENT_BYTES = 40 * 1024 * 1024;
/** Newest tickets looked through when Filter Tickets does not show the marker yet. */
export const MARKER_RECENT_PAGES = 3;
/** Portal (2): there is no "imported" source; Email (1) would suggest a mail was received. */
const SOURCE_PORTAL = 2;

export interface TicketWriterDeps {
  http: HttpClient;
  reader: FreshserviceReader;
  fields(): Promise<FsTicketField[]>;
}

export class FreshserviceTicketWriter {
  private readonly refusedAuthors = new Set<string>();

  constructor(private readonly deps: TicketWriterDeps) {}

  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    const [first] = ticket.comments;
    const fields = await this.ticketFields(ticket, context, true);
    fields.description = withHtmlMarker(originHeader(first?.authorLabel, first?.createdAt ?? ticket.createdAt) + withoutInlineImages(first?.body ?? '', first?.attachments ?? []), context.sourceKey);
    const files = first ? this.budget(ticket, context).get(first.id) ?? [] : [];
    const response = await this.send('/api/v2/tickets', fields, files, `ticket ${ticket.subject}`, context, 'tickets.create');
    return idOf(response, 'ticket', `ticket ${ticket.subject}`);
  }

  /** The notes after the first, each once. It says again what the ticket loses (the engine keeps each note once), so a ticket another process created still says it. */
  async complete(ticketId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    await this.ticketFields(ticket, context, true);
    const kept = this.budget(ticket, context, true);
    for (const comment of ticket.comments.slice(1)) await this.addNote(ticketId, comment, kept.get(comment.id) ?? [], context);
  }

  /** Delta: the ticket's fields (tags replace the old ones, so the marker tag goes along), then new notes. */
  async update(targetId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const fields = await this.ticketFields(ticket, context, false);
    const response = await this.deps.http.request<{ticket: {id: number}}>({method: 'PUT', url: `/api/v2/tickets/${encodeURIComponent(targetId)}`, json: definedFields(fields), accept: [400], what: `ticket ${targetId}`, endpoint: 'tickets.update'});
    idOf(response, 'ticket', `ticket ${targetId}`);
    // A second run rewrites the record's reason: what the ticket loses is said again.
    const kept = this.budget(ticket, context, true);
    for (const comment of ticket.comments.slice(1)) await this.addNote(targetId, comment, kept.get(comment.id) ?? [], context);
  }

  /** Every ticket carrying the marker (verify's duplicate count): the tag filter, its description's marker
   * checked; with `recent`, also the newest pages of the list, which the filter's index may not show yet. */
  async findAllByMarker(sourceKey: string, options: {recent?: boolean} = {}): Promise<Id[]> {
    const {http} = this.deps;
    const filtered = await http.request<{tickets: FsTicket[]}>({method: 'GET', url: '/api/v2/tickets/filter', searchParams: {query: `"tag:'${markerTag(sourceKey)}'"`}, endpoint: 'tickets.list'});
    const ids = new Set((filtered.body?.tickets ?? []).filter((ticket) => htmlMarkerOf(ticket.description) === sourceKey).map((ticket) => String(ticket.id)));
    for (let page = 1; options.recent && page <= MARKER_RECENT_PAGES; page++) {
      const recent = await http.request<{tickets: FsTicket[]}>({method: 'GET', url: '/api/v2/tickets', searchParams: {order_type: 'desc', per_page: 100, page}, endpoint: 'tickets.list'});
      const list = recent.body?.tickets ?? [];
      for (const ticket of list) if (htmlMarkerOf(ticket.description) === sourceKey) ids.add(String(ticket.id));
      if (list.length < 100) break;
    }
    return [...ids];
  }

  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const {http} = this.deps;
    const filtered = await http.request<{tickets: FsTicket[]}>({method: 'GET', url: '/api/v2/tickets/filter', searchParams: {query: `"tag:'${markerTag(sourceKey)}'"`}, endpoint: 'tickets.list'});
    const hit = (filtered.body?.tickets ?? []).find((ticket) => htmlMarkerOf(ticket.description) === sourceKey);
    if (hit) return String(hit.id);
    // The list's default window is the last 30 days, newest first: a ticket an interrupted attempt
    // created is on its first pages. Recovery runs before this run creates anything more.
    for (let page = 1; page <= MARKER_RECENT_PAGES; page++) {
      const recent = await http.request<{tickets: FsTicket[]}>({method: 'GET', url: '/api/v2/tickets', searchParams: {order_type: 'desc', per_page: 100, page}, endpoint: 'tickets.list'});
      const list = recent.body?.tickets ?? [];
      const found = list.find((ticket) => htmlMarkerOf(ticket.description) === sourceKey);
      if (found) return String(found.id);
      if (list.length < 100) return undefined;
    }
    return undefined;
  }

  /** Attachments in comment order up to the ticket's 40 MB, the same way on every attempt. */
  private budget(ticket: Ticket, context: WriteContext, say = false): Map<string, Attachment[]> {
    const kept = new Map<string, Attachment[]>();
    let used = 0;
    for (const comment of ticket.comments) {
      const mine: Attachment[] = [];
      for (const attachment of comment.attachments) {
        if (used + attachment.size > MAX_TICKET_ATTACHMENT_BYTES) {
          if (say) context.note(`Attachment ${attachment.fileName} (${(attachment.size / 1048576).toFixed(1)} MB) would take the ticket over Freshservice's 40 MB of attachments per ticket: left out.`);
          continue;
        }
        used += attachment.size;
        mine.push(attachment);
      }
      kept.set(comment.id, mine);
    }
    if (say && ticket.comments.some((comment) => comment.attachments.some((a) => a.inline))) context.note('Inline images were attached as files (the API cannot embed them).');
    return kept;
  }

  private async addNote(ticketId: Id, comment: Comment, files: Attachment[], context: WriteContext): Promise<void> {
    const marker = `${context.sourceKey}#comment:${comment.id}`;
    // A note about the migration (CCs) is the API key's agent's own, with no origin line.
    const header = comment.byMigration ? '' : originHeader(comment.authorLabel, comment.createdAt);
    const fields: Record<string, Value> = {body: withHtmlMarker(header + withoutInlineImages(comment.body, comment.attachments), marker), private: !comment.public};
    const authorKey = comment.authorId;
    if (!comment.byMigration && /^\d+$/.test(comment.authorId) && !this.refusedAuthors.has(authorKey)) fields.user_id = Number(comment.authorId);
    else if (!comment.byMigration) this.authorInText(comment, fields, context);
    await context.once(
      `note:${comment.id}`,
      async () => {
        const url = `/api/v2/tickets/${ticketId}/notes`;
        const what = `ticket ${ticketId} note`;
        let response = await this.send(url, fields, files, what, context, undefined);
        if (response.status === 400 && fields.user_id !== undefined && refuses(response.body, 'user_id')) {
          // A refusal writes nothing: the note goes again as the key's agent, author in its text.
          this.refusedAuthors.add(authorKey);
          this.authorInText(comment, fields, context, describeFreshserviceError(400, response.body));
          response = await this.send(url, fields, files, what, context, undefined);
        }
        return idOf(response, 'conversation', what);
      },
      () => this.findNote(ticketId, marker),
    );
  }

  private authorInText(comment: Comment, fields: Record<string, Value>, context: WriteContext, why?: string) {
    delete fields.user_id;
    const label = comment.authorLabel ?? `user #${comment.authorId}`;
    if (!comment.authorLabel) fields.body = `<p><em>Written by ${escapeHtml(label)}</em></p>\n${String(fields.body)}`;
    context.note(`comment ${comment.id}: Freshservice would not write the note as ${label}${why ? ` (${why})` : ''}; written by the API key's agent with the author in the text.`);
  }

  private async findNote(ticketId: Id, marker: string): Promise<Id | undefined> {
    const conversations = await this.deps.reader.all<FsConversation>(`/api/v2/tickets/${ticketId}/conversations`, 'conversations');
    const found = conversations.find((conversation) => htmlMarkerOf(conversation.body) === marker);
    return found ? String(found.id) : undefined;
  }

  /** JSON, or multipart/form-data when files go along (attachments[] parts, tags[], custom_fields[name]). */
  private async send(url: string, fields: Record<string, Value>, files: Attachment[], what: string, context: WriteContext, endpoint: string | undefined): Promise<HttpResponse> {
    const body = definedFields(fields);
    if (!files.length) return this.deps.http.request({method: 'POST', url, json: body, accept: [400], what, endpoint});
    const form = new FormData();
    for (const [key, value] of Object.entries(body)) appendFormField(form, key, value);
    for (const file of files) form.append('attachments[]', new Blob([new Uint8Array(await context.attachmentBytes(file))], {type: file.contentType}), file.fileName);
    return this.deps.http.request({method: 'POST', url, form, accept: [400], what, endpoint});
  }

  private async ticketFields(ticket: Ticket, context: WriteContext, creating: boolean): Promise<Record<string, Value>> {
    const byId = new Map((await this.deps.fields()).map((field) => [String(field.id), field]));
    const custom: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const field = byId.get(id);
      if (!field) {
        context.note(`Custom field ${id} does not exist on the target: its value was left out.`);
        continue;
      }
      const native = fieldValueToNative(field, value);
      if (native !== null && !(typeof native === 'number' && Number.isNaN(native))) custom[field.name] = native;
    }
    // Said on every write (create, complete, update): the type is not kept whichever wrote it last.
    if (ticket.kind && ticket.kind !== 'incident') context.note(`Freshservice's API creates incidents only: the ticket type "${ticket.kind}" was not kept (tag ${ticket.kind} added).`);
    const tags = [...new Set([...ticket.tags, ...(ticket.kind && ticket.kind !== 'incident' ? [ticket.kind] : []), markerTag(context.sourceKey)])];
    return {
      subject: ticket.subject,
      requester_id: Number(ticket.requesterId),
      responder_id: ticket.assigneeId ? Number(ticket.assigneeId) : undefined,
      group_id: ticket.groupId ? Number(ticket.groupId) : undefined,
      department_id: ticket.organizationId ? Number(ticket.organizationId) : undefined,
      status: statusToNative(ticket.status),
      priority: priorityToNative(ticket.priority),
      source: creating ? SOURCE_PORTAL : undefined,
      tags,
      cc_emails: creating && ticket.ccEmails.length ? ticket.ccEmails : undefined,
      custom_fields: Object.keys(custom).length ? custom : undefined,
    };
  }
}

const refuses = hasFieldError;

function idOf(response: HttpResponse, key: string, what: string): Id {
  return createdId('Freshservice', response, what, key);
}
