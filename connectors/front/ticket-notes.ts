// What writing a ticket into Front leaves out or changes that the record's journal must say, decided
// before anything is sent: pure functions of the mapped ticket and the conversation custom fields. The
// conversation writer calls them while writing and previewTicket returns them for the Fields dry run.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Comment, Ticket, TicketField} from '../../source/contracts/model.js';
import {fieldTypeToNative, fieldValueToNative, type FrontCustomField} from './api-shapes.js';

/** Imported conversations are archived or open (metadata.is_archived): pending, on hold and priority are not kept. */
export function conversationNotes(ticket: Pick<Ticket, 'priority' | 'kind' | 'status' | 'comments'>): string[] {
  const notes: string[] = [];
  const first = ticket.comments[0];
  if (first && !first.public) notes.push(`comment ${first.id}: the first comment is private, but a Front conversation starts with a message: imported as a message, its date and author in its first line.`);
  if (ticket.priority !== 'normal') notes.push(`Front conversations have no priority: "${ticket.priority}" was not kept.`);
  if (ticket.kind) notes.push(`Front conversations have no type: "${ticket.kind}" was not kept.`);
  if (ticket.status === 'pending' || ticket.status === 'hold') notes.push(`Front has no "${ticket.status}" status: imported as open.`);
  if (ticket.status === 'solved') notes.push('Front has no "solved" status: imported as archived (closed).');
  return notes;
}

export function customFieldNote(id: string, value: Ticket['customFields'][string], field: FrontCustomField | undefined): string | undefined {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return undefined;
  if (!field) return `Custom field ${id} is not a Front conversation custom field: its value was left out.`;
  if (fieldValueToNative(field, value) !== undefined) return undefined;
  return `Custom field "${field.name}": Front cannot hold ${JSON.stringify(value)} in a ${field.type} field; the value was left out.`;
}

export function inlineImagesNote(comments: Array<Pick<Comment, 'attachments'>>): string | undefined {
  const inline = comments.flatMap((comment) => comment.attachments).filter((attachment) => attachment.inline).length;
  return inline ? `Front's import takes attachments as files: ${inline} inline image(s) were attached as files.` : undefined;
}

/** A private note by someone who is not a Front teammate: written by the token's user, the author in its first line. */
export function noteAuthorNote(comment: Pick<Comment, 'id' | 'public' | 'authorId' | 'authorLabel'>, isTeammate: (id: string) => boolean): string | undefined {
  if (comment.public || isTeammate(comment.authorId)) return undefined;
  return `comment ${comment.id}: a private note by ${comment.authorLabel ?? comment.authorId}, who is not a Front teammate: written with the author in its first line.`;
}

/** The Front field the neutral catalog describes (a dropdown's options by value). */
export function catalogField(field: TicketField): FrontCustomField {
  return {id: field.id, name: field.title, type: fieldTypeToNative(field.type) ?? 'string', values: (field.options ?? []).map((option) => ({value: option.value, label: option.label}))};
}

/** Connector.previewTicket: the notes a create writes before Front answers, in the writer's order. */
export function previewFrontTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const fields = new Map(catalog.ticketFields.map((field) => [field.id, catalogField(field)]));
  const teammates = catalog.userIds ? new Set(catalog.userIds) : undefined;
  const isTeammate = (id: string) => !teammates || teammates.has(id);
  return [
    ...conversationNotes(ticket),
    ...Object.entries(ticket.customFields).map(([id, value]) => customFieldNote(id, value, fields.get(id))),
    inlineImagesNote(ticket.comments),
    // The first comment starts the conversation as a message (conversationNotes says when it was private).
    ...ticket.comments.slice(1).map((comment) => noteAuthorNote(comment, isTeammate)),
  ].filter((note): note is string => typeof note === 'string');
}
