// Intercom over loopback: as a target from the Zendesk emulator and as a source into the Freshdesk
// emulator, compared on the targets' exact contents by ferry's markers; answers lost after writes
// were applied (found by their markers while the search index still lags); and 10% faults of every
// kind with a storm of SIGKILLs, on each side, then resumed: every record once.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {checkExactlyOnce} from './helpers/exactly-once.js';
import {checkExactlyOnceIntercom} from './helpers/exactly-once-intercom.js';
import {FAULT_KINDS, startFaultProxy, type FaultKind} from './helpers/fault-proxy.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';
import {limitationsOf} from '../source/engine/outcomes.js';

async function bed(t: {teardown(fn: () => unknown): void}, sourcePlatform: string, targetPlatform: string, tickets = 15): Promise<Bed> {
  const made = await testBed({sourcePlatform, targetPlatform, tickets});
  t.teardown(() => made.close());
  return made;
}

const rows = (b: Bed) => b.journal((journal) => journal.records());
/** The demo account's own problems, and custom fields Intercom's API cannot create. */
const ownProblems = /invalid email|required target field|multiselect|cannot create conversation data attributes/;

test.serial('Intercom as target: conversations keep their dates and authors, each part, file, contact, company and article once; a delta adds only what is new', async (t) => {
  t.timeout(150_000);
  const b = await bed(t, 'zendesk', 'intercom');
  const first = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(first.status, 'finished', first.message);
  const failed = b.journal((journal) => journal.records({status: 'failed'}));
  t.deepEqual(failed.filter((row) => !ownProblems.test(row.reason ?? '') && !/requester #\d+ failed/.test(row.reason ?? '')).map((row) => row.reason), []);
  for (const type of ['tickets', 'contacts', 'organizations', 'kb_articles'] as const) t.true(first.types[type]!.migrated > 0, type);
  // Conversation data attributes cannot be created through the API: the workspace's own are linked by name, the rest say what to do.
  const fields = b.journal((journal) => journal.records({type: 'ticket_fields'}));
  t.true(fields.every((row) => (row.status === 'migrated' && /^linked to/.test(row.reason ?? '')) || (row.status === 'skipped' && /cannot create conversation data attributes|has no multiselect/.test(row.reason ?? ''))), fields.map((row) => `${row.status} ${row.reason}`).join('\n'));
  t.deepEqual((await checkExactlyOnceIntercom(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  // What Intercom never keeps is said once, not on each record.
  t.true(limitationsOf(b.plan).some((line) => /Intercom does not keep ticket types/.test(line)), limitationsOf(b.plan).join('\n'));
  t.false(b.journal((journal) => journal.records({type: 'tickets'})).some((row) => /priority|ticket types/.test(row.reason ?? '')));

  await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'});
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.deepEqual((await checkExactlyOnceIntercom(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

test.serial('Intercom as source: a full run into Freshdesk moves every conversation, part and file once; a delta reads what changed through the search', async (t) => {
  t.timeout(150_000);
  const b = await bed(t, 'intercom', 'freshdesk');
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  t.is(result.types.tickets!.total, source.length);
  // The failures are the demo account's own problems (an invalid email, an empty required field).
  const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}));
  t.deepEqual(failed.filter((row) => !ownProblems.test(row.reason ?? '')).map((row) => row.reason), []);
  t.is(result.types.tickets!.migrated, source.length - failed.length);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'intercom')).problems, []);
  const activity = (await (await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'})).json()) as {description: string};
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.true(delta.types.tickets!.total >= 3 && delta.types.tickets!.total <= 4, `${activity.description}: ${JSON.stringify(delta.types.tickets)}`);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'intercom')).problems, []);
});

test.serial('answers lost after Intercom applied the write are found by their markers, even before the search sees them', async (t) => {
  t.timeout(150_000);
  const b = await bed(t, 'zendesk', 'intercom');
  const lost = (path: RegExp) => ({method: 'POST', path, fault: 'lostAnswer' as FaultKind, times: 2});
  const proxy = await startFaultProxy({
    upstream: b.demo.target.url,
    rules: [lost(/^\/conversations$/), lost(/^\/conversations\/\d+\/reply$/), lost(/^\/contacts$/), lost(/^\/help_center\/collections$/), lost(/^\/articles$/), lost(/^\/conversations\/\d+\/parts$/)],
  });
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 12);
  t.deepEqual((await checkExactlyOnceIntercom(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

/** 10% of every kind of fault on one side, and ferry SIGKILLed each time it has moved some more tickets; then resumed and retried. */
async function chaos(t: {teardown(fn: () => unknown): void; is: (a: unknown, b: unknown, m?: string) => void; true: (a: boolean, m?: string) => void}, b: Bed, side: 'source' | 'target') {
  b.env.FERRY_HTTP_TIMEOUT_MS = '1500';
  const rates = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0.1])) as Record<FaultKind, number>;
  const proxy = await startFaultProxy({upstream: b.demo[side].url, seed: side === 'target' ? 11 : 17, rates, holdMs: 2000, stormLength: 1});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan[side].url = proxy.url));
  const migrated = () => {
    try {
      const journal = Journal.inFolder(b.dir);
      try {
        return journal.records({status: 'migrated'}).length;
      } finally {
        journal.close();
      }
    } catch {
      return 0;
    }
  };
  let kills = 0;
  for (let round = 0; round < 6; round++) {
    const before = migrated();
    const child = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
    let exited = false;
    void child.exited.then(() => (exited = true));
    // Killed once it has settled a few more records (or gone on its own), at whatever request is in flight.
    const started = Date.now();
    while (!exited && migrated() < before + 3 + round && Date.now() - started < 90_000) await new Promise((r) => setTimeout(r, 25));
    if (!exited) kills++;
    child.killGroup();
    await child.exited;
  }
  let result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  for (let attempt = 0; attempt < 4 && result.status !== 'finished'; attempt++) result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  proxy.setRates({});
  t.is((await runMigration({dir: b.dir, mode: 'retry', env: b.env})).status, 'finished');
  for (const kind of FAULT_KINDS) t.true(proxy.injected[kind] > 0, `${kind}: ${JSON.stringify(proxy.injected)}`);
  t.true(kills >= 3, `${kills} kills landed mid-run`);
  t.is(b.journal((journal) => journal.records({status: 'pending'})).length, 0);
}

test.serial('Intercom as target under 10% faults of every kind and a kill storm: each record once', async (t) => {
  t.timeout(600_000);
  const b = await bed(t, 'zendesk', 'intercom', 12);
  await chaos(t, b, 'target');
  t.deepEqual((await checkExactlyOnceIntercom(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  const failed = b.journal((journal) => journal.records({status: 'failed'}));
  t.deepEqual(failed.filter((row) => !ownProblems.test(row.reason ?? '') && !/requester #\d+ failed/.test(row.reason ?? '')).map((row) => row.reason), []);
});

test.serial('Intercom as source under 10% faults of every kind and a kill storm: each record once in Freshdesk', async (t) => {
  t.timeout(600_000);
  const b = await bed(t, 'intercom', 'freshdesk', 12);
  await chaos(t, b, 'source');
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'intercom')).problems, []);
  t.deepEqual(b.journal((journal) => journal.records({status: 'failed'})).filter((row) => !ownProblems.test(row.reason ?? '')).map((row) => row.reason), []);
});
