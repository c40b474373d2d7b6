// Undo: deletes from the target what ferry created, and only that. "Created" is what the
// journal holds a create step for (linked and matched records have none), so records ferry
// linked to are never touched. Records go in reverse dependency order (articles, tickets with
// their comments and attachments, then the contacts, organizations, groups and fields they
// referenced), newest first within a type. Every delete is a journalled once-only step: "undo
// sent" before the request, and one transaction after it moves the record's journey to
// `undone` and forgets it, so a later run migrates it again as new. A kill or a lost answer
// resumes at the step; a 404 there means the earlier send was applied (or someone deleted it).
import {MIGRATION_ORDER, type Id, type RecordType} from '../contracts/model.js';
import type {RemoveOutcome, TargetSession, WriteContext} from '../contracts/connector.js';
import {HttpRecordError, RecordError, RunStopError} from '../contracts/errors.js';
import type {Journal, JournalRecord, RunMode} from './journal.js';
import {runPool} from '../platform/concurrency.js';
import {sameValue} from './same-value.js';

/** Which records an undo takes back: one run's, every run of a mode's, some records', or (empty) all. */
export interface UndoSelector {
  runId?: number;
  mode?: RunMode;
  ids?: Array<{type?: RecordType; sourceId: string}>;
}

export interface UndoItem {
  type: RecordType;
  sourceId: string;
  label: string | null;
  /** The target id the create step journalled; null when its answer never came back (looked up by marker) */
  targetId: string | null;
  createState: 'sent' | 'done';
  firstRunId: number | null;
  /** The target id the journal settled the record with (a link made after a create whose answer was lost) */
  settledTargetId: string | null;
}

/** Children before what they reference: the migration order backwards. */
export const UNDO_ORDER: readonly RecordType[] = [...MIGRATION_ORDER].reverse();

/** Meta key: the target's ticket-field ids before this folder's first run (artifacts not among them are ferry's). */
export const FIELDS_BEFORE_META = 'target_ticket_fields_before';

export function selectorText(selector: UndoSelector): string {
  if (selector.runId !== undefined) return `run ${selector.runId}`;
  if (selector.mode) return `${selector.mode} runs`;
  if (selector.ids) return selector.ids.map((id) => `${id.type ?? '*'}:${id.sourceId}`).join(',');
  return 'everything ferry created from this folder';
}

function selects(selector: UndoSelector, row: JournalRecord, modeOfRun: (id: number | null) => RunMode | undefined): boolean {
  if (selector.runId !== undefined) return row.firstRunId === selector.runId;
  if (selector.mode) return modeOfRun(row.firstRunId) === selector.mode;
  if (selector.ids) return selector.ids.some((id) => id.sourceId === row.sourceId && (!id.type || id.type === row.type));
  return true;
}

/** What an undo with this selector deletes, in the order it deletes it. Read from the journal only. */
export function undoCandidates(journal: Journal, selector: UndoSelector): UndoItem[] {
  const modes = new Map(journal.runs().map((run) => [run.id, run.mode]));
  const modeOfRun = (id: number | null) => (id === null ? undefined : modes.get(id));
  const rows = journal.createdRecords().filter((row) => selects(selector, row, modeOfRun));
  // createdRecords is newest first; a stable sort by type keeps that within each type.
  return rows
    .map((row) => ({type: row.type, sourceId: row.sourceId, label: row.label, targetId: row.createdId, createState: row.createState, firstRunId: row.firstRunId, settledTargetId: row.targetId}))
    .sort((a, b) => UNDO_ORDER.indexOf(a.type) - UNDO_ORDER.indexOf(b.type));
}

export interface UndoPlanType {
  type: RecordType;
  count: number;
  /** What the target does with them (e.g. "to the trash, restorable for 30 days"), or why it cannot */
  how: string;
  removable: boolean;
}

export interface UndoPreview {
  selector: string;
  types: UndoPlanType[];
  total: number;
  /** Records in the selection ferry linked to (found by email or name): never deleted */
  linked: number;
  /** Linked records a run wrote source values into (options.updateExisting) whose old values undo puts back */
  restore: LinkedRestore[];
  /** Linked records a run wrote into whose old values the journal did not keep (a folder from before it kept them) */
  notKept: LinkedRestore[];
}

export interface LinkedRestore {
  type: RecordType;
  sourceId: string;
  targetId: string;
  label: string | null;
  /** The fields whose old values are put back (none for notKept: the run's reason names what it changed) */
  fields: string[];
}

/** The reason a run gives a linked record it wrote into: "...; updated from the source: name, phone". */
const UPDATED_FROM_SOURCE = /; updated from the source: /;

/** Linked records in the selection (found by email or name, not created): never deleted, only put back. */
function linkedInSelection(journal: Journal, selector: UndoSelector): JournalRecord[] {
  const modes = new Map(journal.runs().map((run) => [run.id, run.mode]));
  const created = new Set(journal.createdRecords().map((row) => `${row.type}:${row.sourceId}`));
  return journal
    .records()
    .filter((row) => row.targetId && row.status === 'migrated' && !created.has(`${row.type}:${row.sourceId}`) && row.type !== 'agents' && selects(selector, row, (id) => (id === null ? undefined : modes.get(id))));
}

/** Of the linked records in the selection: those whose kept old values undo puts back, and those a run wrote into without keeping them. */
export function linkedToRestore(journal: Journal, selector: UndoSelector): {linked: number; restore: LinkedRestore[]; notKept: LinkedRestore[]} {
  const linked = linkedInSelection(journal, selector);
  const restore: LinkedRestore[] = [];
  const notKept: LinkedRestore[] = [];
  for (const row of linked) {
    const kept = journal.linkedBefore(row.type, row.sourceId);
    const base = {type: row.type, sourceId: row.sourceId, targetId: row.targetId!, label: row.label};
    if (kept.length) restore.push({...base, fields: kept.map((field) => field.field)});
    else if (UPDATED_FROM_SOURCE.test(row.reason ?? '')) notKept.push({...base, fields: (row.reason ?? '').split(UPDATED_FROM_SOURCE)[1]!.split(', ')});
  }
  return {linked: linked.length, restore, notKept};
}

export type Removal = Partial<Record<RecordType, {soft: string; permanent?: string}>>;

export function howRemoved(removal: Removal | undefined, type: RecordType, permanent: boolean, platform: string): {how: string; removable: boolean} {
  const rule = removal?.[type];
  if (!rule) return {how: `kept: ${platform} cannot delete ${type.replace('_', ' ')} through its API`, removable: false};
  return {how: permanent && rule.permanent ? rule.permanent : rule.soft, removable: true};
}

/** The dry run: the same selection the undo makes, counted by type, with what the target does with each, and the linked records it puts back. */
export function previewUndo(journal: Journal, selector: UndoSelector, target: {platform: string; removal?: Removal; permanent: boolean}): UndoPreview {
  const items = undoCandidates(journal, selector);
  const types: UndoPlanType[] = [];
  for (const type of UNDO_ORDER) {
    const count = items.filter((item) => item.type === type).length;
    if (count) types.push({type, count, ...howRemoved(target.removal, type, target.permanent, target.platform)});
  }
  return {selector: selectorText(selector), types, total: items.length, ...linkedToRestore(journal, selector)};
}

export type UndoOutcome = RemoveOutcome | 'kept' | 'failed' | 'never written' | 'restored' | 'not restored';

export interface UndoResultItem {
  type: RecordType;
  sourceId: string;
  label: string | null;
  targetId: string | null;
  outcome: UndoOutcome;
  reason?: string;
}

export interface UndoResult {
  undoId: number;
  status: 'finished' | 'stopped';
  message?: string;
  items: UndoResultItem[];
}

export interface UndoOptions {
  selector: UndoSelector;
  permanent: boolean;
  sourcePlatform: string;
  targetPlatform: string;
  removal?: Removal;
  concurrency?: number;
  signal?: AbortSignal;
  onItem?: (item: UndoResultItem) => void;
}

export async function executeUndo(journal: Journal, target: TargetSession, options: UndoOptions): Promise<UndoResult> {
  const undoId = journal.startUndo(selectorText(options.selector));
  const items = undoCandidates(journal, options.selector);
  const results: UndoResultItem[] = [];
  const report = (item: UndoResultItem) => (results.push(item), options.onItem?.(item));
  try {
    // Linked records first: a value ferry wrote into one may reference a record it created (a
    // contact's organization), which then no longer holds the delete back.
    const {restore, notKept} = linkedToRestore(journal, options.selector);
    for (const item of notKept) report({type: item.type, sourceId: item.sourceId, label: item.label, targetId: item.targetId, outcome: 'not restored', reason: `no old values kept (a run before ferry kept them wrote ${item.fields.join(', ')})`});
    for (const item of restore) {
      if (options.signal?.aborted) break;
      report(await restoreOne(journal, target, item, options.sourcePlatform));
    }
    for (const type of UNDO_ORDER) {
      const list = items.filter((item) => item.type === type);
      if (!list.length) continue;
      await runPool(list, options.concurrency ?? 4, async (item) => {
        if (options.signal?.aborted) return;
        report(await undoOne(journal, target, undoId, item, options));
      });
      if (options.signal?.aborted) break;
    }
    if (!options.signal?.aborted) for (const item of await removeArtifacts(journal, target, options)) report(item);
  } catch (error) {
    const message = error instanceof RunStopError ? `${error.message}\n${error.hint}` : `Internal error: ${(error as Error).stack ?? error}`;
    journal.finishUndo(undoId, 'stopped', message);
    return {undoId, status: 'stopped', message, items: results};
  }
  if (!journal.createdRecords().length) journal.setMeta('delta_bookmark', null);
  const failed = results.filter((item) => item.outcome === 'failed').length;
  const cancelled = options.signal?.aborted;
  const message = cancelled ? 'Cancelled: run the same ferry undo again to go on.' : failed ? `${failed} record(s) could not be deleted: run the same ferry undo again to retry them.` : undefined;
  journal.finishUndo(undoId, failed || cancelled ? 'stopped' : 'finished', message);
  return {undoId, status: failed || cancelled ? 'stopped' : 'finished', message, items: results};
}

async function undoOne(journal: Journal, target: TargetSession, undoId: number, item: UndoItem, options: UndoOptions): Promise<UndoResultItem> {
  const base = {type: item.type, sourceId: item.sourceId, label: item.label, targetId: item.targetId};
  const rule = howRemoved(options.removal, item.type, options.permanent, options.targetPlatform);
  try {
    let targetId: Id | undefined = item.targetId ?? undefined;
    if (!targetId) {
      // The create's answer never came back (or it was refused): it is on the target only if its marker is.
      targetId = await target.findByMarker(item.type, `${options.sourcePlatform}:${item.type}:${item.sourceId}`);
      // Ticket fields carry no marker on some targets: their labels are unique, so a lost create is
      // found by its label (or was linked to by a later run). Such a field that was not on the target
      // before the folder's first run is that create's.
      const before = fieldsBefore(journal);
      if (!targetId && item.type === 'ticket_fields' && before) {
        const candidate = item.settledTargetId ?? (item.label ? await target.findExisting(item.type, {name: item.label}) : undefined);
        if (candidate && !before.has(String(candidate))) targetId = candidate;
      }
      if (!targetId) {
        journal.markUndone(undoId, item.type, item.sourceId, 'never written');
        return {...base, outcome: 'never written', reason: 'its create was sent but the target holds no such record'};
      }
    }
    if (!rule.removable || !target.remove) return {...base, targetId, outcome: 'kept', reason: rule.how.replace(/^kept: /, '')};
    const resumed = journal.step(item.type, item.sourceId, 'undo')?.state === 'sent';
    if (!resumed && target.referencedBy) {
      const why = await target.referencedBy(item.type, targetId);
      if (why) return {...base, targetId, outcome: 'kept', reason: why};
    }
    journal.markStep(item.type, item.sourceId, 'undo', 'sent');
    const remove = async (id: Id): Promise<RemoveOutcome> => {
      try {
        return await target.remove!(item.type, id, {permanent: options.permanent});
      } catch (error) {
        // Already gone: an earlier send whose answer was lost, or someone deleted it by hand.
        if (!(error instanceof HttpRecordError && error.status === 404)) throw error;
        return 'gone';
      }
    };
    const outcome = await remove(targetId);
    // Copies: a create whose first send was still on its way when ferry looked for it (an answer
    // slowed past the timeout, not lost) is found by nobody and sent again; the first send is then
    // applied too. Every record carrying this record's marker is ferry's create of it, so each goes
    // as well, before the record is forgotten (a kill here resumes at the step and looks again).
    const copies = target.findAllByMarker ? (await target.findAllByMarker(item.type, `${options.sourcePlatform}:${item.type}:${item.sourceId}`)).filter((id) => String(id) !== String(targetId)) : [];
    for (const copy of copies) await remove(copy);
    journal.markUndone(undoId, item.type, item.sourceId, outcome);
    const gone = outcome === 'gone' ? (resumed ? 'an earlier attempt deleted it' : 'it was no longer on the target') : undefined;
    const copied = copies.length ? `also removed ${copies.length === 1 ? 'a copy' : `${copies.length} copies`} a re-sent create left (#${copies.join(', #')})` : undefined;
    const reason = [gone, copied].filter(Boolean).join('; ');
    return {...base, targetId, outcome, ...(reason ? {reason} : {})};
  } catch (error) {
    if (error instanceof RunStopError) throw error;
    if (error instanceof RecordError || error instanceof HttpRecordError) return {...base, outcome: 'failed', reason: error.message};
    return {...base, outcome: 'failed', reason: `internal error: ${(error as Error).message}`};
  }
}

/**
 * Puts back the values a run wrote into a linked record. A field still holding what ferry wrote
 * takes its old value again; one already back (an earlier undo killed before it forgot them) is
 * left; one someone changed on the target since is kept as it is, and said so. Setting a value
 * twice is harmless, so a kill or a lost answer here just means the next undo does it again.
 */
async function restoreOne(journal: Journal, target: TargetSession, item: LinkedRestore, sourcePlatform: string): Promise<UndoResultItem> {
  const base = {type: item.type, sourceId: item.sourceId, label: item.label, targetId: item.targetId};
  const noun = item.type === 'contacts' ? 'contact' : 'organization';
  try {
    const kept = journal.linkedBefore(item.type, item.sourceId);
    const current = (await target.get(item.type, item.targetId)) as unknown as Record<string, unknown> | undefined;
    if (!current) return {...base, outcome: 'not restored', reason: `the target no longer holds ${noun} #${item.targetId}`};
    const merged: Record<string, unknown> = {...current};
    const put: string[] = [];
    const changedSince: string[] = [];
    for (const field of kept) {
      const now = current[field.field] ?? null;
      if (sameValue(now, field.oldValue)) continue;
      if (!sameValue(now, field.newValue)) {
        changedSince.push(field.field);
        continue;
      }
      merged[field.field] = field.oldValue;
      put.push(field.field);
    }
    if (put.length) await target.update(item.type, item.targetId, merged as never, undoContext(item, sourcePlatform));
    const after = put.length ? ((await target.get(item.type, item.targetId)) as unknown as Record<string, unknown> | undefined) : current;
    const notBack = put.filter((field) => !sameValue(after?.[field] ?? null, kept.find((row) => row.field === field)!.oldValue));
    const reason = journal.record(item.type, item.sourceId)?.reason ?? '';
    journal.forgetLinkedBefore(item.type, item.sourceId, reason.split(UPDATED_FROM_SOURCE)[0]!);
    const said = [
      ...(put.length - notBack.length ? [`put back: ${put.filter((field) => !notBack.includes(field)).join(', ')}`] : []),
      ...(notBack.length ? [`the target did not take the old value of ${notBack.join(', ')}`] : []),
      ...(changedSince.length ? [`changed on the target since ferry wrote it, kept as it is: ${changedSince.join(', ')}`] : []),
    ];
    return {...base, outcome: notBack.length || changedSince.length ? 'not restored' : 'restored', reason: said.join('; ') || 'its old values were already back'};
  } catch (error) {
    if (error instanceof RunStopError) throw error;
    if (error instanceof RecordError || error instanceof HttpRecordError) return {...base, outcome: 'failed', reason: error.message};
    return {...base, outcome: 'failed', reason: `internal error: ${(error as Error).message}`};
  }
}

/** The write context of the run's own update of this record (same source key); undo creates nothing and sends no files. */
function undoContext(item: LinkedRestore, sourcePlatform: string): WriteContext {
  const refuse = async (): Promise<never> => {
    throw new RecordError('undo only puts values back: it creates nothing and sends no files');
  };
  return {sourceKey: `${sourcePlatform}:${item.type}:${item.sourceId}`, once: refuse, attachmentBytes: refuse, note: () => undefined};
}

function fieldsBefore(journal: Journal): Set<string> | undefined {
  const before = journal.getMeta(FIELDS_BEFORE_META);
  return before ? new Set(JSON.parse(before) as string[]) : undefined;
}

/**
 * What the target session made for itself (Freshdesk's marker field) goes last, and only when no
 * record ferry created is left on the target and it was not there before this folder's first run.
 */
async function removeArtifacts(journal: Journal, target: TargetSession, options: UndoOptions): Promise<UndoResultItem[]> {
  if (!target.artifacts || !target.remove || journal.createdRecords().length) return [];
  const before = journal.getMeta(FIELDS_BEFORE_META);
  if (!before) return [];
  const known = new Set(JSON.parse(before) as string[]);
  const results: UndoResultItem[] = [];
  for (const artifact of await target.artifacts()) {
    if (known.has(String(artifact.id))) continue;
    const base = {type: artifact.type, sourceId: `(ferry's own) ${artifact.label}`, label: artifact.label, targetId: String(artifact.id)};
    try {
      results.push({...base, outcome: await target.remove(artifact.type, artifact.id, {permanent: options.permanent})});
    } catch (error) {
      if (error instanceof HttpRecordError && error.status === 404) results.push({...base, outcome: 'gone'});
      else if (error instanceof RecordError || error instanceof HttpRecordError) results.push({...base, outcome: 'failed', reason: error.message});
      else throw error;
    }
  }
  return results;
}
