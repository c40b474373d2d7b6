// What writing a ticket into Freshdesk leaves out or changes that the record's journal must say,
// decided before anything is sent: pure functions of the mapped ticket and the target's fields.
// The ticket writer (ticket-writer.ts) calls them while writing and the connector's previewTicket
// returns them for the Fields screen's dry run, so the two cannot disagree.
// Freshdesk's own refusals at write time (a company without Multiple Companies, a note's author,
// attachments refused for their size) depend on the answer and are noted by the writer only.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Comment, Ticket, TicketKind, TicketStatus} from '../../source/contracts/model.js';
import {kindToNative} from './api-shapes.js';
import {budgetTicketAttachments, mb} from './attachments.js';

/** A custom field value whose field is not on the target: left out. */
export function missingFieldNotes(customFields: Ticket['customFields'], onTarget: (id: string) => boolean): string[] {
  return Object.keys(customFields)
    .filter((id) => !onTarget(id))
    .map((id) => `Custom field ${id} does not exist on the target: its value was left out.`);
}

/** Freshdesk's default ticket types have no "Task": such a ticket is written without a type. */
export function ticketTypeNote(kind: TicketKind | undefined): string | undefined {
  if (!kind || kindToNative(kind) !== undefined) return undefined;
  return `Freshdesk has no "${kind[0]!.toUpperCase()}${kind.slice(1)}" ticket type: the type was left empty.`;
}

/** Freshdesk has no "On hold" status: statusToNative writes such a ticket as Pending. ("New" is
 * Freshdesk's Open, the state a new ticket has there, so it is not a change.) */
export function ticketStatusNote(status: TicketStatus): string | undefined {
  return status === 'hold' ? 'Freshdesk has no "On hold" status: the ticket was written as Pending.' : undefined;
}

/** The notes of the fields written with the ticket itself (create and update). */
export function ticketFieldNotes(ticket: Pick<Ticket, 'customFields' | 'kind' | 'status'>, onTarget: (id: string) => boolean): string[] {
  return [...missingFieldNotes(ticket.customFields, onTarget), ticketTypeNote(ticket.kind), ticketStatusNote(ticket.status)].filter((note): note is string => note !== undefined);
}

/** The ticket's 20 MB attachment budget and inline images, written with its description and notes. */
export function attachmentNotes(comments: Array<Pick<Comment, 'id' | 'attachments'>>): string[] {
  const budget = budgetTicketAttachments(comments);
  const notes = budget.leftOut.map(({attachment, reason}) => `Attachment ${attachment.fileName} (${mb(attachment.size)}) ${reason}: left out.`);
  const inline = comments.flatMap((comment) => budget.kept.get(comment.id) ?? []).filter((attachment) => attachment.inline);
  if (inline.length) notes.push(`Freshdesk's API cannot embed images: ${inline.length} inline image(s) were attached as files.`);
  return notes;
}

/** Connector.previewTicket: every note a create of this ticket writes before Freshdesk answers. */
export function previewFreshdeskTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const ids = new Set(catalog.ticketFields.map((field) => field.id));
  return [...ticketFieldNotes(ticket, (id) => ids.has(id)), ...attachmentNotes(ticket.comments)];
}
