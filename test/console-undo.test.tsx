// The Results screen's "Undo this run": u shows the dry run's list (the undo's own selection, from
// the journal) and asks with the counts; y starts ferry undo --run N in the background, n does nothing.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {demoPlan, renderConsole, waitFor} from './console-helpers.js';
import {savePlan} from '../source/plan/plan.js';
import {Journal} from '../source/engine/journal.js';

function folderWithRun(): {dir: string; runId: number} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-undo-console-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('demo', null);
  const created = (type: 'tickets' | 'contacts', id: string, targetId: string) => {
    journal.markPending(type, id, run.id, {label: `${type} ${id}`});
    journal.markStep(type, id, 'create', 'done', targetId);
    journal.settle(type, id, {status: 'migrated', targetId});
  };
  created('tickets', '1', '101');
  created('tickets', '2', '102');
  created('contacts', '7', '207');
  // Linked, never created: not in the list.
  journal.markPending('contacts', '8', run.id, {label: 'linked'});
  journal.settle('contacts', '8', {status: 'migrated', targetId: '900', reason: 'linked to existing target contact #900 (same email)'});
  journal.finishRun(run.id, 'finished');
  journal.close();
  return {dir, runId: run.id};
}

test.serial('Results: u lists what the undo deletes and asks with the counts; n keeps everything, y starts the undo of this run', async (t) => {
  const {dir, runId} = folderWithRun();
  const counts = {tickets: {total: 2, migrated: 2, failed: 0, skipped: 0, pending: 0, warnings: 0, referenced: 0}};
  const lastRun = {id: runId, mode: 'demo' as const, status: 'finished' as const, startedAt: new Date().toISOString(), finishedAt: null, message: null, pid: null, since: null};
  const {frame, press, calls} = renderConsole({screen: 'results', plan: demoPlan(), dir, run: {alive: false, runCounts: counts, overall: counts, lastRun}}, {columns: 100, rows: 30});
  await waitFor(() => frame().includes('Record type'), frame);
  await press('u', (f) => f.includes('(y/n)'));
  t.regex(frame(), /tickets\s+2\s/);
  t.regex(frame(), /contacts\s+1\s/);
  t.regex(frame(), /Records ferry linked to \(found by email or name, not created\): 1, never deleted/);
  t.regex(frame(), /Delete 2 tickets, 1 contacts from \S+ \S+\? \(y\/n\)/);
  await press('n', (f) => f.includes('Record type'));
  t.false(calls.some(([name]) => name === 'undoRun'));
  await press('u', (f) => f.includes('(y/n)'));
  await press('y', () => calls.some(([name]) => name === 'undoRun'));
  t.deepEqual(calls.find(([name]) => name === 'undoRun'), ['undoRun', runId]);
});
