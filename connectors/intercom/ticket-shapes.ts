// Intercom's Tickets product (REST API 2.14: Tickets, Ticket Types, Ticket States), distinct from
// conversations, and its translation to and from the neutral model. Pure functions: the sessions and
// the emulator share them. Facts and sources: docs/platforms/intercom.md, "Tickets".
//
// A ticket's neutral id (and ferry's target id for one) is "ticket-<id>", so that it never meets a
// conversation's id and get/update know which API a record lives in.
import type {Comment, Ticket, TicketKind, TicketStatus} from '../../source/contracts/model.js';
import {attachmentFromNative, conversationMarkerOf, fromUnix, stripHtmlMarker, stripTextMarker, type IcAttachment, type IcAuthor} from './api-shapes.js';

export const TICKET_ID_PREFIX = 'ticket-';
export const isTicketId = (id: string) => id.startsWith(TICKET_ID_PREFIX);
export const ticketIdOf = (id: string) => id.slice(TICKET_ID_PREFIX.length);
export const neutralTicketId = (id: string) => `${TICKET_ID_PREFIX}${id}`;

/** The default attributes every ticket type has (OAS `ticket_custom_attributes`). */
export const TITLE = '_default_title_';
export const DESCRIPTION = '_default_description_';

export type TicketCategory = 'Customer' | 'Back-office' | 'Tracker';
export type StateCategory = 'submitted' | 'in_progress' | 'waiting_on_customer' | 'resolved';

export interface IcTicketState {
  type: 'ticket_state';
  id: string;
  category: StateCategory;
  internal_label: string;
  external_label: string;
}

export interface IcTicketTypeAttribute {
  type: 'ticket_type_attribute';
  id: string;
  name: string;
  description: string;
  data_type: 'string' | 'list' | 'integer' | 'decimal' | 'boolean' | 'datetime' | 'files';
  required_to_create: boolean;
  default: boolean;
  ticket_type_id: number;
  archived: boolean;
}

export interface IcTicketType {
  type: 'ticket_type';
  id: string;
  name: string;
  description: string;
  category: TicketCategory;
  archived: boolean;
  is_internal?: boolean;
  ticket_type_attributes: {type: 'list'; data: IcTicketTypeAttribute[]};
  ticket_states: {type: 'list'; data: IcTicketState[]};
  created_at?: number;
  updated_at?: number;
}

export interface IcTicketPart {
  type: 'ticket_part';
  id: string;
  part_type: string;
  body?: string | null;
  created_at: number;
  updated_at: number;
  author: IcAuthor;
  attachments: IcAttachment[];
  redacted?: boolean;
  ticket_state?: StateCategory;
  previous_ticket_state?: StateCategory;
  assigned_to?: {type: string; id: string} | null;
}

export interface IcTicket {
  type: 'ticket';
  id: string;
  /** The number the inbox shows; "Do not use ticket_id for API queries" */
  ticket_id: string;
  category: TicketCategory;
  ticket_attributes: Record<string, unknown>;
  ticket_state: IcTicketState;
  ticket_type: IcTicketType;
  contacts: {type: 'contact.list'; contacts: Array<{type: 'contact'; id: string; external_id?: string | null}>};
  admin_assignee_id: string;
  team_assignee_id: string;
  created_at: number;
  updated_at: number;
  open: boolean;
  snoozed_until?: number | null;
  ticket_parts: {type: 'ticket_part.list'; ticket_parts: IcTicketPart[]; total_count: number};
  is_shared?: boolean;
  /** Not in the 2.14 ticket object (Add tag to a ticket exists, reading them does not): read should the API send them */
  tags?: {type: 'tag.list'; tags: Array<{type: 'tag'; id: string; name: string}>};
}

const STATUS: Record<StateCategory, TicketStatus> = {submitted: 'new', in_progress: 'open', waiting_on_customer: 'pending', resolved: 'solved'};

/** The neutral status a ticket state category reads as; a closed ticket (`open: false`) is closed. */
export function statusFromNative(ticket: Pick<IcTicket, 'ticket_state' | 'open'>): TicketStatus {
  if (!ticket.open) return 'closed';
  return STATUS[ticket.ticket_state?.category] ?? 'open';
}

/** The state category a neutral status is written as (hold: in progress; closed: resolved and not open). */
export function stateCategoryOf(status: TicketStatus): StateCategory {
  switch (status) {
    case 'new':
      return 'submitted';
    case 'pending':
      return 'waiting_on_customer';
    case 'solved':
    case 'closed':
      return 'resolved';
    default:
      return 'in_progress';
  }
}

/** Tracker tickets gather one problem many customers report; back-office ones are tasks. */
export function kindFromCategory(category: TicketCategory | undefined): TicketKind | undefined {
  return category === 'Tracker' ? 'problem' : category === 'Back-office' ? 'task' : undefined;
}

function partComment(part: IcTicketPart): Comment | undefined {
  if (part.part_type !== 'comment' && part.part_type !== 'note') return undefined;
  const body = part.body ?? '';
  if (!body.replace(/<[^>]*>/g, '').trim() && !part.attachments.length) return undefined;
  return {
    id: part.id,
    authorId: part.author.id,
    body: stripHtmlMarker(body),
    public: part.part_type === 'comment',
    createdAt: fromUnix(part.created_at),
    attachments: part.attachments.map((attachment, index) => attachmentFromNative(attachment, `${TICKET_ID_PREFIX}${part.id}`, index)),
  };
}

/** A ticket as a neutral ticket: the description is its first comment (by the ticket's contact), comment and note parts follow. */
export function ticketFromNative(ticket: IcTicket): Ticket {
  const requester = ticket.contacts.contacts[0]?.id ?? '';
  const description = String(ticket.ticket_attributes[DESCRIPTION] ?? '');
  const first: Comment = {id: `${neutralTicketId(ticket.id)}-description`, authorId: requester, body: textToHtml(stripTextMarker(description)), public: true, createdAt: fromUnix(ticket.created_at), attachments: []};
  const kind = kindFromCategory(ticket.category ?? ticket.ticket_type?.category);
  const assignee = ticket.admin_assignee_id && ticket.admin_assignee_id !== '0' ? ticket.admin_assignee_id : undefined;
  return {
    id: neutralTicketId(ticket.id),
    subject: String(ticket.ticket_attributes[TITLE] ?? '') || `Ticket ${ticket.ticket_id}`,
    status: statusFromNative(ticket),
    priority: 'normal',
    ...(kind ? {kind} : {}),
    requesterId: requester,
    ...(assignee ? {assigneeId: assignee} : {}),
    tags: (ticket.tags?.tags ?? []).map((tag) => tag.name),
    ccEmails: [],
    customFields: {},
    createdAt: fromUnix(ticket.created_at),
    updatedAt: fromUnix(ticket.updated_at),
    comments: [first, ...ticket.ticket_parts.ticket_parts.map(partComment).filter((comment): comment is Comment => !!comment)],
  };
}

/** The source key a ticket's description carries ("[ferry-source: <key>]" at its end). */
export const ticketMarkerOf = (ticket: Pick<IcTicket, 'ticket_attributes'>): string | undefined => conversationMarkerOf(String(ticket.ticket_attributes[DESCRIPTION] ?? ''));

/** Descriptions are plain text (the ticket form's field); paragraphs become HTML paragraphs. */
function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped ? escaped.split(/\n{2,}/).map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`).join('\n') : '';
}
