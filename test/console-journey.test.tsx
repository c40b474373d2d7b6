// Issue 24: the console's Results and Failures open a record's journey, the same view `ferry show`
// prints (source/app/show.ts): h on Failures for the record under the cursor, h on Results for a
// record typed as type:id; the list keys scroll it and Esc closes it.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {demoPlan, renderConsole, waitFor, KEYS} from './console-helpers.js';
import {savePlan} from '../source/plan/plan.js';
import {Journal, type JournalRecord} from '../source/engine/journal.js';
import {formatJourney, recordJourney} from '../source/app/show.js';

/** A folder whose journal holds a failed ticket with many comment steps (a journey taller than the screen). */
function folder(): {dir: string; failed: JournalRecord} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-journey-console-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('full', null);
  journal.markPending('tickets', '77', run.id, {label: '#77 Refund'});
  journal.markStep('tickets', '77', 'create', 'done', '5077');
  for (let n = 1; n <= 30; n++) journal.markStep('tickets', '77', `comment ${String(n).padStart(2, '0')}`, 'done', `c${n}`);
  journal.settle('tickets', '77', {status: 'failed', reason: 'comment 31: the target refused it (422)'});
  journal.markPending('tickets', '78', run.id, {label: '#78 Shipping'});
  journal.markStep('tickets', '78', 'create', 'done', '5078');
  journal.settle('tickets', '78', {status: 'migrated', targetId: '5078'});
  journal.finishRun(run.id, 'finished');
  const failed = journal.record('tickets', '77')!;
  journal.close();
  return {dir, failed};
}

test.serial('Failures: h opens the journey of the record under the cursor, as ferry show prints it; the list keys scroll it, Esc closes it', async (t) => {
  const {dir, failed} = folder();
  const lines = formatJourney(recordJourney(dir, 'tickets', '77')!).split('\n');
  const {frame, press} = renderConsole({screen: 'failures', plan: demoPlan(), dir, failures: {state: 'ready', value: [failed]}}, {columns: 120, rows: 24});
  await waitFor(() => frame().includes('#77 Refund'), frame);
  await press('h', (f) => f.includes('Esc: back'));
  t.true(frame().includes(lines[0]!), frame());
  t.true(frame().includes(lines[1]!), 'the outcome line, as ferry show prints it');
  t.regex(frame(), /comment 01\s+done -> #c1/);
  const last = lines.find((line) => line.includes('comment 30'))!;
  t.false(frame().includes(last), 'the end of the journey is below the screen');
  await press(KEYS.end, (f) => f.includes(last));
  t.true(frame().includes(lines.at(-1)!), "the journey's last line");
  await press(KEYS.escape, (f) => f.includes('#77 Refund') && !f.includes('Esc: back'));
  t.regex(frame(), /Failed/);
});

test.serial('Results: h asks for a record as type:id and opens its journey; a wrong one says how to type it', async (t) => {
  const {dir} = folder();
  const lines = formatJourney(recordJourney(dir, 'tickets', '78')!).split('\n');
  const counts = {tickets: {total: 2, migrated: 1, failed: 1, skipped: 0, pending: 0, warnings: 0, referenced: 0}};
  const {frame, press} = renderConsole({screen: 'results', plan: demoPlan(), dir, run: {alive: false, runCounts: counts, overall: counts, lastRun: undefined}}, {columns: 120, rows: 30});
  await waitFor(() => frame().includes('Record type'), frame);
  await press('h', (f) => f.includes('Record (type:id)'));
  for (const c of 'nope') await press(c);
  await press(KEYS.enter, (f) => f.includes('give the record as type:id'));
  await press('h', (f) => f.includes('Record (type:id)'));
  for (const c of 'tickets:78') await press(c);
  await press(KEYS.enter, (f) => f.includes('Esc: back'));
  for (const line of lines.slice(0, 4)) t.true(frame().includes(line), `${line}\n${frame()}`);
  t.regex(frame(), /target\s+\S+ #5078/);
  await press(KEYS.escape, (f) => f.includes('Record type'));
  t.false(frame().includes('Esc: back'));
});
