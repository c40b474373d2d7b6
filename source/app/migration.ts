// A migration folder: its plan, journal and reports, and the operations the
// command line and the console run on it.
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {setMaxListeners} from 'node:events';
import path from 'node:path';
import {Journal, type JournalRecord, type RecordStatus, type RunMode, type RunRow} from '../engine/journal.js';
import {countsAll, countsForRun, limitationsOf, outcomeOf, recordsWithOutcome, totalOf, type CountsByType, type OutcomeCounts} from '../engine/outcomes.js';
import {loadPlan, type Plan} from '../plan/plan.js';
import {openFolderSides} from './sides.js';
import {Engine, type RunResult} from '../engine/engine.js';
import type {EngineListener} from '../engine/events.js';
import {RECORD_TYPES, type RecordType} from '../contracts/model.js';
import type {Clock} from '../platform/rate-gate.js';
import {createProgressRecorder} from '../engine/live-progress.js';
import {csvCell} from '../platform/csv-cell.js';
import {CallMeter} from '../platform/call-meter.js';
import {takeWriterLock} from '../engine/writer-lock.js';

export interface MigrationRunOptions {
  dir: string;
  mode: RunMode;
  env?: NodeJS.ProcessEnv;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  retry?: Array<{type?: RecordType; sourceId: string}>;
  /** ferry redo: write the retry records again even when migrated */
  redo?: boolean;
  concurrency?: number;
  clock?: Clock;
  /** Use this plan instead of the folder's plan.json */
  plan?: Plan;
}

export async function runMigration(options: MigrationRunOptions): Promise<RunResult> {
  const saved = options.plan ?? loadPlan(options.dir);
  // One signal for every way to cancel: the caller's (Ctrl+C, SIGTERM) and the journal's
  // control flag, which the console sets from any process.
  const cancel = new AbortController();
  // Every paced request waits on this signal, many at once.
  setMaxListeners(0, cancel.signal);
  options.signal?.addEventListener('abort', () => cancel.abort(), {once: true});
  if (options.signal?.aborted) cancel.abort();
  options = {...options, signal: cancel.signal};
  let onEvent: EngineListener = () => undefined;
  // In a demo folder the emulators come back with their accounts before anything is read.
  const sides = await openFolderSides(options.dir, saved, {env: options.env ?? process.env, clock: options.clock, signal: options.signal, onHttp: (event) => onEvent({type: 'http', event})});
  const plan = sides.plan;
  const journal = Journal.inFolder(options.dir);
  let release: () => void;
  try {
    release = takeWriterLock(journal, `ferry ${options.mode === 'retry' ? 'retry' : `run --mode ${options.mode}`}`);
  } catch (error) {
    journal.close();
    sides.release();
    throw error;
  }
  const recorder = createProgressRecorder(journal, {source: sides.source.requestsPerMinute, target: sides.target.requestsPerMinute});
  let meter: CallMeter | undefined;
  onEvent = (event) => {
    recorder(event);
    if (event.type === 'run_started') meter = new CallMeter(event.runId, event.mode);
    else if (event.type === 'http') meter?.onHttp(event.event);
    else if (event.type === 'record') meter?.onRecord(event.recordType);
    else if (event.type === 'run_finished' && meter) journal.setMeta(`calls:${event.runId}`, JSON.stringify(meter.measurement));
    options.onEvent?.(event);
  };
  // A cancel or pause request from an earlier session must not stop this one.
  journal.setMeta('control', null);
  const watch = setInterval(() => {
    if (journal.getMeta('control') === 'cancel') cancel.abort();
  }, 500);
  watch.unref();
  try {
    const engine = new Engine(
      plan,
      journal,
      {
        sourcePlatform: plan.source.platform,
        targetPlatform: plan.target.platform,
        sourceLabel: sides.source.connector.label,
        targetLabel: sides.target.connector.label,
        source: sides.sourceSession,
        target: sides.targetSession,
        limits: sides.target.connector.limits,
      },
      {mode: options.mode, onEvent, signal: options.signal, retry: options.retry, redo: options.redo, concurrency: options.concurrency},
    );
    return await engine.execute();
  } finally {
    clearInterval(watch);
    release();
    journal.close();
    sides.release();
  }
}

/**
 * The one shape `ferry run --json` and `ferry status --json` print (and the README documents):
 * the run's id, mode and status, and per record type total, migrated (of which "warnings"
 * were migrated with warnings), failed, skipped, pending, and "referenced" (pulled in because
 * other records reference them). Both are subsets: total = migrated + failed + skipped + pending.
 */
export interface RunReport {
  runId: number | null;
  mode: RunMode | null;
  status: RunRow['status'] | 'no run';
  message?: string;
  /** What the target never keeps for any record (its connector's limits): said once here, never counted as warnings */
  limitations: string[];
  types: CountsByType;
}

export interface StatusReport extends RunReport {
  plan: {name: string; source: string; target: string};
  lastRun?: {id: number; mode: RunMode; status: string; startedAt: string; finishedAt: string | null; message: string | null};
  /** Every record ever journalled, in the same shape */
  overall: {types: CountsByType};
  /** Each ferry undo (and redo) on this folder: when, what it selected, and what it took off the target by type and outcome */
  undos: Array<{id: number; selector: string; status: string; startedAt: string; finishedAt: string | null; removed: Record<string, Record<string, number>>}>;
}

export function migrationStatus(dir: string): StatusReport {
  const plan = loadPlan(dir);
  const journal = Journal.inFolder(dir);
  try {
    const last = journal.lastRun();
    return {
      ...runReport(journal, plan, last),
      plan: {name: plan.name, source: `${plan.source.platform} ${plan.source.url}`, target: `${plan.target.platform} ${plan.target.url}`},
      lastRun: last && {id: last.id, mode: last.mode, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, message: last.message},
      overall: {types: countsAll(journal, plan)},
      undos: journal.undos().map((undo) => {
        const removed: Record<string, Record<string, number>> = {};
        for (const row of journal.undoneCounts(undo.id)) (removed[row.type] ??= {})[row.outcome] = row.n;
        return {id: undo.id, selector: undo.selector, status: undo.status, startedAt: undo.startedAt, finishedAt: undo.finishedAt, removed};
      }),
    };
  } finally {
    journal.close();
  }
}

function runReport(journal: Journal, plan: Plan, run: RunRow | undefined): RunReport {
  const limitations = limitationsOf(plan);
  if (!run) return {runId: null, mode: null, status: 'no run', limitations, types: {}};
  return {runId: run.id, mode: run.mode, status: run.status, ...(run.message ? {message: run.message} : {}), limitations, types: countsForRun(journal, run.id, plan)};
}

/** A finished run's report, read back from the journal (what `ferry run --json` prints). */
export function reportForRun(dir: string, runId: number, plan: Plan = loadPlan(dir)): RunReport {
  const journal = Journal.inFolder(dir);
  try {
    return runReport(journal, plan, journal.run(runId));
  } finally {
    journal.close();
  }
}

export type ReportStatus = Exclude<RecordStatus, 'pending'> | 'warnings';
export const REPORT_STATUSES: readonly ReportStatus[] = ['migrated', 'warnings', 'failed', 'skipped'];

/** CSV of records with one outcome: source id, target id, type, status, reason, attempts, label, outcome. */
export function writeReport(dir: string, status: ReportStatus, out: string): number {
  const journal = Journal.inFolder(dir);
  try {
    const rows = recordsWithOutcome(journal, status);
    const lines = ['source_id,target_id,type,status,reason,attempts,label,outcome'];
    for (const row of rows) lines.push([row.sourceId, row.targetId ?? '', row.type, row.status, row.reason ?? '', String(row.attempts), row.label ?? '', outcomeLabel(row)].map(csvCell).join(','));
    mkdirSync(path.dirname(path.resolve(out)), {recursive: true});
    writeFileSync(out, lines.join('\n') + '\n');
    return rows.length;
  } finally {
    journal.close();
  }
}

const outcomeLabel = (row: JournalRecord) => (outcomeOf(row) === 'warnings' ? 'migrated with warnings' : row.status);


const TABLE_COLUMNS: Array<{title: string; key: keyof OutcomeCounts}> = [
  {title: 'Total', key: 'total'},
  {title: 'Migrated', key: 'migrated'},
  {title: 'Warnings', key: 'warnings'},
  {title: 'Failed', key: 'failed'},
  {title: 'Skipped', key: 'skipped'},
  {title: 'Pending', key: 'pending'},
  {title: 'Referenced', key: 'referenced'},
];

/** The results table the command line prints; the console's Results screen shows the same columns. */
export function formatResultsTable(types: CountsByType): string {
  // Pending and Referenced appear only when some record is: the main columns always add up to the total.
  const all = totalOf(types);
  const columns = TABLE_COLUMNS.filter((c) => (c.key !== 'pending' && c.key !== 'referenced') || all[c.key] > 0);
  const header = ['Record type', ...columns.map((c) => c.title)];
  const rows = RECORD_TYPES.filter((type) => types[type]).map((type) => [type, ...columns.map((c) => String(types[type]![c.key]))]);
  const totals = ['All', ...columns.map((c) => String(all[c.key]))];
  const table = [header, ...rows, totals];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const legend = 'Warnings: migrated, with something left out or changed (ferry report --status warnings)' + (all.referenced ? '\nReferenced: pulled in because other records reference them' : '');
  return [line(header), rule, ...rows.map(line), rule, line(totals), '', legend].join('\n');
}

/** The target's platform limitations as the command line prints them, once, under the results. */
export function formatLimitations(limitations: string[]): string {
  if (!limitations.length) return '';
  return ['Platform limitations (true of every record, so not counted as warnings):', ...limitations.map((text) => `  - ${text}`)].join('\n');
}

export function isMigrationFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'plan.json'));
}
