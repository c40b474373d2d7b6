// Issue 24: values a full run wrote into linked records (options.updateExisting) are put back by
// ferry undo: the target's contacts and organizations ferry linked to (same email or name) end
// exactly as they were before the run, field by field (only the target's own update stamp moves),
// and they are never deleted. Zendesk -> Freshdesk emulators.
import test from 'ava';
import {runMigration} from '../source/app/migration.js';
import {formatPreview, runUndo, undoPreview} from '../source/app/undo.js';
import {testBed} from './helpers/migration.js';
import {snapshotTarget, differences} from './helpers/target-snapshot.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {formatJourney, recordJourney} from '../source/app/show.js';

/** The demo target with linked records whose values differ from the source's. */
function account() {
  const copy = structuredClone(smallDemoAccount(40));
  const emma = copy.target.contacts.find((c) => c.name === 'Emma Williams')!;
  emma.name = 'Emma W.';
  emma.phone = '+44 20 7946 0000'; // the source has no phone for her: never written, stays
  const org = copy.target.organizations.find((o) => o.id === '9201')!;
  org.notes = 'Notes the target held before the run.';
  return copy;
}

/** Stamps the target sets itself on every write: not values ferry puts back. */
const stamp = (path: string) => /\/(updatedAt|updated_at)$/.test(path);

test('a full run with updateExisting, then undo: linked contacts and organizations get their exact old values back, and stay', async (t) => {
  t.timeout(300_000);
  const bed = await testBed({account: account()});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => {
    plan.options.updateExisting = true;
    plan.options.undoPermanently = true;
  });
  const before = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  const run = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(run.status, 'finished', run.message);
  const written = bed.journal((journal) => journal.records().filter((row) => /; updated from the source: /.test(row.reason ?? '')));
  t.true(written.some((row) => row.type === 'contacts') && written.some((row) => row.type === 'organizations'), 'the run wrote into linked contacts and organizations');
  const during = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  t.true(differences(before, during, 200).some((path) => /records\/contacts|raw\/contacts/.test(path) && !stamp(path.split(':')[0]!)));

  // ferry show (and the console's journey) says what undo puts back.
  const emma = written.find((row) => row.targetId === '9301')!;
  const journey = recordJourney(bed.dir, 'contacts', emma.sourceId)!;
  t.deepEqual(journey.oldValues.map((row) => [row.field, row.oldValue, row.newValue]), [['name', 'Emma W.', 'Emma Williams']]);
  t.regex(formatJourney(journey), /old values \(the target's before ferry wrote into it; ferry undo puts them back\)\n    name: "Emma W\." \(ferry wrote "Emma Williams"/);
  const preview = undoPreview(bed.dir, {});
  t.deepEqual(preview.restore.map((row) => `${row.type}:${row.targetId}`).sort(), written.map((row) => `${row.type}:${row.targetId}`).sort());
  t.deepEqual(preview.notKept, []);
  t.regex(formatPreview(preview), /their old values put back:\n  (contacts|organizations):/);

  const result = await runUndo({dir: bed.dir, selector: {}, env: bed.env});
  t.is(result.status, 'finished', result.message);
  const restored = result.items.filter((item) => item.outcome === 'restored');
  t.is(restored.length, written.length, JSON.stringify(result.items.filter((item) => item.outcome === 'not restored' || item.outcome === 'failed')));
  const after = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  t.deepEqual(differences(before, after, 500).filter((path) => !stamp(path.split(':')[0]!)), []);
  // Never deleted, still linked; nothing more to put back.
  for (const row of written) t.is(bed.journal((journal) => journal.record(row.type, row.sourceId))?.targetId, row.targetId);
  t.deepEqual(undoPreview(bed.dir, {}).restore, []);
});

test('a write into a linked record that never arrived, or whose answer was lost, and a restore whose answer was lost: the old values still come back exactly', async (t) => {
  t.timeout(300_000);
  const bed = await testBed({account: account()});
  t.teardown(() => bed.close());
  const proxy = await startFaultProxy({
    upstream: bed.demo.target.url,
    rules: [
      // Journalled, then the update never reaches the target (as a kill right after journalling).
      {method: 'PUT', path: /^\/api\/v2\/contacts\/\d+$/, fault: 'resetBefore', times: 1},
      // Applied, its answer lost.
      {method: 'PUT', path: /^\/api\/v2\/companies\/\d+$/, fault: 'lostAnswer', times: 1},
    ],
  });
  t.teardown(() => proxy.close());
  bed.savePlan((plan) => {
    plan.options.updateExisting = true;
    plan.options.undoPermanently = true;
    plan.target.url = proxy.url;
  });
  const before = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await runMigration({dir: bed.dir, mode: attempt ? 'retry' : 'full', env: bed.env});
    if (run.status === 'finished' && !bed.journal((journal) => journal.records({status: 'failed'}).length)) break;
  }
  t.is(proxy.injected.resetBefore + proxy.injected.lostAnswer, 2);
  // Every answer to the restores lost (applied each time): that undo stops with them failed; the
  // next finds the values back and forgets them, rather than taking them for someone's later change.
  proxy.addRule({method: 'PUT', path: /^\/api\/v2\/contacts\/9301$/, fault: 'lostAnswer'});
  const lost = await runUndo({dir: bed.dir, selector: {}, env: bed.env});
  t.is(lost.status, 'stopped');
  t.true(lost.items.some((item) => item.outcome === 'failed' && item.type === 'contacts'));
  t.true(proxy.injected.lostAnswer > 1);
  proxy.clearRules();
  const result = await runUndo({dir: bed.dir, selector: {}, env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.deepEqual(result.items.filter((item) => item.outcome === 'not restored' || item.outcome === 'failed'), [], 'a value already back is no value changed on the target since');
  const after = await snapshotTarget(bed.demo.target.url, 'freshdesk');
  t.deepEqual(differences(before, after, 500).filter((path) => !stamp(path.split(':')[0]!)), []);
  t.deepEqual(undoPreview(bed.dir, {}).restore, []);
});
