// A key typed right after a screen was redrawn must meet that screen's state. ink subscribes
// a render's key handler only in an effect that runs a turn after the render, so a handler
// that closed over its render's state saw the one before (run P, at load 24: the `j` pressed
// just after Esc closed a difference went to the closed view and was lost). useKeys calls
// the handler of the render last committed.
import test from 'ava';
import type {OutcomeCounts, CountsByType} from '../source/engine/outcomes.js';
import type {RunRow} from '../source/engine/journal.js';
import {KEYS, demoPlan, renderConsole, waitFor} from './console-helpers.js';

const oc = (c: Partial<OutcomeCounts>): OutcomeCounts => ({total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, warnings: 0, referenced: 0, ...c});

test('a key typed as soon as Esc has closed a difference moves the list', async (t) => {
  const counts: CountsByType = {tickets: oc({total: 2, migrated: 2})};
  const lastRun = {id: 1, mode: 'demo', status: 'finished', startedAt: new Date().toISOString()} as unknown as RunRow;
  const {app, frame, press, store, calls} = renderConsole({screen: 'results', plan: demoPlan(), dir: '/tmp/x', run: {alive: false, lastRun, runCounts: counts, overall: counts}});
  await waitFor(() => frame().includes('Record type'), frame);
  await press('v', () => calls.some(([name]) => name === 'verify'));
  const value = {checked: 2, missing: 0, duplicates: 0, sample: 200,
    differences: [{type: 'tickets' as const, sourceId: '7', targetId: '70', field: 'subject', source: 'Refund for unused seats', target: 'Refund'}],
    expected: [{type: 'tickets' as const, sourceId: '8', targetId: '80', field: 'type', source: 'task', target: '', expected: 'the type was left empty'}]};
  store.update((s) => ({...s, verify: {state: 'ready', value}}));
  store.flush();
  await waitFor(() => /tickets\s+7\s+subject/.test(frame()), frame);
  await press(KEYS.enter, (f) => f.includes('Source: Refund for unused seats'));
  // `j` typed the moment the frame without the detail is drawn: the render is committed, but
  // ink subscribes that render's handler only a turn later (a loaded machine widens the gap).
  const stdout = app.stdout as unknown as {write(frame: string): void};
  const write = stdout.write.bind(stdout);
  let typed = false;
  stdout.write = (drawn: string) => {
    write(drawn);
    if (!typed && drawn.includes('Source → target')) {
      typed = true;
      queueMicrotask(() => app.stdin.write('j'));
    }
  };
  await press(KEYS.escape, () => typed);
  await waitFor(() => /› tickets\s+8/.test(frame()), frame, {timeoutMs: 10_000});
  t.regex(frame(), /› tickets\s+8/);
  app.unmount();
});
