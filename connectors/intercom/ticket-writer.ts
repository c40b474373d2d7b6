// Writing neutral tickets as tickets of Intercom's Tickets product, when the target names a ticket type
// (the `ticketType` setting; without it tickets become conversations: conversation-writer.ts). Create a
// ticket takes the type, the contact, `created_at` and the title and description attributes, with
// `skip_notifications`; each later comment is a Reply to a ticket (an admin's comment or note with
// `admin_id`, a contact's comment with `intercom_user_id`) with its own `created_at`; then the state,
// the open flag and the assignee (Update a ticket, a PUT) and tags. Each step goes once:
// - ticket: "[ferry-source: <key> <token>]" ending the description, found by Search tickets
//   (`description ~ <token>`); a create whose answer this process lost and the search does not show yet
//   fails the record for now rather than being sent again (a later attempt looks first);
// - part: an HTML comment with the marker ending its body, or a part of the same kind with the same
//   created_at.
// Files: Reply to a ticket takes `attachment_urls` (public links) only, so files are left out with a
// warning on the record. Facts and sources: docs/platforms/intercom.md, "Tickets".
import type {WriteContext} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Comment, Id, Ticket} from '../../source/contracts/model.js';
import {PossiblyAppliedError, RecordError} from '../../source/contracts/errors.js';
import {escapeHtml, htmlMarkerOf, htmlToText, markerToken, toUnix, withConversationMarker, withHtmlMarker, type IcList} from './api-shapes.js';
import {DESCRIPTION, isTicketId, neutralTicketId, stateCategoryOf, ticketIdOf, ticketMarkerOf, TITLE, type IcTicket, type IcTicketPart, type IcTicketType} from './ticket-shapes.js';
import {writtenForSomeoneElse} from './ticket-notes.js';

export interface TicketWriterDeps {
  http: HttpClient;
  /** The target's `ticketType` setting: a ticket type's name or id */
  ticketType: string;
  me(): Promise<string>;
  admins(): Promise<Set<string>>;
}

/** What writing this ticket as an Intercom ticket leaves out or changes (the writer says each on the record). */
export function ticketNotes(ticket: Pick<Ticket, 'comments' | 'status'>, type: Pick<IcTicketType, 'category' | 'name'>, isAdmin: (id: string) => boolean): string[] {
  const notes: string[] = [];
  const files = ticket.comments.reduce((n, comment) => n + comment.attachments.length, 0);
  if (files) notes.push(`Intercom's Reply to a ticket takes files only as public links (attachment_urls): ${files} attachment(s) were left out.`);
  if (ticket.status === 'hold') notes.push('Intercom tickets have no "hold" state: written as in progress.');
  for (const comment of ticket.comments.slice(1)) {
    if (writtenForSomeoneElse(comment, isAdmin)) notes.push(`comment ${comment.id}: a private note by ${comment.authorLabel ?? comment.authorId}, who is not an Intercom admin: written as a note with the author in its first line.`);
    else if (comment.public && !isAdmin(comment.authorId) && type.category !== 'Customer')
      notes.push(`comment ${comment.id}: Intercom refuses a contact's reply on a ${type.category} ticket: written as a note with the author in its first line.`);
  }
  return notes;
}

export class TicketWriter {
  private typeCache?: Promise<IcTicketType>;
  /** Source keys whose create this process sent without an answer: Search tickets may not show them yet. */
  private readonly unanswered = new Set<string>();

  constructor(private readonly deps: TicketWriterDeps) {}

  /** The ticket type the setting names (by id, else by name, case aside); refused when the workspace has none. */
  type(): Promise<IcTicketType> {
    this.typeCache ??= (async () => {
      const response = await this.deps.http.request<{data: IcTicketType[]}>({method: 'GET', url: '/ticket_types', what: 'ticket types'});
      const types = (response.body?.data ?? []).filter((type) => !type.archived);
      const wanted = this.deps.ticketType.trim().toLowerCase();
      const found = types.find((type) => type.id === this.deps.ticketType.trim()) ?? types.find((type) => type.name.trim().toLowerCase() === wanted);
      if (!found) throw new RecordError(`Intercom has no ticket type "${this.deps.ticketType}" (it has ${types.map((type) => `"${type.name}"`).join(', ') || 'none'}): create it in Settings > Tickets, or name another one in the target's ticket type.`);
      return found;
    })();
    this.typeCache.catch(() => (this.typeCache = undefined));
    return this.typeCache;
  }

  async create(ticket: Ticket, context: WriteContext): Promise<Id> {
    const type = await this.type();
    const admins = await this.deps.admins();
    for (const note of ticketNotes(ticket, type, (id) => admins.has(id))) context.note(note);
    const [first] = ticket.comments;
    if (admins.has(ticket.requesterId)) throw new RecordError(`ticket ${ticket.id}: its requester is an Intercom admin (#${ticket.requesterId}); an Intercom ticket is a contact's (user or lead)`);
    const description = withConversationMarker(htmlToText(first?.body ?? '') || '(no text)', context.sourceKey);
    const json = {
      ticket_type_id: type.id,
      contacts: [{id: ticket.requesterId}],
      created_at: toUnix(first?.createdAt ?? ticket.createdAt),
      ticket_attributes: {[TITLE]: ticket.subject || '(no subject)', [DESCRIPTION]: description},
      skip_notifications: true,
    };
    try {
      const response = await this.deps.http.request<IcTicket>({method: 'POST', url: '/tickets', json, what: `ticket ${ticket.subject}`});
      return neutralTicketId(String(response.body.id));
    } catch (error) {
      if (error instanceof PossiblyAppliedError) this.unanswered.add(context.sourceKey);
      throw error;
    }
  }

  /** Every comment after the first, each once, then the state, assignee and tags. */
  async complete(targetId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const type = await this.type();
    const admins = await this.deps.admins();
    for (const comment of ticket.comments.slice(1)) {
      const marker = `${context.sourceKey}#comment:${comment.id}`;
      await context.once(`part:${comment.id}`, () => this.reply(targetId, comment, marker, type, admins), () => this.findPart(targetId, marker, comment));
    }
    await this.details(targetId, ticket, type);
  }

  async findByMarker(sourceKey: string): Promise<Id | undefined> {
    const response = await this.deps.http.request<IcList<IcTicket> & {tickets?: IcTicket[]}>({
      method: 'POST',
      url: '/tickets/search',
      json: {query: {field: 'description', operator: '~', value: markerToken(sourceKey)}, pagination: {per_page: 20}},
      repeatable: true,
      what: `ticket marked ${sourceKey}`,
    });
    const hit = (response.body?.tickets ?? []).find((found) => ticketMarkerOf(found) === sourceKey);
    if (hit) return neutralTicketId(String(hit.id));
    // A create this process sent moments ago may be applied and not yet searchable (there is no list of
    // tickets to look in instead): the record fails for now and its next attempt, later, looks again first.
    if (this.unanswered.has(sourceKey))
      throw new RecordError(`ticket ${sourceKey}: Intercom did not answer its create, and Search tickets does not show it yet; the next attempt looks for it again before sending`);
    return undefined;
  }

  async get(targetId: Id): Promise<IcTicket | undefined> {
    const response = await this.deps.http.request<IcTicket>({method: 'GET', url: `/tickets/${encodeURIComponent(ticketIdOf(targetId))}`, accept: [404], what: `ticket ${targetId}`});
    return response.status === 404 ? undefined : response.body;
  }

  // ---- pieces ---------------------------------------------------------------------------

  private async reply(targetId: Id, comment: Comment, marker: string, type: IcTicketType, admins: Set<string>): Promise<Id> {
    const byAdmin = admins.has(comment.authorId);
    // A contact's private note, or a contact's reply where Intercom refuses one (back-office and tracker tickets): the token's admin's note.
    const asNote = !byAdmin && (!comment.public || type.category !== 'Customer');
    const html = (asNote && !comment.byMigration ? `<p><em>Written by ${escapeHtml(comment.authorLabel ?? `#${comment.authorId}`)}</em></p>\n` : '') + (comment.body || '<p></p>');
    const base = {body: withHtmlMarker(html, marker), created_at: toUnix(comment.createdAt), skip_notifications: true};
    const json = byAdmin
      ? {...base, type: 'admin', message_type: comment.public ? 'comment' : 'note', admin_id: comment.authorId}
      : asNote
        ? {...base, type: 'admin', message_type: 'note', admin_id: await this.deps.me()}
        : {...base, type: 'user', message_type: 'comment', intercom_user_id: comment.authorId};
    // Reply to a ticket answers the part it created.
    const response = await this.deps.http.request<IcTicketPart>({method: 'POST', url: `/tickets/${encodeURIComponent(ticketIdOf(targetId))}/reply`, json, what: `ticket ${targetId} ${json.message_type}`});
    return String(response.body.id);
  }

  private async findPart(targetId: Id, marker: string, comment: Comment): Promise<Id | undefined> {
    const parts = (await this.get(targetId))?.ticket_parts.ticket_parts ?? [];
    const byMarker = parts.find((part) => htmlMarkerOf(part.body) === marker);
    if (byMarker) return String(byMarker.id);
    const kind = comment.public ? 'comment' : 'note';
    const byDate = parts.find((part) => part.part_type === kind && part.created_at === toUnix(comment.createdAt) && !htmlMarkerOf(part.body));
    return byDate ? String(byDate.id) : undefined;
  }

  /** Update a ticket is a PUT (sent again safely): state, open, assignee; then tags (each repeatable). */
  private async details(targetId: Id, ticket: Ticket, type: IcTicketType): Promise<void> {
    if (!isTicketId(targetId)) throw new RecordError(`${targetId} is not an Intercom ticket id`);
    const id = encodeURIComponent(ticketIdOf(targetId));
    const me = await this.deps.me();
    const category = stateCategoryOf(ticket.status);
    const state = type.ticket_states.data.find((candidate) => candidate.category === category);
    const json: Record<string, unknown> = {admin_id: Number(me), open: ticket.status !== 'closed', skip_notifications: true};
    if (state) json.ticket_state_id = state.id;
    if (ticket.assigneeId) json.assignee_id = ticket.assigneeId;
    await this.deps.http.request({method: 'PUT', url: `/tickets/${id}`, json, what: `ticket ${targetId} state`});
    for (const name of new Set(ticket.tags)) {
      const tag = await this.deps.http.request<{id: string}>({method: 'POST', url: '/tags', json: {name}, repeatable: true, what: `tag ${name}`});
      await this.deps.http.request({method: 'POST', url: `/tickets/${id}/tags`, json: {id: String(tag.body.id), admin_id: me}, repeatable: true, what: `ticket ${targetId} tag ${name}`});
    }
  }
}
