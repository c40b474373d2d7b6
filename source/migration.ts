// A migration folder: its plan, journal and reports, and the operations the
// command line and the console run on it.
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {setMaxListeners} from 'node:events';
import path from 'node:path';
import {Journal, type RecordStatus, type RunMode, type TypeCounts} from './journal.js';
import {loadPlan, type Plan} from './plan.js';
import {openSides} from './engine/sides.js';
import {Engine, type RunResult} from './engine/engine.js';
import type {EngineListener} from './engine/events.js';
import {RECORD_TYPES, type RecordType} from './model.js';
import type {Clock} from './rate-gate.js';
import {createProgressRecorder} from './live-progress.js';
import {CallMeter} from './call-meter.js';
import {takeWriterLock} from './writer-lock.js';

export interface MigrationRunOptions {
  dir: string;
  mode: RunMode;
  env?: NodeJS.ProcessEnv;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  retry?: Array<{type?: RecordType; sourceId: string}>;
  concurrency?: number;
  clock?: Clock;
  /** Use this plan instead of the folder's plan.json */
  plan?: Plan;
}

export async function runMigration(options: MigrationRunOptions): Promise<RunResult> {
  const plan = options.plan ?? loadPlan(options.dir);
  // One signal for every way to cancel: the caller's (Ctrl+C, SIGTERM) and the journal's
  // control flag, which the console sets from any process.
  const cancel = new AbortController();
  // Every paced request waits on this signal, many at once.
  setMaxListeners(0, cancel.signal);
  options.signal?.addEventListener('abort', () => cancel.abort(), {once: true});
  if (options.signal?.aborted) cancel.abort();
  options = {...options, signal: cancel.signal};
  let onEvent: EngineListener = () => undefined;
  const sides = openSides(plan, {env: options.env, clock: options.clock, signal: options.signal, onHttp: (event) => onEvent({type: 'http', event})});
  const journal = Journal.inFolder(options.dir);
  let release: () => void;
  try {
    release = takeWriterLock(journal, `ferry ${options.mode === 'retry' ? 'retry' : `run --mode ${options.mode}`}`);
  } catch (error) {
    journal.close();
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
        source: sides.sourceSession,
        target: sides.targetSession,
        limits: sides.target.connector.limits,
      },
      {mode: options.mode, onEvent, signal: options.signal, retry: options.retry, concurrency: options.concurrency},
    );
    return await engine.execute();
  } finally {
    clearInterval(watch);
    release();
    journal.close();
  }
}

export interface StatusReport {
  plan: {name: string; source: string; target: string};
  lastRun?: {id: number; mode: RunMode; status: string; startedAt: string; finishedAt: string | null; message: string | null};
  /** The last run's results */
  run: Partial<Record<RecordType, TypeCounts>>;
  /** Every record ever journalled */
  overall: Partial<Record<RecordType, TypeCounts>>;
}

export function migrationStatus(dir: string): StatusReport {
  const plan = loadPlan(dir);
  const journal = Journal.inFolder(dir);
  try {
    const last = journal.lastRun();
    return {
      plan: {name: plan.name, source: `${plan.source.platform} ${plan.source.url}`, target: `${plan.target.platform} ${plan.target.url}`},
      lastRun: last && {id: last.id, mode: last.mode, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, message: last.message},
      run: last ? journal.countsForRun(last.id) : {},
      overall: journal.countsAll(),
    };
  } finally {
    journal.close();
  }
}

/** CSV of records with one status: source id, target id, type, status, reason, attempts. */
export function writeReport(dir: string, status: Exclude<RecordStatus, 'pending'>, out: string): number {
  const journal = Journal.inFolder(dir);
  try {
    const rows = journal.records({status});
    const lines = ['source_id,target_id,type,status,reason,attempts,label'];
    for (const row of rows) lines.push([row.sourceId, row.targetId ?? '', row.type, row.status, row.reason ?? '', String(row.attempts), row.label ?? ''].map(csvCell).join(','));
    mkdirSync(path.dirname(path.resolve(out)), {recursive: true});
    writeFileSync(out, lines.join('\n') + '\n');
    return rows.length;
  } finally {
    journal.close();
  }
}

/** Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatResultsTable(types: Partial<Record<RecordType, TypeCounts>>): string {
  // Pending appears only when some record is: the columns always add up to the total.
  const withPending = RECORD_TYPES.some((type) => (types[type]?.pending ?? 0) > 0);
  const header = ['Record type', 'Total', 'Migrated', 'Failed', 'Skipped', ...(withPending ? ['Pending'] : [])];
  const rows = RECORD_TYPES.filter((type) => types[type]).map((type) => {
    const c = types[type]!;
    return [type, String(c.total), String(c.migrated), String(c.failed), String(c.skipped), ...(withPending ? [String(c.pending)] : [])];
  });
  const totals = rows.reduce((sum, row) => sum.map((v, i) => (i === 0 ? v : String(Number(v) + Number(row[i])))), header.map((_, i) => (i === 0 ? 'All' : '0')));
  const all = [header, ...rows, totals];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(totals)].join('\n');
}

export function resultsJson(mode: RunMode, types: Partial<Record<RecordType, TypeCounts>>) {
  const out: Record<string, {total: number; migrated: number; failed: number; skipped: number; pending: number}> = {};
  for (const type of RECORD_TYPES) {
    const c = types[type];
    if (c) out[type] = {total: c.total, migrated: c.migrated, failed: c.failed, skipped: c.skipped, pending: c.pending};
  }
  return {mode, types: out};
}

export function isMigrationFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'plan.json'));
}
