// ferry show type:id: one record's journey, read from the journal; ferry redo --ids: write records again.
import {formatJourney, recordJourney} from '../app/show.js';
import {runRedo} from '../app/undo.js';
import {loadPlan} from '../plan/plan.js';
import {folderOf, parse, UsageError, write, type Io} from './args.js';
import {parseIds} from './run.js';

export const SHOW_USAGE = 'ferry show tickets:123 [--json] [--dir D]';


export async function showCommand(argv: string[], io: Io): Promise<number> {
  const {values, positionals} = parse(argv, {json: {type: 'boolean'}, dir: {type: 'string'}});
  if (values.help) return write(io.stdout, `${SHOW_USAGE}\n  one record's journey: source and target ids and addresses, each step with its time, notes, verify's last word`), 0;
  if (positionals.length !== 1) throw new UsageError(`say which record: ${SHOW_USAGE}`);
  const [id] = parseIds(positionals[0]!);
  if (!id?.type) throw new UsageError(`"${positionals[0]}": give the record as type:id, e.g. tickets:123`);
  const dir = folderOf(values, io);
  loadPlan(dir);
  const journey = recordJourney(dir, id.type, id.sourceId);
  if (!journey) {
    write(io.stderr, `ferry: ${id.type}:${id.sourceId} is not in the journal (no run has taken it on).`);
    return 1;
  }
  write(io.stdout, values.json ? JSON.stringify(journey) : formatJourney(journey));
  return 0;
}

export const REDO_USAGE = 'ferry redo --ids tickets:123[,contacts:45] [--json] [--dir D]';

export async function redoCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {ids: {type: 'string'}, json: {type: 'boolean'}, dir: {type: 'string'}});
  if (values.help) return write(io.stdout, `${REDO_USAGE}\n  writes records ferry created again: updated in place where the target allows, else undone and written again`), 0;
  if (typeof values.ids !== 'string') throw new UsageError(`say which records: ${REDO_USAGE}`);
  const ids = parseIds(values.ids);
  if (!ids.length) throw new UsageError(`say which records: ${REDO_USAGE}`);
  const dir = folderOf(values, io);
  loadPlan(dir);
  const result = await runRedo({dir, ids, env: io.env});
  if (values.json) write(io.stdout, JSON.stringify(result));
  else for (const item of result.items) write(io.stdout, `${item.type}:${item.sourceId} ${item.how}${item.targetId ? ` (target #${item.targetId})` : ''}${item.reason ? `: ${item.reason}` : ''}`);
  return result.items.every((item) => item.how !== 'failed') ? 0 : 1;
}
