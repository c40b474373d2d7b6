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
  return {connector, platform: connector.label, removal: connector.removal, permanent: Boolean(plan.options.undoPermanently), updateExisting: plan.options.updateExisting};
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
