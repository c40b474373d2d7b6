// The contract every platform connector fulfils. A connector declares what it
// needs (credentials), what it costs (API budget, calls per record) and how it
// reads and writes the neutral model; the engine owns pacing, retries,
// journalling and mapping. Connectors never sleep or retry on their own.
import type {Attachment, Id, RecordOf, RecordType, TargetPersonField, Ticket, TicketField, Timestamp} from './model.js';
import type {HttpClient} from '../contracts/http.js';
import type {Options} from './options.js';

export interface CredentialField {
  key: string;
  label: string;
  /** Masked on screen; never written to plan, journal, reports or logs */
  secret: boolean;
  required: boolean;
  /** Only asked for this auth kind (e.g. 'token' | 'oauth'); all kinds when absent */
  authKinds?: string[];
  placeholder?: string;
}

/** Requests-per-minute budget of one plan tier of a platform's API. */
export interface ApiBudget {
  /** Account-wide requests per minute; Infinity for no published limit */
  requestsPerMinute: number;
  /** Sub-limits matched by HttpRequest.endpoint (e.g. 'tickets.create') */
  endpoints?: Record<string, number>;
  /** What one request to an endpoint counts as toward `requestsPerMinute`, when more than one
   * (Help Scout: a write counts as 2); the rate gate and the estimator both space by it */
  weights?: Record<string, number>;
  /** Requests in flight at once (a server's throughput limit, not a rate) */
  concurrency?: number;
}

/** Names of the rate-limit headers the platform sends. */
export interface RateLimitHeaders {
  /** The account's limit per minute, e.g. 'x-rate-limit' (Zendesk) or 'x-ratelimit-total' (Freshdesk) */
  limit?: string;
  remaining?: string;
  /** Seconds to wait, on 429 */
  retryAfter: string;
  /**
   * When the window's count starts again, as a Unix time in seconds (Intercom's 'x-ratelimit-reset'):
   * a 429 without `retryAfter` holds every request until then.
   */
  resetAt?: string;
  /** Seconds the `limit` and `remaining` headers count over, when not a minute (Intercom: 10) */
  windowSeconds?: number;
}

/** API calls one record type costs, for the estimator. */
export interface ReadCost {
  /** Records per list page */
  pageSize: number;
  /** Calls per list page */
  callsPerPage: number;
  /** Extra calls per record (e.g. a ticket's comments page) */
  callsPerRecord: number;
  /** Calls per attachment downloaded */
  callsPerAttachment?: number;
  /** Extra calls once per full read of the type (Freshdesk probes the archive below the lowest ticket id) */
  callsPerFullRead?: number;
  /** Extra calls per record when the plan migrates ticket events as notes (e.g. Zendesk's audits) */
  callsPerRecordForEvents?: number;
  /** Budget sub-limit the list calls count against */
  endpoint?: string;
}
export interface WriteCost {
  callsPerRecord: number;
  /** Calls per comment beyond the first (0 when comments travel with the record) */
  callsPerComment?: number;
  callsPerAttachment?: number;
  /** Calls to look up an existing record before creating (matching, markers) */
  callsPerLookup?: number;
  endpoint?: string;
  /** Budget sub-limit the lookups count against, when not the writes' */
  lookupEndpoint?: string;
  /** Budget endpoint a ticket's later comments and attachments are sent as (a sub-limit or a weight) */
  childEndpoint?: string;
}

export interface TargetLimits {
  /** Largest single attachment the target accepts */
  maxAttachmentBytes: number;
  /** Largest total of attachments on one ticket/comment */
  maxAttachmentsPerTicketBytes?: number;
  /** Whether the target can set original comment authors and dates */
  preservesCommentAuthors: boolean;
  preservesCommentDates: boolean;
  preservesTicketDates: boolean;
  /**
   * Other things this target never keeps, for any record (e.g. "ticket types"): platform
   * limitations, shown once (Fields, Prepare, Estimate, the report header, `status --json`),
   * never as a per-record warning. The three flags above are shown the same way.
   */
  neverKeeps?: string[];
  /**
   * Targets whose API cannot create ticket fields: the reason a create of `field` fails with.
   * The target session throws exactly this, and the Fields dry run predicts with it, so the
   * two agree (no field is assumed created, its values are said to be left out).
   */
  ticketFieldCreateRefusal?(field: TicketField): string;
}

/** What of the target account a write-time decision depends on (see Connector.previewTicket). */
export interface TargetCatalog {
  /** The target's ticket fields as the run will see them (with the fields the run creates) */
  ticketFields: TicketField[];
  /**
   * The target's users (agents) by target id, when known: a target whose notes depend on whether a
   * comment's author is one of them (Help Scout's private notes by customers) says those notes only
   * then. The Fields dry run leaves it out: it assumes every person resolves (people are the audit's).
   */
  userIds?: string[];
}

export interface AccountCheck {
  /** e.g. "acme.zendesk.com as Jane Admin <jane@acme.test>" */
  description: string;
  /** Problems with rights that stop a migration, phrased as what to fix: a run does not start while there is one */
  problems: string[];
  /** What the operator should know or do that does not stop a run (shown on the checklist) */
  advice?: string[];
  /** The account's real limit per minute when the API said so */
  liveRequestsPerMinute?: number;
}

export interface SourceFilter {
  createdFrom?: Timestamp;
  createdTo?: Timestamp;
  /** Only records created or updated at or after this instant (delta) */
  updatedSince?: Timestamp;
}

export interface Page<T> {
  records: T[];
  /** Opaque position after this page: pass back to read() to resume. Absent on the last page. */
  cursor?: string;
}

export interface SourceSession {
  check(): Promise<AccountCheck>;
  /** Cheap count of records (one or few calls), undefined when the API cannot tell */
  count<T extends RecordType>(type: T, filter: SourceFilter): Promise<number | undefined>;
  read<T extends RecordType>(type: T, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>>;
  /**
   * Records the listing cannot show but that can be read by id (Freshdesk's archived tickets),
   * given the ids the listing gave; read after the listing in full runs. Throws
   * FeatureUnavailableError, saying how many may be missed, when the account cannot serve them.
   */
  unlisted?<T extends RecordType>(type: T, listedIds: ReadonlySet<Id>, options: {cursor?: string; filter: SourceFilter}): AsyncIterable<Page<RecordOf[T]>>;
  /** One record by id, for references outside the listing; undefined when it no longer exists */
  get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined>;
  download(attachment: Attachment): Promise<Buffer>;
}

export interface WriteContext {
  /** Stable key of the source record, e.g. "zendesk:tickets:123"; the connector writes it on
   * the target (external id, tag or marker) so findByMarker can find it after a crash. */
  sourceKey: string;
  /** Run `create` at most once across crashes, lost answers and retries: when an earlier send
   * may have been applied without its answer arriving, `lookup` is asked before sending again,
   * and a 409 after such a send asks `lookupOnConflict` (e.g. by unique name). Returns the target id. */
  once(step: string, create: () => Promise<Id>, lookup?: () => Promise<Id | undefined>, lookupOnConflict?: () => Promise<Id | undefined>): Promise<Id>;
  attachmentBytes(attachment: Attachment): Promise<Buffer>;
  /** Say something the journal should keep about this record (e.g. "author written into body") */
  note(text: string): void;
  /** Keep a value with this record in the journal, across kills (the bulk job its create went in) */
  remember?(key: string, value: string): void;
  /** A value `remember` kept for this record, in this or an earlier process */
  recall?(key: string): string | undefined;
}

export interface TargetSession {
  check(): Promise<AccountCheck>;
  /** Every existing record of a small type (agents, groups, ticket_fields), for matching and mapping */
  list<T extends 'agents' | 'groups' | 'ticket_fields'>(type: T): Promise<Array<RecordOf[T]>>;
  /** An existing record matching by email (people) or name (organizations, groups) */
  findExisting(type: RecordType, by: {email?: string; name?: string}): Promise<Id | undefined>;
  /** The record an earlier attempt created for this source key, if any. `record` is the one being
   * written, when the caller has it: a connector whose marker search lags may look the record up by
   * its own exact fields first (Freshservice: a requester by email or phone). */
  findByMarker<T extends RecordType>(type: T, sourceKey: string, record?: RecordOf[T]): Promise<Id | undefined>;
  /** Whether this target contact carries this source key's marker, read from the contact itself, so
   * the engine can tell its own contact, found by email, from someone else's (Freshservice's marker
   * search lags behind a new requester; Freshdesk's has no filter on the marker). */
  contactCarriesMarker?(id: Id, sourceKey: string): Promise<boolean>;
  /** Every target record carrying this source key's marker (verify counts duplicates with it); connectors that can list them.
   * `recent`: also the newest records, which a search index may not show yet (the run's check for copies, right after writing). */
  findAllByMarker?(type: RecordType, sourceKey: string, options?: {recent?: boolean}): Promise<Id[]>;
  /**
   * Writes the record itself, in one request where the API allows, so the engine's once-only
   * step (with findByMarker) covers it. The record has target ids everywhere (already mapped).
   */
  create<T extends RecordType>(type: T, record: RecordOf[T], context: WriteContext): Promise<Id>;
  /**
   * Writes what belongs to a created record (comments as notes, extra attachments, group
   * memberships), each child through context.once with a lookup. Called after create, and
   * again when a killed run resumes the record: it continues at the first child not done.
   */
  complete?<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void>;
  update<T extends RecordType>(type: T, targetId: Id, record: RecordOf[T], context: WriteContext): Promise<void>;
  /**
   * Records of a type the session writes together in one request (a bulk create of up to N): the
   * engine takes at least that many at once, so a batch can fill. Absent: one request a record.
   */
  batchSize?(type: RecordType): number | undefined;
  /** Re-read a written record in the neutral model (for verify) */
  get<T extends RecordType>(type: T, id: Id): Promise<RecordOf[T] | undefined>;
  /**
   * The contact or organization custom fields the target writes a source's values into (matched by
   * key or title), so verify places each value where the write did. Absent: the target writes none.
   */
  personFields?(type: 'contacts' | 'organizations'): Promise<TargetPersonField[]>;
  /**
   * Undo: deletes a record ferry created, with its children (a ticket's comments and
   * attachments go with it), as far as the platform allows. A 404 (already gone, or an earlier
   * send whose answer was lost) resolves 'gone'. Absent: the target cannot delete that way.
   */
  remove?(type: RecordType, targetId: Id, options: RemoveOptions): Promise<RemoveOutcome>;
  /**
   * Undo: why a record ferry created must stay, when something on the target now references it
   * (a ticket of a contact, a contact of an organization) once ferry's own records are gone.
   */
  referencedBy?(type: RecordType, targetId: Id): Promise<string | undefined>;
  /**
   * The notes this session journals while writing a ticket, as its settings make it write (a setting
   * can change what is written: Intercom's ticket type writes tickets, not conversations). The Fields
   * preview prefers it to Connector.previewTicket, which cannot see the settings. It may ask the target
   * once (the ticket type the setting names) and fails as the run would when that is refused.
   */
  ticketNotes?(): Promise<(ticket: Ticket, catalog: TargetCatalog) => string[]>;
  /** Records the session created for its own use, outside any record (a marker field): undo removes them last. */
  artifacts?(): Promise<Array<{type: RecordType; id: Id; label: string}>>;
}

export interface RemoveOptions {
  /** Delete for good where the platform has a second, permanent step (the plan's undo.permanent) */
  permanent: boolean;
}

/** What a delete did: gone for good, in the platform's trash (restorable), marked deleted, or already gone. */
export type RemoveOutcome = 'deleted' | 'trashed' | 'marked deleted' | 'deactivated' | 'gone';

export interface ConnectorSettings {
  baseUrl: string;
  authKind: string;
  credentials: Record<string, string>;
  /** The plan's options, for connectors that honour some of them (e.g. eventsAsNotes on reading) */
  options?: Partial<Options>;
}

/** Authorization that changes during a run: OAuth access tokens that expire and are renewed. */
export interface Authorizer {
  /** Headers for the next request; renews the credentials first when they are about to expire */
  headers(): Promise<Record<string, string>>;
  /** The server answered 401 to a request sent with `rejected`: renew (unless another request
   * already did). False when there is nothing to renew; the 401 then stops the run. */
  refresh(rejected: Record<string, string>): Promise<boolean>;
}

/** Where renewed credentials live between runs: the 0600 credential store, never plan, journal or logs. */
export interface TokenStore {
  load(name: string): string | undefined;
  save(name: string, value: string): void;
}

export interface EmulatorOptions {
  port?: number;
  tier?: string;
  /** 'source': the demo account; 'target': the demo target (agents, a few existing records); 'empty' */
  seed: 'source' | 'target' | 'empty';
  /** Multiply every rate limit, or disable them (for benchmarks) */
  rateLimit?: {requestsPerMinute?: number; off?: boolean};
  /** A demo account other than the default one (demo-data's DemoAccount; emulators know its shape) */
  account?: unknown;
  /**
   * Where the emulator keeps its account between processes (a demo folder's): restored from
   * it instead of the seed when it exists, and written atomically after every write, before
   * the answer is sent, ids and counters included. Optional for an emulator; one that
   * honours it says so in RunningEmulator.stateFile (a demo with one that does not cannot be
   * reopened once its emulators stopped, and ferry says so, naming the platform).
   */
  stateFile?: string;
}

export interface RunningEmulator {
  url: string;
  /** Credentials that work against it, in the connector's credential keys */
  credentials: Record<string, string>;
  authKind: string;
  tier: string;
  /** Requests served so far, by status */
  stats(): {requests: number; byStatus: Record<number, number>};
  /** The EmulatorOptions.stateFile it restored from or seeded, and saves to; absent when it keeps no state */
  stateFile?: string;
  /** Whether it started from the state file (true) or from its seed */
  restored?: boolean;
  close(): Promise<void>;
}

export interface Connector {
  id: string;
  label: string;
  roles: Array<'source' | 'target'>;
  authKinds: Array<{id: string; label: string}>;
  credentials: CredentialField[];
  /** e.g. "https://{subdomain}.zendesk.com" */
  baseUrlHint: string;
  tiers: Record<string, ApiBudget>;
  defaultTier: string;
  rateLimitHeaders: RateLimitHeaders;
  /** Status rules of this platform, tried before the shared table (e.g. a 400 that is transient here) */
  statusRules?: import('./http.js').StatusRule[];
  /** Budget endpoint names of features some plans lack, with the feature's name (see HttpClientOptions.featureGates) */
  featureGates?: Record<string, string>;
  recordTypes: RecordType[];
  readCosts: Partial<Record<RecordType, ReadCost>>;
  writeCosts: Partial<Record<RecordType, WriteCost>>;
  limits: TargetLimits;
  /** Headers that authenticate a request */
  authHeaders(settings: ConnectorSettings): Record<string, string>;
  /** Per-request authorization for credentials that expire; absent or undefined: authHeaders as they are */
  /** `now`: the run's clock (tests inject one), which decides when a token is about to expire. */
  authorizer?(settings: ConnectorSettings, store: TokenStore, now?: () => number): Authorizer | undefined;
  /** The platform's error message from an error response body, for reasons shown to users */
  describeError(status: number, body: unknown): string;
  openSource(settings: ConnectorSettings, http: HttpClient): SourceSession;
  openTarget(settings: ConnectorSettings, http: HttpClient): TargetSession;
  /** Why the platform has no emulator and what to test against instead (the registry says it) */
  noEmulator?: string;
  /** What the operator must do on this platform before and around a migration (the Prepare checklist) */
  checklist?: PlatformChecklist;
  /**
   * The notes the target session would write (WriteContext.note) when it creates this ticket,
   * for a ticket already mapped (target ids, as TargetSession.create gets it): the target's own
   * decisions, such as a ticket type, status or priority the target lacks, a field value it
   * refuses or an attachment it cannot carry. It must come from the same pure functions the
   * session calls while writing, so the Fields screen's dry run (source/app/console/mapping-preview.ts)
   * reports exactly what the run writes. Notes that depend on the server's answer at write time
   * (a refusal, a plan feature found missing) cannot be predicted and are not returned; platform
   * limitations that hold for every record (TargetLimits) are not notes at all.
   * Optional: a target without it predicts no write-time notes (every new target connector
   * should implement it, and the connector's tests should compare it with what it writes).
   */
  previewTicket?(ticket: Ticket, catalog: TargetCatalog): string[];
  /**
   * What undo does to each record type on this target, said in the dry run and the report
   * (e.g. tickets: "to the trash, restorable for 30 days"); a type absent here cannot be deleted.
   */
  removal?: Partial<Record<RecordType, {soft: string; permanent?: string}>>;
  /** Where a person opens this record in the platform's web app (ferry show), when it has a page of its own */
  webUrl?(baseUrl: string, type: RecordType, id: Id): string | undefined;
}

/** One thing to do by hand; `id` is stable, since ticks are saved by it. */
export interface ChecklistItemSpec {
  id: string;
  text: string;
  /** Why it matters, or how to do it */
  detail?: string;
}

/** A platform's own preparation steps, which the Prepare checklist gathers for the plan's pair. */
export interface PlatformChecklist {
  /** Before the run, when the platform is the target (notifications, automations, webhooks) */
  asTarget?: ChecklistItemSpec[];
  /** Before the run, when the platform is the source (e.g. an export view to set up) */
  asSource?: ChecklistItemSpec[];
  /** About the credentials of a side (expiry, whose key it is); item ids start with the side */
  credentials?(side: 'source' | 'target', authKind: string | undefined): ChecklistItemSpec[];
}

/** The platforms a plan may name, as the app's registry supplies them to plan validation. */
export interface PlatformCatalog {
  find(id: string): Connector | undefined;
  ids(): string[];
}
