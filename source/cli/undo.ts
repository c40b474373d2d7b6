// ferry undo: deletes from the target what ferry created (never what it linked to), after a
// dry-run list by type and a confirmation on a terminal (--yes without one).
import {createInterface} from 'node:readline/promises';
import {actionPhrase, formatPreview, runUndo, undoHasWork, undoPreview} from '../app/undo.js';
import type {UndoResultItem, UndoSelector} from '../engine/undo.js';
import {Journal, type RunMode} from '../engine/journal.js';
import {loadPlan} from '../plan/plan.js';
import {folderOf, parse, UsageError, write, type Io} from './args.js';
import {parseIds} from './run.js';

export const UNDO_USAGE = 'ferry undo [--run N | --mode demo|full|delta|retry | --ids tickets:1,2] [--dry-run] [--yes] [--json] [--dir D]';

export function selectorOf(values: Record<string, string | boolean | undefined>): UndoSelector {
  const given = ['run', 'mode', 'ids'].filter((key) => values[key] !== undefined);
  if (given.length > 1) throw new UsageError(`choose one of --run, --mode and --ids (given: ${given.map((key) => `--${key}`).join(', ')})`);
  if (values.run !== undefined) {
    const runId = Number(values.run);
    if (!Number.isInteger(runId) || runId < 1) throw new UsageError(`--run takes a run number (ferry status shows them), not "${values.run}"`);
    return {runId};
  }
  if (values.mode !== undefined) {
    const mode = String(values.mode) as RunMode;
    if (!['demo', 'full', 'delta', 'retry'].includes(mode)) throw new UsageError(`--mode must be demo, full, delta or retry, not "${values.mode}"`);
    return {mode};
  }
  if (values.ids !== undefined) {
    const ids = parseIds(String(values.ids));
    if (!ids.length) throw new UsageError('--ids takes records as type:id, e.g. --ids tickets:123,contacts:45');
    return {ids};
  }
  return {};
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({input: process.stdin, output: process.stderr});
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function undoCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {run: {type: 'string'}, mode: {type: 'string'}, ids: {type: 'string'}, 'dry-run': {type: 'boolean'}, yes: {type: 'boolean'}, json: {type: 'boolean'}, dir: {type: 'string'}});
  if (values.help) return write(io.stdout, `${UNDO_USAGE}\n  deletes from the target what ferry created from this folder (a selector narrows it), never records it linked to`), 0;
  const selector = selectorOf(values);
  const dir = folderOf(values, io);
  loadPlan(dir);
  const preview = undoPreview(dir, selector);
  if (values['dry-run']) {
    write(io.stdout, values.json ? JSON.stringify({dryRun: true, ...preview}) : formatPreview(preview));
    return 0;
  }
  if (!undoHasWork(preview)) {
    write(io.stdout, values.json ? JSON.stringify({...preview, status: 'finished', items: []}) : formatPreview(preview));
    return 0;
  }
  if (!values.yes) {
    const terminal = Boolean(process.stdin.isTTY && (io.stderr as NodeJS.WriteStream).isTTY);
    if (!terminal) throw new UsageError(`undo would ${actionPhrase(preview).replace(/^./, (c) => c.toLowerCase())}: without a terminal to ask on, add --yes (see the list with --dry-run)`);
    write(io.stderr, formatPreview(preview));
    if (!(await confirm(`${actionPhrase(preview)}? Type yes to go on: `))) return write(io.stderr, 'Nothing changed.'), 0;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const onItem = values.json ? undefined : (item: UndoResultItem) => write(io.stderr, `${item.type}:${item.sourceId} ${item.outcome}${item.reason ? `: ${item.reason}` : ''}`);
    const result = await runUndo({dir, selector, env: io.env, signal: controller.signal, onItem});
    const tally = new Map<string, number>();
    for (const item of result.items) tally.set(`${item.type} ${item.outcome}`, (tally.get(`${item.type} ${item.outcome}`) ?? 0) + 1);
    if (values.json) write(io.stdout, JSON.stringify({undoId: result.undoId, status: result.status, ...(result.message ? {message: result.message} : {}), counts: Object.fromEntries(tally), items: result.items}));
    else {
      write(io.stdout, `\nUndo ${result.undoId} ${result.status}: ${preview.selector}`);
      for (const [key, n] of tally) write(io.stdout, `  ${key}: ${n}`);
      const kept = result.items.filter((item) => item.outcome === 'kept' || item.outcome === 'failed' || item.outcome === 'not restored');
      for (const item of kept) write(io.stdout, `  ${item.outcome}: ${item.type}:${item.sourceId}${item.targetId ? ` (target #${item.targetId})` : ''}: ${item.reason ?? ''}`);
      if (result.message) write(io.stderr, result.message);
      const journal = Journal.inFolder(dir);
      try {
        if (!journal.createdRecords().length) write(io.stdout, 'The journal holds no record ferry created on the target any more: a new run migrates them again as new.');
      } finally {
        journal.close();
      }
    }
    return result.status === 'finished' ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
