// Delta updates of tickets on a Zendesk target (the emulator refuses updates of closed
// tickets as Zendesk does): only changed fields, nothing when nothing changed, a follow-up
// ticket (or a skip with the reason) for closed tickets, and upload tokens that are fresh
// when the write goes out.
import test from 'ava';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {followUpKey} from '../connectors/zendesk/ticket-writes.js';
import {openZendeskTarget, type ZendeskTargetOptions} from '../connectors/zendesk/target-session.js';
import type {RunningEmulator} from '../source/contracts/connector.js';
import type {HttpClient, HttpRequest} from '../source/contracts/http.js';
import type {Attachment, Comment, Ticket} from '../source/contracts/model.js';
import type {Options} from '../source/plan/plan.js';
import {clientFor, settingsFor, writeContext} from './zendesk-fixtures.js';
import {writeRecord} from './helpers/write-context.js';

type Bed = {emulator: RunningEmulator; http: HttpClient; sent: HttpRequest[]; adminId: string; after: Array<(request: HttpRequest) => Promise<void>>};

async function bed(t: {teardown(fn: () => unknown): void}, emulatorOptions: {uploadTokenTtlMs?: number; now?: () => number} = {}): Promise<Bed> {
  const emulator = await startZendeskEmulator({seed: 'empty', rateLimit: {off: true}, ...emulatorOptions});
  t.teardown(() => emulator.close());
  const inner = clientFor(settingsFor(emulator), {side: 'target'});
  const sent: HttpRequest[] = [];
  const after: Bed['after'] = [];
  const http: HttpClient = {
    async request(request) {
      sent.push(request);
      const response = await inner.request(request);
      for (const hook of after) await hook(request);
      return response as never;
    },
  };
  const me = await inner.request<{user: {id: number}}>({method: 'GET', url: '/api/v2/users/me.json'});
  return {emulator, http, sent, adminId: String(me.body.user.id), after};
}

function target(b: Bed, options: Partial<Options> = {}, targetOptions: ZendeskTargetOptions = {}) {
  return openZendeskTarget({...settingsFor(b.emulator), options}, b.http, targetOptions);
}

function comment(id: string, authorId: string, createdAt: string, attachments: Attachment[] = []): Comment {
  return {id, authorId, body: `<p>Comment ${id}</p>`, public: true, createdAt, attachments};
}

function ticket(b: Bed, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '77',
    subject: 'Printer on fire',
    status: 'open',
    priority: 'high',
    requesterId: b.adminId,
    tags: ['printer', 'ferry-migrated'],
    ccEmails: [],
    customFields: {},
    createdAt: '2024-01-01T09:00:00Z',
    updatedAt: '2024-01-02T09:00:00Z',
    comments: [comment('c1', b.adminId, '2024-01-01T09:00:00Z'), comment('c2', b.adminId, '2024-01-01T10:00:00Z')],
    ...overrides,
  };
}

const puts = (b: Bed) => b.sent.filter((request) => request.method === 'PUT');
const bodyOf = (request: HttpRequest) => (request.json as {ticket: Record<string, unknown>}).ticket;

async function commentsOn(b: Bed, id: string) {
  return (await b.http.request<{comments: Array<{html_body: string; public: boolean}>}>({method: 'GET', url: `/api/v2/tickets/${id}/comments.json`})).body.comments;
}

test('a delta sends only what changed: nothing for an unchanged ticket, one PUT with the changed field and the new note', async (t) => {
  const b = await bed(t);
  const session = target(b);
  const context = writeContext('freshdesk:tickets:77', async () => Buffer.alloc(0));
  const id = await writeRecord(session, 'tickets', ticket(b), context);

  b.sent.length = 0;
  await session.update('tickets', id, ticket(b), context);
  t.deepEqual(puts(b), [], 'an unchanged ticket is not written (every update runs the target triggers)');

  await session.update('tickets', id, ticket(b, {priority: 'urgent'}), context);
  t.is(puts(b).length, 1);
  t.deepEqual(bodyOf(puts(b)[0]!), {priority: 'urgent'});

  b.sent.length = 0;
  const later = comment('c3', b.adminId, '2024-02-01T09:00:00Z');
  await session.update('tickets', id, ticket(b, {priority: 'urgent', status: 'pending', comments: [...ticket(b).comments, later]}), context);
  t.is(puts(b).length, 1, 'the field change travels with the note: one update, one trigger run');
  const body = bodyOf(puts(b)[0]!);
  t.is(body.status, 'pending');
  t.false('priority' in body && 'subject' in body);
  t.regex(String((body.comment as {html_body: string}).html_body), /\[ref c3\]/);

  b.sent.length = 0;
  await session.update('tickets', id, ticket(b, {priority: 'urgent', status: 'pending', comments: [...ticket(b).comments, later]}), context);
  t.deepEqual(puts(b), [], 'the note is not written twice');
});

test('a delta that meets a closed ticket writes a follow-up ticket linked to it, and later deltas go to the same follow-up', async (t) => {
  const b = await bed(t);
  const session = target(b);
  const context = writeContext('freshdesk:tickets:77', async () => Buffer.alloc(0));
  const id = await writeRecord(session, 'tickets', ticket(b, {status: 'solved'}), context);
  await fetch(`${b.emulator.url}/__emulator/close-solved`, {method: 'POST'});

  const c3 = comment('c3', b.adminId, '2024-03-01T09:00:00Z');
  await t.notThrowsAsync(() => session.update('tickets', id, ticket(b, {status: 'open', comments: [...ticket(b).comments, c3]}), context));
  const found = await b.http.request<{tickets: Array<{id: number; status: string; via: {source: {from: {ticket_id: number}}}}>}>({method: 'GET', url: '/api/v2/tickets.json', searchParams: {external_id: followUpKey('freshdesk:tickets:77', Number(id))}});
  t.is(found.body.tickets.length, 1);
  const followUp = found.body.tickets[0]!;
  t.is(followUp.via.source.from.ticket_id, Number(id));
  t.is(followUp.status, 'open');
  t.true(context.notes.some((note) => note.includes(`follow-up ticket #${followUp.id}`)), context.notes.join('\n'));
  const onFollowUp = await commentsOn(b, String(followUp.id));
  t.true(onFollowUp.some((c) => c.html_body.includes('[ref c3]') && !c.public));
  t.is((await commentsOn(b, id)).length, 2, 'the closed ticket is left as it was');

  const c4 = comment('c4', b.adminId, '2024-03-02T09:00:00Z');
  await session.update('tickets', id, ticket(b, {status: 'open', comments: [...ticket(b).comments, c3, c4]}), context);
  const again = await commentsOn(b, String(followUp.id));
  t.is(again.filter((c) => c.html_body.includes('[ref c3]')).length, 1);
  t.is(again.filter((c) => c.html_body.includes('[ref c4]')).length, 1);
  const all = await b.http.request<{tickets: Array<{id: number}>}>({method: 'GET', url: '/api/v2/tickets.json'});
  t.is(all.body.tickets.length, 2, 'one follow-up, not one per delta');
});

test('options.closedTicketUpdates "skip": nothing is written to a closed ticket and the record says why', async (t) => {
  const b = await bed(t);
  const session = target(b, {closedTicketUpdates: 'skip'});
  const context = writeContext('freshdesk:tickets:77', async () => Buffer.alloc(0));
  const id = await writeRecord(session, 'tickets', ticket(b, {status: 'solved'}), context);
  await fetch(`${b.emulator.url}/__emulator/close-solved`, {method: 'POST'});
  b.sent.length = 0;
  await session.update('tickets', id, ticket(b, {comments: [...ticket(b).comments, comment('c3', b.adminId, '2024-03-01T09:00:00Z')]}), context);
  t.deepEqual(b.sent.filter((request) => request.method !== 'GET'), []);
  t.true(context.notes.some((note) => /closed.*not written.*"skip"/.test(note)), context.notes.join('\n'));
});

test('a ticket that closes between the read and the write (solved tickets close on a schedule) gets its follow-up, not a failed record', async (t) => {
  const b = await bed(t);
  const session = target(b);
  const context = writeContext('freshdesk:tickets:77', async () => Buffer.alloc(0));
  const id = await writeRecord(session, 'tickets', ticket(b, {status: 'solved'}), context);
  let closedOnce = false;
  b.after.push(async (request) => {
    if (!closedOnce && request.method === 'GET' && request.url === `/api/v2/tickets/${id}.json`) {
      closedOnce = true;
      await fetch(`${b.emulator.url}/__emulator/close-solved`, {method: 'POST'});
    }
  });
  await session.update('tickets', id, ticket(b, {status: 'solved', priority: 'low'}), context);
  t.true(closedOnce);
  t.true(context.notes.some((note) => note.includes('follow-up ticket')), context.notes.join('\n'));
});

function file(id: string): Attachment {
  return {id, fileName: `${id}.txt`, contentType: 'text/plain', size: 3, url: `https://source.invalid/${id}`, inline: false};
}

async function attachmentCount(b: Bed, id: string) {
  const comments = (await b.http.request<{comments: Array<{attachments: unknown[]}>}>({method: 'GET', url: `/api/v2/tickets/${id}/comments.json`})).body.comments;
  return comments.reduce((sum, c) => sum + c.attachments.length, 0);
}

/** A clock the emulator and the target share, moved by the test alone (upload tokens age on it). */
function manualClock() {
  let at = Date.now();
  return {now: () => at, pass: (ms: number) => void (at += ms)};
}

/** Two comments with a file each; the second file's download takes 1.3 s on `clock`, so the first token ages. */
function slowTicket(b: Bed, clock: ReturnType<typeof manualClock>): {record: Ticket; bytes: (attachment: Attachment) => Promise<Buffer>} {
  const record = ticket(b, {comments: [comment('c1', b.adminId, '2024-01-01T09:00:00Z', [file('a1')]), comment('c2', b.adminId, '2024-01-01T10:00:00Z', [file('a2')])]});
  let slow = true;
  const bytes = async (attachment: Attachment) => {
    if (attachment.id === 'a2' && slow) clock.pass(1300);
    if (attachment.id === 'a2') slow = false;
    return Buffer.from('abc');
  };
  return {record, bytes};
}

test('uploads older than the limit when the write goes out are uploaded again first (tokens expire)', async (t) => {
  const clock = manualClock();
  const b = await bed(t, {uploadTokenTtlMs: 1000, now: clock.now});
  // A lone ticket goes at once (no wait for a batch to fill): the token ages are the uploads' own.
  const session = target(b, {}, {uploadMaxAgeMs: 600, now: clock.now, bulkImport: {gatherMs: 0}});
  const {record, bytes} = slowTicket(b, clock);
  const context = writeContext('freshdesk:tickets:77', bytes);
  const id = await writeRecord(session, 'tickets', record, context);
  t.is(await attachmentCount(b, id), 2);
  t.is(b.sent.filter((request) => request.url.startsWith('/api/v2/uploads')).length, 3, 'a1 was uploaded again before the import');
  t.false(context.notes.some((note) => note.includes('upload tokens had expired')));
});

test('a write refused for expired upload tokens uploads again and is sent once more', async (t) => {
  const clock = manualClock();
  const b = await bed(t, {uploadTokenTtlMs: 1000, now: clock.now});
  const session = target(b, {}, {uploadMaxAgeMs: 60 * 60_000, now: clock.now});
  const {record, bytes} = slowTicket(b, clock);
  const context = writeContext('freshdesk:tickets:77', bytes);
  const id = await writeRecord(session, 'tickets', record, context);
  t.is(await attachmentCount(b, id), 2);
  t.true(context.notes.some((note) => note.includes('upload tokens had expired')));
});
