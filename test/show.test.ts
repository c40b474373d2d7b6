// ferry show: one record's journey from the journal: source and target ids and web addresses,
// each step with its time, notes, what verify last said, and an earlier life undo removed.
import test from 'ava';
import {testBed} from './helpers/migration.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo} from '../source/app/undo.js';

async function show(bed: Awaited<ReturnType<typeof testBed>>, id: string) {
  const child = startFerry(['show', id, '--json', '--dir', bed.dir], bed.env);
  const code = await child.exited;
  return {code, output: child.output(), journey: code === 0 ? JSON.parse(child.output()) : undefined};
}

test('ferry show: a ticket\'s journey through a demo, verify, undo and a new run', async (t) => {
  t.timeout(240_000);
  const bed = await testBed({tickets: 20});
  t.teardown(() => bed.close());
  // Freshdesk keeps a soft-deleted contact's email taken: only a permanent undo lets the run create it again.
  bed.savePlan((plan) => (plan.options.undoPermanently = true));
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  const row = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).find((r) => journal.stepsOf('tickets', r.sourceId).length > 1))!;
  t.truthy(row, 'a migrated ticket with comments');
  const first = (await show(bed, `tickets:${row.sourceId}`)).journey;
  t.is(first.target.id, row.targetId);
  t.is(first.source.url, `${bed.plan.source.url.replace(/\/$/, '')}/agent/tickets/${row.sourceId}`);
  t.is(first.target.url, `${bed.plan.target.url.replace(/\/$/, '')}/a/tickets/${row.targetId}`);
  t.is(first.steps[0].step, 'create');
  t.is(first.steps[0].targetId, row.targetId);
  t.true(first.steps.every((step: {state: string; at: string}) => step.state === 'done' && !Number.isNaN(Date.parse(step.at))));
  t.is(first.runs.first.id, demo.runId);
  t.is(first.verify, null);

  const verify = startFerry(['verify', '--dir', bed.dir], bed.env);
  await verify.exited;
  const verified = (await show(bed, `tickets:${row.sourceId}`)).journey;
  t.truthy(verified.verify?.at, verify.output());
  t.true(Array.isArray(verified.verify.findings));

  await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
  const undone = (await show(bed, `tickets:${row.sourceId}`)).journey;
  t.is(undone.outcome, 'not in the journal (undone)');
  t.is(undone.undone.length, 1);
  t.is(undone.undone[0].targetId, row.targetId);
  t.is(undone.undone[0].steps.find((step: {step: string}) => step.step === 'undo')?.state, 'sent', 'the delete was journalled before it went out');

  const again = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(again.status, 'finished', again.message);
  const both = (await show(bed, `tickets:${row.sourceId}`)).journey;
  t.is(both.outcome, 'migrated');
  t.not(both.target.id, row.targetId, 'a new record on the target');
  t.is(both.undone[0].targetId, row.targetId, 'the journal keeps the earlier life too');

  t.is((await show(bed, 'tickets:no-such-id')).code, 1);
  t.is((await show(bed, '123')).code, 2);
});
