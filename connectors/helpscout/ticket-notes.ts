// What writing a ticket into Help Scout leaves out or changes that the record's journal must say,
// decided before anything is sent: pure functions of the mapped ticket, the inbox's custom fields and
// the account's users. The conversation writer (conversation-writer.ts) calls them while writing and
// the connector's previewTicket returns them for the Fields screen's dry run, so the two cannot disagree.
// Attachments over Help Scout's size limit are left out by the engine's mapping (limits.maxAttachmentBytes),
// not here. Whether a private note's author is a Help Scout user depends on who the run resolves
// people to: previewTicket says it only when the catalog names the target's users (TargetCatalog.userIds);
// the Fields dry run, which assumes every person resolves, leaves it to the audit.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Comment, Ticket, TicketField} from '../../source/contracts/model.js';
import {fieldValueToNative, type HsField} from './api-shapes.js';

/** What Help Scout conversations cannot hold of the ticket itself: priority, type, "on hold" and "solved". */
export function conversationNotes(ticket: Pick<Ticket, 'priority' | 'kind' | 'status'>): string[] {
  const notes: string[] = [];
  if (ticket.priority !== 'normal') notes.push(`Help Scout conversations have no priority: "${ticket.priority}" was not kept.`);
  if (ticket.kind) notes.push(`Help Scout conversations have no type: "${ticket.kind}" was not kept.`);
  if (ticket.status === 'hold') notes.push('Help Scout has no "on hold" status: written as pending.');
  if (ticket.status === 'solved') notes.push('Help Scout has no "solved" status: written as closed.');
  return notes;
}

/** A custom field value the inbox has no field for, or (a dropdown) no option for: left out, never silently. */
export function customFieldNote(id: string, value: Ticket['customFields'][string], field: HsField | undefined): string | undefined {
  if (!field) return `Custom field ${id} is not on the Help Scout inbox: its value was left out.`;
  if (fieldValueToNative(field, value) !== undefined || value === null || value === '' || value === undefined) return undefined;
  return `Custom field "${field.name}": Help Scout has no option for ${JSON.stringify(value)}; the value was left out.`;
}

/** Help Scout's API takes attachments as files: inline images become attachments. */
export function inlineImagesNote(comments: Array<Pick<Comment, 'attachments'>>): string | undefined {
  const inline = comments.flatMap((comment) => comment.attachments).filter((attachment) => attachment.inline).length;
  return inline ? `Help Scout's API takes attachments as files: ${inline} inline image(s) were attached as files.` : undefined;
}

/** A private note by someone who is not a Help Scout user has no user to name: written with its author in its first line. */
export const writtenByCustomer = (comment: Pick<Comment, 'public' | 'authorId'>, isUser: (id: string) => boolean): boolean => !comment.public && !isUser(comment.authorId);

export function customerNoteNote(comment: Pick<Comment, 'id' | 'public' | 'authorId' | 'authorLabel'>, isUser: (id: string) => boolean): string | undefined {
  if (!writtenByCustomer(comment, isUser)) return undefined;
  return `comment ${comment.id}: a private note by ${comment.authorLabel ?? comment.authorId}, who is not a Help Scout user: written as a note with the author in its first line.`;
}

/**
 * The inbox field the neutral catalog describes, as fieldValueToNative reads it: a dropdown's options by
 * the neutral value (an inbox field's is its label, fieldFromNative; a field the run would create keeps
 * the source's values). Option ids are not in the catalog: a value naming an option by its id is not predicted.
 */
export function catalogField(field: TicketField): HsField {
  const options = (field.options ?? []).map((option, order) => ({id: -1 - order, label: option.value, order}));
  return {id: Number(field.id), name: field.title, type: field.type === 'dropdown' ? 'DROPDOWN' : field.type === 'date' ? 'DATE' : 'SINGLE_LINE', required: field.required, order: 0, options};
}

/**
 * Connector.previewTicket: every note a create of this ticket writes before Help Scout answers, in the
 * writer's order (create: the conversation, its fields, its first thread; complete: inline images, then
 * each later thread). Help Scout's own refusals are the writer's alone.
 */
/** Threads sent with Create Conversation at most: "size must be between 1 and 100" (the emulator, after
 * v1's documented 100-thread limit); later comments follow as threads of their own (conversation-writer.ts). */
export const THREADS_IN_CREATE = 100;

export function previewHelpScoutTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const fields = new Map(catalog.ticketFields.map((field) => [field.id, catalogField(field)]));
  const users = catalog.userIds ? new Set(catalog.userIds) : undefined;
  const isUser = (id: string) => !users || users.has(id);
  // The writer's order: the comments sent with the conversation, then the inline images, then the rest.
  const carried = ticket.comments.slice(0, THREADS_IN_CREATE);
  const later = ticket.comments.slice(THREADS_IN_CREATE);
  return [
    ...conversationNotes(ticket),
    ...Object.entries(ticket.customFields).map(([id, value]) => customFieldNote(id, value, fields.get(id))),
    ...carried.map((comment) => customerNoteNote(comment, isUser)),
    inlineImagesNote(ticket.comments),
    ...later.map((comment) => customerNoteNote(comment, isUser)),
  ].filter((note): note is string => typeof note === 'string');
}
