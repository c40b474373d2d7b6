// Intercom REST API budget. "Private apps have a default rate limit of 10,000 API calls per minute
// per app and 25,000 API calls per minute per workspace", evenly distributed into 10-second windows
// (developers.intercom.com/docs/references/rest-api/errors/rate-limiting): the app's own limit binds
// ferry; a workspace whose other apps use the API shares the 25,000 (tier "shared-workspace" leaves
// them half of it). ferry's rate gate paces evenly, so it never bursts a 10-second window.
import type {ApiBudget} from '../../source/contracts/connector.js';

export const INTERCOM_TIERS: Record<'app' | 'shared-workspace', ApiBudget> = {
  app: {requestsPerMinute: 10_000},
  'shared-workspace': {requestsPerMinute: 5_000},
};

/** Seconds in one of Intercom's rate-limit windows: X-RateLimit-Limit counts requests per window. */
export const WINDOW_SECONDS = 10;
