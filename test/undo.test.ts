// ferry undo: a demo, then `undo --mode demo`, leaves each emulated target exactly as it was
// (compared field by field with a snapshot taken before the demo), also under faults and kills;
// records the target held before (agents, contacts ferry linked to) are untouched.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {snapshotTarget, differences, type Snapshot} from './helpers/target-snapshot.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo, undoPreview} from '../source/app/undo.js';
import {findConnector} from '../source/app/registry.js';
import {loadPlan} from '../source/plan/plan.js';

// ava fails a test that makes no assertion for this long. A demo and its undo, or ten kills of
// undo under faults, pass none: with two suites beside it (load 13 to 17) one took over 6 minutes.
const UNDO_TEST_QUIET = 20 * 60_000;

async function demoThenUndo(t: any, bed: Bed, platform: string) {
  const before = await snapshotTarget(bed.demo.target.url, platform);
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  const during = await snapshotTarget(bed.demo.target.url, platform);
  t.true(differences(before, during).length > 0, 'the demo wrote to the target');
  const preview = undoPreview(bed.dir, {mode: 'demo'});
  t.true(preview.total > 0);
  return before;
}

/**
 * What the platform's docs say undo leaves on the target (docs/platforms/<platform>.md, "Deleting"),
 * taken out of `after` only once the test has seen that it is exactly that and that undo said so:
 * tags a ticket carried (Front, Intercom: ferry cannot tell which ones it made), conversations in
 * Front's trash, contacts and companies Intercom archives. Everything else must be as before.
 */
async function withoutDocumentedLeftovers(t: any, bed: Bed, platform: string, before: Snapshot, after: Snapshot): Promise<Snapshot> {
  if (platform !== 'front' && platform !== 'intercom') return after;
  const out = {...after};
  const counts = bed.journal((journal) => journal.undoneCounts());
  const undone = (type: string, outcome: string) => counts.filter((row) => row.type === type && row.outcome === outcome).reduce((n, row) => n + row.n, 0);
  const ticketsHow = findConnector(platform)!.removal!.tickets!;
  const tagsStay = /the tags they carried stay|the ticket's own tags stay/;
  t.regex(ticketsHow.soft, tagsStay, 'undo says the tags stay');
  const known = new Set((before['raw/tags'] as Array<{id: string}>).map((tag) => String(tag.id)));
  // The tickets' own tags and the plan's "migrated" tag (options.tagMigrated).
  const sourceTags = new Set([...(await bed.sourceRecords('tickets')).flatMap((ticket: any) => ticket.tags as string[]), loadPlan(bed.dir).options.tagMigrated]);
  const added = (after['raw/tags'] as Array<{id: string; name: string}>).filter((tag) => !known.has(String(tag.id)));
  t.deepEqual(added.filter((tag) => !sourceTags.has(tag.name)), [], 'the only tags left are tags the source tickets carry');
  out['raw/tags'] = (after['raw/tags'] as Array<{id: string}>).filter((tag) => known.has(String(tag.id)));
  if (platform === 'intercom') {
    const archived = after['raw/archived'] as {contacts: Array<{id: string}>; companies: Array<{id: string}>};
    const was = before['raw/archived'] as typeof archived;
    t.is(archived.companies.length - was.companies.length, undone('organizations', 'marked deleted'), 'every company undo archived is said so');
    t.is(archived.contacts.length - was.contacts.length, undone('contacts', 'trashed'), 'every contact undo archived is said so');
    out['raw/archived'] = was;
  }
  if (platform === 'front') {
    const ids = new Set((before['raw/conversations'] as Array<{id: string}>).map((c) => c.id));
    const trashed = (after['raw/conversations'] as Array<{id: string; status: string}>).filter((c) => !ids.has(c.id));
    t.true(trashed.every((c) => c.status === 'deleted'), 'conversations left are in the trash');
    t.is(trashed.length, undone('tickets', 'trashed'), 'every conversation undo trashed is said so');
    out['raw/conversations'] = (after['raw/conversations'] as Array<{id: string}>).filter((c) => ids.has(c.id));
  }
  return out;
}

function countByType(bed: Bed): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of bed.journal((journal) => journal.createdRecords())) counts[row.type] = (counts[row.type] ?? 0) + 1;
  return counts;
}

const TARGETS = ['freshdesk', 'zendesk', 'freshservice', 'helpscout', 'front', 'intercom'] as const;
/** The demo's source for each target: Zendesk, or Freshdesk into Zendesk. */
const SOURCE: Record<string, string> = {zendesk: 'freshdesk'};
/** Intercom with the target's `ticketType` set: tickets are written as Intercom tickets (ticket-writer.ts). */
const INTERCOM_TICKETS = {label: 'intercom (as Intercom tickets)', platform: 'intercom', ticketType: 'Customer request'} as const;
type Target = {label: string; platform: string; ticketType?: string};
const MODES: Target[] = [...TARGETS.map((platform) => ({label: platform, platform})), INTERCOM_TICKETS];

function writeAsTickets(bed: Bed, target: Target) {
  if (target.ticketType) bed.savePlan((plan) => (plan.target.credentials.ticketType = {value: target.ticketType!}));
}

/** A mode that writes Intercom tickets has written some: the demo went where the test means it to. */
function wroteTickets(t: any, bed: Bed, target: Target) {
  if (!target.ticketType) return;
  // A create whose answer was lost under faults has no id yet (undo finds it by its marker): those with one.
  const ids = bed.journal((journal) => journal.createdRecords().filter((row) => row.type === 'tickets' && row.createdId).map((row) => row.createdId!));
  t.true(ids.length > 0 && ids.every((id) => id.startsWith('ticket-')), `tickets written as Intercom tickets: ${ids.slice(0, 3).join(', ')}`);
}

for (const target of MODES) {
  const {platform} = target;
  test(`${target.label}: a demo then undo --mode demo (options.undoPermanently) leaves the target exactly as before, and a new run migrates the records again as new`, async (t) => {
    t.timeout(UNDO_TEST_QUIET);
    const bed = await testBed({tickets: 30, targetPlatform: platform, sourcePlatform: SOURCE[platform] ?? 'zendesk'});
    t.teardown(() => bed.close());
    bed.savePlan((plan) => (plan.options.undoPermanently = true));
    writeAsTickets(bed, target);
    const before = await demoThenUndo(t, bed, platform);
    wroteTickets(t, bed, target);
    const firstDemo = Promise.resolve({created: countByType(bed)});
    const failedFirst = bed.journal((journal) => journal.records({status: 'failed'}).map((row) => `${row.type}:${row.sourceId} ${row.reason}`).sort());
    const linkedBefore = bed.journal((journal) => journal.records().filter((row) => /^linked to|^matched to/.test(row.reason ?? '')).length);
    // The target held contacts the demo linked to by email: they must come through untouched.
    if (platform !== 'helpscout') t.true(linkedBefore > 0, 'the demo linked to records the target already held');
    const result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
    t.is(result.status, 'finished', result.message);
    t.deepEqual(result.items.filter((item) => item.outcome === 'failed' || item.outcome === 'kept'), []);
    t.deepEqual(differences(before, await withoutDocumentedLeftovers(t, bed, platform, before, await snapshotTarget(bed.demo.target.url, platform))), []);
    t.is(bed.journal((journal) => journal.createdRecords().length), 0);
    t.is(bed.journal((journal) => journal.undos().at(-1)?.status), 'finished');
    // Linked records stay in the journal as they were: undo never touched them.
    t.is(bed.journal((journal) => journal.records().filter((row) => /^linked to|^matched to/.test(row.reason ?? '')).length), linkedBefore);
    // Nothing left to undo: a second undo deletes nothing.
    t.is(undoPreview(bed.dir, {mode: 'demo'}).total, 0);
    // A new run migrates them again, as new records.
    const created = (await firstDemo).created;
    const again = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
    t.is(again.status, 'finished', again.message);
    t.deepEqual(countByType(bed), created);
    t.deepEqual(bed.journal((journal) => journal.records({status: 'failed'}).map((row) => `${row.type}:${row.sourceId} ${row.reason}`).sort()), failedFirst);
  });
}

for (const platform of TARGETS) {
  test(`${platform}: undo to the platform's trash (the default) takes every record ferry created out of the account's lists`, async (t) => {
    t.timeout(UNDO_TEST_QUIET);
    const bed = await testBed({tickets: 30, targetPlatform: platform, sourcePlatform: SOURCE[platform] ?? 'zendesk'});
    t.teardown(() => bed.close());
    const before = await demoThenUndo(t, bed, platform);
    const result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
    t.is(result.status, 'finished', result.message);
    const after = await snapshotTarget(bed.demo.target.url, platform);
    if (platform === 'freshservice') {
      // Freshservice deactivates requesters (only Forget deletes them): those ferry created stay, inactive.
      const created = new Set(result.items.filter((item) => item.type === 'contacts').map((item) => item.targetId));
      t.true(created.size > 0);
      const leftover = (after['raw/requesters'] as Array<{id: number; active: boolean}>).filter((r) => created.has(String(r.id)));
      t.is(leftover.length, created.size);
      t.true(leftover.every((r) => r.active === false));
      for (const key of ['raw/requesters', 'records/contacts']) after[key] = (after[key] as Array<{id: number | string}>).filter((r) => !created.has(String(r.id)));
    }
    t.deepEqual(differences(before, await withoutDocumentedLeftovers(t, bed, platform, before, after)), []);
    t.true(result.items.some((item) => item.outcome === 'trashed' || ((platform === 'helpscout' || platform === 'intercom') && item.outcome === 'deleted')));
  });
}

const EVERY_FAULT = {error5xx: 0.1, resetBefore: 0.1, lostAnswer: 0.1, rateLimit: 0.1, timeout: 0.1};

for (const [index, target] of MODES.entries()) {
  const {platform} = target;
  test(`${target.label}: a demo and its undo with 10% of each fault kind in front of the target and ten kills of ferry undo leave the target exactly as before`, async (t) => {
    t.timeout(UNDO_TEST_QUIET);
    const bed = await testBed({tickets: 20, targetPlatform: platform, sourcePlatform: SOURCE[platform] ?? 'zendesk'});
    const proxy = await startFaultProxy({upstream: bed.demo.target.url, seed: 40 + index, rates: EVERY_FAULT, holdMs: 2500});
    t.teardown(async () => {
      await proxy.close();
      await bed.close();
    });
    bed.savePlan((plan) => {
      plan.target.url = proxy.url;
      plan.options.undoPermanently = true;
    });
    writeAsTickets(bed, target);
    bed.env.FERRY_HTTP_TIMEOUT_MS = '2000';
    const before = await snapshotTarget(bed.demo.target.url, platform);
    let demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
    for (let attempt = 0; demo.status !== 'finished' && attempt < 5; attempt++) demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
    t.is(demo.status, 'finished', demo.message);
    wroteTickets(t, bed, target);
    const planned = undoPreview(bed.dir, {mode: 'demo'}).total;
    t.true(planned > 0);
    let random = 7 + index;
    const next = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let killed = 0;
    for (let kill = 0; kill < 10; kill++) {
      const child = startFerry(['undo', '--mode', 'demo', '--yes', '--json', '--dir', bed.dir], bed.env);
      await new Promise((r) => setTimeout(r, 300 + next() * 1500));
      child.killGroup();
      if ((await child.exited) === null) killed++;
    }
    t.true(killed > 0, 'at least one undo was killed mid-way');
    // Faults stay on: the undo that finishes runs under them too.
    let result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
    for (let attempt = 0; result.status !== 'finished' && attempt < 5; attempt++) result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
    t.is(result.status, 'finished', `${result.message} ${JSON.stringify(result.items.filter((item) => item.outcome === 'failed'))}`);
    t.true(proxy.injected.lostAnswer > 0 && proxy.injected.error5xx > 0 && proxy.injected.resetBefore > 0, JSON.stringify(proxy.injected));
    const left = differences(before, await withoutDocumentedLeftovers(t, bed, platform, before, await snapshotTarget(bed.demo.target.url, platform)));
    // What the journal knew of each field, should one be left: the test's message says how it got there.
    if (left.length) t.log(bed.journal((journal) => journal.undos().flatMap((undo) => journal.undoneCounts(undo.id)).concat(journal.records({type: 'ticket_fields'}) as never[])));
    t.deepEqual(left, []);
    t.is(bed.journal((journal) => journal.createdRecords().length), 0);
  });
}

test('the command line: --dry-run lists by type and changes nothing; without a terminal undo needs --yes; one selector at a time', async (t) => {
  t.timeout(UNDO_TEST_QUIET);
  const bed = await testBed({tickets: 20});
  t.teardown(() => bed.close());
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  const before = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  const dry = startFerry(['undo', '--mode', 'demo', '--dry-run', '--dir', bed.dir], bed.env);
  t.is(await dry.exited, 0, dry.output());
  const preview = undoPreview(bed.dir, {mode: 'demo'});
  for (const row of preview.types) t.regex(dry.output(), new RegExp(`${row.type}\\s+${row.count}\\s`));
  t.regex(dry.output(), /Records ferry linked to \(found by email or name, not created\): \d+, never deleted/);
  const asked = startFerry(['undo', '--mode', 'demo', '--dir', bed.dir], bed.env);
  t.is(await asked.exited, 2, asked.output());
  t.regex(asked.output(), /add --yes/);
  const both = startFerry(['undo', '--mode', 'demo', '--run', '1', '--yes', '--dir', bed.dir], bed.env);
  t.is(await both.exited, 2, both.output());
  t.deepEqual(differences(before, await snapshotTarget(bed.demo.target.url, 'freshdesk')), [], 'nothing was deleted');
  const done = startFerry(['undo', '--run', String(demo.runId), '--yes', '--json', '--dir', bed.dir], bed.env);
  t.is(await done.exited, 0, done.output());
  const summary = JSON.parse(done.output().trim().split('\n').at(-1)!);
  t.is(summary.status, 'finished');
  t.is(summary.items.length, preview.total + 1, 'every record of the run, and the marker field');
  const status = startFerry(['status', '--json', '--dir', bed.dir], bed.env);
  t.is(await status.exited, 0, status.output());
  const undos = JSON.parse(status.output()).undos;
  t.is(undos.length, 1);
  t.is(undos[0].status, 'finished');
  t.is(undos[0].removed.tickets.trashed, preview.types.find((row) => row.type === 'tickets')!.count, 'the journal says what the undo removed');
});
