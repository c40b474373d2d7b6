// Freshservice API v2 budgets per plan (api.freshservice.com, "Rate limit": accounts created on or
// after 01-Sep-2020 are limited per minute; the same table is in the 2020 change alert on
// community.freshworks.dev/t/1101 under the old plan names Blossom/Garden/Estate/Forest).
// Sub-limits count inside the overall limit. Budget endpoint names are ferry's, matched by
// HttpRequest.endpoint: tickets.list (List All Tickets), tickets.view (View Ticket),
// tickets.create, tickets.update, agents.list, requesters.list. "List All Assets"/"Update Asset"
// are not used by ferry.
import type {ApiBudget} from '../../source/contracts/connector.js';

function tier(total: number, list: number, single: number): ApiBudget {
  return {
    requestsPerMinute: total,
    endpoints: {'tickets.list': list, 'tickets.view': single, 'tickets.create': single, 'tickets.update': single, 'agents.list': list, 'requesters.list': list},
  };
}

export const FRESHSERVICE_TIERS: Record<'starter' | 'growth' | 'pro' | 'enterprise', ApiBudget> = {
  starter: tier(100, 40, 50),
  growth: tier(200, 70, 80),
  pro: tier(400, 120, 140),
  enterprise: tier(500, 140, 160),
};

/** Budget names of the plan-gated modules (see index.ts featureGates). */
export const PROBLEMS_LIST = 'problems.list';
export const CHANGES_LIST = 'changes.list';
