// What writing a ticket into Help Scout leaves out or changes that the record's journal must say,
// decided before anything is sent: pure functions of the mapped ticket, the inbox's custom fields and
// the account's users. The conversation writer (conversation-writer.ts) calls them while writing and
// the connector's previewTicket returns them for the Fields screen's dry run, so the two cannot disagree.
// Attachments over Help Scout's size limit are left out by the engine's mapping (limits.maxAttachmentBytes),
// not here; a comment's text too large for its request is cut (request-size.ts). Whether a private note's author is a Help Scout user depends on who the run resolves
// people to: previewTicket says it only when the catalog names the target's users (TargetCatalog.userIds);
// the Fields dry run, which assumes every person resolves, leaves it to the audit.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Comment, Ticket, TicketField} from '../../source/contracts/model.js';
import {escapeHtml, fieldValueToNative, withHtmlMarker, type HsField} from './api-shapes.js';
import {fitText, jsonBytes, textBudget} from './request-size.js';

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
/** A private note by someone who is not a Help Scout user (a note about the migration is the API user's own). */
export const writtenByCustomer = (comment: Pick<Comment, 'public' | 'authorId' | 'byMigration'>, isUser: (id: string) => boolean): boolean => !comment.byMigration && !comment.public && !isUser(comment.authorId);

export function customerNoteNote(comment: Pick<Comment, 'id' | 'public' | 'authorId' | 'authorLabel' | 'byMigration'>, isUser: (id: string) => boolean): string | undefined {
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

/** A thread's text as the writer sends it: "Written by" for a customer's note, cut to its request (request-size.ts), its marker. */
export function threadText(comment: Comment, isUser: (id: string) => boolean, first: boolean, marker?: string): {text: string; note?: string} {
  const fitted = fitText(comment, first);
  const body = (writtenByCustomer(comment, isUser) ? `<p><em>Written by ${escapeHtml(comment.authorLabel ?? `#${comment.authorId}`)}</em></p>\n` : '') + (fitted.text || '<p></p>');
  return {text: marker ? withHtmlMarker(body, marker) : body, note: fitted.note};
}

/** How many of a ticket's first comments go with Create Conversation: all of them up to THREADS_IN_CREATE
 * and the request's size (at least the first, which a conversation needs). The writer and the preview share it. */
export function threadsInCreate(comments: Comment[], isUser: (id: string) => boolean, sourceKey = 'x:tickets:0'): number {
  let bytes = 0;
  let count = 0;
  for (const [index, comment] of comments.slice(0, THREADS_IN_CREATE).entries()) {
    bytes += jsonBytes(threadText(comment, isUser, index === 0, index ? `${sourceKey}#comment:${comment.id}` : undefined).text);
    if (count > 0 && bytes > textBudget(true)) break;
    count++;
  }
  return Math.max(1, count);
}

export function previewHelpScoutTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const fields = new Map(catalog.ticketFields.map((field) => [field.id, catalogField(field)]));
  const users = catalog.userIds ? new Set(catalog.userIds) : undefined;
  const isUser = (id: string) => !users || users.has(id);
  // The writer's order: the comments sent with the conversation, then the inline images, then the rest.
  const count = threadsInCreate(ticket.comments, isUser);
  const carried = ticket.comments.slice(0, count);
  const later = ticket.comments.slice(count);
  return [
    ...conversationNotes(ticket),
    ...Object.entries(ticket.customFields).map(([id, value]) => customFieldNote(id, value, fields.get(id))),
    ...carried.flatMap((comment, index) => [customerNoteNote(comment, isUser), fitText(comment, index === 0).note]),
    inlineImagesNote(ticket.comments),
    ...later.flatMap((comment) => [customerNoteNote(comment, isUser), fitText(comment, false).note]),
  ].filter((note): note is string => typeof note === 'string');
}
