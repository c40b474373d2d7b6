// Help Scout Mailbox API budgets per plan.
import type {ApiBudget} from '../../source/contracts/connector.js';

/** Budget endpoint every write (POST, PUT, PATCH, DELETE) is sent as: it weighs 2 on the limit. */
export const WRITES = 'writes';

/**
 * Requests per minute per plan: Standard 200, Plus 400, Pro 800 (docs.helpscout.com/article/1140-mailbox-api,
 * as quoted in /work/shared/research/helpdesk-apis.md; the Free plan has no API). "Write requests (POST,
 * PUT, DELETE, PATCH) count as 2 requests toward the rate limit" (developer.helpscout.com/mailbox-api/
 * overview/rate-limiting/). ferry's rate gate and its estimator both weigh each write as 2 (`weights`), so
 * reads and writes together stay under the limit, and the estimator counts requests as the call meter does.
 */
export const HELPSCOUT_TIERS: Record<'standard' | 'plus' | 'pro', ApiBudget> = {
  standard: {requestsPerMinute: 200, weights: {[WRITES]: 2}},
  plus: {requestsPerMinute: 400, weights: {[WRITES]: 2}},
  pro: {requestsPerMinute: 800, weights: {[WRITES]: 2}},
};
