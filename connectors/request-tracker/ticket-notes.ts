// What writing a ticket into Request Tracker leaves out that the record's journal must say,
// decided before anything is sent: pure functions the target session calls while writing and
// the connector's previewTicket returns for the Fields screen's dry run, so they cannot disagree.
// What RT never keeps for any ticket (reply authors and dates, ticket types) is a platform
// limitation (the connector's limits), shown once, not noted on each record. What RT drops
// silently is read back after the write (verifyTicket) and depends on the server's answer.
import type {TargetCatalog} from '../../source/contracts/connector.js';
import type {Attachment, Ticket} from '../../source/contracts/model.js';

/** RT rejects an empty FileContent ("FileContent is a required field"): an empty file is left out. */
export function emptyAttachmentNote(attachment: Pick<Attachment, 'fileName'>, byteLength: number): string | undefined {
  return byteLength === 0 ? `Attachment ${attachment.fileName} is empty: Request Tracker cannot store empty files, left out.` : undefined;
}

/** Connector.previewTicket: the notes a create of this ticket writes before RT answers. */
export function previewRtTicket(ticket: Ticket, _catalog: TargetCatalog): string[] {
  return ticket.comments.flatMap((comment) => comment.attachments.map((attachment) => emptyAttachmentNote(attachment, attachment.size))).filter((note): note is string => note !== undefined);
}
