// The estimate for a migration folder: the accounts read at the plan's own limits, then
// priced at the plan's (or a what-if's) tiers and calibrated from the folder's latest run.
// Shared by `ferry estimate` and the console's Estimate screen.
import type {Plan} from '../plan/plan.js';
import {gatherEstimate, requestCounter} from '../estimate/gather.js';
import {estimateFromGathered, type FolderEstimate} from '../estimate/plan-input.js';
import {openFolderSides} from './sides.js';

export async function estimateForFolder(dir: string, plan: Plan, env: NodeJS.ProcessEnv, whatIf: Plan = plan): Promise<FolderEstimate & {sample: unknown}> {
  const counter = requestCounter();
  const sides = await openFolderSides(dir, plan, {env, onHttp: counter.onHttp});
  try {
    return estimateFromGathered(dir, await gatherEstimate(sides.plan, sides, counter, {env: sides.env}), whatIf);
  } finally {
    sides.release();
  }
}
