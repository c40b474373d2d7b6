// How large a request Help Scout takes (docs/platforms/helpscout.md, "Request sizes"): 100 kB by
// default, 256 kB for Create Conversation, 10 MB for an attachment upload, answered 413 above. The
// 2.0 reference prints no sizes; these are the Mailbox API 1.0 overview's, kept as the guard.
// Attachments travel base64 in JSON (a third larger), so the largest file is what fits the 10 MB
// request once encoded. A comment's text that cannot fit is cut, and the record says so: the same
// pure function decides it for the writer and for the Fields dry run (ticket-notes.ts).
import type {Comment} from '../../source/contracts/model.js';

const KB = 1024;
export const REQUEST_LIMIT_BYTES = 100 * KB;
export const CREATE_CONVERSATION_LIMIT_BYTES = 256 * KB;
export const UPLOAD_LIMIT_BYTES = 10 * KB * KB;

/** Room left in a request for everything but a thread's text (subject, customer, tags, fields, marker, "Written by"). */
const CREATE_RESERVE_BYTES = 16 * KB;
const THREAD_RESERVE_BYTES = 8 * KB;
const UPLOAD_RESERVE_BYTES = 4 * KB;

/** The largest file whose upload ({fileName, mimeType, data base64}) stays within 10 MB. */
export const MAX_UPLOAD_FILE_BYTES = Math.floor((UPLOAD_LIMIT_BYTES - UPLOAD_RESERVE_BYTES) / 4) * 3;

/** Bytes a thread's text may take in its request: the first thread rides on Create Conversation. */
export const textBudget = (first: boolean): number => (first ? CREATE_CONVERSATION_LIMIT_BYTES - CREATE_RESERVE_BYTES : REQUEST_LIMIT_BYTES - THREAD_RESERVE_BYTES);

/** Size of a text inside a JSON body (quotes, escapes and UTF-8 counted). */
export const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text));

const CUT_MARK = '\n<p>[…]</p>';
const kb = (bytes: number) => `${Math.ceil(bytes / KB)} kB`;

/**
 * A comment's body as it can go: whole when it fits its request, else its longest start that fits
 * (never ending inside a tag or an entity) followed by "[…]", and the note the record keeps.
 */
export function fitText(comment: Pick<Comment, 'id' | 'body'>, first: boolean): {text: string; note?: string} {
  const budget = textBudget(first);
  const body = comment.body ?? '';
  if (jsonBytes(body) <= budget) return {text: body};
  const chars = [...body];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(chars.slice(0, mid).join('') + CUT_MARK) <= budget) low = mid;
    else high = mid - 1;
  }
  let kept = chars.slice(0, low).join('');
  if (kept.lastIndexOf('<') > kept.lastIndexOf('>')) kept = kept.slice(0, kept.lastIndexOf('<'));
  kept = kept.replace(/&[#a-zA-Z0-9]*$/, '');
  const limit = first ? CREATE_CONVERSATION_LIMIT_BYTES : REQUEST_LIMIT_BYTES;
  return {
    text: kept + CUT_MARK,
    note: `comment ${comment.id}: its text (${kb(jsonBytes(body))}) is more than Help Scout takes in one request (${kb(limit)}): the first ${kb(jsonBytes(kept))} were kept.`,
  };
}
