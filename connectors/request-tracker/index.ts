// Request Tracker 5 (Best Practical, self-hosted) over its REST 2.0 API.
//
// Mapping: queues = groups; privileged users = agents, unprivileged = contacts (person
// ids are RT user Names, which is how tickets reference users); organizations = the
// Organization text of users (RT has none natively); ticket fields = global ticket
// custom fields; tags = the multi-value custom field "Ferry Tags".
// Knowledge base: not supported. RT 5.0.3's REST 2.0 can create Classes and Articles,
// but an article's body is a per-class custom field and sections (RT Topics) have no
// REST 2.0 endpoint, so kb_* are left out of recordTypes.
//
// Budget: RT publishes no rate limit and sends no rate headers (none seen in ~2,500
// requests), but a self-hosted RT is CPU-bound: writes cost ~200-400 ms of server time
// with the stock scrips (see /work/shared/research/rt5.md). So the budget is unlimited
// per minute with at most two requests in flight, matching rt-server's 2 workers in CI.
// Measured by bench/rt-throughput.ts (RT 5.0.3, SQLite, 2 workers, 2 vCPUs, stock scrips):
//   POST /ticket with a requestor (autoreply scrip runs)  1 in flight 2.0/s, 2: 1.6/s, 4: 1.5/s
//   GET /ticket/:id                                       2 in flight 19.6/s
//   a migration's writes (12 demo tickets, the connector's call mix, requestors added
//   last so no autoreply)                                 2 in flight 23.4 calls/s (~1,400/min)
// More in flight does not help: RT is the bottleneck. For estimates, about 23 calls per
// second (1,400 a minute) is this RT's measured rate; a production RT behind more workers
// can be given its own rate with the plan's requestsPerMinute.
import {RT_REMOVAL, rtWebUrl, withRtDeletes} from './deletes.js';
import {restPrefix} from './rest.js';
import type {ApiBudget, ConnectorSettings, Connector, RunningEmulator} from '../../source/contracts/connector.js';
import {describeRtError} from './api-shapes.js';
import {RtSourceSession} from './source-session.js';
import {RtTargetSession} from './target-session.js';
import {previewRtTicket} from './ticket-notes.js';

const SELF_HOSTED: ApiBudget = {requestsPerMinute: Infinity, concurrency: 2};

export const requestTrackerConnector: Connector = {
  id: 'request-tracker',
  label: 'Request Tracker 5',
  roles: ['source', 'target'],
  authKinds: [
    {id: 'basic', label: 'User name and password'},
    {id: 'token', label: 'Auth token (Settings > Auth Tokens)'},
  ],
  credentials: [
    {key: 'username', label: 'User name', secret: false, required: true, authKinds: ['basic'], placeholder: 'root'},
    {key: 'password', label: 'Password', secret: true, required: true, authKinds: ['basic']},
    {key: 'token', label: 'Auth token', secret: true, required: true, authKinds: ['token'], placeholder: '1-14-0123abcd...'},
  ],
  baseUrlHint: 'https://rt.example.com (RT\'s web URL; REST 2.0 lives under /REST/2.0)',
  tiers: {
    // Two workers is rt-server's CI setting; a production RT behind Apache/nginx with
    // more FastCGI workers can take more, but RT's scrips make each write heavy.
    'self-hosted': SELF_HOSTED,
  },
  defaultTier: 'self-hosted',
  // RT sends no rate-limit headers; a proxy in front of it may send Retry-After.
  rateLimitHeaders: {retryAfter: 'retry-after'},
  recordTypes: ['ticket_fields', 'groups', 'organizations', 'agents', 'contacts', 'tickets'],
  readCosts: {
    // Fields: one list call; per selection field one values call plus one per option for
    // its label (about 6 on average, counted per record).
    ticket_fields: {pageSize: 100, callsPerPage: 1, callsPerRecord: 6, endpoint: 'customfields.list'},
    groups: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'queues.list'},
    // Organizations are gathered from the user list.
    organizations: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0, endpoint: 'users.list'},
    // Plus GET /user/:id per user: only a user's own record says whether it is privileged
    // (see RtApi.privilegedNames); each user is fetched once per session, agent or contact.
    agents: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, endpoint: 'users.list'},
    contacts: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, endpoint: 'users.list'},
    // Per ticket: history, attachment metadata, text bodies. Downloads: GET /attachment/:id.
    tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 3, callsPerAttachment: 1, endpoint: 'tickets.list'},
  },
  writeCosts: {
    ticket_fields: {callsPerRecord: 2, callsPerLookup: 1, endpoint: 'customfields.create'},
    groups: {callsPerRecord: 1, callsPerLookup: 1, endpoint: 'queues.create'},
    organizations: {callsPerRecord: 0, callsPerLookup: 1},
    agents: {callsPerRecord: 1, callsPerLookup: 1, endpoint: 'users.create'},
    contacts: {callsPerRecord: 1, callsPerLookup: 1, endpoint: 'users.create'},
    // Create, status PUT, people PUT, read-back GET, attachment listing; one call per
    // further comment (attachments travel inside the comment's call).
    tickets: {callsPerRecord: 5, callsPerComment: 1, callsPerAttachment: 0, callsPerLookup: 2, endpoint: 'tickets.create'},
  },
  limits: {
    // RT's default $MaxAttachmentSize (10 MiB); an administrator may have changed it.
    maxAttachmentBytes: 10 * 1024 * 1024,
    preservesCommentAuthors: false,
    preservesCommentDates: false,
    // Created is settable on POST /ticket (in RT's SQL date format).
    preservesTicketDates: true,
    // RT tickets have no type: ticketBasics writes none.
    neverKeeps: ['ticket types (question, incident, problem, task)'],
  },
  authHeaders(settings: ConnectorSettings): Record<string, string> {
    if (settings.authKind === 'token') return {Authorization: `token ${settings.credentials.token ?? ''}`};
    const pair = `${settings.credentials.username ?? ''}:${settings.credentials.password ?? ''}`;
    return {Authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`};
  },
  describeError: describeRtError,
  openSource: (settings, http) => new RtSourceSession(settings, http),
  openTarget: (settings, http) => withRtDeletes(new RtTargetSession(settings, http), http, restPrefix(settings)),
  removal: RT_REMOVAL,
  webUrl: rtWebUrl,
  // The session's own decisions (ticket-notes.ts), for the Fields screen's dry run.
  previewTicket: previewRtTicket,
  noEmulator:
    'Request Tracker has no emulator: ferry tests against a real RT 5. Start one with ' +
    '`eval "$(bash .ci/rt5-setup.sh)"` from the project folder (Debian 12, root; about a minute the first time) ' +
    'and use RT_URL with RT_USER/RT_PASSWORD or RT_TOKEN.',
};
