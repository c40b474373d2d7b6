// The estimate for a migration folder: counts and samples from the source, the
// plan's budgets, and calibration from the folder's latest demo or full run.
// Shared by `ferry estimate` and the console's Estimate screen.
import type {Plan} from './plan.js';
import {gatherEstimate} from './estimate-gather.js';
import {latestMeasurement} from './estimate-command.js';
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
