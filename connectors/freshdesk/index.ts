// The Freshdesk connector: API v2 at https://{domain}.freshdesk.com, Basic auth with the
// API key as user name and "X" as password; what it shares with Freshservice is in
// connectors/freshworks/descriptor.ts.
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
import {freshworksConnector} from '../freshworks/descriptor.js';

export {FRESHDESK_TIERS};

export const freshdeskConnector: Connector = freshworksConnector({
  id: 'freshdesk',
  label: 'Freshdesk',
  domain: 'freshdesk.com',
  apiKeyLabel: 'API key (Profile settings > Your API key)',
  tiers: FRESHDESK_TIERS,
  readCosts: {
    // Each listed ticket is fetched whole (the list lacks attachments) plus its conversations page.
    // A full read then probes the archive for ids the list skipped: at least the 100 ids below the
    // lowest listed one (source-session.ts unlisted; the gaps between listed ids are not known ahead).
    // Attachments come from presigned storage links without the API key (download.ts): no API calls.
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 2, callsPerAttachment: 0, callsPerFullRead: ARCHIVE_PROBE_MISSES, endpoint: 'tickets.list'},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'contacts.list'},
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    ticket_fields: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_sections: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    kb_articles: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
  },
  writeCosts: {
    // Attachments ride on the create/note request itself (multipart); each later comment is one note.
    tickets: {callsPerRecord: 1, callsPerComment: 1, callsPerAttachment: 0, callsPerLookup: 2, endpoint: 'tickets.create'},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, lookupEndpoint: 'contacts.list'},
    ticket_fields: {callsPerRecord: 1, callsPerLookup: 1},
  },
  limits: {
    maxAttachmentBytes: MAX_TICKET_ATTACHMENT_BYTES,
    // The 20 MB count all of a ticket's attachments together (see attachments.ts).
    maxAttachmentsPerTicketBytes: MAX_TICKET_ATTACHMENT_BYTES,
    // Articles are written as the API key's agent (target-session.ts).
    neverKeeps: ["knowledge-base article authors (the API key's agent is the author)"],
  },
  describeError: describeFreshdeskError,
  openSource: (settings: ConnectorSettings, http: HttpClient) => openFreshdeskSource(settings, http),
  openTarget: (settings: ConnectorSettings, http: HttpClient) => openFreshdeskTarget(settings, http),
  checklist: freshdeskChecklist,
  // The writer's own decisions (ticket-notes.ts), for the Fields screen's dry run.
  previewTicket: previewFreshdeskTicket,
  removal: FRESHDESK_REMOVAL,
  webUrl: freshdeskWebUrl,
});
