// Issue 12 Rule 5: messages about a run ("The demo run started in the background…",
// "Retrying 1 record(s)…", "Pausing…") go when the run ends, even a run that started
// and ended between two looks at the journal (never seen live), while other
// messages stay.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents} from '../source/app/console/intents.js';
import {savePlan} from '../source/plan/plan.js';
import {demoPlan, waitFor} from './console-helpers.js';

async function folder(t: {teardown(fn: () => void): void}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-notices-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  t.teardown(() => journal.close());
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder('.');
  return {journal, store, intents};
}

/** A run that starts and ends in one go: the console's next look finds it over. */
function runThatCameAndWent(journal: Journal) {
  const run = journal.startRun('full', null);
  journal.finishRun(run.id, 'stopped', 'could not reach the source');
  journal.setMeta('live', JSON.stringify({runId: run.id, mode: 'full', state: 'stopped', pid: process.pid, startedAt: Date.now(), updatedAt: Date.now(), types: {}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []}));
  return run;
}

test.serial('a message about a run goes when a run that was never seen live has ended', async (t) => {
  const {journal, store, intents} = await folder(t);
  await waitFor(() => store.getState().run.lastRun === undefined && store.getState().dir !== undefined);
  // Said with no run live, as "The full run started in the background…" and "Retrying…" are.
  intents.resume();
  t.true(store.getState().notice?.untilRunEnds);
  const run = runThatCameAndWent(journal);
  await waitFor(() => store.getState().run.lastRun?.id === run.id, () => JSON.stringify(store.getState().run));
  await waitFor(() => store.getState().notice === undefined, () => JSON.stringify(store.getState().notice));
  t.is(store.getState().notice, undefined);
});

test.serial('other messages stay when a run ends, and a run message stays while no later run has ended', async (t) => {
  const {journal, store, intents} = await folder(t);
  const earlier = runThatCameAndWent(journal);
  await waitFor(() => store.getState().run.lastRun?.id === earlier.id);
  intents.resume();
  // Looks at the journal that find the same ended run keep the message: it is about the next run.
  await new Promise((r) => setTimeout(r, 300));
  t.is(store.getState().notice?.text, 'Resumed.');
  store.update((s) => ({...s, notice: {kind: 'error', text: 'Could not save the plan'}}));
  store.flush();
  const run = runThatCameAndWent(journal);
  await waitFor(() => store.getState().run.lastRun?.id === run.id);
  await new Promise((r) => setTimeout(r, 200));
  t.is(store.getState().notice?.text, 'Could not save the plan');
});
