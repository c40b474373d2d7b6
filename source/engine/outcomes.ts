// One set of numbers: every screen, the log, `ferry status --json`, `ferry run --json`
// and the reports count records here, from the journal, with the same rules for
// "migrated with warnings" and "pulled in as a reference".
import type {Journal, JournalRecord, RecordStatus, RunMode, TypeCounts} from './journal.js';
import {RECORD_TYPES, type RecordType} from '../contracts/model.js';
import {platformConnector, type Plan} from '../plan/plan.js';
import type {Connector} from '../contracts/connector.js';

/** Journal counts plus the two derived outcomes. Both are subsets of the other columns. */
export interface OutcomeCounts extends TypeCounts {
  /** Migrated, but something was left out or changed on the way (see hasWarning) */
  warnings: number;
  /** Records this run pulled in because others reference them (see countReferenced) */
  referenced: number;
}

export type CountsByType = Partial<Record<RecordType, OutcomeCounts>>;

// Reason parts that only say how a record was linked or written, not that anything was lost.
// The last two are platform limitations that journals written before they were shown once
// (platformLimitations) still carry on every record: never a per-record warning either.
const INFORMATIONAL = [
  /^linked to /i,
  /^updated from the source: /i,
  /^matched to /i,
  /^updated \(changed since the last run\)$/i,
  /^written again to fill in /i,
  // The plan's own default for a required target field (set on Fields): what the operator chose, not a loss.
  /^required field ".+" set to its default /,
  /^Freshdesk cannot set creation dates: /,
  /^Request Tracker cannot set reply authors or dates: /,
  /^Help Center keeps its own article dates: /,
  /^Freshdesk sets the article author to the API key's agent; /,
  // Where the marker went on a plan without article labels: nothing of the article was lost.
  /^Help Center article labels are not on the target plan: /,
];

/**
 * What the target never keeps, for any record (its connector's limits): shown once (the Prepare
 * checklist, Estimate's notes, `status --json`/`run --json` as `limitations`, the command line's
 * results; the Fields dry run carries them too), never
 * counted as a per-record warning. A warning is a loss that one record has and others do not.
 */
export function platformLimitations(connector: Pick<Connector, 'label' | 'limits'> | undefined): string[] {
  if (!connector) return [];
  const {label, limits} = connector;
  const lost = [!limits.preservesTicketDates && 'ticket creation dates', !limits.preservesCommentDates && 'comment dates', !limits.preservesCommentAuthors && 'comment authors'].filter((what): what is string => Boolean(what));
  const out: string[] = [];
  if (lost.length) {
    const list = lost.length > 1 ? `${lost.slice(0, -1).join(', ')} or ${lost.at(-1)}` : lost[0]!;
    out.push(`${label} cannot set ${list}: the originals are written in an "Originally from <author> on <date>" line at the top of each ticket's first message and each comment.`);
  }
  for (const what of limits.neverKeeps ?? []) out.push(`${label} does not keep ${what}.`);
  if (limits.ticketFieldCreateRefusal)
    out.push(`${label}'s API cannot create ticket fields: a source field the target lacks is skipped and its values are left out until the field is added on ${label} by hand; the next run then links it and fills them in.`);
  return out;
}

/** The platform limitations of a plan's target. */
export function limitationsOf(plan: Pick<Plan, 'target'>): string[] {
  return platformLimitations(platformConnector(plan.target.platform));
}

/** The warnings in a migrated record's reason (its notes are joined with "; "). */
export function warningsOf(reason: string | null | undefined): string[] {
  if (!reason) return [];
  return reason
    .split('; ')
    .map((part) => part.trim())
    .filter((part) => part && !INFORMATIONAL.some((pattern) => pattern.test(part)));
}

/** "Migrated with warnings": migrated, and either a warning in its reason or something a later run must still write. */
export function hasWarning(record: {status: RecordStatus; reason: string | null; needsRefill?: boolean}): boolean {
  return record.status === 'migrated' && (Boolean(record.needsRefill) || warningsOf(record.reason).length > 0);
}

/** The outcome shown in lists and reports: the journal's status, with warnings as a fourth outcome. */
export function outcomeOf(record: Pick<JournalRecord, 'status' | 'reason' | 'needsRefill'>): RecordStatus | 'warnings' {
  return hasWarning(record) ? 'warnings' : record.status;
}

// The engine's own rule (Engine.migratesInBulk): types it reads page by page in a mode.
// Every other type's records are there only because something references them.
const BULK_IN_DEMO: ReadonlySet<RecordType> = new Set(['ticket_fields', 'groups', 'agents', 'tickets', 'kb_articles']);
const PEOPLE_TYPES: ReadonlySet<RecordType> = new Set(['organizations', 'contacts']);

/** Whether a run of this mode reads the type page by page; otherwise its records come in as references. The engine's rule too. */
export function migratesInBulk(plan: Pick<Plan, 'recordTypes' | 'filters'>, mode: RunMode, type: RecordType): boolean {
  if (mode === 'retry') return false;
  if (mode === 'demo' && !BULK_IN_DEMO.has(type)) return false;
  if (PEOPLE_TYPES.has(type) && plan.filters.onlyReferencedPeople) return false;
  return plan.recordTypes.includes(type);
}

const SQL_WARNING_FN = 'ferry_has_warning';

function registerWarningFunction(journal: Journal) {
  // Registered per connection; registering again replaces it, so this is safe to repeat.
  journal.db.function(SQL_WARNING_FN, {deterministic: true}, (status: unknown, reason: unknown, refill: unknown) =>
    hasWarning({status: status as RecordStatus, reason: (reason as string | null) ?? null, needsRefill: Boolean(refill)}) ? 1 : 0,
  );
}

function withDerived(base: Partial<Record<RecordType, TypeCounts>>, warnings: Map<RecordType, number>, referenced: Map<RecordType, number>): CountsByType {
  const out: CountsByType = {};
  for (const type of RECORD_TYPES) {
    const counts = base[type];
    if (!counts) continue;
    out[type] = {...counts, warnings: warnings.get(type) ?? 0, referenced: referenced.get(type) ?? 0};
  }
  return out;
}

/**
 * The records one run touched, by type. A record counts as referenced when its type
 * is not migrated in bulk in the run's mode, or when it was first journalled after
 * the type's bulk pass had finished (a deleted requester fetched for its ticket).
 */
export function countsForRun(journal: Journal, runId: number, plan: Pick<Plan, 'recordTypes' | 'filters'>): CountsByType {
  registerWarningFunction(journal);
  const base = journal.countsForRun(runId);
  const warnings = new Map<RecordType, number>();
  for (const row of journal.db
    .prepare(
      `SELECT r.type AS type, COUNT(*) AS n FROM run_types t JOIN records r ON r.type = t.type AND r.source_id = t.source_id
       WHERE t.run_id = ? AND r.status = 'migrated' AND ${SQL_WARNING_FN}(r.status, r.reason, r.needs_refill) = 1 GROUP BY r.type`,
    )
    .all(runId) as Array<{type: RecordType; n: number}>)
    warnings.set(row.type, row.n);
  return withDerived(base, warnings, countReferenced(journal, runId, plan, base));
}

function countReferenced(journal: Journal, runId: number, plan: Pick<Plan, 'recordTypes' | 'filters'>, base: Partial<Record<RecordType, TypeCounts>>): Map<RecordType, number> {
  const referenced = new Map<RecordType, number>();
  const run = journal.run(runId);
  if (!run) return referenced;
  for (const type of RECORD_TYPES) {
    const counts = base[type];
    if (!counts) continue;
    // Outside a bulk pass every record the run touched was a reference, even one an earlier run journalled.
    if (run.mode !== 'retry' && !migratesInBulk(plan, run.mode, type)) referenced.set(type, counts.total);
    else referenced.set(type, referencedFirstSeen(journal, runId, run.mode, type, plan));
  }
  return referenced;
}

/** Every record ever journalled, by type; "referenced" sums what each run pulled in. */
export function countsAll(journal: Journal, plan: Pick<Plan, 'recordTypes' | 'filters'>): CountsByType {
  registerWarningFunction(journal);
  const base = journal.countsAll();
  const warnings = new Map<RecordType, number>();
  for (const row of journal.db
    .prepare(`SELECT type, COUNT(*) AS n FROM records WHERE status = 'migrated' AND ${SQL_WARNING_FN}(status, reason, needs_refill) = 1 GROUP BY type`)
    .all() as Array<{type: RecordType; n: number}>)
    warnings.set(row.type, row.n);
  // A record is referenced overall when the run that first journalled it pulled it in as one.
  const referenced = new Map<RecordType, number>();
  for (const run of journal.runs()) {
    for (const type of RECORD_TYPES) {
      const n = referencedFirstSeen(journal, run.id, run.mode, type, plan);
      if (n) referenced.set(type, (referenced.get(type) ?? 0) + n);
    }
  }
  return withDerived(base, warnings, referenced);
}

/** Records a run journalled for the first time as references (see countsForRun). */
function referencedFirstSeen(journal: Journal, runId: number, mode: RunMode, type: RecordType, plan: Pick<Plan, 'recordTypes' | 'filters'>): number {
  if (mode === 'retry' || !migratesInBulk(plan, mode, type)) {
    return (journal.db.prepare('SELECT COUNT(*) AS n FROM records WHERE type = ? AND first_run_id = ?').get(type, runId) as {n: number}).n;
  }
  const done = journal.db.prepare('SELECT updated_at FROM checkpoints WHERE run_id = ? AND type = ? AND done = 1').get(runId, type) as {updated_at: string} | undefined;
  if (!done) return 0;
  return (journal.db.prepare('SELECT COUNT(*) AS n FROM records WHERE type = ? AND first_run_id = ? AND created_at > ?').get(type, runId, done.updated_at) as {n: number}).n;
}

/** Records with one outcome, for reports and the Failures screen's filter. */
export function recordsWithOutcome(journal: Journal, outcome: RecordStatus | 'warnings', filter: {type?: RecordType} = {}): JournalRecord[] {
  // "migrated" keeps every migrated record (warnings are a subset of it, as in the counts).
  if (outcome !== 'warnings') return journal.records({status: outcome, type: filter.type});
  return journal.records({status: 'migrated', type: filter.type}).filter(hasWarning);
}

/** Sums the columns over every type, for a table's "All" row. */
export function totalOf(counts: CountsByType): OutcomeCounts {
  const total: OutcomeCounts = {total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, warnings: 0, referenced: 0};
  for (const type of RECORD_TYPES) {
    const c = counts[type];
    if (!c) continue;
    for (const key of Object.keys(total) as Array<keyof OutcomeCounts>) total[key] += c[key];
  }
  return total;
}

/** The journal meta key under which a retry run keeps the records it was asked to retry. */
export function retryAskedKey(runId: number): string {
  return `retry_asked:${runId}`;
}

export interface RetryOutcome {
  /** The records the operator asked to retry, as they stand now */
  asked: TypeCounts;
  /** Records the retry touched because an asked one refers to them (a requester, an organization) */
  referenced: TypeCounts;
}

/**
 * A retry run's outcome in the operator's terms: the records they asked to retry, and apart from
 * them the ones those pulled in. Undefined for a run that is not a retry, or one from before the
 * journal kept what was asked.
 */
export function retryOutcome(journal: Journal, runId: number): RetryOutcome | undefined {
  const raw = journal.getMeta(retryAskedKey(runId));
  if (!raw) return undefined;
  const asked = JSON.parse(raw) as Array<{type: RecordType; sourceId: string}>;
  const keys = new Set(asked.map((id) => `${id.type}:${id.sourceId}`));
  const zero = (): TypeCounts => ({total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0});
  const out: RetryOutcome = {asked: zero(), referenced: zero()};
  const rows = journal.db
    .prepare('SELECT r.type AS type, r.source_id AS sourceId, r.status AS status FROM run_types t JOIN records r ON r.type = t.type AND r.source_id = t.source_id WHERE t.run_id = ?')
    .all(runId) as Array<{type: RecordType; sourceId: string; status: RecordStatus}>;
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.type}:${row.sourceId}`;
    seen.add(key);
    const counts = keys.has(key) ? out.asked : out.referenced;
    counts.total++;
    counts[row.status]++;
  }
  // An asked record the retry has not reached yet is still waiting.
  for (const key of keys) if (!seen.has(key)) (out.asked.total++, out.asked.pending++);
  return out;
}

/** "1 record retried: 1 migrated, 0 failed again; and 1 referenced record (1 failed)": the console's and ferry retry's words. */
export function retryOutcomeText(outcome: RetryOutcome): string {
  const {asked, referenced} = outcome;
  const parts = [`${asked.migrated} migrated`, `${asked.failed} failed again`];
  if (asked.skipped) parts.push(`${asked.skipped} skipped`);
  if (asked.pending) parts.push(`${asked.pending} not done yet`);
  let text = `${asked.total} record${asked.total === 1 ? '' : 's'} retried: ${parts.join(', ')}`;
  if (referenced.total) {
    const of = [referenced.migrated ? `${referenced.migrated} migrated` : '', referenced.failed ? `${referenced.failed} failed` : '', referenced.skipped ? `${referenced.skipped} skipped` : '', referenced.pending ? `${referenced.pending} not done yet` : ''].filter(Boolean);
    text += `; and ${referenced.total} referenced record${referenced.total === 1 ? '' : 's'}${of.length ? ` (${of.join(', ')})` : ''}`;
  }
  return text;
}
