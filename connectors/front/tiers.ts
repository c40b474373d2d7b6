// Front Core API budgets per plan (dev.frontapp.com/docs/rate-limiting): "Starter 50 rpm, Professional
// 100 rpm, Enterprise 200 rpm", per company, whatever the token. Burst limits of "5 requests per second,
// per resource type" on resource-intensive endpoints (help.front.com/en/articles/2438) sit above these
// minute rates, so pacing evenly under the minute limit keeps under them too (see the doc's Unsure).
import type {ApiBudget} from '../../source/contracts/connector.js';

export const FRONT_TIERS: Record<'starter' | 'professional' | 'enterprise', ApiBudget> = {
  starter: {requestsPerMinute: 50},
  professional: {requestsPerMinute: 100},
  enterprise: {requestsPerMinute: 200},
};
