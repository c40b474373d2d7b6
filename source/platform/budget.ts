// A platform's API budget as a plan sets it: the same arithmetic for the HTTP layer and the estimator.
import type {ApiBudget} from '../contracts/connector.js';

/** A custom account limit scales the tier's per-endpoint sub-limits in proportion. */
export function customBudget(tier: ApiBudget, requestsPerMinute: number): ApiBudget {
  const scale = Number.isFinite(tier.requestsPerMinute) ? requestsPerMinute / tier.requestsPerMinute : 1;
  const endpoints = tier.endpoints && Object.fromEntries(Object.entries(tier.endpoints).map(([name, limit]) => [name, limit * scale]));
  return {...tier, requestsPerMinute, ...(endpoints ? {endpoints} : {})};
}
