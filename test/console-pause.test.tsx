// The console's pause reaches the run as the journal's control flag "pause", never
// "cancel" (issue 13: a console whose pause sent cancel was caught by nothing). The
// engine reads that flag (source/engine/engine.ts): "pause" holds new records,
// "cancel" ends the run. Checked at the intent, and at the screen with the real
// intents on a real folder, and with recording intents.
import test from 'ava';
import React from 'react';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {App} from '../views/App.js';
import {Journal} from '../source/engine/journal.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents} from '../source/app/console/intents.js';
import {savePlan} from '../source/plan/plan.js';
import {demoPlan, renderConsole, waitFor} from './console-helpers.js';
import type {LiveProgress} from '../source/engine/live-progress.js';

/** Every value written to the control flag, by any Journal in this process. */
function recordControlWrites(t: {teardown(fn: () => void): void}): Array<string | null> {
  const writes: Array<string | null> = [];
  const original = Journal.prototype.setMeta;
  Journal.prototype.setMeta = function (this: Journal, key: string, value: string | null) {
    if (key === 'control') writes.push(value);
    return original.call(this, key, value);
  };
  t.teardown(() => {
    Journal.prototype.setMeta = original;
  });
  return writes;
}

/** A folder whose journal shows a full run going on in this very process (its pid is alive), with records in flight. */
function folderWithLiveRun(inFlight: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-pause-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('full', null);
  for (let i = 0; i < inFlight; i++) journal.markPending('tickets', String(i), run.id, {});
  const live: LiveProgress = {runId: run.id, mode: 'full', state: 'running', pid: process.pid, startedAt: Date.now(), updatedAt: Date.now(), types: {tickets: {total: 10, migrated: 0, failed: 0, skipped: 0, finished: false}}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []};
  journal.setMeta('live', JSON.stringify(live));
  return {dir, journal, run};
}

async function openWithRealIntents(dir: string, t: {teardown(fn: () => void): void}) {
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder('.');
  await waitFor(() => store.getState().run.alive && store.getState().run.live !== undefined, () => JSON.stringify(store.getState().run));
  return {store, intents};
}

test.serial('intent: pause writes the pause control and never cancel; resume clears it', async (t) => {
  const {dir, journal} = folderWithLiveRun(3);
  t.teardown(() => journal.close());
  const {store, intents} = await openWithRealIntents(dir, t);
  const writes = recordControlWrites(t);
  intents.pause();
  t.deepEqual(writes, ['pause']);
  t.is(journal.getMeta('control'), 'pause');
  await waitFor(() => store.getState().run.control !== undefined);
  t.is(store.getState().run.control, 'pause');
  t.regex(store.getState().notice!.text, /Pausing: no new record starts; 3 record\(s\) in flight finish first/);
  intents.resume();
  t.deepEqual(writes, ['pause', null]);
  t.is(journal.getMeta('control'), undefined);
  // The cancel intent is the only one that writes cancel.
  intents.cancelRun();
  t.deepEqual(writes, ['pause', null, 'cancel']);
});

test.serial('screen with the real intents: p on the Run screen pauses the run (control "pause", never "cancel"), p again resumes', async (t) => {
  const {dir, journal} = folderWithLiveRun(2);
  t.teardown(() => journal.close());
  const {store, intents} = await openWithRealIntents(dir, t);
  const writes = recordControlWrites(t);
  const app = render(<App store={store} intents={intents} size={{columns: 80, rows: 24}} />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  await waitFor(() => frame().includes('[9:Run]') && /Run \d+ \(full\): running/.test(frame()), frame);
  app.stdin.write('p');
  await waitFor(() => journal.getMeta('control') !== undefined, frame);
  t.is(journal.getMeta('control'), 'pause');
  await waitFor(() => frame().includes('pausing, 2 record(s) finishing'), frame);
  t.deepEqual(writes, ['pause']);
  app.stdin.write('p');
  await waitFor(() => journal.getMeta('control') === undefined, frame);
  t.deepEqual(writes, ['pause', null]);
  t.false(writes.includes('cancel'));
  t.regex(frame(), /Run \d+ \(full\): running/);
});

test.serial('screen with recording intents: p calls pause and nothing else; while pausing, p resumes', async (t) => {
  const live: LiveProgress = {runId: 4, mode: 'full', state: 'running', pid: process.pid, startedAt: Date.now(), updatedAt: Date.now(), types: {}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []};
  const {frame, press, calls, store} = renderConsole({screen: 'run', plan: demoPlan(), dir: '/tmp/x', run: {live, alive: true, runCounts: {}, overall: {}}});
  await waitFor(() => frame().includes('Run 4'), frame);
  await press('p', () => calls.length > 0);
  t.deepEqual(calls, [['pause']]);
  store.update((s) => ({...s, run: {...s.run, control: 'pause'}}));
  store.flush();
  await waitFor(() => frame().includes('pausing'), frame);
  await press('p', () => calls.length > 1);
  t.deepEqual(calls, [['pause'], ['resume']]);
});
