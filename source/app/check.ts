// `ferry check`: the checks a run makes before it writes (engine/preflight.ts), run alone on
// a migration folder, with the pair's preparation checklist (prepare/checklist.ts, the
// Prepare screen's), so an operator knows before a run what would stop it.
import {loadPlan} from '../plan/plan.js';
import {openFolderSides} from './sides.js';
import {preflight, type PreflightCheck} from '../engine/preflight.js';
import {matchAgents} from '../engine/mapping.js';
import {buildChecklist, loadTicks, type ChecklistItem} from '../prepare/checklist.js';
import {requiredWithoutValue} from './console/required-fields.js';

export interface FolderCheck {
  ok: boolean;
  checks: PreflightCheck[];
  checklist: ChecklistItem[];
}

export async function checkFolder(dir: string, env: NodeJS.ProcessEnv): Promise<FolderCheck> {
  const saved = loadPlan(dir);
  // Checking only reads: an unreachable server is said at once rather than after retries.
  const sides = await openFolderSides(dir, saved, {env, failFastOnUnreachable: true});
  try {
    const {plan} = sides;
    const result = await preflight(plan, {source: sides.sourceSession, target: sides.targetSession, sourceLabel: sides.source.connector.label, targetLabel: sides.target.connector.label, limits: sides.target.connector.limits}, {selection: true});
    const connected = Boolean(result.source && result.target);
    const {sourceAgents, targetAgents, sourceFields, targetFields} = result.read;
    const checklist = buildChecklist(
      plan,
      {
        sourceAuthKind: plan.source.authKind,
        targetAuthKind: plan.target.authKind,
        ...(connected
          ? {
              problems: [...result.source!.problems.map((p) => `source: ${p}`), ...result.target!.problems.map((p) => `target: ${p}`)],
              advice: [...(result.source!.advice ?? []).map((p) => `source: ${p}`), ...(result.target!.advice ?? []).map((p) => `target: ${p}`)],
              unmatchedAgents: matchAgents(sourceAgents, targetAgents, plan.agentMap)
                .filter((m) => m.how === 'none')
                .map((m) => `${m.sourceName}${m.sourceEmail ? ` <${m.sourceEmail}>` : ''}`),
              requiredTargetFieldsWithoutValue: requiredWithoutValue(sourceFields, targetFields, plan).map((f) => f.title),
            }
          : {}),
      },
      loadTicks(dir),
    );
    return {ok: result.ok, checks: result.checks, checklist};
  } finally {
    sides.release();
  }
}

/** The checks and the checklist as the command line prints them. */
export function formatCheck(result: FolderCheck): string {
  const lines = result.checks.map((check) => `${check.ok ? 'ok  ' : 'FAIL'}  ${check.label}: ${check.detail}`);
  lines.push('', 'Preparation checklist:');
  for (const item of result.checklist) lines.push(`  [${item.done ? 'x' : ' '}] ${item.text}${item.detail ? ` (${item.detail})` : ''}${item.how === 'manual' ? '' : '  (checked through the API)'}`);
  lines.push('', result.ok ? 'Every check passed: a run may start.' : 'A run would stop before writing anything: fix what FAIL names, then run ferry check again.');
  return lines.join('\n');
}
