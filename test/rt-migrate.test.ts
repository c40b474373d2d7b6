// Migrations through the real engine against a REAL Request Tracker 5: the demo account
// from the Zendesk emulator into RT, back out of RT into the Freshdesk emulator, and a
// delta into RT. Each ticket, comment, attachment (sha256), requester and custom field
// is checked on the other side. Needs RT (test/rt-fixtures.ts): skipped LOUDLY without.
import {startEmulator} from '../source/app/registry.js';
import test from 'ava';
import {createHash} from 'node:crypto';
import type {RunningEmulator} from '../source/contracts/connector.js';
import {runMigration} from '../source/app/migration.js';
import {defaultPlan, savePlan, type Plan} from '../source/plan/plan.js';
import type {Comment, Person, Ticket, TicketField} from '../source/contracts/model.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {zendeskConnector} from '../connectors/zendesk/index.js';
import {freshdeskConnector} from '../connectors/freshdesk/index.js';
import {requestTrackerConnector} from '../connectors/request-tracker/index.js';
import {whenRtAvailable} from './rt-fixtures.js';
import {
  createRtAgents, emulatorEndpoint, emulatorRecords, fieldValues, lockRt, migrationFolder, readJournal, resetRt,
  rtEndpoint, rtGet, rtMessages, rtTickets, visibleText, type RtMessage,
} from './helpers/rt.js';

type EmulatorAttachment = {id: string; fileName: string; size: number; sha256: string};
type SourceTicket = Omit<Ticket, 'comments'> & {comments: Array<Omit<Comment, 'attachments'> & {attachments: EmulatorAttachment[]}>};

const names = [
  'Zendesk emulator -> RT (full): tickets, comments, attachments, requesters and fields on RT',
  'RT -> Freshdesk emulator (full): what RT holds arrives in Freshdesk intact',
  'delta into RT: new and changed Zendesk tickets, no duplicates',
];
const account = smallDemoAccount(12);
const RT_MAX_ATTACHMENT = requestTrackerConnector.limits.maxAttachmentBytes;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const withoutKb = (plan: Plan) => (plan.recordTypes = plan.recordTypes.filter((type) => !type.startsWith('kb_')));

interface Shared {
  release?: () => void;
  zendesk?: RunningEmulator;
  freshdesk?: RunningEmulator;
  /** The Zendesk -> RT migration folder, its endpoints and env */
  intoRt?: {dir: string; env: NodeJS.ProcessEnv};
  sourceTickets: SourceTicket[];
  people: Map<string, Person>;
  fields: Map<string, TicketField>;
}
const shared: Shared = {sourceTickets: [], people: new Map(), fields: new Map()};

/** The RT messages that carry a source comment, found by the connector's comment marker. */
const messagesOf = (messages: RtMessage[], sourceKey: string, commentId: string) => messages.filter((m) => m.body.includes(`ferry-source: ${sourceKey}#comment-${commentId} -->`));

await whenRtAvailable(test, names, () => {
  test.before(async (t) => {
    t.timeout(16 * 60_000);
    shared.release = await lockRt();
    t.log(`RT ${await resetRt()}`);
    // A real target has its agents already; the engine matches them by email.
    await createRtAgents(account.source.agents);
    shared.zendesk = await startEmulator('zendesk', {seed: 'source', account, rateLimit: {off: true}});
    shared.freshdesk = await startEmulator('freshdesk', {seed: 'target', account, rateLimit: {off: true}});
    shared.sourceTickets = await emulatorRecords(shared.zendesk.url, 'tickets');
    for (const type of ['contacts', 'agents'] as const) for (const person of await emulatorRecords<Person>(shared.zendesk.url, type)) shared.people.set(person.id, person);
    for (const field of await emulatorRecords<TicketField>(shared.zendesk.url, 'ticket_fields')) shared.fields.set(field.id, field);
  });
  test.after.always(async () => {
    await Promise.all([shared.zendesk?.close(), shared.freshdesk?.close()]);
    shared.release?.();
  });

  test.serial(names[0]!, async (t) => {
    t.timeout(10 * 60_000);
    const zendesk = emulatorEndpoint(shared.zendesk!, 'zendesk', 'SOURCE');
    const rt = rtEndpoint();
    const plan = defaultPlan(zendesk.endpoint, rt.endpoint);
    withoutKb(plan);
    plan.source.requestsPerMinute = 1_000_000; // the emulator's limits are off
    plan.options.migrateInactiveUsers = true;
    const dir = migrationFolder();
    savePlan(dir, plan);
    const env = {...process.env, ...zendesk.env, ...rt.env};
    shared.intoRt = {dir, env};

    const result = await runMigration({dir, mode: 'full', env});
    t.is(result.status, 'finished', result.message);
    t.is(result.types.tickets!.total, shared.sourceTickets.length);
    const journal = readJournal(dir, (j) => j.records({}));
    for (const row of journal.filter((r) => r.status === 'failed')) t.truthy(row.reason && row.reason.length > 20, `${row.type} ${row.sourceId} failed with a clear reason: ${row.reason}`);

    // The problem cases fail for their own reasons, nothing else fails.
    const productField = [...shared.fields.values()].find((field) => field.title === 'Product')!;
    const invalidRequester = [...shared.people.values()].find((p) => p.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.email))!;
    const expectedFailure = (ticket: SourceTicket) =>
      ticket.requesterId === invalidRequester.id ? /invalid email address/ : ticket.customFields[productField.id] == null ? /required target field "Product" has no value/ : undefined;
    const fieldTarget = new Map(journal.filter((r) => r.type === 'ticket_fields' && r.targetId).map((r) => [r.sourceId, r.targetId!]));
    let checked = 0;
    for (const ticket of shared.sourceTickets) {
      const row = journal.find((r) => r.type === 'tickets' && r.sourceId === ticket.id);
      const expected = expectedFailure(ticket);
      if (expected) {
        t.is(row?.status, 'failed', `ticket ${ticket.id} fails`);
        t.regex(row?.reason ?? '', expected);
        continue;
      }
      t.is(row?.status, 'migrated', `ticket ${ticket.id}: ${row?.reason}`);
      if (!row?.targetId) continue;
      checked++;
      const rtTicket = await rtGet(`/ticket/${row.targetId}`);
      t.is(rtTicket.Subject, ticket.subject);
      // Requester: the same person, by email (or by name when the source has no email).
      const requester = await sourcePerson(ticket.requesterId);
      const rtRequesters = await Promise.all((rtTicket.Requestor ?? []).map((ref: {id: string}) => rtGet(`/user/${encodeURIComponent(ref.id)}`)));
      t.is(rtRequesters.length, 1, `ticket ${ticket.id} has one requestor`);
      if (requester.email) t.is(rtRequesters[0]?.EmailAddress?.toLowerCase(), requester.email.toLowerCase());
      else t.is(rtRequesters[0]?.RealName, requester.name);
      // Custom fields: every value the source has, on the field the journal maps it to.
      const rtValues = new Map<string, string[]>((rtTicket.CustomFields ?? []).map((cf: {id: string; values: string[]}) => [String(cf.id), cf.values]));
      for (const [fieldId, value] of Object.entries(ticket.customFields)) {
        const expectedValues = fieldValues(value, shared.fields.get(fieldId)?.type);
        const targetField = fieldTarget.get(fieldId);
        t.truthy(targetField, `field ${fieldId} was migrated`);
        t.deepEqual(fieldValues(rtValues.get(targetField!), shared.fields.get(fieldId)?.type), expectedValues, `ticket ${ticket.id} field ${shared.fields.get(fieldId)?.title}`);
      }
      // Comments: each once, in order, public as correspondence, private as comment, text and files intact.
      const messages = await rtMessages(row.targetId);
      const sourceKey = `zendesk:tickets:${ticket.id}`;
      let lastTxn = 0;
      for (const comment of ticket.comments) {
        const found = messagesOf(messages, sourceKey, comment.id);
        t.is(found.length, 1, `ticket ${ticket.id} comment ${comment.id} is on RT exactly once`);
        const message = found[0];
        if (!message) continue;
        t.true(Number(message.transactionId) > lastTxn, 'comments keep their order');
        lastTxn = Number(message.transactionId);
        t.is(message.type === 'Comment' ? 'private' : 'public', comment.public ? 'public' : 'private', `comment ${comment.id} visibility`);
        t.true(visibleText(message.body).includes(visibleText(comment.body)), `comment ${comment.id} text`);
        t.regex(message.body, /Originally from .+ on \d{4}-\d\d-\d\d/, 'author and date written visibly');
        for (const attachment of comment.attachments) {
          const file = message.files.find((f) => f.fileName === attachment.fileName);
          if (attachment.size > RT_MAX_ATTACHMENT) {
            t.falsy(file, `${attachment.fileName} is too big for RT`);
            t.regex(row.reason ?? '', new RegExp(`attachment ${attachment.fileName} .*larger than the target accepts`));
          } else if (attachment.size === 0) t.falsy(file);
          else t.is(file && sha(file.bytes), attachment.sha256, `ticket ${ticket.id} ${attachment.fileName} byte for byte`);
        }
      }
      // That RT cannot set authors and dates is a platform limitation (limits), said once, not on each ticket.
      t.notRegex(row.reason ?? '', /cannot set reply authors or dates/);
    }
    t.true(checked >= shared.sourceTickets.length - 4, `most tickets migrated (${checked})`);
    // Nothing extra on RT: one ticket per migrated source ticket.
    const onRt = await rtTickets('id > 0', 'id');
    t.is(onRt.length, journal.filter((r) => r.type === 'tickets' && r.status === 'migrated').length, 'no stray or duplicate RT tickets');
  });

  test.serial(names[1]!, async (t) => {
    t.timeout(10 * 60_000);
    if (!shared.intoRt) return t.fail('needs the Zendesk -> RT migration');
    const intoRt = readJournal(shared.intoRt.dir, (j) => j.records({}));
    const rt = rtEndpoint();
    const freshdesk = emulatorEndpoint(shared.freshdesk!, 'freshdesk', 'TARGET');
    const plan = defaultPlan(rt.endpoint, freshdesk.endpoint);
    withoutKb(plan);
    plan.target.requestsPerMinute = 1_000_000;
    plan.options.migrateInactiveUsers = true;
    // The Freshdesk demo target requires "Region", which neither Zendesk nor RT has.
    plan.fieldMap.defaults = {Region: 'EMEA'};
    const dir = migrationFolder();
    savePlan(dir, plan);
    const result = await runMigration({dir, mode: 'full', env: {...process.env, ...rt.env, ...freshdesk.env}});
    t.is(result.status, 'finished', result.message);
    const outOfRt = readJournal(dir, (j) => j.records({}));
    for (const row of outOfRt.filter((r) => r.status === 'failed')) t.log(`failed ${row.type} ${row.sourceId}: ${row.reason}`);

    const fdTickets = new Map((await emulatorRecords<SourceTicket>(shared.freshdesk!.url, 'tickets')).map((ticket) => [String(ticket.id), ticket]));
    const fdPeople = new Map<string, Person>();
    for (const type of ['contacts', 'agents']) for (const person of await emulatorRecords<Person>(shared.freshdesk!.url, type)) fdPeople.set(String(person.id), person);
    // Zendesk field -> RT field -> Freshdesk field, through the two journals.
    const rtField = new Map(intoRt.filter((r) => r.type === 'ticket_fields' && r.targetId).map((r) => [r.sourceId, r.targetId!]));
    const fdField = new Map(outOfRt.filter((r) => r.type === 'ticket_fields' && r.targetId).map((r) => [r.sourceId, r.targetId!]));

    const migratedIntoRt = intoRt.filter((r) => r.type === 'tickets' && r.status === 'migrated');
    t.true(migratedIntoRt.length > 0);
    for (const first of migratedIntoRt) {
      const ticket = shared.sourceTickets.find((tk) => tk.id === first.sourceId)!;
      const second = outOfRt.find((r) => r.type === 'tickets' && r.sourceId === first.targetId);
      t.is(second?.status, 'migrated', `RT ticket ${first.targetId} (Zendesk ${ticket.id}): ${second?.reason}`);
      const fd = second?.targetId ? fdTickets.get(second.targetId) : undefined;
      if (!fd) {
        t.fail(`Zendesk ticket ${ticket.id} is not in Freshdesk`);
        continue;
      }
      t.is(fd.subject, ticket.subject);
      const requester = await sourcePerson(ticket.requesterId);
      const fdRequester = fdPeople.get(String(fd.requesterId));
      if (requester.email) t.is(fdRequester?.email?.toLowerCase(), requester.email.toLowerCase(), `ticket ${ticket.id} requester`);
      else t.is(fdRequester?.name, requester.name, `ticket ${ticket.id} requester`);
      for (const [fieldId, value] of Object.entries(ticket.customFields)) {
        const type = shared.fields.get(fieldId)?.type;
        const target = fdField.get(rtField.get(fieldId) ?? '');
        t.truthy(target, `field ${shared.fields.get(fieldId)?.title} reached Freshdesk`);
        // Freshdesk keeps dropdown values by label; a multi-select arrives as a paragraph
        // field with the values comma-separated (it has no multi-select field).
        const field = shared.fields.get(fieldId);
        const label = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
        const sortedList = (text: unknown) => String(text).split(', ').sort().join(', ');
        if (type === 'multiselect') t.is(sortedList(fd.customFields[target!]), sortedList((value as unknown[]).join(', ')), `ticket ${ticket.id} field ${field?.title}`);
        else if (type === 'dropdown') t.is(fd.customFields[target!], label(value), `ticket ${ticket.id} field ${field?.title}`);
        else t.deepEqual(fieldValues(fd.customFields[target!], type), fieldValues(value, type), `ticket ${ticket.id} field ${field?.title}`);
      }
      for (const comment of ticket.comments) {
        const text = visibleText(comment.body);
        // Texts repeat within a ticket ("I have sent the documents"): the original date written by the RT leg tells them apart.
        const found = fd.comments.filter((c) => visibleText(c.body).includes(text) && c.body.includes(`on ${comment.createdAt}`));
        if (found.length !== 1) t.log(`comment ${comment.id} "${text}" in:\n${fd.comments.map((c) => visibleText(c.body)).join('\n')}`);
        t.is(found.length, 1, `Zendesk comment ${comment.id} is in Freshdesk ticket ${fd.id} exactly once`);
        const fdComment = found[0];
        if (!fdComment) continue;
        t.is(fdComment.public, comment.public, `comment ${comment.id} visibility`);
        for (const attachment of comment.attachments.filter((a) => a.size > 0 && a.size <= RT_MAX_ATTACHMENT)) {
          const file = fdComment.attachments.find((a) => a.fileName === attachment.fileName);
          t.is(file?.sha256, attachment.sha256, `ticket ${ticket.id} ${attachment.fileName} byte for byte through RT`);
        }
      }
    }
  });

  test.serial(names[2]!, async (t) => {
    t.timeout(10 * 60_000);
    if (!shared.intoRt) return t.fail('needs the Zendesk -> RT migration');
    const {dir, env} = shared.intoRt;
    const before = readJournal(dir, (j) => j.records({type: 'tickets', status: 'migrated'}));
    const rtBefore = (await rtTickets('id > 0', 'id')).length;
    // A closed ticket cannot be updated on Zendesk (422): change one that is not.
    const notClosed = new Set((await emulatorRecords<SourceTicket>(shared.zendesk!.url, 'tickets')).filter((tk) => tk.status !== 'closed').map((tk) => tk.id));
    const changed = before.find((row) => notClosed.has(row.sourceId))!;
    const changes = await changeZendesk(shared.zendesk!, changed.sourceId);

    const delta = await runMigration({dir, mode: 'delta', env});
    t.is(delta.status, 'finished', delta.message);
    t.true(delta.types.tickets!.total >= 2, 'the new and the changed ticket were read');
    const after = readJournal(dir, (j) => j.records({type: 'tickets'}));
    const created = after.find((r) => r.sourceId === changes.createdId);
    const updated = after.find((r) => r.sourceId === changes.updatedId);
    t.is(created?.status, 'migrated', created?.reason ?? '');
    t.is(updated?.status, 'migrated', updated?.reason ?? '');
    t.is(updated?.targetId, changed.targetId, 'the changed ticket was updated in place');
    t.is((await rtTickets('id > 0', 'id')).length, rtBefore + 1, 'one new RT ticket, no duplicates');
    t.is((await rtTickets(`CF.{Ferry Source} = 'zendesk:tickets:${changes.createdId}'`, 'id')).length, 1);

    // The new ticket, its comment and attachment.
    const newMessages = await rtMessages(created!.targetId!);
    const newComment = messagesOf(newMessages, `zendesk:tickets:${changes.createdId}`, changes.createdCommentId);
    t.is(newComment.length, 1);
    t.true(visibleText(newComment[0]?.body ?? '').includes(changes.createdText));
    t.is(sha(newComment[0]?.files.find((f) => f.fileName === 'delta-new.bin')?.bytes ?? Buffer.alloc(0)), sha(changes.createdFile));
    // The changed ticket: the new reply once, its attachment intact, the old comments still once, the new status.
    const source = (await emulatorRecords<SourceTicket>(shared.zendesk!.url, 'tickets')).find((tk) => tk.id === changes.updatedId)!;
    const messages = await rtMessages(updated!.targetId!);
    for (const comment of source.comments) t.is(messagesOf(messages, `zendesk:tickets:${source.id}`, comment.id).length, 1, `comment ${comment.id} once after the delta`);
    const reply = messages.find((m) => visibleText(m.body).includes(changes.updatedText));
    t.truthy(reply, 'the new reply reached RT');
    t.is(sha(reply?.files.find((f) => f.fileName === 'delta-reply.txt')?.bytes ?? Buffer.alloc(0)), sha(changes.updatedFile), 'a non-UTF-8 text file byte for byte');
    t.is((await rtGet(`/ticket/${updated!.targetId}`)).Status, 'stalled', 'status "hold" became RT\'s "stalled"');
  });
});

/** A source person; deleted ones are left out of the neutral records but Zendesk still serves them. */
async function sourcePerson(id: string): Promise<{name: string; email?: string}> {
  const known = shared.people.get(id);
  if (known) return known;
  const zendesk = shared.zendesk!;
  const headers = zendeskConnector.authHeaders({baseUrl: zendesk.url, authKind: zendesk.authKind, credentials: zendesk.credentials});
  const user = ((await (await fetch(`${zendesk.url}/api/v2/users/${id}.json`, {headers})).json()) as {user: {name: string; email?: string | null}}).user;
  return {name: user.name, email: user.email ?? undefined};
}

/** Activity in the Zendesk emulator through its API: one new ticket, one reply with a status change. */
async function changeZendesk(zendesk: RunningEmulator, updatedId: string) {
  const headers = zendeskConnector.authHeaders({baseUrl: zendesk.url, authKind: zendesk.authKind, credentials: zendesk.credentials});
  const call = async (method: string, path: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${zendesk.url}${path}`, {method, headers: {...headers, 'Content-Type': contentType}, body: Buffer.isBuffer(body) ? body : JSON.stringify(body)});
    if (!response.ok) throw new Error(`Zendesk emulator ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as any;
  };
  const upload = async (fileName: string, bytes: Buffer, type: string) => (await call('POST', `/api/v2/uploads?filename=${fileName}`, bytes, type)).upload.token as string;
  const createdFile = Buffer.from(Array.from({length: 3000}, (_, i) => (i * 131 + 7) % 256));
  // Latin-1 text: not UTF-8, the case RT would re-encode if its charset were guessed.
  const updatedFile = Buffer.from('Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve r\u00e9sum\u00e9\n'.repeat(40), 'latin1');
  const requester = account.source.contacts.find((c) => c.email && c.active && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email))!;
  const product = account.source.ticketFields.find((f) => f.title === 'Product')!;
  const createdText = 'Delta check: a brand new ticket written after the full run.';
  const created = await call('POST', '/api/v2/imports/tickets', {
    ticket: {
      subject: 'Delta: new ticket after the full run',
      requester_id: Number(requester.id),
      status: 'open',
      custom_fields: [{id: Number(product.id), value: product.options![0]!.value}],
      comments: [{body: createdText, public: true, uploads: [await upload('delta-new.bin', createdFile, 'application/octet-stream')]}],
    },
  });
  const createdId = String(created.ticket.id);
  const comments = (await emulatorRecords<SourceTicket>(zendesk.url, 'tickets')).find((tk) => tk.id === createdId)!.comments;
  const updatedText = 'Delta check: a reply added to a migrated ticket.';
  await call('PUT', `/api/v2/tickets/${updatedId}`, {ticket: {status: 'hold', comment: {body: updatedText, public: true, uploads: [await upload('delta-reply.txt', updatedFile, 'text/plain')]}}});
  return {createdId, createdCommentId: comments[0]!.id, createdText, createdFile, updatedId, updatedText, updatedFile};
}


