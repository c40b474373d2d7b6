// ferry show type:id: one record's journey, read from the journal; ferry redo --ids: write records again.
import {recordJourney, type Journey} from '../app/show.js';
import {runRedo} from '../app/undo.js';
import {loadPlan} from '../plan/plan.js';
import {folderOf, parse, UsageError, write, type Io} from './args.js';
import {parseIds} from './run.js';

export const SHOW_USAGE = 'ferry show tickets:123 [--json] [--dir D]';

export function formatJourney(journey: Journey): string {
  const lines = [`${journey.type}:${journey.sourceId}${journey.label ? ` ${journey.label}` : ''}`];
  lines.push(`  outcome   ${journey.outcome}${journey.attempts ? ` (${journey.attempts} attempt${journey.attempts === 1 ? '' : 's'})` : ''}`);
  lines.push(`  source    ${journey.source.platform} #${journey.source.id}${journey.source.url ? `  ${journey.source.url}` : ''}`);
  lines.push(`  target    ${journey.target.platform} ${journey.target.id ? `#${journey.target.id}` : '(none)'}${journey.target.url ? `  ${journey.target.url}` : ''}`);
  const run = (label: string, ref: Journey['runs']['first']) => ref && lines.push(`  ${label} run ${ref.id} (${ref.mode}, started ${ref.startedAt})`);
  run('first', journey.runs.first);
  if (journey.runs.last?.id !== journey.runs.first?.id) run('last ', journey.runs.last);
  if (journey.steps.length) {
    lines.push('  steps');
    for (const step of journey.steps) lines.push(`    ${step.at}  ${step.step.padEnd(24)} ${step.state === 'done' ? 'done' : 'sent, no answer yet'}${step.targetId ? ` -> #${step.targetId}` : ''}`);
  }
  if (journey.notes.length) {
    lines.push('  notes');
    for (const note of journey.notes) lines.push(`    ${note}`);
  }
  if (journey.verify) lines.push(`  verify    ${journey.verify.at}: ${journey.verify.findings.length ? journey.verify.findings.join('; ') : 'no difference'}`);
  else lines.push('  verify    not verified yet (ferry verify)');
  for (const life of journey.undone) {
    lines.push(`  undone    ${life.at}: ${life.outcome}${life.targetId ? ` (was target #${life.targetId})` : ''}`);
    for (const step of life.steps) lines.push(`    ${step.at}  ${step.step.padEnd(24)} ${step.state}${step.targetId ? ` -> #${step.targetId}` : ''}`);
  }
  return lines.join('\n');
}

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
