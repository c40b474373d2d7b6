// Rule 1 of issue 12, what Fields says before the run is what the run does: the dry run
// (source/app/console/mapping-preview.ts) adds each target's write-time notes from the very
// functions its session writes with (Connector.previewTicket, or the session's own ticketNotes where its
// settings change what it writes: Intercom's ticket type), so for the demo's tickets the
// notes Fields predicts are the notes the run journals, ticket by ticket.
import test, {type ExecutionContext} from 'ava';
import os from 'node:os';
import path from 'node:path';
import {mkdtempSync} from 'node:fs';
import {testBed} from './helpers/migration.js';
import {openSides} from '../source/app/sides.js';
import {collect} from '../source/engine/engine.js';
import {previewTicketMapping, targetWriteNotes} from '../source/app/console/mapping-preview.js';
import {executeRun} from '../source/cli/run.js';
import {decideField, runFieldLinks} from '../source/engine/mapping.js';
import {describeRow} from '../views/screens/Fields.js';
import {emptyAttachmentNote} from '../connectors/request-tracker/ticket-notes.js';
import {findConnector, startEmulator} from '../source/app/registry.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {testWriteContext, writeRecord} from './helpers/write-context.js';
import type {ConnectorSettings} from '../source/contracts/connector.js';
import type {Ticket, TicketField} from '../source/contracts/model.js';
import type {Plan} from '../source/plan/plan.js';

// The dry run speaks about fields and values, the audit about people: notes about who a
// reference resolved to are the audit's, and are left out of the comparison on both sides.
// Help Scout's "a private note by … who is not a Help Scout user" is one of them: the dry run
// assumes every person resolves, so its catalog names no users (TargetCatalog.userIds).
// Intercom's "refuses a contact's reply on a Back-office ticket" is one too (whether the author is an admin).
const ABOUT_PEOPLE = /^(requester #|assignee |comment \S+: author |comment \S+: a private note by |comment \S+: Intercom refuses a contact's reply |organization #|group #|inactive user )/;
// What only the target's answer can tell (a refusal at write time) cannot be predicted. (A target that
// cannot create ticket fields says so in its limits, so the values it leaves out are predicted.)
const SERVER_ANSWERS = /^(comment \S+: Freshdesk would not write the note as )/;
// The journal keeps a record's notes joined with "; ", and a note may hold "; " itself.
const TAILS = /^(written (as the requester|by the API key's agent) with |a later run fills it in$|map its values to another field in the plan, or leave it out\.\): its value was left out$)/;

/** The run's notes that the dry run did not predict (people and server answers aside). */
function unpredicted(reason: string, predicted: string[]): string[] {
  let rest = reason;
  for (const note of predicted) rest = rest.replace(note, '');
  return rest.split('; ').filter((part) => part.trim() && !ABOUT_PEOPLE.test(part) && !SERVER_ANSWERS.test(part) && !TAILS.test(part));
}

async function predictedEqualsJournalled(t: ExecutionContext, targetPlatform: string, change?: (plan: Plan) => void) {
  const bed = await testBed({tickets: 40, targetPlatform});
  t.teardown(() => bed.close());
  if (change) bed.savePlan(change);
  // Help Scout keeps its access tokens in the credential store: the test's own.
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-fields-home-'));
  const {sourceSession, targetSession, target} = openSides(bed.plan, {env: bed.env});
  const [sourceFields, targetFields] = await Promise.all([collect(sourceSession.read('ticket_fields', {filter: {}})), targetSession.list('ticket_fields')]);
  const tickets = (await collect(sourceSession.read('tickets', {filter: {}}))).slice(0, bed.plan.demo.tickets);
  t.truthy(target.connector.previewTicket, `${targetPlatform} predicts its write-time notes`);
  // The console's own choice (intents-map.ts): the session's notes where its settings change what it writes.
  const writeNotes = await targetWriteNotes(targetSession, target.connector);
  const preview = await previewTicketMapping(tickets, sourceFields, targetFields, bed.plan, target.connector.limits, bed.plan.source.platform, {writeNotes});

  const io = {stdout: {write: () => true} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: true}, io), 0);
  const rows = bed.journal((journal) => journal.records({type: 'tickets'}));
  t.is(rows.length, tickets.length);
  let compared = 0;
  for (const row of rows) {
    const predicted = preview.tickets[row.sourceId];
    t.truthy(predicted, `ticket ${row.sourceId} was in the dry run`);
    if (row.status === 'failed') {
      // A failure for a field is predicted word for word; one for a person is the audit's.
      if (!ABOUT_PEOPLE.test(row.reason ?? '')) t.is(predicted!.failure, row.reason ?? undefined, `ticket ${row.sourceId}`);
      continue;
    }
    t.is(row.status, 'migrated', `ticket ${row.sourceId}: ${row.reason}`);
    // Every note Fields predicts is in the journal, and the journal has none it did not predict.
    for (const note of predicted!.notes) t.true((row.reason ?? '').includes(note), `ticket ${row.sourceId}: predicted "${note}", the run wrote "${row.reason}"`);
    t.deepEqual(unpredicted(row.reason ?? '', predicted!.notes), [], `ticket ${row.sourceId}: the run wrote notes Fields did not predict`);
    compared++;
  }
  t.true(compared >= tickets.length - 4, `${compared} of ${tickets.length} tickets compared`);
  return {bed, preview, sourceFields};
}

test('Freshdesk target: the notes Fields predicts for each demo ticket are the notes the run writes', async (t) => {
  const {preview, bed, sourceFields} = await predictedEqualsJournalled(t, 'freshdesk');
  // The demo has Task tickets and inline images: the target's own notes, predicted.
  t.true(preview.target.some((entry) => /no "Task" ticket type/.test(entry.note)), JSON.stringify(preview.target));
  t.true(preview.target.some((entry) => /inline image/.test(entry.note)));
  // The Fields screen's value rows say what the target does with a value, not "same".
  t.deepEqual(preview.values.kinds.task, ['Freshdesk has no "Task" ticket type: the type was left empty.']);
  t.deepEqual(preview.values.kinds.question, []);
  t.deepEqual(preview.values.statuses.hold, ['Freshdesk has no "On hold" status: the ticket was written as Pending.']);
  // Freshdesk cannot set dates on any ticket: a platform limitation, not a note on each.
  t.false(Object.values(preview.tickets).some((ticket) => ticket.notes.some((note) => /creation date/.test(note))));

  // After the demo, a field ferry created on the target (the multi-select, as a paragraph) is not "does not fit".
  const after = await openSides(bed.plan, {env: bed.env}).targetSession.list('ticket_fields');
  const links = bed.journal((journal) => runFieldLinks(journal.records({type: 'ticket_fields'})));
  const platforms = sourceFields.find((field) => field.type === 'multiselect')!;
  t.is(decideField(platforms, after, bed.plan.fieldMap).action, 'fail', 'by types alone, the created paragraph field would not fit');
  const decision = decideField(platforms, after, bed.plan.fieldMap, links);
  t.is(decision.action, 'link');
  t.is(decision.action === 'link' && decision.how, 'run');
  for (const field of sourceFields) t.not(decideField(field, after, bed.plan.fieldMap, links).action, 'fail', field.title);

  // What the Fields screen shows: the task row says what Freshdesk does, and after the demo no row says "does not fit".
  const data = {sourceFields, targetFields: after, sourceGroups: [], targetGroups: [], runLinks: links};
  t.deepEqual(describeRow({kind: 'value', map: 'kinds', from: 'task'}, data, bed.plan, preview), ['task', 'left empty', '⚠ Freshdesk has no "Task" ticket type: the type was left empty.']);
  t.deepEqual(describeRow({kind: 'value', map: 'kinds', from: 'question'}, data, bed.plan, preview), ['question', 'question', 'same']);
  for (const field of sourceFields) t.not(describeRow({kind: 'field', id: field.id}, data, bed.plan, preview)[1], 'does not fit', field.title);
  t.is(describeRow({kind: 'field', id: platforms.id}, data, bed.plan, preview)[2].split(' · ')[0], '✓ linked by an earlier run');
});

test('Zendesk target: the notes Fields predicts for each demo ticket are the notes the run writes', async (t) => {
  await predictedEqualsJournalled(t, 'zendesk');
});

test('Help Scout target: the notes Fields predicts for each demo ticket are the notes the run writes', async (t) => {
  t.timeout(10 * 60_000);
  const {preview} = await predictedEqualsJournalled(t, 'helpscout');
  // The demo has urgent and task tickets, solved and on-hold ones, inline images: Help Scout's own notes, predicted.
  for (const pattern of [/no priority: "urgent"/, /no type: "task"/, /no "solved" status/, /no "on hold" status/, /inline image/])
    t.true(preview.target.some((entry) => pattern.test(entry.note)), `${pattern}: ${JSON.stringify(preview.target.map((entry) => entry.note))}`);
  t.deepEqual(preview.values.priorities.urgent, ['Help Scout conversations have no priority: "urgent" was not kept.']);
  t.deepEqual(preview.values.priorities.normal, []);
  t.deepEqual(preview.values.statuses.solved, ['Help Scout has no "solved" status: written as closed.']);
});

// The guard: a ticket that meets every write-time decision of a target, written by the real
// session into its emulator, notes exactly what the connector's previewTicket says. A change to
// the writer's decisions that the preview does not share fails here, whatever the demo holds.
async function writtenAndPredicted(t: ExecutionContext, platform: 'freshdesk' | 'zendesk' | 'helpscout' | 'front', craft: (agentId: string, fields: TicketField[], customerId: string) => Ticket) {
  const emulator = await startEmulator(platform, {seed: 'target', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const connector = findConnector(platform)!;
  const settings: ConnectorSettings = {baseUrl: emulator.url, authKind: emulator.authKind, credentials: emulator.credentials};
  const tokens = new Map<string, string>();
  const authorizer = connector.authorizer?.(settings, {load: (name) => tokens.get(name), save: (name, value) => void tokens.set(name, value)});
  const http = createHttpClient({side: 'target', platform, baseUrl: emulator.url, budget: {requestsPerMinute: Infinity}, headers: connector.rateLimitHeaders, authHeaders: connector.authHeaders(settings), authorizer, describeError: connector.describeError, maxAttempts: 2});
  const target = connector.openTarget(settings, http);
  const agents = await target.list('agents');
  const ticketFields = await target.list('ticket_fields');
  // Someone who is not one of the target's users (an end user on Zendesk and Freshdesk, a customer on Help Scout).
  const customerId = String(Math.max(...agents.map((agent) => Number(agent.id) || 0)) + 100_000);
  const ticket = craft(agents[0]!.id, ticketFields, customerId);
  const predicted = connector.previewTicket!(ticket, {ticketFields, userIds: agents.map((agent) => agent.id)});
  const context = testWriteContext(`zendesk:tickets:${ticket.id}`, async (attachment) => Buffer.alloc(attachment.size, 1));
  await writeRecord(target, 'tickets', ticket, context);
  t.deepEqual(context.notes, predicted);
  return predicted;
}

const MB = 1024 * 1024;
const attachment = (id: string, size: number, inline = false) => ({id, fileName: `${id}.${inline ? 'png' : 'bin'}`, contentType: inline ? 'image/png' : 'application/octet-stream', size, url: `https://source.invalid/files/${id}`, inline});
const crafted = (agentId: string, overrides: Partial<Ticket>): Ticket => ({
  id: '900',
  subject: 'Every write-time decision',
  status: 'open',
  priority: 'high',
  requesterId: agentId,
  tags: [],
  ccEmails: [],
  customFields: {},
  createdAt: '2024-01-02T03:04:05Z',
  updatedAt: '2024-01-02T03:04:05Z',
  comments: [{id: '1', authorId: agentId, authorLabel: 'Agent', body: '<p>Hello</p>', public: true, createdAt: '2024-01-02T03:04:05Z', attachments: []}],
  ...overrides,
});

test('Intercom target with a ticket type (written as Intercom tickets): the notes Fields predicts for each demo ticket are the notes the run writes', async (t) => {
  const {preview, bed} = await predictedEqualsJournalled(t, 'intercom', (plan) => (plan.target.credentials.ticketType = {value: 'Task'}));
  const ids = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).map((row) => row.targetId ?? ''));
  t.true(ids.length > 0 && ids.every((id) => id.startsWith('ticket-')), 'written as Intercom tickets');
  // The ticket writer's words (a ticket's files, its states), never a conversation's.
  t.true(preview.target.some((entry) => /Reply to a ticket takes files only as public links/.test(entry.note)), JSON.stringify(preview.target));
  t.true(preview.target.some((entry) => /tickets have no "hold" state/.test(entry.note)), JSON.stringify(preview.target));
  t.false(preview.target.some((entry) => /snooze date|Create a conversation/.test(entry.note)), JSON.stringify(preview.target));
});

test('Freshdesk: the writer notes exactly what previewTicket predicts (type, status, fields, attachment budget, inline images)', async (t) => {
  const notes = await writtenAndPredicted(t, 'freshdesk', (agentId) =>
    crafted(agentId, {
      kind: 'task',
      status: 'hold',
      customFields: {'999999': 'no such field'},
      comments: [
        {id: '1', authorId: agentId, authorLabel: 'Agent', body: '<p>See <img src="https://source.invalid/files/shot"></p>', public: true, createdAt: '2024-01-02T03:04:05Z', attachments: [attachment('shot', 10, true), attachment('first', 12 * MB)]},
        {id: '2', authorId: agentId, authorLabel: 'Agent', body: '<p>More</p>', public: false, createdAt: '2024-01-02T04:04:05Z', attachments: [attachment('second', 12 * MB)]},
      ],
    }),
  );
  t.is(notes.length, 5, notes.join('\n'));
  t.true(notes.some((note) => /no "Task" ticket type/.test(note)));
  t.true(notes.some((note) => /"On hold"/.test(note)));
  t.true(notes.some((note) => /Custom field 999999 does not exist/.test(note)));
  t.true(notes.some((note) => /second\.bin .* over Freshdesk's 20 MB per ticket/.test(note)));
  t.true(notes.some((note) => /1 inline image/.test(note)));
});

test('Zendesk: the writer notes exactly what previewTicket predicts (a field not on the target)', async (t) => {
  const notes = await writtenAndPredicted(t, 'zendesk', (agentId) => crafted(agentId, {kind: 'task', status: 'hold', customFields: {'999999': 'no such field'}}));
  t.deepEqual(notes, ['Custom field 999999 does not exist on the target: its value was left out.']);
});

test('Help Scout: the writer notes exactly what previewTicket predicts (priority, type, status, fields, a customer\'s private notes, inline images)', async (t) => {
  const notes = await writtenAndPredicted(t, 'helpscout', (agentId, fields, notAUser) => {
    const dropdown = fields.find((field) => field.options?.length)!;
    const note = (id: string, body: string, createdAt: string) => ({id, authorId: notAUser, authorLabel: 'Carla Customer <carla@example.test>', body, public: false, createdAt, attachments: []});
    return crafted(agentId, {
      priority: 'urgent',
      kind: 'task',
      status: 'hold',
      customFields: {'999999': 'no such field', [dropdown.id]: 'no such option'},
      comments: [
        note('1', '<p>Private, first</p>', '2024-01-02T03:04:05Z'),
        {id: '2', authorId: agentId, authorLabel: 'Agent', body: '<p>See <img src="https://source.invalid/files/shot"></p>', public: true, createdAt: '2024-01-02T04:04:05Z', attachments: [attachment('shot', 10, true), attachment('file', 20)]},
        note('3', '<p>Private, later</p>', '2024-01-02T05:04:05Z'),
      ],
    });
  });
  t.is(notes.length, 8, notes.join('\n'));
  for (const pattern of [/no priority: "urgent"/, /no type: "task"/, /no "on hold" status/, /Custom field 999999 is not on the Help Scout inbox/, /has no option for "no such option"/, /^comment 1: a private note by Carla/, /1 inline image/, /^comment 3: a private note by Carla/])
    t.true(notes.some((note) => pattern.test(note)), `${pattern}: ${notes.join('\n')}`);
  // Solved is the other status Help Scout lacks.
  t.deepEqual(findConnector('helpscout')!.previewTicket!(crafted('1', {priority: 'normal', status: 'solved'}), {ticketFields: []}), ['Help Scout has no "solved" status: written as closed.']);
});

test('Request Tracker: previewTicket predicts the empty-file note its session writes (the same emptyAttachmentNote)', (t) => {
  const connector = findConnector('request-tracker')!;
  const ticket = crafted('root', {comments: [{id: '1', authorId: 'root', body: '<p>x</p>', public: true, createdAt: '2024-01-02T03:04:05Z', attachments: [attachment('empty', 0), attachment('full', 10)]}]});
  t.deepEqual(connector.previewTicket!(ticket, {ticketFields: []}), [emptyAttachmentNote({fileName: 'empty.bin'}, 0)]);
  t.is(emptyAttachmentNote({fileName: 'full.bin'}, 10), undefined);
});

test('Front target: the notes Fields predicts for each demo ticket are the notes the run writes', async (t) => {
  t.timeout(120_000);
  const {preview} = await predictedEqualsJournalled(t, 'front');
  for (const pattern of [/no priority: "urgent"/, /no type: "task"/, /no "solved" status/, /no "hold" status/, /inline image/])
    t.true(preview.target.some((entry) => pattern.test(entry.note)), `${pattern}: ${JSON.stringify(preview.target.map((entry) => entry.note))}`);
});

test('Front: the writer notes exactly what previewTicket predicts (priority, type, status, a private first comment, fields, inline images, a non-teammate\'s note)', async (t) => {
  const notes = await writtenAndPredicted(t, 'front', (agentId, fields, notATeammate) => {
    const dropdown = fields.find((field) => field.options?.length);
    const note = (id: string, body: string, createdAt: string) => ({id, authorId: notATeammate, authorLabel: 'Carla Customer <carla@example.test>', body, public: false, createdAt, attachments: []});
    return crafted(agentId, {
      priority: 'urgent',
      kind: 'task',
      status: 'hold',
      customFields: {'999999': 'no such field', ...(dropdown ? {[dropdown.id]: 'no such option'} : {})},
      comments: [
        note('1', '<p>Private, first</p>', '2024-01-02T03:04:05Z'),
        {id: '2', authorId: agentId, authorLabel: 'Agent', body: '<p>See <img src="https://source.invalid/files/shot"></p>', public: true, createdAt: '2024-01-02T04:04:05Z', attachments: [attachment('shot', 10, true), attachment('file', 20)]},
        note('3', '<p>Private, later</p>', '2024-01-02T05:04:05Z'),
      ],
    });
  });
  for (const pattern of [/no priority: "urgent"/, /no type: "task"/, /no "hold" status/, /^comment 1: the first comment is private/, /Custom field 999999 is not a Front conversation custom field/, /1 inline image/, /^comment 3: a private note by Carla/])
    t.true(notes.some((note) => pattern.test(note)), `${pattern}: ${notes.join('\n')}`);
});
