// The load journal (load-journal.sqlite in the output folder): every Advocate import job
// ferry submits and every row's fate, so a load is exactly once across kills and lost
// answers. A job is a once-only step (source/engine/once.ts): "sent" with its marker name
// before createJob goes out, "done" with Advocate's job id after. Its rows are recorded
// with the job before it is sent; they become "loaded" or "rejected" (Advocate's reason and
// the row) only when Advocate's job says so. Every change is its own transaction (WAL), so a
// kill at any instant leaves a journal the next run resumes from.
import Database from 'better-sqlite3';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import type {RecordType} from '../contracts/model.js';
import type {StepStore} from '../engine/once.js';
import type {ImportType} from './fields.js';

export const LOAD_JOURNAL_FILE = 'load-journal.sqlite';

export type JobState = 'prepared' | 'sent' | 'submitted' | 'settled' | 'abandoned';
export type RowState = 'queued' | 'loaded' | 'rejected' | 'failed';

export interface JobRow {
  key: string;
  importType: ImportType;
  jobType: string;
  /** The file ferry sent (the rows not yet loaded), under load/ */
  file: string;
  rows: number;
  /** The job's `name`, unique to this job: how ferry finds it on Advocate after a kill */
  marker: string;
  state: JobState;
  jobId: string | null;
  status: string | null;
  processed: number;
  errors: number;
  /** ms since the epoch when it was first marked sent (bounds the job-list lookup) */
  sentAt: number | null;
  note: string | null;
}

export interface RowCounts {
  loaded: number;
  rejected: number;
  failed: number;
  /** In a job not settled yet */
  queued: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  key TEXT PRIMARY KEY, import_type TEXT NOT NULL, job_type TEXT NOT NULL, file TEXT NOT NULL,
  rows INTEGER NOT NULL, marker TEXT NOT NULL, state TEXT NOT NULL, job_id TEXT, status TEXT,
  processed INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, sent_at INTEGER,
  note TEXT, seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
  import_type TEXT NOT NULL, row_key TEXT NOT NULL, state TEXT NOT NULL, job_key TEXT,
  position INTEGER, reason TEXT, line TEXT, PRIMARY KEY (import_type, row_key));
CREATE INDEX IF NOT EXISTS rows_job ON rows (job_key, position);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
`;

export class LoadJournal {
  readonly db: Database.Database;
  private readonly stmts;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.stmts = {
      rowState: this.db.prepare('SELECT state FROM rows WHERE import_type = ? AND row_key = ?').pluck(),
      queue: this.db.prepare(
        `INSERT INTO rows (import_type, row_key, state, job_key, position) VALUES (?, ?, 'queued', ?, ?)
         ON CONFLICT (import_type, row_key) DO UPDATE SET state = 'queued', job_key = excluded.job_key, position = excluded.position, reason = NULL, line = NULL`,
      ),
      job: this.db.prepare('SELECT * FROM jobs WHERE key = ?'),
    };
  }

  static inFolder(dir: string): LoadJournal {
    return new LoadJournal(path.join(dir, LOAD_JOURNAL_FILE));
  }

  close() {
    this.db.close();
  }

  /** The writer lock's record (source/engine/writer-lock.ts): one load writes a folder at a time. */
  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined;
  }

  setMeta(key: string, value: string | null) {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Whether the row was already loaded (by an earlier job of this folder). */
  isLoaded(importType: ImportType, rowKey: string): boolean {
    return this.stmts.rowState.get(importType, rowKey) === 'loaded';
  }

  /** A new job, before its file is complete: abandoned by the next run unless it is marked sent. */
  prepareJob(job: {importType: ImportType; jobType: string; marker: string; fileFor: (key: string) => string}): JobRow {
    const seq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs').pluck().get() as number;
    const key = `${job.importType}-${seq}`;
    this.db
      .prepare(`INSERT INTO jobs (key, import_type, job_type, file, rows, marker, state, seq, updated_at) VALUES (?, ?, ?, ?, 0, ?, 'prepared', ?, ?)`)
      .run(key, job.importType, job.jobType, job.fileFor(key), job.marker, seq, new Date().toISOString());
    return this.job(key)!;
  }

  /** A prepared job with nothing to send: gone without a trace on Advocate. */
  dropPrepared(jobKey: string) {
    this.db.prepare(`UPDATE jobs SET state = 'abandoned', updated_at = ? WHERE key = ? AND state = 'prepared'`).run(new Date().toISOString(), jobKey);
  }

  /** Records rows as part of a prepared job, many at a time (one transaction). */
  queueRows = (jobKey: string, importType: ImportType, rows: Array<{key: string; position: number}>) => {
    this.db.transaction(() => {
      for (const row of rows) this.stmts.queue.run(importType, row.key, jobKey, row.position);
    })();
  };

  setJobRows(jobKey: string, rows: number) {
    this.db.prepare('UPDATE jobs SET rows = ?, updated_at = ? WHERE key = ?').run(rows, new Date().toISOString(), jobKey);
  }

  job(key: string): JobRow | undefined {
    const row = this.stmts.job.get(key) as Record<string, unknown> | undefined;
    return row ? toJob(row) : undefined;
  }

  jobs(): JobRow[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY seq').all() as Array<Record<string, unknown>>).map(toJob);
  }

  /** Jobs that may be on Advocate and whose rows are not settled: resumed before anything new is sent. */
  openJobs(): JobRow[] {
    return this.jobs().filter((job) => job.state === 'sent' || job.state === 'submitted');
  }

  /** A prepared job never sent: its rows go back to waiting (the next batch queues them again). */
  abandonPrepared() {
    this.db.transaction(() => {
      const keys = this.db.prepare(`SELECT key FROM jobs WHERE state = 'prepared'`).pluck().all() as string[];
      for (const key of keys) {
        this.db.prepare(`UPDATE jobs SET state = 'abandoned', updated_at = ? WHERE key = ?`).run(new Date().toISOString(), key);
        this.db.prepare(`DELETE FROM rows WHERE job_key = ? AND state = 'queued'`).run(key);
      }
    })();
  }

  /** The job as a once-only step (StepStore over the jobs table). */
  stepStore(jobKey: string): StepStore {
    return {
      step: () => {
        const job = this.job(jobKey);
        if (!job || job.state === 'prepared') return undefined;
        return {state: job.jobId ? 'done' : 'sent', targetId: job.jobId};
      },
      markStep: (_type, _sourceId, _step, state, targetId) => {
        const now = new Date().toISOString();
        if (state === 'sent') this.db.prepare(`UPDATE jobs SET state = 'sent', sent_at = COALESCE(sent_at, ?), updated_at = ? WHERE key = ?`).run(Date.now(), now, jobKey);
        else this.db.prepare(`UPDATE jobs SET state = 'submitted', job_id = ?, updated_at = ? WHERE key = ?`).run(targetId ?? null, now, jobKey);
      },
    };
  }

  /** Progress Advocate reported, for the screens and the summary. */
  noteProgress(jobKey: string, status: string, processed: number, errors: number) {
    this.db.prepare('UPDATE jobs SET status = ?, processed = ?, errors = ?, updated_at = ? WHERE key = ?').run(status, processed, errors, new Date().toISOString(), jobKey);
  }

  /**
   * Advocate's job ended: its rejected rows (by position in the file sent) get Advocate's reason
   * and the row; every other row of the job is loaded (COMPLETED) or failed (ABORTED). One transaction.
   */
  settle(jobKey: string, outcome: {status: string; processed: number; errors: number; rejected: Array<{position: number; reason: string; line: string}>; note?: string}) {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const reject = this.db.prepare(`UPDATE rows SET state = 'rejected', reason = ?, line = ? WHERE job_key = ? AND position = ? AND state = 'queued'`);
      for (const row of outcome.rejected) reject.run(row.reason, row.line, jobKey, row.position);
      const rest = outcome.status === 'COMPLETED' ? 'loaded' : 'failed';
      this.db.prepare(`UPDATE rows SET state = ?, reason = ? WHERE job_key = ? AND state = 'queued'`).run(rest, rest === 'failed' ? `Advocate's job ended ${outcome.status}` : null, jobKey);
      this.db
        .prepare(`UPDATE jobs SET state = 'settled', status = ?, processed = ?, errors = ?, note = COALESCE(?, note), updated_at = ? WHERE key = ?`)
        .run(outcome.status, outcome.processed, outcome.errors, outcome.note ?? null, now, jobKey);
    })();
  }

  /** Advocate refused the file before any job ran: nothing was sent, its rows wait for the next load. */
  refuse(jobKey: string, reasons: string[]) {
    this.db.transaction(() => {
      this.db.prepare(`UPDATE jobs SET state = 'settled', status = 'REJECTED', errors = ?, note = ?, updated_at = ? WHERE key = ?`).run(reasons.length, reasons.join('; '), new Date().toISOString(), jobKey);
      this.db.prepare(`UPDATE rows SET state = 'failed', reason = ? WHERE job_key = ? AND state = 'queued'`).run(`Advocate refused the file: ${reasons.join('; ')}`, jobKey);
    })();
  }

  /** Row counts by import type, from the journal (what the CLI, catch-up and the console show). */
  counts(): Partial<Record<ImportType, RowCounts>> {
    const result: Partial<Record<ImportType, RowCounts>> = {};
    for (const row of this.db.prepare('SELECT import_type AS type, state, COUNT(*) AS n FROM rows GROUP BY import_type, state').all() as Array<{type: ImportType; state: RowState; n: number}>) {
      const counts = (result[row.type] ??= {loaded: 0, rejected: 0, failed: 0, queued: 0});
      counts[row.state] += row.n;
    }
    return result;
  }

  /** Row counts of one job, from the journal. */
  jobCounts(jobKey: string): RowCounts {
    const counts: RowCounts = {loaded: 0, rejected: 0, failed: 0, queued: 0};
    for (const row of this.db.prepare('SELECT state, COUNT(*) AS n FROM rows WHERE job_key = ? GROUP BY state').all(jobKey) as Array<{state: RowState; n: number}>) counts[row.state] += row.n;
    return counts;
  }

  /** Rows Advocate rejected (or whose job failed), with its reason and the row as sent. */
  rejected(limit = 1000): Array<{importType: ImportType; rowKey: string; state: RowState; reason: string | null; line: string | null; jobKey: string | null}> {
    return (this.db.prepare(`SELECT import_type, row_key, state, reason, line, job_key FROM rows WHERE state IN ('rejected', 'failed') ORDER BY import_type, job_key, position LIMIT ?`).all(limit) as Array<Record<string, string | null>>).map((row) => ({
      importType: row.import_type as ImportType,
      rowKey: row.row_key!,
      state: row.state as RowState,
      reason: row.reason,
      line: row.line,
      jobKey: row.job_key,
    }));
  }

  /** Every loaded row key of a type (streamed: a million keys never sit in memory at once). */
  *loadedKeys(importType: ImportType): Generator<string> {
    for (const key of this.db.prepare(`SELECT row_key FROM rows WHERE import_type = ? AND state = 'loaded'`).pluck().iterate(importType) as Iterable<string>) yield key;
  }
}

/** The once-only store's record type: the load journal has one kind of step, a job. */
export const JOB_STEP_TYPE = 'advocateJob' as unknown as RecordType;

function toJob(row: Record<string, unknown>): JobRow {
  return {
    key: row.key as string,
    importType: row.import_type as ImportType,
    jobType: row.job_type as string,
    file: row.file as string,
    rows: row.rows as number,
    marker: row.marker as string,
    state: row.state as JobState,
    jobId: (row.job_id as string | null) ?? null,
    status: (row.status as string | null) ?? null,
    processed: row.processed as number,
    errors: row.errors as number,
    sentAt: (row.sent_at as number | null) ?? null,
    note: (row.note as string | null) ?? null,
  };
}
