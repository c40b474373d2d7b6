// The Freshdesk connector: API v2 at https://{domain}.freshdesk.com, Basic auth with the
// API key as user name and "X" as password.
import {FRESHDESK_REMOVAL, freshdeskWebUrl} from './deletes.js';
import type {Connector, ConnectorSettings} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import {describeFreshdeskError} from './api-shapes.js';
import {MAX_TICKET_ATTACHMENT_BYTES} from './attachments.js';
import {ARCHIVE_PROBE_MISSES, openFreshdeskSource} from './source-session.js';
import {openFreshdeskTarget} from './target-session.js';
import {FRESHDESK_TIERS} from './tiers.js';
import {freshdeskChecklist} from './checklist.js';
import {previewFreshdeskTicket} from './ticket-notes.js';

export {FRESHDESK_TIERS};

export function freshdeskAuthHeaders(settings: ConnectorSettings): Record<string, string> {
  const apiKey = settings.credentials.apiKey ?? '';
  return {authorization: `Basic ${Buffer.from(`${apiKey}:X`).toString('base64')}`};
}

export const freshdeskConnector: Connector = {
  id: 'freshdesk',
  label: 'Freshdesk',
  roles: ['source', 'target'],
  authKinds: [{id: 'apikey', label: 'API key'}],
  credentials: [{key: 'apiKey', label: 'API key (Profile settings > Your API key)', secret: true, required: true, authKinds: ['apikey']}],
  baseUrlHint: 'https://{domain}.freshdesk.com',
  tiers: FRESHDESK_TIERS,
  defaultTier: 'growth',
  rateLimitHeaders: {limit: 'x-ratelimit-total', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after'},
  recordTypes: ['ticket_fields', 'groups', 'organizations', 'agents', 'contacts', 'tickets', 'kb_categories', 'kb_sections', 'kb_articles'],
  readCosts: {
    // Each listed ticket is fetched whole (the list lacks attachments) plus its conversations page.
    // A full read then probes the archive for ids the list skipped: at least the 100 ids below the
    // lowest listed one (source-session.ts unlisted; the gaps between listed ids are not known ahead).
    // Attachments come from presigned storage links without the API key (download.ts): no API calls.
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 2, callsPerAttachment: 0, callsPerFullRead: ARCHIVE_PROBE_MISSES, endpoint: 'tickets.list'},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'contacts.list'},
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    organizations: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    groups: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    ticket_fields: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_categories: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_sections: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_articles: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
  },
  writeCosts: {
    // Attachments ride on the create/note request itself (multipart); each later comment is one note.
    tickets: {callsPerRecord: 1, callsPerComment: 1, callsPerAttachment: 0, callsPerLookup: 2, endpoint: 'tickets.create'},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, lookupEndpoint: 'contacts.list'},
    agents: {callsPerRecord: 0, callsPerLookup: 1},
    organizations: {callsPerRecord: 1, callsPerLookup: 1},
    groups: {callsPerRecord: 1, callsPerLookup: 1},
    ticket_fields: {callsPerRecord: 1, callsPerLookup: 1},
    kb_categories: {callsPerRecord: 1, callsPerLookup: 1},
    kb_sections: {callsPerRecord: 1, callsPerLookup: 2},
    kb_articles: {callsPerRecord: 1, callsPerLookup: 3},
  },
  limits: {
    maxAttachmentBytes: MAX_TICKET_ATTACHMENT_BYTES,
    // The 20 MB count all of a ticket's attachments together (see attachments.ts).
    maxAttachmentsPerTicketBytes: MAX_TICKET_ATTACHMENT_BYTES,
    // Notes take a user_id (agent or contact); no API call can set a created_at.
    preservesCommentAuthors: true,
    preservesCommentDates: false,
    preservesTicketDates: false,
    // Articles are written as the API key's agent (target-session.ts).
    neverKeeps: ["knowledge-base article authors (the API key's agent is the author)"],
  },
  authHeaders: freshdeskAuthHeaders,
  describeError: describeFreshdeskError,
  openSource: (settings: ConnectorSettings, http: HttpClient) => openFreshdeskSource(settings, http),
  openTarget: (settings: ConnectorSettings, http: HttpClient) => openFreshdeskTarget(settings, http),
  checklist: freshdeskChecklist,
  // The writer's own decisions (ticket-notes.ts), for the Fields screen's dry run.
  previewTicket: previewFreshdeskTicket,
  removal: FRESHDESK_REMOVAL,
  webUrl: freshdeskWebUrl,
};
