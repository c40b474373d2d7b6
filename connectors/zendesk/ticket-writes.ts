// Writing tickets into Zendesk: uploads that are fresh when the write goes out, and delta
// updates that are as quiet as Zendesk allows.
// - Upload tokens expire after 60 minutes (support.zendesk.com/hc/en-us/articles/4408887057946):
//   files are uploaded right before the write that uses them, uploads older than
//   `uploadMaxAgeMs` are redone before it is sent, and a refusal of expired tokens re-uploads
//   and sends once more (a 422 applied nothing).
// - Updating an imported ticket runs the account's triggers ("if the ticket is updated after
//   import, triggers will resume", ticket_import reference): an update sends only the fields
//   that differ from the target ticket, carries them with the first new note, and sends nothing
//   when nothing changed.
// - Closed tickets cannot be updated (422 "Status: closed prevents ticket update"); Zendesk
//   documents follow-up tickets instead (via_followup_source_id, developer.zendesk.com/
//   documentation/ticketing/managing-tickets/creating-and-updating-tickets). The plan's
//   options.closedTicketUpdates says which: 'followup' (default) or 'skip' with the reason.
import type {WriteContext} from '../../source/contracts/connector.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Attachment, Comment, Id, Ticket} from '../../source/contracts/model.js';
import {customFieldValue, type ImportComment} from './api-bodies.js';
import type {ZdComment, ZdTicket, ZdTicketField} from './api-shapes.js';
import {cursorPages} from './paging.js';
import {ENDPOINT} from './source-session.js';

/** The token lives 60 minutes; a write sent later than this after its upload re-uploads first. */
export const UPLOAD_MAX_AGE_MS = 45 * 60_000;

export interface TicketWriterOptions {
  http: HttpClient;
  fields(): Promise<Map<number, ZdTicketField>>;
  closedTicketUpdates: 'followup' | 'skip';
  /** The id of the user the credentials belong to: a note about the migration (byMigration) is theirs. */
  me(): Promise<number>;
  uploadMaxAgeMs: number;
  now: () => number;
}

interface Uploaded {
  attachment: Attachment;
  token: string;
  contentUrl: string;
  at: number;
}

/** A comment ready for a write: its body points at its uploads, which may be redone. */
interface Prepared {
  comment: Comment;
  uploads: Uploaded[];
}

const numeric = (id: string | undefined): number | undefined => (id === undefined || id === '' ? undefined : Number(id));
const secondOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const REF = /\[ref ([^\]\s]+)\]/;

export function ticketWriter(options: TicketWriterOptions) {
  const {http} = options;

  async function upload(attachment: Attachment, context: WriteContext): Promise<Uploaded> {
    const bytes = await context.attachmentBytes(attachment);
    const response = await http.request<{upload: {token: string; attachment: {content_url: string}}}>({
      method: 'POST',
      url: '/api/v2/uploads.json',
      searchParams: {filename: attachment.fileName},
      body: bytes,
      // Zendesk's own examples send application/binary; JSON files go that way so no proxy
      // (or emulator) tries to parse them. The type is otherwise kept as the source gave it.
      headers: {'content-type': !attachment.contentType || /json/i.test(attachment.contentType) ? 'application/binary' : attachment.contentType},
      endpoint: ENDPOINT.uploads,
      what: `attachment ${attachment.fileName}`,
      // An upload no ticket uses is deleted by Zendesk: sending it twice leaves nothing behind.
      repeatable: true,
    });
    return {attachment, token: response.body.upload.token, contentUrl: response.body.upload.attachment.content_url, at: options.now()};
  }

  async function prepare(comments: Comment[], context: WriteContext): Promise<Prepared[]> {
    const prepared: Prepared[] = [];
    for (const comment of comments) {
      const uploads: Uploaded[] = [];
      for (const attachment of comment.attachments) uploads.push(await upload(attachment, context));
      prepared.push({comment, uploads});
    }
    return prepared;
  }

  async function reupload(prepared: Prepared[], context: WriteContext, olderThan: number) {
    for (const item of prepared) for (const [index, done] of item.uploads.entries()) if (done.at <= olderThan) item.uploads[index] = await upload(done.attachment, context);
  }

  /** Uploads, then `send` with comments whose tokens are fresh; expired tokens are redone once. */
  async function withUploads<T>(comments: Comment[], context: WriteContext, send: (prepared: Prepared[]) => Promise<T>): Promise<T> {
    const prepared = await prepare(comments, context);
    // Uploading many or large files can take long: the first ones may be old by now.
    await reupload(prepared, context, options.now() - options.uploadMaxAgeMs);
    try {
      return await send(prepared);
    } catch (error) {
      if (!refusesUploads(error)) throw error;
      context.note('upload tokens had expired before the write went out; the files were uploaded again');
      await reupload(prepared, context, Infinity);
      return send(prepared);
    }
  }

  /** Comments as Ticket Import takes them; a note about the migration is the API user's, not a person's of the source. */
  async function importComments(prepared: Prepared[]): Promise<ImportComment[]> {
    const migrationAuthor = prepared.some((item) => item.comment.byMigration) ? await options.me() : undefined;
    return prepared.map((item) => importComment(item, migrationAuthor));
  }

  function importComment({comment, uploads}: Prepared, migrationAuthor?: number): ImportComment {
    let body = comment.body;
    // Inline images point at their new upload.
    for (const done of uploads) if (done.attachment.inline && done.attachment.url) body = body.split(done.attachment.url).join(done.contentUrl);
    return {author_id: comment.byMigration && migrationAuthor !== undefined ? migrationAuthor : Number(comment.authorId), html_body: body, public: comment.public, created_at: comment.createdAt, ...(uploads.length ? {uploads: uploads.map((done) => done.token)} : {})};
  }

  async function show(id: Id): Promise<ZdTicket> {
    const response = await http.request<{ticket: ZdTicket}>({method: 'GET', url: `/api/v2/tickets/${id}.json`, endpoint: ENDPOINT.ticketsRead, what: `ticket ${id}`});
    return response.body.ticket;
  }

  async function commentsOf(id: number): Promise<ZdComment[]> {
    const comments: ZdComment[] = [];
    for await (const page of cursorPages<ZdComment>(http, {url: `/api/v2/tickets/${id}/comments.json`, key: 'comments', endpoint: ENDPOINT.ticketsRead, what: `ticket ${id} comments`})) comments.push(...page.items);
    return comments;
  }

  /** Source comments the target already has: imported ones keep their time; later ones are notes with "[ref id]". */
  async function presentComments(ticketIds: number[]): Promise<{refs: Set<string>; seconds: Set<number>}> {
    const refs = new Set<string>();
    const seconds = new Set<number>();
    for (const id of ticketIds)
      for (const comment of await commentsOf(id)) {
        const ref = REF.exec(comment.html_body ?? comment.body ?? '')?.[1];
        if (ref) refs.add(ref);
        else seconds.add(secondOf(comment.created_at));
      }
    return {refs, seconds};
  }

  /** Only what differs from the target ticket: every update runs the target's triggers. */
  function changedFields(ticket: Ticket, current: ZdTicket, fields: Map<number, ZdTicketField>): Record<string, unknown> {
    const changes: Record<string, unknown> = {};
    if (ticket.subject !== current.subject) changes.subject = ticket.subject;
    // A ticket that was opened cannot go back to "new".
    if (ticket.status !== current.status && !(ticket.status === 'new' && current.status !== 'new')) changes.status = ticket.status;
    if (ticket.priority !== (current.priority ?? 'normal')) changes.priority = ticket.priority;
    if ((ticket.kind ?? null) !== (current.type ?? null)) changes.type = ticket.kind ?? null;
    if ((numeric(ticket.assigneeId) ?? null) !== (current.assignee_id ?? null)) changes.assignee_id = numeric(ticket.assigneeId) ?? null;
    if ((numeric(ticket.groupId) ?? null) !== (current.group_id ?? null)) changes.group_id = numeric(ticket.groupId) ?? null;
    if (JSON.stringify([...ticket.tags].sort()) !== JSON.stringify([...(current.tags ?? [])].sort())) changes.tags = ticket.tags;
    const customFields: Array<{id: number; value: unknown}> = [];
    for (const [id, value] of Object.entries(ticket.customFields)) {
      const wanted = customFieldValue(value, fields.get(Number(id)));
      const now = current.custom_fields?.find((field) => field.id === Number(id))?.value ?? null;
      if (comparable(wanted) !== comparable(now)) customFields.push({id: Number(id), value: wanted});
    }
    if (customFields.length) changes.custom_fields = customFields;
    return changes;
  }

  async function createFollowUp(closed: ZdTicket, ticket: Ticket, context: WriteContext, changes: Record<string, unknown>): Promise<Id> {
    const body = `<p><em>Follow-up of closed ticket #${closed.id}: changes from the source after it was closed (Zendesk does not update closed tickets).</em></p>`;
    const response = await http.request<{ticket: ZdTicket}>({
      method: 'POST',
      url: '/api/v2/tickets.json',
      json: {
        ticket: {
          via_followup_source_id: closed.id,
          external_id: followUpKey(context.sourceKey, closed.id),
          subject: ticket.subject,
          requester_id: Number(ticket.requesterId),
          ...changes,
          // A new ticket cannot start closed; solved closes by itself on the account's schedule.
          status: ticket.status === 'closed' ? 'solved' : ticket.status,
          priority: ticket.priority,
          tags: ticket.tags,
          // Private: a public first comment would email the requester.
          comment: {html_body: body, public: false},
        },
      },
      endpoint: ENDPOINT.other,
      what: `ticket ${ticket.id} follow-up`,
    });
    return String(response.body.ticket.id);
  }

  async function findFollowUp(sourceKey: string, closedId: number): Promise<Id | undefined> {
    const key = followUpKey(sourceKey, closedId);
    const response = await http.request<{tickets: ZdTicket[]}>({method: 'GET', url: '/api/v2/tickets.json', searchParams: {external_id: key}, endpoint: ENDPOINT.ticketsRead});
    const found = response.body.tickets.find((candidate) => candidate.external_id === key);
    return found ? String(found.id) : undefined;
  }

  /** Later comments as internal notes (never public: that would email the requester), the
   * original author and date at the top; field changes travel with the first one. */
  async function writeNotes(targetId: Id, ticket: Ticket, missing: Comment[], changes: Record<string, unknown>, context: WriteContext) {
    if (!missing.length) {
      if (Object.keys(changes).length) await put(targetId, {ticket: changes}, `ticket ${ticket.id}`);
      return;
    }
    context.note(`${missing.length} later comment(s) added as internal notes with "Originally from <author> on <date>" at the top (Zendesk cannot import into an existing ticket).`);
    let pending = changes;
    for (const comment of missing) {
      const reference = `[ref ${comment.id}]`;
      const withChanges = pending;
      pending = {};
      await context.once(
        `comment:${comment.id}`,
        () =>
          withUploads([comment], context, async ([prepared]) => {
            const [note] = await importComments([prepared!]);
            const header = comment.byMigration ? `<p><em>${reference}</em></p>` : `<p><em>Originally from ${escapeHtml(comment.authorLabel ?? `user ${comment.authorId}`)} on ${comment.createdAt}${comment.public ? ' (public reply)' : ''} ${reference}</em></p>`;
            await put(targetId, {ticket: {...withChanges, comment: {html_body: header + note!.html_body, public: false, author_id: note!.author_id, uploads: note!.uploads}}}, `ticket ${ticket.id} comment ${comment.id}`);
            return reference;
          }),
        async () => ((await commentsOf(Number(targetId))).some((candidate) => (candidate.html_body ?? candidate.body ?? '').includes(reference)) ? reference : undefined),
      );
    }
    // The first note's step was done in an earlier run: its field changes still go out.
    if (Object.keys(pending).length) await put(targetId, {ticket: pending}, `ticket ${ticket.id}`);
  }

  async function put(id: Id, json: unknown, what: string) {
    await http.request({method: 'PUT', url: `/api/v2/tickets/${id}.json`, json, endpoint: ENDPOINT.ticketsUpdate, what});
  }

  async function update(targetId: Id, ticket: Ticket, context: WriteContext): Promise<void> {
    const fields = await options.fields();
    for (let attempt = 1; ; attempt++) {
      let current = await show(targetId);
      const chain = [current.id];
      while (current.status === 'closed') {
        if (options.closedTicketUpdates === 'skip') {
          context.note(`target ticket #${current.id} is closed and Zendesk does not update closed tickets: this change was not written (options.closedTicketUpdates is "skip"; "followup" writes it to a follow-up ticket)`);
          return;
        }
        const closed = current;
        const followUpId = await context.once(`followup:${closed.id}`, () => createFollowUp(closed, ticket, context, changedFields(ticket, closed, fields)), () => findFollowUp(context.sourceKey, closed.id));
        context.note(`target ticket #${closed.id} is closed: changes written to its follow-up ticket #${followUpId}`);
        current = await show(followUpId);
        chain.push(current.id);
      }
      const present = await presentComments(chain);
      const missing = ticket.comments.filter((comment) => !present.refs.has(comment.id) && !present.seconds.has(secondOf(comment.createdAt)));
      try {
        await writeNotes(String(current.id), ticket, missing, changedFields(ticket, current, fields), context);
        return;
      } catch (error) {
        // Closed between our read and the write (solved tickets close on the account's schedule): again, as closed.
        if (attempt === 1 && refusesClosed(error)) continue;
        throw error;
      }
    }
  }

  return {withUploads, importComments, update};
}

export function followUpKey(sourceKey: string, closedId: number): string {
  return `${sourceKey}:followup-of:${closedId}`;
}

/** 422 "Status: closed prevents ticket update" (seen in public client code; see docs/platforms/zendesk.md). */
function refusesClosed(error: unknown): boolean {
  return error instanceof HttpRecordError && error.status === 422 && /closed prevents ticket update/i.test(`${error.message} ${JSON.stringify(error.body)}`);
}

function refusesUploads(error: unknown): boolean {
  if (!(error instanceof HttpRecordError) || error.status !== 422) return false;
  // A bulk job's result says it in a line of text (bulk-import.ts), a single import in field details.
  const details = (error.body as {details?: Record<string, unknown> | string} | undefined)?.details ?? {};
  if (typeof details === 'string') return /upload|token/i.test(details);
  return 'uploads' in details || /upload|token/i.test(JSON.stringify(details));
}

function comparable(value: unknown): string {
  if (value === undefined || value === '') return 'null';
  return JSON.stringify(Array.isArray(value) ? [...value].map(String).sort() : value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
