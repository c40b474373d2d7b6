// The estimate for a migration folder: the accounts read at the plan's own limits, then
// priced at the plan's (or a what-if's) tiers and calibrated from the folder's latest run.
// Or, with counts the user types, any account size on any pair and plan, with no connection.
// Shared by `ferry estimate` and the console's Estimate screen.
import type {Plan} from '../plan/plan.js';
import {DEFAULT_OPTIONS} from '../plan/plan.js';
import type {Connector} from '../contracts/connector.js';
import {limitationsOf} from '../engine/outcomes.js';
import {gatherEstimate, requestCounter} from '../estimate/gather.js';
import {estimateFromGathered, type FolderEstimate} from '../estimate/plan-input.js';
import {CountsError, inputFromCounts, type TypedCounts} from '../estimate/counts.js';
import {estimate} from '../estimate/estimator.js';
import type {SideModel, Side} from '../estimate/work.js';
import {findConnector, connectorIds} from './registry.js';
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

/** One side of a counts estimate: a platform, its plan tier (the connector's default when
 * absent) and a custom limit. */
export interface CountsSide {
  platform: string;
  tier?: string;
  requestsPerMinute?: number;
}

/** The connector's declared model of one side (the same declarations a folder's estimate reads). */
export function declaredSide(side: Side, choice: CountsSide): SideModel {
  const connector: Connector | undefined = findConnector(choice.platform);
  if (!connector) throw new CountsError(`"${choice.platform}" is not a platform ferry knows: use one of ${connectorIds().join(', ')}`);
  if (!connector.roles.includes(side)) throw new CountsError(`${connector.label} cannot be the ${side} of a migration`);
  const tier = choice.tier ?? connector.defaultTier;
  if (!connector.tiers[tier]) throw new CountsError(`"${tier}" is not a ${connector.label} plan: use one of ${Object.keys(connector.tiers).join(', ')}`);
  return {
    platform: connector.id,
    label: connector.label,
    tier,
    tiers: connector.tiers,
    readCosts: connector.readCosts,
    writeCosts: connector.writeCosts,
    ...(choice.requestsPerMinute !== undefined ? {customRequestsPerMinute: choice.requestsPerMinute} : {}),
  };
}

/** How long a migration of these counts takes between these sides, without connecting to
 * either; a plan (when there is one) gives its options and record types. */
export function estimateForCounts(typed: TypedCounts, sides: Record<Side, CountsSide>, plan?: Pick<Plan, 'options' | 'recordTypes'>): FolderEstimate {
  const options = plan?.options ?? DEFAULT_OPTIONS;
  const {input, notes} = inputFromCounts(typed, {
    source: declaredSide('source', sides.source),
    target: declaredSide('target', sides.target),
    options: {skipAttachments: options.skipAttachments, skipInlineImages: options.skipInlineImages, matchExisting: options.matchExisting, eventsAsNotes: options.eventsAsNotes},
    ...(plan ? {recordTypes: plan.recordTypes} : {}),
  });
  return {estimate: estimate(input), notes: [...notes, ...limitationsOf({target: {platform: sides.target.platform} as Plan['target']})]};
}
