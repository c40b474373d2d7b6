// The Front connector: Core API at https://api2.frontapp.com, an API token (Settings > Developers >
// API tokens) sent as a Bearer token. Facts and sources: docs/platforms/front.md.
import type {Connector, PlatformChecklist} from '../../source/contracts/connector.js';
import {describeFrontError} from './api-shapes.js';
import {FRONT_RECORD_TYPES, openFrontSource} from './source-session.js';
import {frontFieldRefusal, openFrontTarget} from './target-session.js';
import {FRONT_TIERS} from './tiers.js';
import {previewFrontTicket} from './ticket-notes.js';
import {FRONT_REMOVAL, withFrontDeletes} from './deletes.js';

export {FRONT_TIERS};

/** Import message: "attachments … Max 25 MB" (the request, so every file of one message together). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const frontChecklist: PlatformChecklist = {
  asTarget: [
    {id: 'target-rules-off', text: 'Front: pause rules that act on new conversations in the target inbox (Settings > Rules)', detail: 'ferry imports with should_skip_rules: true, which Front documents as skipping rules; rules started by later changes (assignments, tags) may still run.'},
    {id: 'target-teammates-invited', text: 'Front: invite every agent as a teammate first (Settings > Teammates): the API cannot create teammates, and messages by unmatched agents are imported as written by the contact'},
    {id: 'target-custom-fields', text: 'Front: create the conversation custom fields the tickets use (Settings > Company > Custom fields): the API cannot create them'},
    {id: 'target-marker-tags', text: 'Front: ferry tags each imported conversation "ferry-<source id>" to find it after a crash; keep the tags until the last delta run, then delete them (Settings > Tags)'},
  ],
  asSource: [
    {id: 'source-trashed', text: 'Front: trashed (deleted) conversations are not read; restore the ones you want migrated'},
    {id: 'source-teams', text: 'Front: teams, rules, message templates and the knowledge base are not migrated; recreate them on the target by hand'},
  ],
  credentials: (side) => [
    {id: `${side}-token-scopes`, text: `Front ${side}: the API token needs access to the inboxes migrated (shared resources) and ${side === 'source' ? 'read' : 'read and write'} scopes for conversations, messages, comments, contacts, accounts and tags`},
    {id: `${side}-token-rate`, text: `Front ${side}: the rate limit is per company (Starter 50, Professional 100, Enterprise 200 requests a minute), shared with everything else using the company's tokens`},
  ],
};

export const frontConnector: Connector = {
  id: 'front',
  label: 'Front',
  roles: ['source', 'target'],
  authKinds: [{id: 'token', label: 'API token (Settings > Developers > API tokens)'}],
  credentials: [
    {key: 'apiToken', label: 'API token', secret: true, required: true, authKinds: ['token']},
    {key: 'inboxId', label: 'Inbox id (empty: every inbox as source, the first one as target)', secret: false, required: false, placeholder: 'inb_55c8c149'},
  ],
  baseUrlHint: 'https://api2.frontapp.com',
  tiers: FRONT_TIERS,
  defaultTier: 'starter',
  rateLimitHeaders: {limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', retryAfter: 'retry-after'},
  recordTypes: FRONT_RECORD_TYPES,
  readCosts: {
    // 100 conversations a page; per conversation one page of messages and the comments (one unpaginated list); one download per attachment.
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 2, callsPerAttachment: 1},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    // Accounts, then one List account contacts per account (contacts do not name their account).
    organizations: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1},
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
    ticket_fields: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0},
  },
  writeCosts: {
    // Import message (attachments travel in it) and the message read by uid for the conversation id;
    // each later comment one import or one comment; custom fields one PATCH (counted per record).
    // A lookup after a lost answer: List tags and List tagged conversations.
    tickets: {callsPerRecord: 3, callsPerComment: 1, callsPerAttachment: 0, callsPerLookup: 2},
    contacts: {callsPerRecord: 1, callsPerLookup: 1},
    organizations: {callsPerRecord: 1, callsPerLookup: 1},
    agents: {callsPerRecord: 0, callsPerLookup: 1},
    ticket_fields: {callsPerRecord: 0, callsPerLookup: 1},
  },
  limits: {
    ticketFieldCreateRefusal: frontFieldRefusal,
    maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
    // Imported messages take `created_at` and a sender (a teammate's author_id when outbound, else the
    // contact's handle); Add comment takes an author but no date.
    preservesCommentAuthors: true,
    preservesCommentDates: true,
    preservesTicketDates: true,
    neverKeeps: [
      'private note dates (Front comments take no date: the original date is written in the note\'s first line)',
      'groups (Front teams cannot be created through the API)',
    ],
  },
  authHeaders: (settings) => ({authorization: `Bearer ${settings.credentials.apiToken ?? ''}`}),
  describeError: describeFrontError,
  openSource: (settings, http) => openFrontSource(settings, http),
  openTarget: (settings, http) => withFrontDeletes(openFrontTarget(settings, http), http),
  checklist: frontChecklist,
  previewTicket: previewFrontTicket,
  removal: FRONT_REMOVAL,
};
