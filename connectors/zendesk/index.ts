// The Zendesk Support + Help Center connector: what it needs, what it costs, and
// its source/target sessions and emulator.
import {ZENDESK_REMOVAL, zendeskWebUrl} from './deletes.js';
import type {Connector, ConnectorSettings} from '../../source/contracts/connector.js';
import {RECORD_TYPES} from '../../source/contracts/model.js';
import {describeZendeskError} from './api-shapes.js';
import {zendeskAuthorizer} from './oauth.js';
import {ENDPOINT, openZendeskSource} from './source-session.js';
import {ZENDESK_TIERS} from './tiers.js';
import {MAX_ATTACHMENT_BYTES, openZendeskTarget} from './target-session.js';
import {zendeskChecklist} from './checklist.js';
import {previewZendeskTicket} from './ticket-notes.js';

export {ZENDESK_TIERS};

export function zendeskAuthHeaders(settings: ConnectorSettings): Record<string, string> {
  const {credentials} = settings;
  if (settings.authKind === 'oauth') return {authorization: `Bearer ${credentials.accessToken ?? ''}`};
  const basic = Buffer.from(`${credentials.email ?? ''}/token:${credentials.apiToken ?? ''}`).toString('base64');
  return {authorization: `Basic ${basic}`};
}

export const zendeskConnector: Connector = {
  id: 'zendesk',
  label: 'Zendesk',
  roles: ['source', 'target'],
  authKinds: [
    {id: 'token', label: 'Email and API token'},
    {id: 'oauth', label: 'OAuth client and refresh token (renewed automatically)'},
  ],
  // OAuth access tokens of new clients expire after 30 minutes; the refresh-token grant needs
  // the client's identifier and secret and a refresh token (see oauth.ts for the sources).
  credentials: [
    {key: 'email', label: 'Admin email', secret: false, required: true, authKinds: ['token'], placeholder: 'admin@acme.com'},
    {key: 'apiToken', label: 'API token', secret: true, required: true, authKinds: ['token']},
    {key: 'clientId', label: 'OAuth client identifier', secret: false, required: true, authKinds: ['oauth'], placeholder: 'ferry_migration'},
    {key: 'clientSecret', label: 'OAuth client secret', secret: true, required: true, authKinds: ['oauth']},
    {key: 'refreshToken', label: 'OAuth refresh token', secret: true, required: true, authKinds: ['oauth']},
    {key: 'accessToken', label: 'OAuth access token (optional: one is fetched with the refresh token)', secret: true, required: false, authKinds: ['oauth']},
  ],
  baseUrlHint: 'https://{subdomain}.zendesk.com',
  tiers: ZENDESK_TIERS,
  defaultTier: 'professional',
  rateLimitHeaders: {limit: 'x-rate-limit', remaining: 'x-rate-limit-remaining', retryAfter: 'retry-after'},
  // An account without Help Center answers 404 to its lists (dust-tt/dust PR 8838, zenpy issue 631) or 403.
  featureGates: {[ENDPOINT.helpCenter]: 'Help Center'},
  recordTypes: [...RECORD_TYPES],
  // Honest call counts of source-session.ts: cursor pages of 100; tickets come 100 per
  // incremental export page plus one comments page per ticket (up to 100 comments).
  readCosts: {
    ticket_fields: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    groups: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    organizations: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0.01, endpoint: ENDPOINT.usersRead},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: ENDPOINT.usersRead},
    // Plus GET /tickets/{id}/audits per ticket when ticket events become notes (source-session.ts).
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1, callsPerRecordForEvents: 1, endpoint: ENDPOINT.incremental},
    kb_categories: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_sections: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_articles: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
  },
  // target-session.ts: one POST per record; tickets go 100 to a bulk import request with their
  // comments inline (bulk-import.ts: one create_many and, declared here, about two job status polls
  // per 100 tickets), plus one upload per attachment; agents one membership POST per group.
  writeCosts: {
    ticket_fields: {callsPerRecord: 1, callsPerLookup: 1},
    groups: {callsPerRecord: 1, callsPerLookup: 1},
    organizations: {callsPerRecord: 1, callsPerLookup: 1},
    agents: {callsPerRecord: 2, callsPerLookup: 1, endpoint: ENDPOINT.usersWrite},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, endpoint: ENDPOINT.usersWrite},
    tickets: {callsPerRecord: 0.03, callsPerComment: 0, callsPerAttachment: 1, callsPerLookup: 1, endpoint: ENDPOINT.ticketsImport},
    kb_categories: {callsPerRecord: 1, callsPerLookup: 1},
    kb_sections: {callsPerRecord: 1, callsPerLookup: 1},
    kb_articles: {callsPerRecord: 1, callsPerLookup: 1},
  },
  limits: {
    maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
    preservesCommentAuthors: true,
    preservesCommentDates: true,
    preservesTicketDates: true,
    // Help Center sets its own created/updated dates on every article (article-writes.ts).
    neverKeeps: ['knowledge-base article dates (Help Center sets its own)'],
  },
  authHeaders: zendeskAuthHeaders,
  authorizer: (settings, store, now) => zendeskAuthorizer(settings, store, {now}),
  describeError: describeZendeskError,
  openSource: (settings, http) => openZendeskSource(settings, http),
  openTarget: (settings, http) => openZendeskTarget(settings, http),
  checklist: zendeskChecklist,
  // The session's own decisions (ticket-notes.ts), for the Fields screen's dry run.
  previewTicket: previewZendeskTicket,
  removal: ZENDESK_REMOVAL,
  webUrl: zendeskWebUrl,
};
