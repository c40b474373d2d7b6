// The background runner: a scheduled run waits in its own detached process, shows
// itself in the journal, and stops when the wait is cancelled; intents against a
// real folder (mark as skipped, reports) work on the journal.
import test from 'ava';
import {mkdtempSync, readFileSync, existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';
import {isAlive} from '../source/engine/live-progress.js';
import {startScheduledProcess} from '../source/app/console/runner.js';
import {readScheduled} from '../source/app/console/scheduled-run.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents} from '../source/app/console/intents.js';
import {savePlan} from '../source/plan/plan.js';
import {demoPlan} from './console-helpers.js';
import {runIsLive} from '../source/app/console/state.js';

const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

test('a scheduled run waits visibly in a detached process and a cancel ends the wait', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-sched-'));
  const journal = Journal.inFolder(dir);
  t.teardown(() => journal.close());
  const at = Date.now() + 10 * 60_000;
  const {pid} = startScheduledProcess(dir, 'full', at, {FERRY_SOURCE_API_TOKEN: 'secret-value'});
  t.teardown(() => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  await until(() => readScheduled(journal)?.pid === pid);
  t.deepEqual(readScheduled(journal), {at, mode: 'full', pid});
  journal.setMeta('scheduled', null);
  await until(() => !isAlive(pid));
  const log = readFileSync(path.join(dir, 'runs.log'), 'utf8');
  t.regex(log, /cancelled before it started/);
  t.notRegex(log, /secret-value/);
});

test('intents on a real folder: failures load, mark as skipped, reports are written', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-intents-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('full', null);
  for (const id of ['1', '2']) {
    journal.markPending('tickets', id, run.id, {label: `#${id}`});
    journal.settle('tickets', id, {status: 'failed', reason: 'target said no'});
  }
  journal.finishRun(run.id, 'finished');
  journal.close();

  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder('.');
  t.is(store.getState().dir, dir);
  t.is(store.getState().screen, 'run', 'a folder with a run opens on the Run screen');
  t.is(store.getState().run.lastRun?.id, run.id);
  intents.loadFailures();
  const failures = store.getState().failures;
  t.is(failures.state === 'ready' ? failures.value.length : -1, 2);
  intents.markSkipped([{type: 'tickets', sourceId: '1'}]);
  const after = store.getState().failures;
  t.deepEqual(after.state === 'ready' ? after.value.map((r) => r.sourceId) : [], ['2']);
  t.is(store.getState().run.overall.tickets?.skipped, 1);
  intents.writeReports();
  const written = store.getState().reportsWritten ?? [];
  t.is(written.length, 4);
  const failedReport = written.find((w) => w.startsWith(path.join(dir, 'reports', 'failed')))!.split(' ')[0]!;
  t.true(existsSync(failedReport));
  t.regex(readFileSync(failedReport, 'utf8'), /2,,tickets,failed,target said no/);
});

test('intents: a delta without a finished full run is refused before anything starts; pause says how many records are finishing; run messages clear when the run ends', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-intents-run-'));
  savePlan(dir, demoPlan());
  const journal = Journal.inFolder(dir);
  t.teardown(() => journal.close());
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder('.');

  intents.startRun('delta');
  t.is(store.getState().notice?.kind, 'error');
  t.regex(store.getState().notice!.text, /delta migration needs a finished full migration first/);
  t.false(existsSync(path.join(dir, 'runs.log')), 'no process was started to fail in a log file');
  await until(() => store.getState().run.deltaReady === false);

  // A live run of this very process (its pid is alive), with two records in flight.
  const run = journal.startRun('full', null);
  for (const id of ['1', '2']) journal.markPending('tickets', id, run.id, {});
  const live = {runId: run.id, mode: 'full', state: 'running', pid: process.pid, startedAt: Date.now(), updatedAt: Date.now(), types: {}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []};
  journal.setMeta('live', JSON.stringify(live));
  await until(() => store.getState().run.live?.runId === run.id);
  intents.pause();
  t.is(journal.getMeta('control'), 'pause');
  t.regex(store.getState().notice!.text, /no new record starts; 2 record\(s\) in flight finish first/);
  await until(() => store.getState().run.control === 'pause' && store.getState().run.inFlight === 2);

  // The run ends: the message about it goes, an unrelated error would stay.
  for (const id of ['1', '2']) journal.settle('tickets', id, {status: 'migrated'});
  journal.finishRun(run.id, 'finished');
  journal.setMeta('live', JSON.stringify({...live, state: 'finished', updatedAt: Date.now() + 1}));
  await until(() => store.getState().run.lastRun?.status === 'finished');
  await until(() => store.getState().notice === undefined);
  t.is(store.getState().notice, undefined);
});

test('intents: s pressed again before the run process has taken the folder starts nothing more (one process, however slow the machine)', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-intents-twice-'));
  savePlan(dir, demoPlan());
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder('.');
  intents.startRun('full');
  t.regex(store.getState().notice?.text ?? '', /full run started in the background/);
  // The process has only just been spawned: no run in the journal yet, no writer lock.
  t.false(runIsLive(store.getState().run));
  intents.startRun('full');
  t.regex(store.getState().notice?.text ?? '', /^The full run this console started \(process \d+\) is still going/);
  intents.retry('all');
  t.regex(store.getState().notice?.text ?? '', /still going/);
});
