// The preparation checklist for a source and target: what each platform needs
// before and after a migration. Items the API can answer are checked through it
// (facts gathered by the Prepare intent); the rest are ticked by hand. Ticks are
// kept in <dir>/checklist.json so they survive a restart.
import {existsSync, readFileSync, writeFileSync, renameSync} from 'node:fs';
import path from 'node:path';
import type {ChecklistItemSpec} from '../contracts/connector.js';
import {platformConnector, type Plan} from '../plan/plan.js';
import {platformLimitations} from '../engine/outcomes.js';

export interface ChecklistItem {
  id: string;
  text: string;
  /** 'api': ferry checked it; 'manual': the operator ticks it */
  how: 'api' | 'manual';
  done: boolean;
  /** What the API check found, or why the item matters */
  detail?: string;
}

/** What the API told us; undefined means "not checked yet". */
export interface ChecklistFacts {
  unmatchedAgents?: string[];
  requiredTargetFieldsWithoutValue?: string[];
  sourceAuthKind?: string;
  targetAuthKind?: string;
  problems?: string[];
  /** What the connection tests advise that does not stop a run (AccountCheck.advice) */
  advice?: string[];
}

const AFTER_ITEMS: ChecklistItemSpec[] = [{id: 'target-back-on', text: 'After the migration: turn notifications, triggers, automations and webhooks back on'}];

/** The platforms' own steps for this plan's pair: each connector supplies its items (connectors/<platform>/checklist.ts). */
function platformItems(plan: Plan, facts: ChecklistFacts): ChecklistItemSpec[] {
  const source = platformConnector(plan.source.platform)?.checklist;
  const target = platformConnector(plan.target.platform)?.checklist;
  return [
    ...(source?.asSource ?? []),
    ...(target?.asTarget ?? []),
    ...(source?.credentials?.('source', facts.sourceAuthKind ?? plan.source.authKind) ?? []),
    ...(target?.credentials?.('target', facts.targetAuthKind ?? plan.target.authKind) ?? []),
  ];
}

export function buildChecklist(plan: Plan, facts: ChecklistFacts, ticked: Record<string, boolean>): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const unmatched = facts.unmatchedAgents;
  items.push({
    id: 'agents-exist',
    how: 'api',
    text: unmatched === undefined ? 'Agent profiles for every source agent on the target (not checked yet)' : unmatched.length ? `Create ${unmatched.length} agent profile(s) on the target, or map them by hand` : 'Every source agent has an agent on the target',
    done: unmatched !== undefined && unmatched.length === 0,
    detail: unmatched?.length ? unmatched.join(', ') : undefined,
  });
  const required = facts.requiredTargetFieldsWithoutValue;
  items.push({
    id: 'required-fields',
    how: 'api',
    text: required === undefined ? 'Required target fields get a value (not checked yet)' : required.length ? `Give ${required.length} required target field(s) a default on the Fields screen` : 'Every required target field gets a value',
    done: required !== undefined && required.length === 0,
    detail: required?.length ? required.join(', ') : undefined,
  });
  if (facts.problems !== undefined)
    items.push({id: 'rights', how: 'api', text: facts.problems.length ? 'Fix the account rights the connection test reported' : 'Both accounts have the rights a migration needs', done: facts.problems.length === 0, detail: facts.problems.join('; ') || undefined});
  const advice = (facts.advice ?? []).map((text, index) => ({id: `advice-${index + 1}`, text}));
  const manual = [...platformItems(plan, facts), ...advice, ...AFTER_ITEMS];
  for (const spec of manual) items.push({...spec, how: 'manual', done: Boolean(ticked[spec.id])});
  // What the target never keeps for any record: known before the run, said once, never a warning per record.
  for (const [index, text] of platformLimitations(platformConnector(plan.target.platform)).entries())
    items.push({id: `target-limitation-${index + 1}`, how: 'api', done: true, text: `Known limitation, not counted as warnings: ${text}`});
  return items;
}

const checklistFile = (dir: string) => path.join(dir, 'checklist.json');

export function loadTicks(dir: string): Record<string, boolean> {
  const file = checklistFile(dir);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, boolean>;
  } catch {
    return {}; // a damaged file only loses ticks, which the operator can redo
  }
}

export function saveTicks(dir: string, ticks: Record<string, boolean>) {
  const file = checklistFile(dir);
  writeFileSync(file + '.tmp', JSON.stringify(ticks, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}
