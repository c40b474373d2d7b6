// Front over loopback: as a source into the Freshdesk emulator and as a target from the Zendesk
// emulator, compared on the targets' exact contents by ferry's markers; lost answers to Import message
// found by the marker tag and external_id; a kill -9 storm with resume; and 10% of each fault kind.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {checkExactlyOnce} from './helpers/exactly-once.js';
import {checkExactlyOnceFront} from './helpers/exactly-once-front.js';
import {startFaultProxy, type FaultProxy} from './helpers/fault-proxy.js';
import {startFerry, summaryOf} from './helpers/ferry-process.js';
import {migrationStatus, runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';

async function bed(t: {teardown(fn: () => unknown): void}, sourcePlatform: string, targetPlatform: string, tickets = 15): Promise<Bed> {
  const made = await testBed({sourcePlatform, targetPlatform, tickets});
  t.teardown(() => made.close());
  return made;
}

const rows = (b: Bed) => b.journal((journal) => journal.records());
const migratedTickets = (b: Bed) => {
  try {
    const journal = Journal.inFolder(b.dir);
    try {
      return journal.records({type: 'tickets', status: 'migrated'}).length;
    } finally {
      journal.close();
    }
  } catch {
    return 0;
  }
};

/** SIGKILLs the whole ferry process group `kills` times, each after a few more tickets, then lets a last run finish. */
async function killStorm(b: Bed, kills: number, step: number): Promise<{output: string; beforeLast: number}> {
  for (let kill = 1; kill <= kills; kill++) {
    const run = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
    const target = migratedTickets(b) + step;
    const started = Date.now();
    while (migratedTickets(b) < target && Date.now() - started < 90_000) {
      if ((await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))])) === true) break;
    }
    run.killGroup();
    await run.exited;
  }
  const beforeLast = migratedTickets(b);
  const last = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  await last.exited;
  return {output: last.output(), beforeLast};
}

test.serial('Front as source: a full run into Freshdesk moves every conversation, message, comment and attachment once; a delta adds what changed', async (t) => {
  t.timeout(150_000);
  const b = await bed(t, 'front', 'freshdesk');
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  t.is(result.types.tickets!.total, source.length);
  const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}));
  t.deepEqual(failed.filter((row) => !/invalid email|required target field/.test(row.reason ?? '')).map((row) => row.reason), []);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'front')).problems, []);
  // Messages and comments come oldest first, merged into one list.
  const sample = source.find((ticket) => ticket.comments.length > 2)!;
  const dates = sample.comments.map((comment: {createdAt: string}) => comment.createdAt);
  t.deepEqual(dates, [...dates].sort());

  const activity = (await (await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'})).json()) as {description: string};
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.true(delta.types.tickets!.total >= 3 && delta.types.tickets!.total <= 4, `${activity.description}: ${JSON.stringify(delta.types.tickets)}`);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'front')).problems, []);
});

test.serial('Front as target: imported conversations keep their dates; each message, comment, attachment, contact and account once; a delta adds only what is new', async (t) => {
  t.timeout(150_000);
  const b = await bed(t, 'zendesk', 'front');
  const first = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(first.status, 'finished', first.message);
  t.true(first.types.tickets!.migrated > 0);
  t.deepEqual((await checkExactlyOnceFront(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  const tickets = b.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}));
  t.true(tickets.some((row) => /no priority|no type/.test(row.reason ?? '')), 'what Front cannot keep is said on the record');
  t.true(migrationStatus(b.dir).limitations.some((line) => /private note dates/.test(line)), 'and what it never keeps once');
  const fields = b.journal((journal) => journal.records({type: 'ticket_fields'}));
  t.true(fields.every((row) => row.status === 'skipped' && /cannot create custom fields|has no (multiselect|regexp) custom field/.test(row.reason ?? '')), JSON.stringify(fields.map((r) => r.reason)));

  await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'});
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.deepEqual((await checkExactlyOnceFront(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

test.serial('lost answers to Import message and Add comment are found by the marker tag, the external_id and the comment marker', async (t) => {
  t.timeout(120_000);
  const b = await bed(t, 'zendesk', 'front', 15);
  const proxy = await startFaultProxy({upstream: b.demo.target.url, rules: [{method: 'POST', path: /imported_messages$/, fault: 'lostAnswer', times: 4}, {method: 'POST', path: /\/comments$/, fault: 'lostAnswer', times: 3}, {method: 'POST', path: /^\/(contacts|accounts)$/, fault: 'lostAnswer', times: 3}]});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 10);
  t.deepEqual((await checkExactlyOnceFront(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

for (const [name, sourcePlatform, targetPlatform, tickets] of [
  ['Front as target, from Zendesk', 'zendesk', 'front', 25],
  // Over 100 conversations: two pages of List conversations, resumed by page_token.
  ['Front as source, into Freshdesk', 'front', 'freshdesk', 130],
] as const)
  test.serial(`${name}: a storm of SIGKILLs mid-run, then a resume, leaves nothing lost or twice`, async (t) => {
    t.timeout(240_000);
    const b = await bed(t, sourcePlatform, targetPlatform, tickets);
    const {output, beforeLast} = await killStorm(b, 4, 3);
    t.true(beforeLast > 0 && beforeLast < tickets, `the kills landed mid-run (${beforeLast} of ${tickets} tickets before the last run)`);
    const summary = summaryOf(output);
    t.is(summary?.status, 'finished', output);
    t.is(summary?.types.tickets?.total, tickets, 'every conversation page was read');
    const report = targetPlatform === 'front' ? await checkExactlyOnceFront(b.demo.source.url, b.demo.target.url, rows(b)) : await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'front');
    t.deepEqual(report.problems, []);
    t.is(b.journal((journal) => journal.records({status: 'pending'})).length, 0);
  });

for (const [name, sourcePlatform, targetPlatform] of [
  ['Front as target', 'zendesk', 'front'],
  ['Front as source', 'front', 'freshdesk'],
] as const)
  test.serial(`${name}: under 10% of each fault kind on every Front request (5xx, resets, lost answers, 429s, timeouts), nothing is lost or written twice`, async (t) => {
    t.timeout(240_000);
    const b = await bed(t, sourcePlatform, targetPlatform, 15);
    b.env.FERRY_HTTP_TIMEOUT_MS = '2000';
    const side = targetPlatform === 'front' ? 'target' : 'source';
    const proxy: FaultProxy = await startFaultProxy({upstream: b.demo[side].url, seed: 7, rates: {error5xx: 0.1, resetBefore: 0.1, lostAnswer: 0.1, rateLimit: 0.1, timeout: 0.1}, holdMs: 2500, stormLength: 1});
    t.teardown(() => proxy.close());
    b.savePlan((plan) => (plan[side].url = proxy.url));
    let result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
    for (let run = 0; run < 6 && result.status !== 'finished'; run++) result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
    t.is(result.status, 'finished', result.message);
    proxy.setRates({});
    t.is((await runMigration({dir: b.dir, mode: 'retry', env: b.env})).status, 'finished');
    for (const kind of ['error5xx', 'resetBefore', 'lostAnswer', 'rateLimit', 'timeout'] as const) t.true(proxy.injected[kind] > 0, JSON.stringify(proxy.injected));
    const report = side === 'target' ? await checkExactlyOnceFront(b.demo.source.url, b.demo.target.url, rows(b)) : await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'front');
    t.deepEqual(report.problems, []);
    const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}));
    t.deepEqual(failed.filter((row) => !/invalid email|required target field/.test(row.reason ?? '')).map((row) => row.reason), [], "only the demo account's own problems fail");
  });
