// Undo, show and redo on a migration folder: the operations `ferry undo|show|redo` and the
// console run. The engine (source/engine/undo.ts) decides what goes; this opens the folder's
// target (its demo emulators first), takes the writer lock and journals the undo.
import {Journal} from '../engine/journal.js';
import {executeUndo, previewUndo, type UndoPreview, type UndoResult, type UndoResultItem, type UndoSelector} from '../engine/undo.js';
import {loadPlan, type Plan} from '../plan/plan.js';
import {findConnector} from './registry.js';
import {openFolderSides} from './sides.js';
import {takeWriterLock} from '../engine/writer-lock.js';
import {PlanError} from '../contracts/errors.js';
import type {RecordType} from '../contracts/model.js';
import {runMigration} from './migration.js';

export interface UndoRunOptions {
  dir: string;
  selector: UndoSelector;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onItem?: (item: UndoResultItem) => void;
  concurrency?: number;
}

function targetFacts(plan: Plan) {
  const connector = findConnector(plan.target.platform);
  if (!connector) throw new PlanError(`target.platform "${plan.target.platform}" is not a platform ferry knows.`, 'target.platform');
  return {connector, platform: connector.label, removal: connector.removal, permanent: Boolean(plan.options.undoPermanently)};
}

/** The dry run: what an undo with this selector would delete, by type, from the journal alone. */
export function undoPreview(dir: string, selector: UndoSelector): UndoPreview & {target: string; permanent: boolean} {
  const plan = loadPlan(dir);
  const facts = targetFacts(plan);
  const journal = Journal.inFolder(dir);
  try {
    return {...previewUndo(journal, selector, facts), target: `${facts.platform} ${plan.target.url}`, permanent: facts.permanent};
  } finally {
    journal.close();
  }
}

/** The dry run as the command line and the console's Results screen print it. */
export function formatPreview(preview: UndoPreview & {target: string}): string {
  const lines = [`Undo ${preview.selector}: delete from ${preview.target}`];
  if (!preview.total) lines.push('  nothing: ferry created no record in this selection (or undo already removed it)');
  const width = Math.max(0, ...preview.types.map((row) => row.type.length));
  for (const row of preview.types) lines.push(`  ${row.type.padEnd(width)}  ${String(row.count).padStart(6)}  ${row.how}`);
  if (preview.total) lines.push(`  ${'all'.padEnd(width)}  ${String(preview.total).padStart(6)}`);
  lines.push(`Records ferry linked to (found by email or name, not created): ${preview.linked}, never deleted.`);
  if (preview.restore.length) {
    lines.push(`Linked records a run wrote source values into (options.updateExisting): ${preview.restore.length}, their old values put back:`);
    for (const row of preview.restore) lines.push(`  ${row.type}:${row.sourceId} (target #${row.targetId}): ${row.fields.join(', ')}`);
  }
  if (preview.notKept.length) {
    lines.push(`Linked records a run wrote into, not restored: no old values kept (${preview.notKept.length}):`);
    for (const row of preview.notKept) lines.push(`  ${row.type}:${row.sourceId} (target #${row.targetId}): ${row.fields.join(', ')}`);
  }
  if (preview.total) lines.push('A record something else on the target now references (a ticket ferry did not create) is kept, and said so.');
  return lines.join('\n');
}

export function countsPhrase(preview: UndoPreview): string {
  return preview.types.map((row) => `${row.count} ${row.type.replace('_', ' ')}`).join(', ');
}

/** Whether the undo has anything to change on the target: records to delete, or linked records to put back. */
export function undoHasWork(preview: UndoPreview): boolean {
  return preview.total > 0 || preview.restore.length > 0;
}

/** What the undo will do, for its confirmation: "Delete 20 tickets, 9 contacts from Freshdesk https://… and put back the old values of 3 linked records". */
export function actionPhrase(preview: UndoPreview & {target: string}): string {
  const restore = `put back the old values of ${preview.restore.length} linked record(s)`;
  if (!preview.total) return `${restore.charAt(0).toUpperCase()}${restore.slice(1)} on ${preview.target}`;
  return `Delete ${countsPhrase(preview)} from ${preview.target}${preview.restore.length ? ` and ${restore}` : ''}`;
}

export async function runUndo(options: UndoRunOptions): Promise<UndoResult> {
  const saved = loadPlan(options.dir);
  const sides = await openFolderSides(options.dir, saved, {env: options.env ?? process.env, signal: options.signal});
  const plan = sides.plan;
  const journal = Journal.inFolder(options.dir);
  let release: () => void;
  try {
    release = takeWriterLock(journal, 'ferry undo');
  } catch (error) {
    journal.close();
    sides.release();
    throw error;
  }
  try {
    const facts = targetFacts(plan);
    return await executeUndo(journal, sides.targetSession, {
      selector: options.selector,
      permanent: facts.permanent,
      sourcePlatform: plan.source.platform,
      targetPlatform: facts.platform,
      removal: facts.removal,
      concurrency: options.concurrency,
      signal: options.signal,
      onItem: options.onItem,
    });
  } finally {
    release();
    journal.close();
    sides.release();
  }
}

export interface RedoItem {
  type: RecordType;
  sourceId: string;
  /** updated in place; undone and written again (the target could not update it); or failed, with the reason */
  how: 'updated in place' | 'undone and written again' | 'failed';
  targetId: string | null;
  reason?: string;
}

/**
 * ferry redo: writes records ferry created again. Each is updated in place through the target's
 * update; one the target refuses to update is undone and written again as new. The journal keeps
 * the record as it was before (in `undone`, "before redo") beside what it is now.
 */
export async function runRedo(options: {dir: string; ids: Array<{type?: RecordType; sourceId: string}>; env?: NodeJS.ProcessEnv}): Promise<{runId: number; items: RedoItem[]}> {
  const journal = Journal.inFolder(options.dir);
  let ids: Array<{type: RecordType; sourceId: string}>;
  try {
    const created = new Map(journal.createdRecords().map((row) => [`${row.type}:${row.sourceId}`, row]));
    ids = options.ids.map((id) => {
      const rows = journal.records({ids: [id]});
      if (rows.length > 1) throw new PlanError(`${id.sourceId} names records of several types (${rows.map((row) => row.type).join(', ')}): give it as type:id.`);
      const row = rows[0];
      if (!row) throw new PlanError(`${id.type ?? ''}${id.type ? ':' : ''}${id.sourceId} is not in the journal: migrate it first (ferry retry --ids or a run).`);
      const mine = created.get(`${row.type}:${row.sourceId}`);
      if (!mine || mine.createState !== 'done')
        throw new PlanError(`${row.type}:${row.sourceId} was not created by ferry (${row.reason ?? row.status}): redo writes only records ferry created, never ones it linked to.`);
      return {type: row.type, sourceId: row.sourceId};
    });
    const opId = journal.startUndo(`redo ${ids.map((id) => `${id.type}:${id.sourceId}`).join(',')}`);
    for (const id of ids) journal.keepLife(opId, id.type, id.sourceId, 'before redo');
    journal.finishUndo(opId, 'finished');
  } finally {
    journal.close();
  }
  const result = await runMigration({dir: options.dir, mode: 'retry', retry: ids, redo: true, env: options.env});
  const after = (id: {type: RecordType; sourceId: string}) => {
    const reader = Journal.inFolder(options.dir);
    try {
      return reader.record(id.type, id.sourceId);
    } finally {
      reader.close();
    }
  };
  const refused = ids.filter((id) => after(id)?.status === 'failed');
  let runId = result.runId;
  if (refused.length) {
    // Not updatable in place (a closed ticket, say): take it off the target and write it again.
    await runUndo({dir: options.dir, selector: {ids: refused}, env: options.env});
    runId = (await runMigration({dir: options.dir, mode: 'retry', retry: refused, redo: true, env: options.env})).runId;
  }
  return {
    runId,
    items: ids.map((id) => {
      const row = after(id);
      const again = refused.some((r) => r.type === id.type && r.sourceId === id.sourceId);
      const ok = row?.status === 'migrated';
      return {type: id.type, sourceId: id.sourceId, targetId: row?.targetId ?? null, how: ok ? (again ? 'undone and written again' : 'updated in place') : 'failed', ...(ok ? {} : {reason: row?.reason ?? 'not in the journal'})};
    }),
  };
}
