// What writing a ticket into Intercom leaves out or changes that the record's journal must say,
// decided before anything is sent: pure functions of the mapped ticket, the workspace's conversation
// data attributes and its admins. The conversation writer calls them while writing and previewTicket
// returns them for the Fields screen's dry run, so the two cannot disagree.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Comment, Ticket, TicketField} from '../../source/contracts/model.js';
import {fieldValueToNative, type IcDataAttribute} from './api-shapes.js';

/** The states an Intercom conversation cannot take (priority, type and CC are limitations said once: index.ts). */
export function conversationNotes(ticket: Pick<Ticket, 'status'>): string[] {
  const notes: string[] = [];
  if (ticket.status === 'pending' || ticket.status === 'hold') notes.push(`Intercom has no "${ticket.status}" status without a snooze date: written as open.`);
  if (ticket.status === 'solved') notes.push('Intercom has no "solved" status: written as closed.');
  return notes;
}

/** A value the workspace has no attribute for, or that its attribute cannot hold: left out, never silently. */
export function customFieldNote(id: string, value: Ticket['customFields'][string], attribute: IcDataAttribute | undefined): string | undefined {
  if (value === null || value === '' || value === undefined || (Array.isArray(value) && !value.length)) return undefined;
  if (!attribute) return `Custom field ${id} is not a conversation data attribute on Intercom: its value was left out.`;
  if (fieldValueToNative(attribute, value) !== undefined) return undefined;
  return `Custom field "${attribute.label || attribute.name}": Intercom's ${attribute.data_type}${attribute.options?.length ? ' list' : ''} attribute cannot hold ${JSON.stringify(value)}; the value was left out.`;
}

/** Create a conversation takes files only as public URLs (attachment_urls): the first message's files go into an admin note after it. */
export function filesNote(comments: Array<Pick<Comment, 'attachments'>>): string | undefined {
  const moved = comments[0]?.attachments.length ?? 0;
  return moved ? `Intercom's Create a conversation takes files only as public links: ${moved} attachment(s) of the first message were added in an admin note after it.` : undefined;
}

/** A private note by someone who is not an Intercom admin: written as the token's admin's note with the author in its first line. */
export const writtenForSomeoneElse = (comment: Pick<Comment, 'public' | 'authorId' | 'byMigration'>, isAdmin: (id: string) => boolean): boolean => !comment.byMigration && !comment.public && !isAdmin(comment.authorId);

export function customerNoteNote(comment: Pick<Comment, 'id' | 'public' | 'authorId' | 'authorLabel' | 'byMigration'>, isAdmin: (id: string) => boolean): string | undefined {
  if (!writtenForSomeoneElse(comment, isAdmin)) return undefined;
  return `comment ${comment.id}: a private note by ${comment.authorLabel ?? comment.authorId}, who is not an Intercom admin: written as a note with the author in its first line.`;
}

/** The catalog's field as the writer reads its attribute. */
export function catalogAttribute(field: TicketField): IcDataAttribute {
  const options = field.type === 'dropdown' ? (field.options ?? []).map((option) => option.value) : undefined;
  const dataType = options ? 'options' : field.type === 'integer' ? 'integer' : field.type === 'decimal' ? 'float' : field.type === 'checkbox' ? 'boolean' : field.type === 'date' ? 'date' : 'string';
  return {type: 'data_attribute', id: Number(field.id) || 0, model: 'conversation', name: field.key, full_name: `custom_attributes.${field.key}`, label: field.title, data_type: dataType, ...(options ? {options} : {}), custom: true, archived: false, created_at: 0, updated_at: 0};
}

/** Whether the catalog names this person an admin; without the admins known (the Fields dry run) everyone resolves as one. */
export function catalogIsAdmin(catalog: TargetCatalog): (id: string) => boolean {
  const admins = catalog.userIds ? new Set(catalog.userIds) : undefined;
  return (id) => !admins || admins.has(id);
}

/** Connector.previewTicket: every note a create of this ticket writes, in the writer's order. */
export function previewIntercomTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const fields = new Map(catalog.ticketFields.map((field) => [field.id, catalogAttribute(field)]));
  const isAdmin = catalogIsAdmin(catalog);
  // The writer's order: the conversation (create), then the parts, then title and attributes (complete).
  return [
    ...conversationNotes(ticket),
    filesNote(ticket.comments),
    ...ticket.comments.slice(1).map((comment) => customerNoteNote(comment, isAdmin)),
    ...Object.entries(ticket.customFields).map(([id, value]) => customFieldNote(id, value, fields.get(id))),
  ].filter((note): note is string => typeof note === 'string');
}
