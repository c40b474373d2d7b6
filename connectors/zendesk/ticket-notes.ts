// What writing a ticket into Zendesk leaves out that the record's journal must say, decided
// before anything is sent: pure functions the target session calls while writing and the
// connector's previewTicket returns for the Fields screen's dry run, so they cannot disagree.
// Zendesk keeps ticket types, statuses, priorities, dates and authors as they are (ticket import);
// what depends on its answer (expired upload tokens, a closed ticket on update) is noted by the
// writer only.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Ticket} from '../../source/contracts/model.js';

/** Zendesk ignores custom field ids that are not ticket fields of the account: never silently. */
export function missingFieldNotes(customFields: Ticket['customFields'], onTarget: (id: string) => boolean): string[] {
  return Object.keys(customFields)
    .filter((id) => !onTarget(id))
    .map((id) => `Custom field ${id} does not exist on the target: its value was left out.`);
}

/** The ticket without the values missingFieldNotes names. */
export function withTargetFieldsOnly(ticket: Ticket, onTarget: (id: string) => boolean): Ticket {
  return {...ticket, customFields: Object.fromEntries(Object.entries(ticket.customFields).filter(([id]) => onTarget(id)))};
}

/** Connector.previewTicket: the notes a create (ticket import) of this ticket writes before Zendesk answers. */
export function previewZendeskTicket(ticket: Ticket, catalog: TargetCatalog): string[] {
  const ids = new Set(catalog.ticketFields.map((field) => field.id));
  return missingFieldNotes(ticket.customFields, (id) => ids.has(id));
}
