// How much a Freshdesk ticket may carry: "The total size of all the ticket's attachments (not just
// this note) cannot exceed 20MB" (developers.freshdesk.com/api/, Create Reply; Create a Note says
// the same, Create a Ticket "The total size of these attachments cannot exceed 20MB"). The limit is
// the ticket's, so spreading files over more notes does not help: what does not fit is left out
// with a reason. The 15 MB figure in the shared notes is Help Desk Migration's, not Freshdesk's.
import type {Attachment, Comment} from '../../source/contracts/model.js';

export const MAX_TICKET_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentBudget {
  /** Attachments each comment carries, by comment id, in the order the ticket is written */
  kept: Map<string, Attachment[]>;
  /** Left out, with the reason the record's journal keeps */
  leftOut: Array<{commentId: string; attachment: Attachment; reason: string}>;
}

/** Fills the ticket's 20 MB in comment order (description first), the same way on every attempt,
 * so a resumed ticket leaves out exactly what its first attempt did. */
export function budgetTicketAttachments(comments: Array<Pick<Comment, 'id' | 'attachments'>>, limit = MAX_TICKET_ATTACHMENT_BYTES): AttachmentBudget {
  const kept = new Map<string, Attachment[]>();
  const leftOut: AttachmentBudget['leftOut'] = [];
  let used = 0;
  for (const comment of comments) {
    const mine: Attachment[] = [];
    for (const attachment of comment.attachments) {
      if (attachment.size > limit) leftOut.push({commentId: comment.id, attachment, reason: `is larger than the ${mb(limit)} a Freshdesk ticket may carry`});
      else if (used + attachment.size > limit) leftOut.push({commentId: comment.id, attachment, reason: `would take the ticket's attachments over Freshdesk's ${mb(limit)} per ticket (${mb(used)} already on it)`});
      else {
        mine.push(attachment);
        used += attachment.size;
      }
    }
    kept.set(comment.id, mine);
  }
  return {kept, leftOut};
}

/** True when Freshdesk refused a write because of its attachments' size (the emulator's and the
 * documented wording; the live error code is not documented). */
export function isAttachmentSizeRefusal(body: unknown): boolean {
  const errors = (body as {errors?: Array<{field?: string; code?: string; message?: string}>} | undefined)?.errors ?? [];
  return errors.some((error) => error.field === 'attachments' || /attachment/i.test(error.message ?? ''));
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB`;
}
