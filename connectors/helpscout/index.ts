// The Help Scout connector: Mailbox API 2.0 at https://api.helpscout.net, OAuth2 client credentials
// (App ID and App Secret of an app under Your Profile > My Apps). Facts and sources:
// docs/platforms/helpscout.md.
import type {Connector, ConnectorSettings} from '../../source/contracts/connector.js';
import {describeHelpScoutError} from './api-shapes.js';
import {helpScoutAuthorizer} from './oauth.js';
import {HELPSCOUT_RECORD_TYPES, openHelpScoutSource} from './source-session.js';
import {helpScoutFieldRefusal, openHelpScoutTarget} from './target-session.js';
import {HELPSCOUT_TIERS, WRITES} from './tiers.js';
import {helpScoutChecklist} from './checklist.js';
import {HELPSCOUT_REMOVAL, helpScoutWebUrl, withHelpScoutDeletes} from './deletes.js';
import {previewHelpScoutTicket} from './ticket-notes.js';
import {MAX_UPLOAD_FILE_BYTES} from './request-size.js';

export {HELPSCOUT_TIERS};

/** Largest attachment ferry uploads: what fits base64 in the 10 MB upload request (request-size.ts; v1's limit, see the doc's Unsure). */
export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_FILE_BYTES;

export const helpScoutConnector: Connector = {
  id: 'helpscout',
  label: 'Help Scout',
  roles: ['source', 'target'],
  authKinds: [{id: 'client_credentials', label: 'OAuth2 app (App ID and App Secret; tokens renewed automatically)'}],
  credentials: [
    {key: 'appId', label: 'App ID (Your Profile > My Apps)', secret: true, required: true, authKinds: ['client_credentials']},
    {key: 'appSecret', label: 'App Secret', secret: true, required: true, authKinds: ['client_credentials']},
    {key: 'mailboxId', label: 'Inbox id (empty: every inbox as source, the first one as target)', secret: false, required: false, placeholder: '85'},
  ],
  baseUrlHint: 'https://api.helpscout.net',
  tiers: HELPSCOUT_TIERS,
  defaultTier: 'standard',
  rateLimitHeaders: {limit: 'x-ratelimit-limit-minute', remaining: 'x-ratelimit-remaining-minute', retryAfter: 'x-ratelimit-retry-after'},
  recordTypes: HELPSCOUT_RECORD_TYPES,
  readCosts: {
    // 25 conversations a page (List Conversations; other lists 50) with their threads embedded
    // (List Threads only for chat conversations, whose embedded threads are truncated), and one
    // base64 download per attachment.
    tickets: {pageSize: 25, callsPerPage: 1, callsPerRecord: 0, callsPerAttachment: 1},
    contacts: {pageSize: 50, callsPerPage: 1, callsPerRecord: 0},
    agents: {pageSize: 50, callsPerPage: 1, callsPerRecord: 0},
    // One list of inboxes, then one list of fields per inbox.
    ticket_fields: {pageSize: 50, callsPerPage: 2, callsPerRecord: 0},
  },
  // Counted in requests, as the call meter counts them; writes are sent as WRITES, which the budget
  // weighs 2 ("Write requests (POST, PUT, DELETE, PATCH) count as 2 requests toward the rate limit"),
  // so the estimator paces them as the rate gate does. A ticket is one Create Conversation carrying all
  // its comments as threads (up to 100 threads: conversation-writer.ts); each attachment is one upload,
  // plus a List Threads read to find its thread's id (about a quarter call per attachment, weighed with
  // the upload). Lookups after a crash are reads.
  writeCosts: {
    tickets: {callsPerRecord: 1, callsPerComment: 0, callsPerAttachment: 1.25, callsPerLookup: 1, endpoint: WRITES, childEndpoint: WRITES},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, endpoint: WRITES},
    agents: {callsPerRecord: 0, callsPerLookup: 1},
    ticket_fields: {callsPerRecord: 0, callsPerLookup: 1},
  },
  limits: {
    ticketFieldCreateRefusal: helpScoutFieldRefusal,
    maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
    // Imported threads take `createdAt` and a `user` (replies, notes) or `customer`; conversations take `createdAt`.
    preservesCommentAuthors: true,
    preservesCommentDates: true,
    preservesTicketDates: true,
  },
  // Client credentials have no refresh token: the authorizer fetches a new token with the app's credentials.
  authHeaders: (_settings: ConnectorSettings) => ({}),
  authorizer: (settings, store, now) => helpScoutAuthorizer(settings, store, {now}),
  describeError: describeHelpScoutError,
  openSource: (settings, http) => openHelpScoutSource(settings, http),
  openTarget: (settings, http) => withHelpScoutDeletes(openHelpScoutTarget(settings, http), http),
  removal: HELPSCOUT_REMOVAL,
  webUrl: helpScoutWebUrl,
  checklist: helpScoutChecklist,
  previewTicket: previewHelpScoutTicket,
};
