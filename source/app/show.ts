// One record's journey (ferry show, and the console's record view): where it came from and went,
// every journalled step with its time and outcome, its warnings, what verify last said, and any
// earlier life that undo took off the target. Read from the journal only.
import {Journal, type JournalRecord} from '../engine/journal.js';
import {outcomeOf} from '../engine/outcomes.js';
import {loadPlan} from '../plan/plan.js';
import {findConnector} from './registry.js';
import type {RecordType} from '../contracts/model.js';

export interface JourneyStep {
  step: string;
  state: 'sent' | 'done';
  targetId: string | null;
  at: string;
}

export interface Journey {
  type: RecordType;
  sourceId: string;
  label: string | null;
  /** migrated, migrated with warnings, failed, skipped, pending; "not in the journal" when only earlier lives remain */
  outcome: string;
  reason: string | null;
  attempts: number;
  source: {platform: string; id: string; url?: string};
  target: {platform: string; id: string | null; url?: string};
  runs: {first: RunRef | null; last: RunRef | null};
  steps: JourneyStep[];
  /** The record's notes: what was left out or changed on the way, and how it was linked */
  notes: string[];
  verify: {at: string; findings: string[]} | null;
  /** A linked record a run wrote source values into: the target's values before, which ferry undo puts back */
  oldValues: Array<{field: string; oldValue: unknown; newValue: unknown; at: string}>;
  /** Earlier lives on the target that undo removed (the journal keeps both) */
  undone: Array<{at: string; outcome: string; targetId: string | null; status: string | null; steps: JourneyStep[]}>;
}

interface RunRef {
  id: number;
  mode: string;
  startedAt: string;
}

export function recordJourney(dir: string, type: RecordType, sourceId: string): Journey | undefined {
  const plan = loadPlan(dir);
  const journal = Journal.inFolder(dir);
  try {
    const row = journal.record(type, sourceId);
    const undone = journal.undoneOf(type, sourceId);
    if (!row && !undone.length) return undefined;
    const run = (id: number | null | undefined): RunRef | null => {
      const found = id ? journal.run(id) : undefined;
      return found ? {id: found.id, mode: found.mode, startedAt: found.startedAt} : null;
    };
    const sourceConnector = findConnector(plan.source.platform);
    const targetConnector = findConnector(plan.target.platform);
    const targetId = row?.targetId ?? null;
    return {
      type,
      sourceId,
      label: row?.label ?? undone.at(-1)?.record?.label ?? null,
      outcome: row ? outcomeText(row) : 'not in the journal (undone)',
      reason: row?.reason ?? null,
      attempts: row?.attempts ?? 0,
      source: {platform: plan.source.platform, id: sourceId, url: sourceConnector?.webUrl?.(plan.source.url, type, sourceId)},
      target: {platform: plan.target.platform, id: targetId, url: targetId ? targetConnector?.webUrl?.(plan.target.url, type, targetId) : undefined},
      runs: {first: run(row?.firstRunId), last: run(row?.lastRunId)},
      steps: row ? journal.stepsOf(type, sourceId) : [],
      notes: (row?.reason ?? '').split('; ').filter(Boolean),
      verify: journal.verification(type, sourceId) ?? null,
      oldValues: journal.linkedBefore(type, sourceId).map((row) => ({field: row.field, oldValue: row.oldValue, newValue: row.newValue, at: row.at})),
      undone: undone.map((life) => ({
        at: life.at,
        outcome: life.outcome,
        targetId: life.targetId,
        status: life.record?.status ?? null,
        steps: life.steps.map((step) => ({step: step.step, state: step.state as 'sent' | 'done', targetId: step.target_id, at: step.updated_at})),
      })),
    };
  } finally {
    journal.close();
  }
}

function outcomeText(row: JournalRecord): string {
  const outcome = outcomeOf(row);
  return outcome === 'warnings' ? 'migrated with warnings' : row.status;
}

/** The journey as `ferry show` prints it, and the console's Results and Failures show it. */
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
  if (journey.oldValues.length) {
    lines.push('  old values (the target\'s before ferry wrote into it; ferry undo puts them back)');
    for (const row of journey.oldValues) lines.push(`    ${row.field}: ${JSON.stringify(row.oldValue)} (ferry wrote ${JSON.stringify(row.newValue)}, ${row.at})`);
  }
  if (journey.verify) lines.push(`  verify    ${journey.verify.at}: ${journey.verify.findings.length ? journey.verify.findings.join('; ') : 'no difference'}`);
  else lines.push('  verify    not verified yet (ferry verify)');
  for (const life of journey.undone) {
    lines.push(`  undone    ${life.at}: ${life.outcome}${life.targetId ? ` (was target #${life.targetId})` : ''}`);
    for (const step of life.steps) lines.push(`    ${step.at}  ${step.step.padEnd(24)} ${step.state}${step.targetId ? ` -> #${step.targetId}` : ''}`);
  }
  return lines.join('\n');
}
