// The journal: every source record's fate, the source-to-target id map, child
// steps, per-type checkpoints and run history, in SQLite (WAL) in the migration
// folder. Every write is its own transaction, so a kill at any instant leaves a
// consistent journal that the next run resumes from.
// Over 400 lines on purpose: undo's and show's tables (undone, verified) share the records
// and steps tables' transactions, which one class keeps in one place.
import Database from 'better-sqlite3';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import type {RecordType} from '../contracts/model.js';

export type RecordStatus = 'pending' | 'migrated' | 'failed' | 'skipped';
/** The reason of a record the operator skipped by hand: later runs leave it alone until it is retried. */
export const OPERATOR_SKIP_REASON = 'marked as skipped by the operator';
export type RunMode = 'demo' | 'full' | 'delta' | 'retry';
export type RunStatus = 'running' | 'finished' | 'stopped' | 'cancelled';

export interface JournalRecord {
  type: RecordType;
  sourceId: string;
  status: RecordStatus;
  reason: string | null;
  attempts: number;
  targetId: string | null;
  label: string | null;
  matchKey: string | null;
  sourceUpdatedAt: string | null;
  /** Migrated, but something was left out that a later run writes (see Engine: refill) */
  needsRefill: boolean;
  firstRunId: number | null;
  lastRunId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunRow {
  id: number;
  mode: RunMode;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
  pid: number | null;
  /** For delta: the instant source changes are read from */
  since: string | null;
}

export interface TypeCounts {
  total: number;
  migrated: number;
  failed: number;
  skipped: number;
  pending: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, mode TEXT NOT NULL, status TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, message TEXT, pid INTEGER, since TEXT);
CREATE TABLE IF NOT EXISTS records (
  type TEXT NOT NULL, source_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0, target_id TEXT, label TEXT, match_key TEXT,
  source_updated_at TEXT, first_run_id INTEGER, last_run_id INTEGER,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (type, source_id));
CREATE INDEX IF NOT EXISTS records_status ON records (status, type);
CREATE INDEX IF NOT EXISTS records_match ON records (type, match_key);
CREATE TABLE IF NOT EXISTS steps (
  type TEXT NOT NULL, source_id TEXT NOT NULL, step TEXT NOT NULL, state TEXT NOT NULL,
  target_id TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (type, source_id, step));
CREATE TABLE IF NOT EXISTS checkpoints (
  run_id INTEGER NOT NULL, type TEXT NOT NULL, cursor TEXT, done INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL, PRIMARY KEY (run_id, type));
CREATE TABLE IF NOT EXISTS run_types (
  run_id INTEGER NOT NULL, type TEXT NOT NULL, source_id TEXT NOT NULL, PRIMARY KEY (run_id, type, source_id));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS undos (
  id INTEGER PRIMARY KEY AUTOINCREMENT, selector TEXT NOT NULL, status TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, message TEXT);
CREATE TABLE IF NOT EXISTS undone (
  undo_id INTEGER NOT NULL, type TEXT NOT NULL, source_id TEXT NOT NULL, target_id TEXT, outcome TEXT NOT NULL,
  label TEXT, record TEXT NOT NULL, steps TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS undone_record ON undone (type, source_id);
CREATE TABLE IF NOT EXISTS linked_before (
  type TEXT NOT NULL, source_id TEXT NOT NULL, target_id TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT NOT NULL,
  new_value TEXT NOT NULL, run_id INTEGER, at TEXT NOT NULL, PRIMARY KEY (type, source_id, field));
CREATE TABLE IF NOT EXISTS verified (
  type TEXT NOT NULL, source_id TEXT NOT NULL, at TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (type, source_id));
`;

const nowIso = () => new Date().toISOString();

export class Journal {
  readonly db: Database.Database;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across process kills in WAL mode (only an OS crash can lose the last commits).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    // Journals written before the column existed gain it (a no-op on new ones).
    const columns = (this.db.prepare('PRAGMA table_info(records)').all() as Array<{name: string}>).map((column) => column.name);
    if (!columns.includes('needs_refill')) this.db.exec('ALTER TABLE records ADD COLUMN needs_refill INTEGER NOT NULL DEFAULT 0');
  }

  static inFolder(dir: string): Journal {
    return new Journal(path.join(dir, 'journal.sqlite'));
  }

  close() {
    this.db.close();
  }

  // ---- runs

  startRun(mode: RunMode, since: string | null): RunRow {
    const startedAt = nowIso();
    const info = this.db
      .prepare('INSERT INTO runs (mode, status, started_at, pid, since) VALUES (?, ?, ?, ?, ?)')
      .run(mode, 'running', startedAt, process.pid, since);
    return this.run(Number(info.lastInsertRowid))!;
  }

  run(id: number): RunRow | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as any;
    return row ? toRun(row) : undefined;
  }

  lastRun(): RunRow | undefined {
    const row = this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as any;
    return row ? toRun(row) : undefined;
  }

  runs(): RunRow[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id').all() as any[]).map(toRun);
  }

  /** Takes over an unfinished run (after a kill) so it resumes under the same id. */
  adoptRun(id: number) {
    this.db.prepare("UPDATE runs SET status = 'running', pid = ?, message = NULL, finished_at = NULL WHERE id = ?").run(process.pid, id);
  }

  finishRun(id: number, status: RunStatus, message?: string) {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, message = ? WHERE id = ?').run(status, nowIso(), message ?? null, id);
  }

  // ---- records

  record(type: RecordType, sourceId: string): JournalRecord | undefined {
    const row = this.db.prepare('SELECT * FROM records WHERE type = ? AND source_id = ?').get(type, sourceId) as any;
    return row ? toRecord(row) : undefined;
  }

  /** A record that already went to the target under this match key (e.g. a contact's email). */
  recordByMatchKey(type: RecordType, matchKey: string): JournalRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM records WHERE type = ? AND match_key = ? AND target_id IS NOT NULL ORDER BY rowid LIMIT 1")
      .get(type, matchKey) as any;
    return row ? toRecord(row) : undefined;
  }

  /** Marks the record as in flight before anything is sent for it. */
  markPending(type: RecordType, sourceId: string, runId: number, details: {label?: string; matchKey?: string; sourceUpdatedAt?: string}) {
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO records (type, source_id, status, attempts, label, match_key, source_updated_at, first_run_id, last_run_id, created_at, updated_at)
         VALUES (@type, @sourceId, 'pending', 1, @label, @matchKey, NULL, @runId, @runId, @now, @now)
         ON CONFLICT (type, source_id) DO UPDATE SET status = CASE WHEN status = 'migrated' THEN 'migrated' ELSE 'pending' END,
           attempts = attempts + 1, label = COALESCE(@label, label), match_key = COALESCE(@matchKey, match_key),
           last_run_id = @runId, updated_at = @now`,
      )
      .run({type, sourceId, runId, label: details.label ?? null, matchKey: details.matchKey ?? null, now});
    this.db.prepare('INSERT OR IGNORE INTO run_types (run_id, type, source_id) VALUES (?, ?, ?)').run(runId, type, sourceId);
  }

  settle(type: RecordType, sourceId: string, outcome: {status: Exclude<RecordStatus, 'pending'>; reason?: string | null; targetId?: string | null; sourceUpdatedAt?: string; needsRefill?: boolean}) {
    this.db
      .prepare(
        `UPDATE records SET status = @status, reason = @reason, target_id = COALESCE(@targetId, target_id),
           source_updated_at = COALESCE(@sourceUpdatedAt, source_updated_at), needs_refill = @needsRefill, updated_at = @now
         WHERE type = @type AND source_id = @sourceId`,
      )
      .run({type, sourceId, status: outcome.status, reason: outcome.reason ?? null, targetId: outcome.targetId ?? null, sourceUpdatedAt: outcome.sourceUpdatedAt ?? null, needsRefill: outcome.needsRefill ? 1 : 0, now: nowIso()});
  }

  /** Every source id of a type the journal knows, whatever its status. */
  sourceIds(type: RecordType): string[] {
    return (this.db.prepare('SELECT source_id FROM records WHERE type = ?').pluck().all(type) as string[]);
  }

  /** Records this run touched that are neither migrated, failed nor skipped. */
  pendingInRun(runId: number): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM run_types t JOIN records r ON r.type = t.type AND r.source_id = t.source_id WHERE t.run_id = ? AND r.status = 'pending'`)
      .get(runId) as {n: number};
    return row.n;
  }

  /** Records touched by a run, for its results table. */
  inRun(runId: number, type: RecordType): boolean {
    return this.db.prepare('SELECT 1 FROM run_types WHERE run_id = ? AND type = ? LIMIT 1').get(runId, type) !== undefined;
  }

  countsForRun(runId: number): Partial<Record<RecordType, TypeCounts>> {
    const rows = this.db
      .prepare(
        `SELECT r.type AS type, r.status AS status, COUNT(*) AS n FROM run_types t
         JOIN records r ON r.type = t.type AND r.source_id = t.source_id WHERE t.run_id = ? GROUP BY r.type, r.status`,
      )
      .all(runId) as Array<{type: RecordType; status: RecordStatus; n: number}>;
    return tally(rows);
  }

  countsAll(): Partial<Record<RecordType, TypeCounts>> {
    const rows = this.db.prepare('SELECT type, status, COUNT(*) AS n FROM records GROUP BY type, status').all() as Array<{type: RecordType; status: RecordStatus; n: number}>;
    return tally(rows);
  }

  records(filter: {status?: RecordStatus; type?: RecordType; ids?: Array<{type?: RecordType; sourceId: string}>; limit?: number; offset?: number} = {}): JournalRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) (where.push('status = ?'), params.push(filter.status));
    if (filter.type) (where.push('type = ?'), params.push(filter.type));
    let sql = `SELECT * FROM records ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY rowid`;
    if (filter.limit !== undefined) sql += ` LIMIT ${Math.floor(filter.limit)} OFFSET ${Math.floor(filter.offset ?? 0)}`;
    let rows = (this.db.prepare(sql).all(...params) as any[]).map(toRecord);
    if (filter.ids) {
      const wanted = filter.ids;
      rows = rows.filter((row) => wanted.some((id) => id.sourceId === row.sourceId && (!id.type || id.type === row.type)));
    }
    return rows;
  }

  // ---- steps (children of a record: comments, uploads, the create itself)

  step(type: RecordType, sourceId: string, step: string): {state: 'sent' | 'done'; targetId: string | null} | undefined {
    const row = this.db.prepare('SELECT state, target_id FROM steps WHERE type = ? AND source_id = ? AND step = ?').get(type, sourceId, step) as any;
    return row ? {state: row.state, targetId: row.target_id} : undefined;
  }

  markStep(type: RecordType, sourceId: string, step: string, state: 'sent' | 'done', targetId?: string) {
    this.db
      .prepare(
        `INSERT INTO steps (type, source_id, step, state, target_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (type, source_id, step) DO UPDATE SET state = excluded.state, target_id = excluded.target_id, updated_at = excluded.updated_at`,
      )
      .run(type, sourceId, step, state, targetId ?? null, nowIso());
  }

  /** Every record with this step in this state (the run's end looks again at records it marked). */
  recordsWithStep(step: string, state: 'sent' | 'done'): Array<{type: RecordType; sourceId: string}> {
    return (this.db.prepare('SELECT type, source_id FROM steps WHERE step = ? AND state = ? ORDER BY updated_at').all(step, state) as Array<{type: RecordType; source_id: string}>).map((row) => ({type: row.type, sourceId: row.source_id}));
  }

  clearSteps(type: RecordType, sourceId: string) {
    this.db.prepare('DELETE FROM steps WHERE type = ? AND source_id = ?').run(type, sourceId);
  }

  // ---- checkpoints (a page's cursor is saved only after every record on it is settled)

  checkpoint(runId: number, type: RecordType): {cursor: string | null; done: boolean} | undefined {
    const row = this.db.prepare('SELECT cursor, done FROM checkpoints WHERE run_id = ? AND type = ?').get(runId, type) as any;
    return row ? {cursor: row.cursor, done: Boolean(row.done)} : undefined;
  }

  saveCheckpoint(runId: number, type: RecordType, cursor: string | null, done: boolean) {
    this.db
      .prepare(
        `INSERT INTO checkpoints (run_id, type, cursor, done, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, type) DO UPDATE SET cursor = excluded.cursor, done = excluded.done, updated_at = excluded.updated_at`,
      )
      .run(runId, type, cursor, done ? 1 : 0, nowIso());
  }

  // ---- meta (bookmarks, control requests)

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as any;
    return row?.value ?? undefined;
  }

  setMeta(key: string, value: string | null) {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // ---- undo (source/engine/undo.ts): what ferry deleted again, kept with the record's journey

  /** Records with a create step: what ferry itself wrote on the target (linked records have none). */
  createdRecords(): Array<JournalRecord & {createState: 'sent' | 'done'; createdId: string | null; createdAt: string}> {
    const rows = this.db
      .prepare(`SELECT r.*, s.state AS create_state, s.target_id AS created_id, s.updated_at AS created_step_at FROM records r
        JOIN steps s ON s.type = r.type AND s.source_id = r.source_id AND s.step = 'create' ORDER BY s.updated_at DESC, r.rowid DESC`)
      .all() as any[];
    return rows.map((row) => ({...toRecord(row), createState: row.create_state, createdId: row.created_id, createdAt: row.created_step_at}));
  }

  /**
   * Before ferry writes source values into a record it linked to (options.updateExisting): the
   * target's values of exactly the fields it changes. The first old value of a field is kept (a
   * later run's write does not replace it); the value written is the latest. Journalled before the
   * write, so a kill between the two leaves an old value that is still the target's.
   */
  keepLinkedBefore(type: RecordType, sourceId: string, targetId: string, runId: number | null, fields: Array<{field: string; oldValue: unknown; newValue: unknown}>) {
    const insert = this.db.prepare(`INSERT INTO linked_before (type, source_id, target_id, field, old_value, new_value, run_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (type, source_id, field) DO UPDATE SET new_value = excluded.new_value`);
    const at = nowIso();
    this.db.transaction(() => {
      for (const row of fields) insert.run(type, sourceId, targetId, row.field, JSON.stringify({v: row.oldValue ?? null}), JSON.stringify({v: row.newValue ?? null}), runId, at);
    })();
  }

  /** The old values kept for one linked record (empty: none kept, or undo put them back). */
  linkedBefore(type: RecordType, sourceId: string): Array<{field: string; oldValue: unknown; newValue: unknown; targetId: string; runId: number | null; at: string}> {
    const rows = this.db.prepare('SELECT * FROM linked_before WHERE type = ? AND source_id = ? ORDER BY field').all(type, sourceId) as any[];
    return rows.map((row) => ({field: row.field, oldValue: JSON.parse(row.old_value).v, newValue: JSON.parse(row.new_value).v, targetId: row.target_id, runId: row.run_id, at: row.at}));
  }

  /** Undo put the old values back: they are forgotten, and the record's reason no longer says it was updated. */
  forgetLinkedBefore(type: RecordType, sourceId: string, reason: string) {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM linked_before WHERE type = ? AND source_id = ?').run(type, sourceId);
      this.db.prepare('UPDATE records SET reason = ?, updated_at = ? WHERE type = ? AND source_id = ?').run(reason, nowIso(), type, sourceId);
    })();
  }

  startUndo(selector: string): number {
    return Number(this.db.prepare("INSERT INTO undos (selector, status, started_at) VALUES (?, 'running', ?)").run(selector, nowIso()).lastInsertRowid);
  }

  finishUndo(id: number, status: 'finished' | 'stopped', message?: string) {
    this.db.prepare('UPDATE undos SET status = ?, finished_at = ?, message = ? WHERE id = ?').run(status, nowIso(), message ?? null, id);
  }

  undos(): Array<{id: number; selector: string; status: string; startedAt: string; finishedAt: string | null; message: string | null}> {
    return (this.db.prepare('SELECT * FROM undos ORDER BY id').all() as any[]).map((row) => ({id: row.id, selector: row.selector, status: row.status, startedAt: row.started_at, finishedAt: row.finished_at, message: row.message}));
  }

  /**
   * The record is off the target: one transaction keeps its journey in `undone` and forgets it in
   * `records` and `steps`, so a later run migrates it again as new.
   */
  markUndone(undoId: number, type: RecordType, sourceId: string, outcome: string) {
    this.db.transaction(() => {
      const record = this.db.prepare('SELECT * FROM records WHERE type = ? AND source_id = ?').get(type, sourceId) as any;
      const steps = this.db.prepare('SELECT step, state, target_id, updated_at FROM steps WHERE type = ? AND source_id = ?').all(type, sourceId);
      const targetId = (steps as any[]).find((step) => step.step === 'create')?.target_id ?? record?.target_id ?? null;
      this.db
        .prepare('INSERT INTO undone (undo_id, type, source_id, target_id, outcome, label, record, steps, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(undoId, type, sourceId, targetId, outcome, record?.label ?? null, JSON.stringify(record ? toRecord(record) : null), JSON.stringify(steps), nowIso());
      this.db.prepare('DELETE FROM steps WHERE type = ? AND source_id = ?').run(type, sourceId);
      this.db.prepare('DELETE FROM records WHERE type = ? AND source_id = ?').run(type, sourceId);
      // Duplicates that pointed at it (skipped, never created) are forgotten too: a new run decides them again.
      if (targetId === null) return;
      const pointing = this.db
        .prepare(`SELECT * FROM records r WHERE type = ? AND target_id = ? AND NOT EXISTS (SELECT 1 FROM steps s WHERE s.type = r.type AND s.source_id = r.source_id AND s.step = 'create')`)
        .all(type, targetId) as any[];
      for (const row of pointing) {
        this.db
          .prepare('INSERT INTO undone (undo_id, type, source_id, target_id, outcome, label, record, steps, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(undoId, type, row.source_id, targetId, 'forgotten', row.label, JSON.stringify(toRecord(row)), '[]', nowIso());
        this.db.prepare('DELETE FROM steps WHERE type = ? AND source_id = ?').run(type, row.source_id);
        this.db.prepare('DELETE FROM records WHERE type = ? AND source_id = ?').run(type, row.source_id);
      }
    })();
  }

  /** Keeps the record's journey as it stands in `undone` (ferry redo: the journal keeps both), changing nothing else. */
  keepLife(undoId: number, type: RecordType, sourceId: string, outcome: string) {
    const record = this.db.prepare('SELECT * FROM records WHERE type = ? AND source_id = ?').get(type, sourceId) as any;
    if (!record) return;
    const steps = this.db.prepare('SELECT step, state, target_id, updated_at FROM steps WHERE type = ? AND source_id = ?').all(type, sourceId);
    this.db
      .prepare('INSERT INTO undone (undo_id, type, source_id, target_id, outcome, label, record, steps, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(undoId, type, sourceId, record.target_id, outcome, record.label, JSON.stringify(toRecord(record)), JSON.stringify(steps), nowIso());
  }

  /** Earlier lives of a record that undo took off the target, oldest first. */
  undoneOf(type: RecordType, sourceId: string): Array<{undoId: number; targetId: string | null; outcome: string; at: string; record: JournalRecord | null; steps: Array<{step: string; state: string; target_id: string | null; updated_at: string}>}> {
    return (this.db.prepare('SELECT * FROM undone WHERE type = ? AND source_id = ? ORDER BY rowid').all(type, sourceId) as any[]).map((row) => ({
      undoId: row.undo_id,
      targetId: row.target_id,
      outcome: row.outcome,
      at: row.at,
      record: JSON.parse(row.record),
      steps: JSON.parse(row.steps),
    }));
  }

  /** Everything undo removed, by type and outcome. */
  undoneCounts(undoId?: number): Array<{type: RecordType; outcome: string; n: number}> {
    const where = undoId === undefined ? '' : 'WHERE undo_id = ?';
    return this.db.prepare(`SELECT type, outcome, COUNT(*) AS n FROM undone ${where} GROUP BY type, outcome`).all(...(undoId === undefined ? [] : [undoId])) as any;
  }

  // ---- verify's last word on a record (ferry show)

  /** `finding` null: verify compared the record now (no finding yet); else one more finding of that check. */
  noteVerified(type: RecordType, sourceId: string, finding: string | null) {
    const findings = finding === null ? [] : [...(this.verification(type, sourceId)?.findings ?? []), finding];
    this.db
      .prepare('INSERT INTO verified (type, source_id, at, findings) VALUES (?, ?, ?, ?) ON CONFLICT (type, source_id) DO UPDATE SET at = excluded.at, findings = excluded.findings')
      .run(type, sourceId, nowIso(), JSON.stringify(findings));
  }

  verification(type: RecordType, sourceId: string): {at: string; findings: string[]} | undefined {
    const row = this.db.prepare('SELECT at, findings FROM verified WHERE type = ? AND source_id = ?').get(type, sourceId) as any;
    return row ? {at: row.at, findings: JSON.parse(row.findings)} : undefined;
  }

  /** Every step of a record (create, comments, uploads, undo), oldest first. */
  stepsOf(type: RecordType, sourceId: string): Array<{step: string; state: 'sent' | 'done'; targetId: string | null; at: string}> {
    return (this.db.prepare('SELECT step, state, target_id, updated_at FROM steps WHERE type = ? AND source_id = ? ORDER BY updated_at, rowid').all(type, sourceId) as any[]).map((row) => ({step: row.step, state: row.state, targetId: row.target_id, at: row.updated_at}));
  }

  /** Delta bookmark: only ever moves forward. */
  advanceBookmark(instant: string) {
    const current = this.getMeta('delta_bookmark');
    if (!current || instant > current) this.setMeta('delta_bookmark', instant);
  }
}

function tally(rows: Array<{type: RecordType; status: RecordStatus; n: number}>): Partial<Record<RecordType, TypeCounts>> {
  const counts: Partial<Record<RecordType, TypeCounts>> = {};
  for (const {type, status, n} of rows) {
    const entry = (counts[type] ??= {total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0});
    entry.total += n;
    entry[status] += n;
  }
  return counts;
}

function toRun(row: any): RunRow {
  return {id: row.id, mode: row.mode, status: row.status, startedAt: row.started_at, finishedAt: row.finished_at, message: row.message, pid: row.pid, since: row.since};
}

function toRecord(row: any): JournalRecord {
  return {
    type: row.type,
    sourceId: row.source_id,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    targetId: row.target_id,
    label: row.label,
    matchKey: row.match_key,
    sourceUpdatedAt: row.source_updated_at,
    needsRefill: Boolean(row.needs_refill),
    firstRunId: row.first_run_id,
    lastRunId: row.last_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
