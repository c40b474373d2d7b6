// The Freshservice connector: API v2 at https://{domain}.freshservice.com, Basic auth with the API
// key as user name and "X" as password ("Authentication": username/password auth is deprecated
// since 31 May 2023). Facts and sources: docs/platforms/freshservice.md; what it shares with
// Freshdesk is in connectors/freshworks/descriptor.ts.
import type {Connector, ConnectorSettings} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import {describeFreshserviceError} from './api-shapes.js';
import {openFreshserviceSource} from './source-session.js';
import {freshserviceFieldRefusal, openFreshserviceTarget} from './target-session.js';
import {MAX_TICKET_ATTACHMENT_BYTES} from './ticket-writer.js';
import {CHANGES_LIST, FRESHSERVICE_TIERS, PROBLEMS_LIST} from './tiers.js';
import {freshserviceChecklist} from './checklist.js';
import {FRESHSERVICE_REMOVAL, freshserviceWebUrl, withFreshserviceDeletes} from './deletes.js';
import {freshworksConnector} from '../freshworks/descriptor.js';

export {FRESHSERVICE_TIERS};

export const freshserviceConnector: Connector = freshworksConnector({
  id: 'freshservice',
  label: 'Freshservice',
  domain: 'freshservice.com',
  apiKeyLabel: 'API key (Profile settings > API key)',
  tiers: FRESHSERVICE_TIERS,
  // Problem and Change Management are modules some plans lack: a 403 on their lists skips them with a warning.
  featureGates: {[PROBLEMS_LIST]: 'Problem Management', [CHANGES_LIST]: 'Change Management'},
  readCosts: {
    // Each listed ticket: View a Ticket with include=tags (1 call + 1 credit for the include, counted
    // as 2) and its conversations page. Problems and changes: one notes page each (not counted apart).
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 3, callsPerAttachment: 1, endpoint: 'tickets.list'},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'requesters.list'},
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'agents.list'},
    ticket_fields: {pageSize: 1000, callsPerPage: 1, callsPerRecord: 0},
    // Folders are listed per category, articles per folder.
    kb_sections: {pageSize: 100, callsPerPage: 2, callsPerRecord: 0},
    kb_articles: {pageSize: 100, callsPerPage: 2, callsPerRecord: 0},
  },
  writeCosts: {
    // Attachments ride on the create/note request (multipart); each later comment is one note.
    // The lookup is Filter Tickets by the marker tag, plus list pages when it finds nothing.
    tickets: {callsPerRecord: 1, callsPerComment: 1, callsPerAttachment: 0, callsPerLookup: 2, endpoint: 'tickets.create', lookupEndpoint: 'tickets.list'},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, lookupEndpoint: 'requesters.list'},
    // Ticket fields cannot be created through the API (ticketFieldCreateRefusal).
    ticket_fields: {callsPerRecord: 0, callsPerLookup: 1},
  },
  limits: {
    ticketFieldCreateRefusal: freshserviceFieldRefusal,
    maxAttachmentBytes: MAX_TICKET_ATTACHMENT_BYTES,
    // 40 MB for all of a ticket's attachments together (Tickets, Conversations).
    maxAttachmentsPerTicketBytes: MAX_TICKET_ATTACHMENT_BYTES,
  },
  describeError: describeFreshserviceError,
  openSource: (settings: ConnectorSettings, http: HttpClient) => openFreshserviceSource(settings, http),
  openTarget: (settings: ConnectorSettings, http: HttpClient) => withFreshserviceDeletes(openFreshserviceTarget(settings, http), http),
  removal: FRESHSERVICE_REMOVAL,
  webUrl: freshserviceWebUrl,
  checklist: freshserviceChecklist,
});
