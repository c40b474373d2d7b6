// Help Scout Mailbox API budgets per plan.
import type {ApiBudget} from '../../source/contracts/connector.js';

/** Budget sub-limit every write (POST, PUT, PATCH, DELETE) counts against. */
export const WRITES = 'writes';

/**
 * Requests per minute per plan: Standard 200, Plus 400, Pro 800 (docs.helpscout.com/article/1140-mailbox-api,
 * as quoted in /work/shared/research/helpdesk-apis.md; the Free plan has no API). "Write requests (POST,
 * PUT, DELETE, PATCH) count as 2 requests toward the rate limit" (developer.helpscout.com/mailbox-api/
 * overview/rate-limiting/). ferry's rate gate counts requests, not weights, so writes are also paced under
 * half the limit as a sub-limit: a side that only writes (a target) stays exactly under the limit; a
 * mix of reads and writes may still exceed it, and the 429's X-RateLimit-Retry-After is honoured.
 */
export const HELPSCOUT_TIERS: Record<'standard' | 'plus' | 'pro', ApiBudget> = {
  standard: {requestsPerMinute: 200, endpoints: {[WRITES]: 100}},
  plus: {requestsPerMinute: 400, endpoints: {[WRITES]: 200}},
  pro: {requestsPerMinute: 800, endpoints: {[WRITES]: 400}},
};
