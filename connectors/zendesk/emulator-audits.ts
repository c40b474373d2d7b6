// The emulator's ticket audits: a read-only history of every update to a ticket
// (developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/). Seeded tickets get
// a plausible history (a Create audit, one audit per later comment, a status change to their
// current status); imports, creates and updates through the API record what they did.
import type {ZdAudit, ZdAuditEvent, ZdComment, ZdTicket} from './api-shapes.js';

/** What an audit keeps of a comment (the store's comments have more). */
type AuditedComment = Pick<ZdComment, 'body' | 'public' | 'author_id' | 'created_at'>;

const TRACKED = ['subject', 'status', 'priority', 'type', 'assignee_id', 'group_id', 'organization_id', 'tags'] as const;

export class AuditLog {
  readonly byTicket = new Map<number, ZdAudit[]>();
  private nextAudit = 1;
  private nextEvent = 1;

  private add(ticketId: number, authorId: number, at: string, events: Array<Omit<ZdAuditEvent, 'id'>>) {
    if (!events.length) return;
    const audit: ZdAudit = {id: this.nextAudit++, ticket_id: ticketId, author_id: authorId, created_at: at, events: events.map((event) => ({id: this.nextEvent++, ...event}))};
    this.byTicket.set(ticketId, [...(this.byTicket.get(ticketId) ?? []), audit]);
  }

  private commentEvent(comment: AuditedComment): Omit<ZdAuditEvent, 'id'> {
    return {type: 'Comment', body: comment.body, public: comment.public};
  }

  created(ticket: ZdTicket, comments: AuditedComment[], authorId: number) {
    const [first, ...later] = comments;
    const creates = TRACKED.filter((field) => ticket[field] !== null && ticket[field] !== undefined).map((field) => ({type: 'Create', field_name: field, value: ticket[field]}));
    this.add(ticket.id, first?.author_id ?? authorId, first?.created_at ?? ticket.created_at, [...creates, ...(first ? [this.commentEvent(first)] : [])]);
    for (const comment of later) this.add(ticket.id, comment.author_id, comment.created_at, [this.commentEvent(comment)]);
  }

  /** `before`: the ticket's tracked fields before the update. */
  updated(ticket: ZdTicket, before: Partial<ZdTicket>, comment: AuditedComment | undefined, authorId: number, at: string) {
    const changes = TRACKED.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(ticket[field] ?? null)).map((field) => ({type: 'Change', field_name: field, value: ticket[field], previous_value: before[field] ?? null}));
    this.add(ticket.id, authorId, at, [...changes, ...(comment ? [this.commentEvent(comment)] : [])]);
  }

  /** Seeded tickets: created as new, then moved to their current status when they last changed. */
  seed(tickets: Iterable<ZdTicket>, commentsOf: (ticketId: number) => AuditedComment[]) {
    for (const ticket of tickets) {
      const comments = commentsOf(ticket.id);
      this.created({...ticket, status: 'new'}, comments, ticket.requester_id);
      if (ticket.status !== 'new') this.add(ticket.id, ticket.assignee_id ?? ticket.requester_id, ticket.updated_at, [{type: 'Change', field_name: 'status', value: ticket.status, previous_value: 'new'}]);
    }
  }
}

export function snapshotOf(ticket: ZdTicket): Partial<ZdTicket> {
  return Object.fromEntries(TRACKED.map((field) => [field, Array.isArray(ticket[field]) ? [...(ticket[field] as string[])] : ticket[field]]));
}
