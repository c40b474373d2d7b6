// Exactly once under faults: answers lost after the write was applied, 5xx, resets, 429
// storms, timeouts, a credential revoked mid-run, kills at unlucky instants and a second
// run on the same folder. Each test compares the target's exact contents with the source
// (helpers/exactly-once.ts), not the absence of errors. Zendesk emulator to Freshdesk
// emulator over loopback, with the fault proxy in front of the target (or the source).
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {startFaultProxy, type FaultProxy, type FaultProxyOptions} from './helpers/fault-proxy.js';
import {checkExactlyOnce} from './helpers/exactly-once.js';
import {startFerry, summaryOf} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import type {RunMode} from '../source/engine/journal.js';

async function bedWithProxy(t: {teardown(fn: () => unknown): void}, proxy: Omit<FaultProxyOptions, 'upstream'>, side: 'target' | 'source' = 'target', tickets = 30): Promise<{bed: Bed; proxy: FaultProxy}> {
  const bed = await testBed({tickets});
  const faults = await startFaultProxy({...proxy, upstream: side === 'target' ? bed.demo.target.url : bed.demo.source.url});
  t.teardown(async () => {
    await faults.close();
    await bed.close();
  });
  bed.savePlan((plan) => (plan[side].url = faults.url));
  // A held answer counts as unanswered after 15 s (the default is two minutes): long enough that
  // an answer slowed by a busy machine is not taken for a lost one.
  bed.env.FERRY_HTTP_TIMEOUT_MS = '15000';
  return {bed, proxy: faults};
}

async function run(bed: Bed, mode: RunMode) {
  return runMigration({dir: bed.dir, mode, env: bed.env});
}

async function exact(bed: Bed) {
  const rows = bed.journal((journal) => journal.records());
  return checkExactlyOnce(bed.demo.source.url, bed.demo.target.url, rows);
}

test('rule 3: answers lost after ticket creates were applied, and timeouts, duplicate nothing', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {
    rules: [
      {method: 'POST', path: /^\/api\/v2\/tickets$/, fault: 'lostAnswer', times: 4},
      {method: 'POST', path: /^\/api\/v2\/tickets\/\d+\/notes$/, fault: 'lostAnswer', times: 4},
      {method: 'POST', path: /^\/api\/v2\/tickets$/, fault: 'timeout', times: 2},
    ],
    holdMs: 60_000, // held past ferry's 15 s: ferry gives up on the answer itself
  });
  const result = await run(bed, 'full');
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 8);
  t.is(proxy.injected.timeout, 2);
  const report = await exact(bed);
  t.deepEqual(report.problems, []);
});

test('rule 2: notes refused with 503 in the first run are written by the retry, each once, and no ticket counts as migrated without them', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {rules: [{method: 'POST', path: /\/notes$/, fault: 'error5xx'}]});
  const first = await run(bed, 'full');
  t.is(first.status, 'finished', first.message);
  t.true(proxy.injected.error5xx > 0);
  const source = await bed.sourceRecords('tickets');
  const withReplies = new Set(source.filter((ticket) => ticket.comments.length > 1).map((ticket) => String(ticket.id)));
  const rows = bed.journal((journal) => journal.records({type: 'tickets'}));
  const migratedWithoutNotes = rows.filter((row) => withReplies.has(row.sourceId) && row.status === 'migrated');
  t.deepEqual(migratedWithoutNotes.map((row) => row.sourceId), [], 'a ticket whose notes could not be written is not migrated');

  proxy.clearRules();
  const retry = await run(bed, 'retry');
  t.is(retry.status, 'finished', retry.message);
  const report = await exact(bed);
  t.deepEqual(report.problems, []);
  const heldBack = rows.filter((row) => row.status === 'failed' && withReplies.has(row.sourceId) && /503/.test(row.reason ?? '')).map((row) => row.sourceId);
  t.true(heldBack.length > 0);
  const after = new Map(bed.journal((journal) => journal.records({type: 'tickets'})).map((row) => [row.sourceId, row.status]));
  t.deepEqual(heldBack.filter((id) => after.get(id) !== 'migrated'), [], 'the retry completed every ticket the notes held back');
});

test('rule 4: a lost answer on contacts, companies, custom fields and the marker field is found and linked, and every field value arrives', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {
    rules: [
      {method: 'POST', path: /^\/api\/v2\/admin\/ticket_fields$/, fault: 'lostAnswer', times: 3},
      {method: 'POST', path: /^\/api\/v2\/contacts$/, fault: 'lostAnswer', times: 3},
      {method: 'POST', path: /^\/api\/v2\/companies$/, fault: 'lostAnswer', times: 2},
    ],
  });
  const result = await run(bed, 'full');
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 8);
  const fields = bed.journal((journal) => journal.records({type: 'ticket_fields'}));
  t.deepEqual(fields.filter((row) => row.status === 'failed').map((row) => row.reason), []);
  const report = await exact(bed);
  t.deepEqual(report.problems, []);
});

test('rule 4: a field that could not be created leaves a warning on its tickets, and the next run fills the values in', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {rules: [{method: 'POST', path: /^\/api\/v2\/admin\/ticket_fields$/, body: /"label":"Product"/, fault: 'error5xx'}]});
  const first = await run(bed, 'full');
  t.is(first.status, 'finished', first.message);
  const field = bed.journal((journal) => journal.records({type: 'ticket_fields'}).find((row) => row.label === 'Product'))!;
  t.is(field.status, 'failed');
  const warned = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).filter((row) => row.needsRefill));
  t.true(warned.length > 0, 'tickets with a Product value say so and are marked to be filled in');
  t.true(warned.every((row) => /custom field "Product" is not on the target yet/.test(row.reason ?? '')), warned[0]?.reason ?? '');
  // Not a silent drop: the checker accepts a missing value only where the ticket warns.
  t.deepEqual((await exact(bed)).problems, []);

  proxy.clearRules();
  const second = await run(bed, 'full');
  t.is(second.status, 'finished', second.message);
  t.is(bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).filter((row) => row.needsRefill).length), 0);
  const fields = (await (await fetch(`${bed.demo.target.url}/__emulator/raw/ticket_fields`)).json()) as Array<{label: string; name: string}>;
  const product = fields.find((f) => f.label === 'Product')!.name;
  const raw = (await (await fetch(`${bed.demo.target.url}/__emulator/raw/tickets`)).json()) as Array<{id: number; custom_fields: Record<string, unknown>}>;
  const empty = warned.filter((row) => [null, undefined, ''].includes(raw.find((ticket) => String(ticket.id) === row.targetId)?.custom_fields[product] as never));
  t.deepEqual(empty.map((row) => row.sourceId), [], 'every warned ticket now has its Product value');
  t.deepEqual((await exact(bed)).problems, []);
});

test('a feature the source account\'s plan lacks (Help Center answers 403) skips its records with a warning; everything else moves once', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {rules: [{path: /^\/api\/v2\/help_center\//, fault: 'forbidden'}]}, 'source');
  const result = await run(bed, 'full');
  t.is(result.status, 'finished', result.message);
  t.regex(result.message ?? '', /kb categories skipped: Help Center is not available on the source account/);
  t.true(proxy.injected.forbidden > 0);
  t.is(bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).length) > 0, true);
  t.deepEqual((await exact(bed)).problems, []);
});

test('rule 5: two ferry run on one folder: one writes, the other says who does and changes nothing', async (t) => {
  t.timeout(10 * 60_000);
  const bed = await testBed({tickets: 30});
  t.teardown(() => bed.close());
  const first = startFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
  // Let the first take the folder before the second starts.
  for (let i = 0; i < 200 && !bed.journal((journal) => journal.getMeta('writer')); i++) await new Promise((r) => setTimeout(r, 50));
  const second = startFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
  const [a, b] = await Promise.all([first.exited, second.exited]);
  t.is(a, 0, first.output());
  t.is(b, 1, second.output());
  t.regex(second.output(), /Another ferry process \(pid \d+, ferry run --mode full/);
  t.deepEqual((await exact(bed)).problems, []);
  t.is(bed.journal((journal) => journal.runs().length), 1, 'the second never started a run');
});

test('rule 5: the lock of a killed run is taken over', async (t) => {
  t.timeout(10 * 60_000);
  const bed = await testBed({tickets: 30});
  t.teardown(() => bed.close());
  const first = startFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
  for (let i = 0; i < 400 && bed.journal((journal) => journal.records({type: 'tickets'}).length) < 3; i++) await new Promise((r) => setTimeout(r, 25));
  first.killGroup();
  await first.exited;
  t.regex(bed.journal((journal) => journal.getMeta('writer') ?? ''), new RegExp(`"pid":${first.pid}`), 'the dead run still holds the lock');
  const second = await run(bed, 'full');
  t.is(second.status, 'finished', second.message);
  t.deepEqual((await exact(bed)).problems, []);
});

for (const [index, after] of [30, 90, 150].entries()) {
  test(`rule 9: a credential revoked mid-run (after ${after} requests) stops cleanly, and the next run resumes`, async (t) => {
    t.timeout(10 * 60_000);
    const {bed, proxy} = await bedWithProxy(t, {seed: index + 1});
    // Requests pass until `after`, then every one is refused with 401.
    proxy.addRule({fault: 'unauthorized', skip: after});
    const stopped = startFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
    t.is(await stopped.exited, 1, stopped.output());
    const summary = summaryOf(stopped.output());
    t.truthy(summary, `a --json summary: ${stopped.output()}`);
    t.is(summary!.status, 'stopped');
    t.regex(summary!.message ?? '', /401/);
    t.notRegex(stopped.output(), /Unhandled|    at |RunStopError:/, 'no stack trace');
    t.is(bed.journal((journal) => journal.lastRun()!.status), 'stopped');

    proxy.clearRules();
    const resumed = await run(bed, 'full');
    t.is(resumed.status, 'finished', resumed.message);
    t.deepEqual((await exact(bed)).problems, []);
  });
}

test('by chance: 10% faults of every kind in front of the target, then in front of the source; the target holds each record once', async (t) => {
  t.timeout(25 * 60_000);
  const rates = {error5xx: 0.1, resetBefore: 0.1, lostAnswer: 0.1, rateLimit: 0.03, timeout: 0.02};
  for (const side of ['target', 'source'] as const) {
    const {bed, proxy} = await bedWithProxy(t, {seed: side === 'target' ? 7 : 11, rates, holdMs: 3000}, side, 20);
    let result = await run(bed, 'full');
    for (let attempt = 0; result.status !== 'finished' && attempt < 5; attempt++) result = await run(bed, 'full');
    t.is(result.status, 'finished', result.message);
    // Records that failed under the faults are retried with the faults still on.
    for (let attempt = 0; attempt < 3 && bed.journal((journal) => journal.records({status: 'failed'}).length) > 0; attempt++) await run(bed, 'retry');
    t.true(proxy.injected.lostAnswer > 0 && proxy.injected.error5xx > 0 && proxy.injected.resetBefore > 0, JSON.stringify(proxy.injected));
    const report = await exact(bed);
    t.deepEqual(report.problems, [], `${side}: ${JSON.stringify(proxy.injected)}`);
  }
});

test('by chance: a kill storm (SIGKILL of the whole process group at random instants) with faults, then resume: each record once', async (t) => {
  t.timeout(25 * 60_000);
  const {bed, proxy} = await bedWithProxy(t, {seed: 3, rates: {error5xx: 0.05, lostAnswer: 0.05, resetBefore: 0.05}}, 'target', 30);
  let random = 42;
  const next = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let kill = 0; kill < 5; kill++) {
    const child = startFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
    await new Promise((r) => setTimeout(r, 600 + next() * 2500));
    child.killGroup();
    await child.exited;
  }
  proxy.setRates({});
  let result = await run(bed, 'full');
  for (let attempt = 0; result.status !== 'finished' && attempt < 3; attempt++) result = await run(bed, 'full');
  t.is(result.status, 'finished', result.message);
  if (bed.journal((journal) => journal.records({status: 'failed'}).length)) await run(bed, 'retry');
  const report = await exact(bed);
  t.deepEqual(report.problems, []);
  t.is(bed.journal((journal) => journal.records({status: 'pending'}).length), 0);
});
