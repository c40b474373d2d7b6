// The run's intents: following the folder's journal (live progress, counts, the
// control flag), starting, scheduling, pausing and cancelling runs, retries, the
// failures list, marking records skipped and writing reports. A run that cannot
// start says why on the screen before any process is spawned.
import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Plan} from '../../plan/plan.js';
import {REPORT_STATUSES, writeReport} from '../migration.js';
import {countsAll, countsForRun, recordsWithOutcome, retryOutcome} from '../../engine/outcomes.js';
import {Journal, OPERATOR_SKIP_REASON, type RunMode} from '../../engine/journal.js';
import {readLiveProgress, isAlive} from '../../engine/live-progress.js';
import type {RecordType} from '../../contracts/model.js';
import {notify, type Store} from './store.js';
import {runIsLive, type ConsoleState, type FailuresOutcome, type RunView} from './state.js';
import {currentWriter} from '../../engine/writer-lock.js';
import {startRetryProcess, startRunProcess, startScheduledProcess, startUndoProcess} from './runner.js';
import {readScheduled} from './scheduled-run.js';
import {DELTA_NEEDS_FULL, deltaCanStart} from './run-rules.js';

export interface RunIntentContext {
  store: Store;
  set(change: (state: ConsoleState) => ConsoleState): void;
  say(kind: 'info' | 'error', text: string): void;
  /** Secrets typed this session: a run gets them only through its environment */
  secretEnv: Record<string, string>;
  needPlan(): Plan | undefined;
  pollMs?: number;
}

export interface RunIntents {
  startRun(mode: RunMode, at?: number): void;
  cancelSchedule(): void;
  pause(): void;
  resume(): void;
  cancelRun(): void;
  loadFailures(outcome?: FailuresOutcome): void;
  retry(ids: Array<{type: RecordType; sourceId: string}> | 'all'): void;
  markSkipped(ids: Array<{type: RecordType; sourceId: string}>): void;
  writeReports(): void;
  /** Results' "Undo this run", after its confirmation: ferry undo --run N in the background */
  undoRun(runId: number): void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createRunIntents(context: RunIntentContext): RunIntents & {startFollowing(): void; stopFollowing(): void; closeJournal(): void} {
  const {store, set, say, secretEnv, needPlan} = context;
  let journal: Journal | undefined;
  let poll: NodeJS.Timeout | undefined;
  let lastCount = 0;
  const dirOf = () => store.getState().dir;
  const planOf = () => store.getState().plan;
  // The run, retry or undo process this console spawned last. Until it has taken the folder's
  // writer lock, the journal shows no live run, so a second s (a slow machine, an impatient
  // key) would otherwise start a second process that runs after the first one is cancelled.
  let launched: {pid: number; what: string} | undefined;
  const launch = (what: string, start: () => {pid: number}) => {
    launched = {pid: start().pid, what};
  };
  /** Says so and returns true while the process this console started last is still going. */
  const stillLaunching = (): boolean => {
    if (!launched || !isAlive(launched.pid)) return (launched = undefined), false;
    say('error', `The ${launched.what} this console started (process ${launched.pid}) is still going: the Run screen follows it; wait for it, or cancel it (c).`);
    return true;
  };
  /** A notice about the live run: cleared when the run ends. */
  const sayUntilRunEnds = (text: string) => set((s) => ({...s, notice: {kind: 'info', text, untilRunEnds: true, afterRun: s.run.lastRun?.id ?? 0}}));

  const follow = () => {
    const dir = dirOf();
    const plan = planOf();
    if (!dir || !plan || !existsSync(path.join(dir, 'plan.json'))) return;
    try {
      journal ??= Journal.inFolder(dir);
      const live = readLiveProgress(journal);
      const lastRun = journal.lastRun();
      const scheduledMeta = readScheduled(journal);
      const scheduled = scheduledMeta && isAlive(scheduledMeta.pid) ? scheduledMeta : undefined;
      const previous = store.getState().run;
      // Counting a big journal costs a scan: only when the run moved, or every few seconds
      // (another terminal may have retried or skipped records).
      const moved = live?.updatedAt !== previous.live?.updatedAt || lastRun?.status !== previous.lastRun?.status || lastRun?.id !== previous.lastRun?.id;
      const recount = moved || Date.now() - lastCount > 5000;
      if (recount) lastCount = Date.now();
      const control = journal.getMeta('control');
      const next: RunView = {
        live,
        alive: live ? isAlive(live.pid) : false,
        lastRun,
        deltaReady: deltaCanStart(journal),
        ...(control === 'pause' || control === 'cancel' ? {control: control as 'pause' | 'cancel'} : {}),
        inFlight: lastRun && lastRun.status === 'running' ? journal.pendingInRun(lastRun.id) : 0,
        runCounts: recount ? (lastRun ? countsForRun(journal, lastRun.id, plan) : {}) : previous.runCounts,
        ...(lastRun?.mode === 'retry' ? {retried: recount ? retryOutcome(journal, lastRun.id) : previous.retried} : {}),
        overall: recount ? countsAll(journal, plan) : previous.overall,
        scheduled,
      };
      if (JSON.stringify(previous) === JSON.stringify(next)) return;
      // "The run started…", "Retrying…", "Pausing…" are stale once the run has ended, even a
      // run that started and ended between two looks at the journal (it was never seen live).
      const ended = (notice: ConsoleState['notice']) =>
        !runIsLive(next) && (runIsLive(previous) || (next.lastRun !== undefined && next.lastRun.status !== 'running' && next.lastRun.id > (notice?.afterRun ?? Number.POSITIVE_INFINITY)));
      set((s) => ({...s, run: next, notice: s.notice?.untilRunEnds && ended(s.notice) ? undefined : s.notice}));
    } catch (error) {
      say('error', `Could not read the journal: ${errorText(error)}`);
    }
  };

  const startFollowing = () => {
    if (poll) clearInterval(poll);
    follow();
    poll = setInterval(follow, context.pollMs ?? 500);
  };

  const intents: RunIntents & {startFollowing(): void; stopFollowing(): void; closeJournal(): void} = {
    startFollowing,
    startRun(mode, at) {
      const dir = dirOf();
      if (!dir || !needPlan()) return;
      if (runIsLive(store.getState().run)) return say('error', 'A run is already going on in this folder; wait for it, or cancel it (c).');
      if (stillLaunching()) return;
      try {
        journal ??= Journal.inFolder(dir);
        // Another terminal's run (ferry run, a retry) holds the folder: follow it instead.
        const writer = currentWriter(journal);
        if (writer) return say('error', `A run is already writing this folder (pid ${writer.pid}, ${writer.command}): the Run screen follows it; wait for it, or cancel it (c).`);
        if (mode === 'delta' && !deltaCanStart(journal)) return say('error', DELTA_NEEDS_FULL);
        journal.setMeta('control', null);
        if (at !== undefined && at <= Date.now()) return say('error', `${new Date(at).toLocaleString()} is in the past: choose a later time, or start now (s).`);
        if (at !== undefined) {
          startScheduledProcess(dir, mode, at, secretEnv);
          say('info', `The ${mode} run starts by itself at ${new Date(at).toLocaleString()}; it waits in the background even if you quit.`);
        } else {
          launch(`${mode} run`, () => startRunProcess(dir, mode, secretEnv));
          sayUntilRunEnds(`The ${mode} run started in the background; quitting the console does not stop it.`);
        }
      } catch (error) {
        say('error', errorText(error));
      }
    },

    cancelSchedule() {
      journal?.setMeta('scheduled', null);
      say('info', 'The scheduled run is cancelled.');
    },

    pause() {
      if (!journal) return;
      journal.setMeta('control', 'pause');
      const lastRun = journal.lastRun();
      const inFlight = lastRun ? journal.pendingInRun(lastRun.id) : 0;
      lastCount = 0;
      follow();
      sayUntilRunEnds(`Pausing: no new record starts; ${inFlight} record(s) in flight finish first.`);
    },
    resume() {
      journal?.setMeta('control', null);
      follow();
      sayUntilRunEnds('Resumed.');
    },
    cancelRun() {
      journal?.setMeta('control', 'cancel');
      follow();
      sayUntilRunEnds('Cancelling after the records in flight; nothing is lost, and running the same mode again resumes.');
    },

    loadFailures(outcome = store.getState().failuresOutcome) {
      const dir = dirOf();
      if (!dir || !needPlan()) return;
      try {
        journal ??= Journal.inFolder(dir);
        const value = recordsWithOutcome(journal, outcome);
        set((s) => ({...s, failuresOutcome: outcome, failures: {state: 'ready', value}}));
      } catch (error) {
        set((s) => ({...s, failures: {state: 'failed', error: errorText(error)}}));
      }
    },

    retry(ids) {
      const dir = dirOf();
      if (!dir) return;
      if (runIsLive(store.getState().run)) return say('error', 'A run is going on; retry when it has finished.');
      if (ids !== 'all' && !ids.length) return say('error', 'Select records with space first, or retry all (A).');
      if (stillLaunching()) return;
      launch('retry', () => startRetryProcess(dir, ids, secretEnv));
      sayUntilRunEnds(`Retrying ${ids === 'all' ? 'every failed record' : `${ids.length} record(s)`} in the background…`);
    },

    markSkipped(ids) {
      if (!journal || !ids.length) return;
      for (const id of ids) journal.settle(id.type, id.sourceId, {status: 'skipped', reason: OPERATOR_SKIP_REASON});
      lastCount = 0;
      follow();
      intents.loadFailures();
      say('info', `${ids.length} record(s) marked as skipped.`);
    },

    undoRun(runId) {
      const dir = dirOf();
      if (!dir || !needPlan()) return;
      if (runIsLive(store.getState().run)) return say('error', 'A run is going on; undo when it has finished.');
      if (stillLaunching()) return;
      launch('undo', () => startUndoProcess(dir, runId, secretEnv));
      say('info', `Undoing run ${runId} in the background: ferry status and ferry show tell what went (the journal's undone records).`);
    },

    writeReports() {
      const dir = dirOf();
      if (!dir || !needPlan()) return;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      // Absolute, whatever the folder was opened as: the operator copies it into another terminal.
      const folder = path.join(path.resolve(dir), 'reports');
      const written: string[] = [];
      const summary: string[] = [];
      for (const status of REPORT_STATUSES) {
        const file = path.join(folder, `${status}-${stamp}.csv`);
        const count = writeReport(dir, status, file);
        // Absolute: the operator copies it into another terminal, whatever folder that one is in.
        written.push(`${file} (${count})`);
        summary.push(`${status} ${count}`);
      }
      set((s) => notify({...s, reportsWritten: written}, 'info', `Reports written to ${folder}: ${summary.join(', ')}`));
    },

    stopFollowing() {
      if (poll) clearInterval(poll);
      poll = undefined;
      journal?.close();
      journal = undefined;
    },

    closeJournal() {
      journal?.close();
      journal = undefined;
    },
  };
  return intents;
}
