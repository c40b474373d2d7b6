// The part of the Freshdesk and Freshservice descriptors that is the same: an API key as the Basic
// auth user name with "X" as password (both "Authentication" pages), the X-RateLimit-* headers, the
// nine record types, the growth plan as default, Link pages of 100, one call per create and per
// lookup for the simple types, and no call that sets a ticket's or a note's date. Each connector
// declares the rest (its domain, key label, costs where they differ, limits, sessions, deletes).
import type {Connector, ConnectorSettings, ReadCost, TargetLimits, WriteCost} from '../../source/contracts/connector.js';
import type {RecordType} from '../../source/contracts/model.js';

export function freshworksAuthHeaders(settings: ConnectorSettings): Record<string, string> {
  return {authorization: `Basic ${Buffer.from(`${settings.credentials.apiKey ?? ''}:X`).toString('base64')}`};
}

const LIST: ReadCost = {pageSize: 100, callsPerPage: 1, callsPerRecord: 0};
const READ_COSTS: Partial<Record<RecordType, ReadCost>> = {organizations: LIST, groups: LIST, kb_categories: LIST};
const WRITE_COSTS: Partial<Record<RecordType, WriteCost>> = {
  agents: {callsPerRecord: 0, callsPerLookup: 1},
  organizations: {callsPerRecord: 1, callsPerLookup: 1},
  groups: {callsPerRecord: 1, callsPerLookup: 1},
  kb_categories: {callsPerRecord: 1, callsPerLookup: 1},
  kb_sections: {callsPerRecord: 1, callsPerLookup: 2},
  kb_articles: {callsPerRecord: 1, callsPerLookup: 3},
};
/** Notes take a user_id (agent or contact); no documented call sets created_at on tickets or notes. */
const LIMITS: Pick<TargetLimits, 'preservesCommentAuthors' | 'preservesCommentDates' | 'preservesTicketDates'> = {preservesCommentAuthors: true, preservesCommentDates: false, preservesTicketDates: false};

type Shared = 'roles' | 'authKinds' | 'credentials' | 'baseUrlHint' | 'defaultTier' | 'rateLimitHeaders' | 'recordTypes' | 'authHeaders' | 'limits';

/** A Freshworks desk's descriptor from its declared differences: `domain` (freshdesk.com), where the
 * key is found, and the costs and limits of its own (they override the shared rows). */
export function freshworksConnector(declared: Omit<Connector, Shared> & {domain: string; apiKeyLabel: string; limits: Omit<TargetLimits, keyof typeof LIMITS>}): Connector {
  const {domain, apiKeyLabel, ...rest} = declared;
  return {
    ...rest,
    roles: ['source', 'target'],
    authKinds: [{id: 'apikey', label: 'API key'}],
    credentials: [{key: 'apiKey', label: apiKeyLabel, secret: true, required: true, authKinds: ['apikey']}],
    baseUrlHint: `https://{domain}.${domain}`,
    defaultTier: 'growth',
    rateLimitHeaders: {limit: 'x-ratelimit-total', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after'},
    recordTypes: ['ticket_fields', 'groups', 'organizations', 'agents', 'contacts', 'tickets', 'kb_categories', 'kb_sections', 'kb_articles'],
    readCosts: {...READ_COSTS, ...declared.readCosts},
    writeCosts: {...WRITE_COSTS, ...declared.writeCosts},
    limits: {...LIMITS, ...declared.limits},
    authHeaders: freshworksAuthHeaders,
  };
}
