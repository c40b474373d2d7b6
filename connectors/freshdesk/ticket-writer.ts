// Writing tickets into Freshdesk: the ticket itself (one request), its notes (each once), the
// ticket-wide attachment budget, and the rules of the real service that ferry works around with a
// reason on the record instead of failing the run:
// - company_id needs the Multiple Companies feature ("This attribute can only be set if the
//   Multiple Companies feature is enabled (Estate plan and above)", Create a Ticket): without it
//   the ticket keeps the requester's company;
// - a note's user_id may be refused for a user the API key may not write as: the note is written
//   by the key's agent with the original author in its first line;
// - Update a Ticket takes no cc_emails (the mapping puts CCs in a field or a note, plan.options.ccTo);
// - the marker field's search index lags: recovery also lists the newest tickets.
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient, HttpResponse} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Ticket} from '../../source/contracts/model.js';
import {describeFreshdeskError, escapeHtml, fieldValueToNative, htmlMarkerOf, kindToNative, originHeader, priorityToNative, statusToNative, withHtmlMarker, type FdConversation, type FdTicket, type FdTicketField} from './api-shapes.js';
import {appendFormField, definedFields, withoutInlineImages} from '../freshworks/writer.js';
import {createdId, hasFieldError} from '../freshworks/errors.js';
import {budgetTicketAttachments, isAttachmentSizeRefusal} from './attachments.js';
import {attachmentNotes, ticketFieldNotes} from './ticket-notes.js';
import type {FreshdeskReader} from './reader.js';

type FieldValue = string | number | boolean | null | undefined | string[] | Record<string, string | number | boolean>;

/** Pages of the newest-created tickets looked through when search has not indexed the marker yet. */
export const MARKER_RECENT_PAGES = 5;

export interface TicketWriterDeps {
  http: HttpClient;
  reader: FreshdeskReader;
  fields(): Promise<FdTicketField[]>;
  agentIds(): Promise<Set<string>>;
  markerField(): Promise<string>;
}

export class FreshdeskTicketWriter {
  /** undefined until a create says whether the account has Multiple Companies */
  private multipleCompanies: boolean | undefined;
  /** "user:private" pairs Freshdesk refused as a note's author */
  private readonly refusedAuthors = new Set<string>();

  constructor(private readonly deps: TicketWriterDeps) {}

  /** The ticket with its description and the description's attachments: one request. */
  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    const [first] = ticket.comments;
    const fields = await this.ticketFields(ticket, context);
    fields.custom_fields = {...(fields.custom_fields as Record<string, string | number | boolean>), [await this.deps.markerField()]: context.sourceKey};
    fields.description = originHeader(first?.authorLabel, first?.createdAt ?? ticket.createdAt) + withoutInlineImages(first?.body ?? '', first?.attachments ?? []);
    const files = first ? budgetTicketAttachments(ticket.comments).kept.get(first.id) ?? [] : [];
    if (this.multipleCompanies === false && fields.company_id !== undefined) {
      delete fields.company_id;
      context.note(companyNote(ticket));
    }
    const what = `ticket ${ticket.subject}`;
    let response = await this.sendAttachmentsOrNot('POST', '/api/v2/tickets', fields, files, what, context, 'tickets.create');
    if (response.status === 400 && fields.company_id !== undefined && refusesField(response.body, 'company_id')) {
      // A 400 is a refusal, nothing was created: the same ticket goes again without the company.
      this.multipleCompanies = false;
      delete fields.company_id;
      context.note(companyNote(ticket));
      response = await this.sendAttachmentsOrNot('POST', '/api/v2/tickets', fields, files, what, context, 'tickets.create');
    }
    if (fields.company_id !== undefined && response.status < 300) this.multipleCompanies = true;
    return idOrThrow(response, what);
  }

  /** Every note after the ticket itself, each once: a resumed ticket continues here. */
  async complete(ticketId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    // Freshdesk cannot set creation dates: "Originally from <author> on <date>" heads the description
    // and each note. That holds for every ticket, so it is a platform limitation (limits.preservesTicketDates),
    // shown once, not a note on each record.
    const budget = budgetTicketAttachments(ticket.comments);
    for (const note of attachmentNotes(ticket.comments)) context.note(note);
    for (const comment of ticket.comments.slice(1)) await this.addNote(ticketId, comment, budget.kept.get(comment.id) ?? [], context);
  }

  /** Delta update: the ticket's fields (never cc_emails: Update a Ticket does not take it), then new notes. */
  async update(targetId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const {cc_emails: _notUpdatable, ...fields} = await this.ticketFields(ticket, context);
    if (this.multipleCompanies === false) delete fields.company_id;
    const what = `ticket ${targetId}`;
    let response = await this.deps.http.request<{id: number}>({method: 'PUT', url: `/api/v2/tickets/${encodeURIComponent(targetId)}`, json: definedFields(fields), accept: [400], what, endpoint: 'tickets.update'});
    if (response.status === 400 && fields.company_id !== undefined && refusesField(response.body, 'company_id')) {
      this.multipleCompanies = false;
      delete fields.company_id;
      context.note(companyNote(ticket));
      response = await this.deps.http.request<{id: number}>({method: 'PUT', url: `/api/v2/tickets/${encodeURIComponent(targetId)}`, json: definedFields(fields), accept: [400], what, endpoint: 'tickets.update'});
    }
    idOrThrow(response, what);
    const budget = budgetTicketAttachments(ticket.comments);
    for (const comment of ticket.comments.slice(1)) await this.addNote(targetId, comment, budget.kept.get(comment.id) ?? [], context);
  }

  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const field = await this.deps.markerField();
    const {http} = this.deps;
    const search = await http.request<{results: FdTicket[]}>({method: 'GET', url: '/api/v2/search/tickets', searchParams: {query: `"${field}:'${sourceKey.replace(/'/g, "\\'")}'"`}});
    const hit = search.body.results.find((ticket) => ticket.custom_fields?.[field] === sourceKey);
    if (hit) return String(hit.id);
    // "updates will take a few minutes to get indexed" (Filter Tickets): a ticket a crashed attempt
    // created just now is not searchable yet, but it is among the newest created. Recovery runs
    // before this run creates anything, so a few pages of the newest cover every attempt in flight.
    for (let page = 1; page <= MARKER_RECENT_PAGES; page++) {
      const recent = await http.request<FdTicket[]>({method: 'GET', url: '/api/v2/tickets', searchParams: {order_by: 'created_at', order_type: 'desc', per_page: 100, page}, endpoint: 'tickets.list'});
      const found = recent.body.find((ticket) => ticket.custom_fields?.[field] === sourceKey);
      if (found) return String(found.id);
      if (recent.body.length < 100) return undefined;
    }
    return undefined;
  }

  // ---- notes ----------------------------------------------------------------------------

  private async addNote(ticketId: Id, comment: Comment, files: Attachment[], context: WriteContext): Promise<void> {
    const marker = `${context.sourceKey}#comment:${comment.id}`;
    // A note about the migration (CCs) is the API key's agent's own, with no origin line.
    const header = comment.byMigration ? '' : originHeader(comment.authorLabel, comment.createdAt);
    const fields: Record<string, FieldValue> = {body: withHtmlMarker(header + withoutInlineImages(comment.body, comment.attachments), marker), private: !comment.public};
    const authorKey = `${comment.authorId}:${!comment.public}`;
    if (comment.byMigration) fields.incoming = false;
    else if (/^\d+$/.test(comment.authorId) && !this.refusedAuthors.has(authorKey)) {
      fields.user_id = Number(comment.authorId);
      // A customer's comment shows as incoming, as it did on the source.
      fields.incoming = !(await this.deps.agentIds()).has(comment.authorId);
    } else if (this.refusedAuthors.has(authorKey)) this.noteAuthorRefused(comment, fields, context);
    await context.once(
      `note:${comment.id}`,
      async () => {
        const url = `/api/v2/tickets/${ticketId}/notes`;
        const what = `ticket ${ticketId} note`;
        let response = await this.sendAttachmentsOrNot('POST', url, fields, files, what, context, undefined, fields.user_id !== undefined ? [403] : []);
        if ((response.status === 403 || (response.status === 400 && refusesField(response.body, 'user_id'))) && fields.user_id !== undefined) {
          // Freshdesk decides who a note may be written as; a refusal leaves nothing written, so the
          // note goes again as the API key's agent, with the original author in its first line.
          this.refusedAuthors.add(authorKey);
          this.noteAuthorRefused(comment, fields, context, describeFreshdeskError(response.status, response.body));
          response = await this.sendAttachmentsOrNot('POST', url, fields, files, what, context);
        }
        return idOrThrow(response, what);
      },
      () => this.findNote(ticketId, marker),
    );
  }

  private noteAuthorRefused(comment: Comment, fields: Record<string, FieldValue>, context: WriteContext, why?: string) {
    delete fields.user_id;
    delete fields.incoming;
    const label = comment.authorLabel ?? `user #${comment.authorId}`;
    if (!comment.authorLabel) fields.body = `<p><em>Written by ${escapeHtml(label)}</em></p>\n${String(fields.body)}`;
    context.note(`comment ${comment.id}: Freshdesk would not write the note as ${label}${why ? ` (${why})` : ''}; written by the API key's agent with the author in the text.`);
  }

  private async findNote(ticketId: Id, marker: string): Promise<Id | undefined> {
    const conversations = await this.deps.reader.all<FdConversation>(`/api/v2/tickets/${ticketId}/conversations`);
    const found = conversations.find((conversation) => htmlMarkerOf(conversation.body) === marker);
    return found ? String(found.id) : undefined;
  }

  // ---- requests ---------------------------------------------------------------------------

  /** With the files; when Freshdesk refuses them for their size (inline images count only once
   * fetched), the same write goes again without them and the record says which were left out. */
  private async sendAttachmentsOrNot(method: 'POST', url: string, fields: Record<string, FieldValue>, files: Attachment[], what: string, context: WriteContext, endpoint?: string, accept: number[] = []): Promise<HttpResponse<{id: number}>> {
    const response = await this.send(method, url, fields, files, what, context, endpoint, [400, 409, ...accept]);
    if (response.status !== 400 || !files.length || !isAttachmentSizeRefusal(response.body)) return response;
    context.note(`${what}: Freshdesk refused the attachments (${describeFreshdeskError(400, response.body)}); ${files.map((file) => file.fileName).join(', ')} left out.`);
    return this.send(method, url, fields, [], what, context, endpoint, [400, 409, ...accept]);
  }

  /** JSON, or multipart/form-data when files go along (attachments[] parts, custom_fields[name], tags[]). */
  private async send(method: 'POST', url: string, fields: Record<string, FieldValue>, files: Attachment[], what: string, context: WriteContext, endpoint: string | undefined, accept: number[]): Promise<HttpResponse<{id: number}>> {
    const body = definedFields(fields);
    if (!files.length) return this.deps.http.request<{id: number}>({method, url, json: body, accept, what, endpoint});
    const form = new FormData();
    for (const [key, value] of Object.entries(body)) appendFormField(form, key, value);
    for (const file of files) {
      const bytes = await context.attachmentBytes(file);
      form.append('attachments[]', new Blob([new Uint8Array(bytes)], {type: file.contentType}), file.fileName);
    }
    return this.deps.http.request<{id: number}>({method, url, form, accept, what, endpoint});
  }

  private async ticketFields(ticket: Ticket, context: WriteContext): Promise<Record<string, FieldValue>> {
    const byId = new Map((await this.deps.fields()).map((field) => [String(field.id), field]));
    const custom: Record<string, string | number | boolean> = {};
    // What is left out or changed here is decided by ticket-notes.ts, which previewTicket shares.
    for (const note of ticketFieldNotes(ticket, (id) => byId.has(id))) context.note(note);
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const field = byId.get(id);
      if (!field) continue;
      const native = fieldValueToNative(field.type, value);
      if (native !== null && !(typeof native === 'number' && Number.isNaN(native))) custom[field.name] = native;
    }
    return {
      subject: ticket.subject,
      requester_id: Number(ticket.requesterId),
      responder_id: ticket.assigneeId ? Number(ticket.assigneeId) : undefined,
      group_id: ticket.groupId ? Number(ticket.groupId) : undefined,
      company_id: ticket.organizationId ? Number(ticket.organizationId) : undefined,
      status: statusToNative(ticket.status),
      priority: priorityToNative(ticket.priority),
      type: kindToNative(ticket.kind),
      tags: ticket.tags,
      // Create a Ticket takes cc_emails; update() leaves them out.
      cc_emails: ticket.ccEmails,
      custom_fields: custom,
    };
  }
}

function companyNote(ticket: Ticket): string {
  return `The Freshdesk target lacks the Multiple Companies feature, so a ticket's company cannot be set: it has the requester's company instead of organization #${ticket.organizationId}.`;
}

/** A validation answer that names this field (invalid_field, inaccessible_field, require_feature …). */
const refusesField = hasFieldError;

function idOrThrow(response: HttpResponse<{id: number}>, what: string): Id {
  return createdId('Freshdesk', response, what);
}
