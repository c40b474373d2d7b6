// Freshdesk API budgets per plan.
import type {ApiBudget} from '../../source/contracts/connector.js';

/** Per-minute limits per plan (support.freshdesk.com article 225439, Mar 2024). The Free plan
 * has no API access and so no tier; trial accounts get 50/min with no published sub-limits. */
export const FRESHDESK_TIERS: Record<'trial' | 'growth' | 'pro' | 'enterprise', ApiBudget> = {
  trial: {requestsPerMinute: 50},
  growth: {requestsPerMinute: 200, endpoints: {'tickets.create': 80, 'tickets.update': 80, 'tickets.list': 20, 'contacts.list': 20}},
  pro: {requestsPerMinute: 400, endpoints: {'tickets.create': 160, 'tickets.update': 160, 'tickets.list': 100, 'contacts.list': 100}},
  enterprise: {requestsPerMinute: 700, endpoints: {'tickets.create': 280, 'tickets.update': 280, 'tickets.list': 200, 'contacts.list': 200}},
};

