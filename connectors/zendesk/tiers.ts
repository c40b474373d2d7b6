// Plan tiers of the Zendesk API budget (kept apart so the emulator can use them
// without importing the connector).
import type {ApiBudget} from '../../source/contracts/connector.js';
import {ENDPOINT} from './source-session.js';

// developer.zendesk.com/api-reference/introduction/rate-limits: Support + Help Center
// requests per minute by Suite plan; incremental exports 10/min (30 with the High
// Volume add-on); Update Ticket 100/min per account (300 with High Volume).
const standard = (requestsPerMinute: number): ApiBudget => ({
  requestsPerMinute,
  endpoints: {[ENDPOINT.incremental]: 10, [ENDPOINT.ticketsUpdate]: 100},
});

export const ZENDESK_TIERS: Record<string, ApiBudget> = {
  /** Legacy Support Essential (third-party figure; the plan cannot read users/orgs) */
  essential: standard(10),
  team: standard(200),
  growth: standard(400),
  professional: standard(400),
  enterprise: standard(700),
  enterprise_plus: standard(2500),
  /** The High Volume API add-on (Growth and above) */
  high_volume: {requestsPerMinute: 2500, endpoints: {[ENDPOINT.incremental]: 30, [ENDPOINT.ticketsUpdate]: 300}},
};

