// The estimate for a migration folder: counts and samples from the source, the
// plan's budgets, and calibration from the folder's latest demo or full run.
// Shared by `ferry estimate` and the console's Estimate screen.
import type {Plan} from './plan.js';
import {gatherEstimate} from './estimate-gather.js';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {Journal} from './journal.js';
import type {CallMeasurement} from './call-meter.js';
import {withOutcomes, type MeasuredRun} from './estimate-calibration.js';
import {estimate, type Estimate} from './estimator.js';

export interface FolderEstimate {
  estimate: Estimate;
  notes: string[];
}

/** `whatIf` is the plan with other tiers or limits; the source is read at the real plan's limits. */
export async function estimateForFolder(dir: string, plan: Plan, env: NodeJS.ProcessEnv, whatIf: Plan = plan): Promise<FolderEstimate & {sample: unknown}> {
  const gathered = await gatherEstimate(plan, {env});
  const input = {...gathered.input};
  for (const side of ['source', 'target'] as const) input[side] = {...input[side], tier: whatIf[side].tier, customRequestsPerMinute: whatIf[side].requestsPerMinute};
  const calibration = latestMeasurement(dir);
  // The measured run was paced by the plan's own tiers and limits, not by the what-if.
  const result = estimate({...input, ...(calibration ? {calibration, calibrationSides: {source: gathered.input.source, target: gathered.input.target}} : {})});
  return {estimate: result, notes: gathered.notes, sample: gathered.sample};
}

/** The folder's latest demo or full run that recorded its calls. */
export function latestMeasurement(dir: string): MeasuredRun | undefined {
  if (!existsSync(path.join(dir, 'journal.sqlite'))) return undefined;
  const journal = Journal.inFolder(dir);
  try {
    for (const run of journal.runs().reverse()) {
      if (run.mode !== 'demo' && run.mode !== 'full') continue;
      const raw = journal.getMeta(`calls:${run.id}`);
      if (raw) return withOutcomes(JSON.parse(raw) as CallMeasurement, journal);
    }
    return undefined;
  } finally {
    journal.close();
  }
}
