// The Intercom connector: REST API at https://api.intercom.io (or the EU and Australian hosts),
// versioned by the Intercom-Version header (2.14), with an app's access token as a Bearer token.
// Facts and sources: docs/platforms/intercom.md.
import type {Connector, ConnectorSettings} from '../../source/contracts/connector.js';
import {describeIntercomError, INTERCOM_VERSION} from './api-shapes.js';
import {INTERCOM_RECORD_TYPES, openIntercomSource} from './source-session.js';
import {intercomFieldRefusal, openIntercomTarget} from './target-session.js';
import {INTERCOM_TIERS, WINDOW_SECONDS} from './tiers.js';
import {intercomChecklist} from './checklist.js';
import {previewIntercomTicket} from './ticket-notes.js';
import {intercomAuthorizer} from './oauth.js';
import {INTERCOM_REMOVAL, withIntercomDeletes} from './deletes.js';

export {INTERCOM_TIERS};

/** Largest file ferry puts on a part; Intercom documents no size for attachment_files (see the doc's Unsure). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const intercomConnector: Connector = {
  id: 'intercom',
  label: 'Intercom',
  roles: ['source', 'target'],
  authKinds: [
    {id: 'token', label: "Access token of an app of the workspace (Developer Hub > Your apps > Authentication)"},
    {id: 'oauth', label: 'OAuth app: client id, secret and an authorization code (exchanged once; the token does not expire)'},
  ],
  credentials: [
    {key: 'accessToken', label: 'Access token', secret: true, required: true, authKinds: ['token']},
    {key: 'clientId', label: 'OAuth client id (Developer Hub > Your apps > Basic information)', secret: false, required: true, authKinds: ['oauth']},
    {key: 'clientSecret', label: 'OAuth client secret', secret: true, required: true, authKinds: ['oauth']},
    {key: 'authorizationCode', label: 'Authorization code from the redirect (works once, for about 5 minutes)', secret: true, required: true, authKinds: ['oauth']},
    {key: 'ticketType', label: 'As target: write tickets as Intercom tickets of this ticket type (name or id; empty: as conversations)', secret: false, required: false, placeholder: 'Customer request'},
  ],
  baseUrlHint: 'https://api.intercom.io (EU: https://api.eu.intercom.io, Australia: https://api.au.intercom.io)',
  tiers: INTERCOM_TIERS,
  defaultTier: 'app',
  // The three headers count 10-second windows (the layer scales the limit and what remains to a
  // minute), and X-RateLimit-Reset is the Unix time the window starts again: a 429 holds every request
  // until then (Rate page; the page shows no Retry-After, so that is only a fallback).
  // Workspaces without the Tickets product: its records are skipped with a warning, conversations still move.
  featureGates: {tickets: 'The Tickets product'},
  rateLimitHeaders: {limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', resetAt: 'x-ratelimit-reset', windowSeconds: WINDOW_SECONDS, retryAfter: 'retry-after'},
  recordTypes: INTERCOM_RECORD_TYPES,
  readCosts: {
    // 150 conversations a page (List conversations), then Retrieve a conversation for its parts, and one GET per file.
    tickets: {pageSize: 150, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1},
    contacts: {pageSize: 150, callsPerPage: 1, callsPerRecord: 0},
    organizations: {pageSize: 60, callsPerPage: 1, callsPerRecord: 0},
    agents: {pageSize: 1000, callsPerPage: 1, callsPerRecord: 0},
    ticket_fields: {pageSize: 1000, callsPerPage: 1, callsPerRecord: 0},
    kb_categories: {pageSize: 50, callsPerPage: 1, callsPerRecord: 0},
    kb_sections: {pageSize: 50, callsPerPage: 1, callsPerRecord: 0},
    kb_articles: {pageSize: 50, callsPerPage: 1, callsPerRecord: 0},
  },
  // A ticket: Create a conversation, Update a conversation (title, attributes), and about one more for
  // its assignment or closing; each later comment one reply (files travel in it, or in one note after a
  // customer's message: half a call per file); tags cost two calls each and are not counted.
  // Lookups after a crash are one search (or a retrieve) each.
  writeCosts: {
    tickets: {callsPerRecord: 3, callsPerComment: 1, callsPerAttachment: 0.5, callsPerLookup: 1},
    contacts: {callsPerRecord: 1, callsPerLookup: 1},
    organizations: {callsPerRecord: 1, callsPerLookup: 1},
    agents: {callsPerRecord: 0, callsPerLookup: 1},
    ticket_fields: {callsPerRecord: 1, callsPerLookup: 1},
    kb_categories: {callsPerRecord: 1, callsPerLookup: 1},
    kb_sections: {callsPerRecord: 1, callsPerLookup: 1},
    kb_articles: {callsPerRecord: 1, callsPerLookup: 1},
  },
  limits: {
    ticketFieldCreateRefusal: intercomFieldRefusal,
    maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
    // Replies take created_at and an admin_id or intercom_user_id; Create a conversation takes created_at.
    preservesCommentAuthors: true,
    preservesCommentDates: true,
    preservesTicketDates: true,
    neverKeeps: [
      "ticket priorities (Intercom's API does not set a conversation's priority)",
      'ticket types',
      'CC addresses',
      "the first message's formatting (Create a conversation takes plain text)",
      'when a ticket was assigned or closed (those parts are dated at the run)',
      'article tags (Create an article takes none)',
    ],
  },
  authHeaders: (settings: ConnectorSettings) => ({
    authorization: `Bearer ${settings.credentials.accessToken ?? ''}`,
    'intercom-version': INTERCOM_VERSION,
    accept: 'application/json',
  }),
  // OAuth: the code is exchanged once and the token kept in the 0600 store (oauth.ts).
  authorizer: (settings, store) => intercomAuthorizer(settings, store),
  describeError: describeIntercomError,
  openSource: (settings, http) => openIntercomSource(settings, http),
  openTarget: (settings, http) => withIntercomDeletes(openIntercomTarget(settings, http), http),
  checklist: intercomChecklist,
  previewTicket: previewIntercomTicket,
  removal: INTERCOM_REMOVAL,
};
