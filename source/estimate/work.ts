// The estimator's model of a migration's work: the sides and their budgets, what each record
// type costs in calls on each side, and the shapes of an estimate. Shared by the estimator,
// its pacing simulation and its calibration (estimator.ts, pacing.ts, calibration.ts).
import type {ApiBudget, ReadCost, WriteCost} from '../contracts/connector.js';
import {MIGRATION_ORDER, type RecordType} from '../contracts/model.js';
import type {CallMeasurement} from '../platform/call-meter.js';
import {customBudget} from '../platform/budget.js';

/** What a run's records of one type came to: written anew, linked to a record the target already
 * had (people: found by their lookup), or not written at all (duplicates, invalid, failed). */
export interface RecordOutcomes {
  created: number;
  linked: number;
  notWritten: number;
}

/** A run's call measurement, with the outcomes of the records its tickets and articles pulled in
 * (from its journal) so their calls are not mistaken for the tickets' own. */
export type MeasuredRun = CallMeasurement & {outcomes?: Partial<Record<RecordType, RecordOutcomes>>};

export interface CalibrationSummary {
  runId: number;
  mode: string;
  /** Measured calls / modelled calls, per type and side */
  callFactors: Partial<Record<RecordType | 'setup', Partial<Record<Side, number>>>>;
  /** Measured duration / modelled duration of the measured run */
  paceFactor: number;
  /** The pace factor for each type the measured run timed; the others keep the modelled pace */
  paceFactors: Partial<Record<RecordType | 'setup', number>>;
  /** The measured run as modelled: ms per type (and setup), before any pace factor */
  modelledMs: Partial<Record<RecordType | 'setup', number>>;
  note: string;
}

export type Side = 'source' | 'target';

export interface SideModel {
  platform: string;
  label: string;
  tier: string;
  tiers: Record<string, ApiBudget>;
  readCosts: Partial<Record<RecordType, ReadCost>>;
  writeCosts: Partial<Record<RecordType, WriteCost>>;
  /** A limit the user typed (plan requestsPerMinute or --source-rpm/--target-rpm) */
  customRequestsPerMinute?: number;
  /** The limit the API reported in its rate-limit headers */
  liveRequestsPerMinute?: number;
  /** Round trip of one call; bounds the pace when the budget is high */
  latencyMs?: number;
}

export interface ChildrenPerTicket {
  comments: number;
  attachments: number;
  inlineImages: number;
}

export interface EstimateInput {
  recordTypes: readonly RecordType[];
  options: {skipAttachments: boolean; skipInlineImages: boolean; matchExisting: boolean; eventsAsNotes?: boolean};
  /** Records to move per type, after the plan's filters */
  counts: Partial<Record<RecordType, number>>;
  /** Records in the source per type before filters (how full a demo's pages are) */
  totals?: Partial<Record<RecordType, number>>;
  children: ChildrenPerTicket;
  /** Children of the tickets a demo run takes (the first ones listed), to model a demo measurement */
  demoChildren?: ChildrenPerTicket;
  /** Share of a type's records that reach the target (contacts: inactive, invalid or duplicate ones are skipped first) */
  writtenShare?: Partial<Record<RecordType, number>>;
  /** Share of looked-up people that are not found on the target and so created */
  createdShare?: Partial<Record<RecordType, number>>;
  /** Share of written people with something to look them up by (contacts without an email are not looked up) */
  lookedUpShare?: Partial<Record<RecordType, number>>;
  /** filters.onlyReferencedPeople: people come with the tickets that reference them, this many a ticket */
  referencedPeoplePerTicket?: number;
  /** Tickets in narrower date windows, for "what would change it" */
  dateWindows?: Array<{label: string; from: string; tickets: number}>;
  source: SideModel;
  target: SideModel;
  calibration?: MeasuredRun;
  /** The sides as the measured run was paced (its tier and limits), when they differ from this estimate's */
  calibrationSides?: Partial<Record<Side, SideModel>>;
  /** The demo run's ticket and article limits */
  demoLimits?: {tickets: number; articles: number};
  concurrency?: number;
}

export type LimitOrigin = 'live' | 'preset' | 'custom';

export interface LimitChoice {
  requestsPerMinute: number;
  origin: LimitOrigin;
  /** e.g. "400/min from the account's X-Rate-Limit header (the professional preset says 400)" */
  note: string;
}

export interface Bottleneck {
  side: Side;
  /** The sub-limit's name; absent for the account-wide limit */
  endpoint?: string;
  kind: 'account' | 'endpoint' | 'latency';
  requestsPerMinute: number;
  description: string;
}

export interface TypeEstimate {
  type: RecordType;
  records: number;
  calls: Record<Side, number>;
  durationMs: number;
  bottleneck: Bottleneck;
}

export interface WhatIf {
  change: string;
  durationMs: number;
  /** Negative: faster */
  deltaMs: number;
  calls: Record<Side, number>;
}

export interface Estimate {
  types: TypeEstimate[];
  setup: {calls: Record<Side, number>; durationMs: number};
  calls: Record<Side, number>;
  durationMs: number;
  limits: Record<Side, LimitChoice>;
  bottleneck: Bottleneck;
  whatIf: WhatIf[];
  calibration?: CalibrationSummary;
}

const PEOPLE: ReadonlySet<RecordType> = new Set(['contacts', 'organizations']);

/** The limit the HTTP layer will really pace at: the typed or preset one, lowered by a live
 * limit (the HTTP layer never goes above what the tier or the user allows). */
export function chooseLimit(side: SideModel): LimitChoice {
  const preset = side.tiers[side.tier]?.requestsPerMinute ?? Infinity;
  const configured = side.customRequestsPerMinute ?? preset;
  const origin: LimitOrigin = side.customRequestsPerMinute !== undefined ? 'custom' : 'preset';
  const named = origin === 'custom' ? `the custom limit ${rate(configured)}` : `the ${side.tier} preset ${rate(preset)}`;
  const live = side.liveRequestsPerMinute;
  if (live !== undefined && live <= configured)
    return {requestsPerMinute: live, origin: 'live', note: `${rate(live)}, the limit ${side.label} reported for this account (${named})`};
  const higher = live !== undefined ? `; the account reports ${rate(live)}, which ferry does not go above the plan's limit to use` : '; no live limit was reported';
  return {requestsPerMinute: configured, origin, note: `${rate(configured)}, ${named}${higher}`};
}

/** The budget the HTTP layer paces a side at (engine/sides.ts, http.ts): a typed limit scales the
 * tier's sub-limits with it; a lower live limit lowers only the account-wide pace. */
export function budgetOf(side: SideModel, limit: LimitChoice = chooseLimit(side)): ApiBudget {
  const tier = side.tiers[side.tier] ?? {requestsPerMinute: Infinity};
  const configured = side.customRequestsPerMinute ? customBudget(tier, side.customRequestsPerMinute) : tier;
  return {...configured, requestsPerMinute: limit.requestsPerMinute};
}

export const rate = (perMinute: number) => (Number.isFinite(perMinute) ? `${round(perMinute)}/min` : 'no published limit');
export const round = (n: number) => Math.round(n * 10) / 10;

// ---- calls per type ------------------------------------------------------------------

/** Calls of one kind each record makes in turn while it is written, totalled over the type. */
export interface Step {
  side: Side;
  /** The budget endpoint they are sent as (its sub-limit, its weight) */
  endpoint?: string;
  calls: number;
  /** The type whose own work these calls are, when not the work's (a contact a ticket pulled in) */
  kind?: RecordType;
}

/** Calls of one type in the engine's two phases of each page: reading, then writing. */
export interface TypeWork {
  type: RecordType;
  records: number;
  pages: number;
  /** Source calls while reading (count, list pages, per-record reads), and those on the list's sub-limit */
  read: {calls: number; endpointCalls: number; endpoint?: string};
  /** Calls while the page's records are written, in the order each record makes them */
  steps: Step[];
}

/** Records of other types a type pulls in (a demo's tickets their people, articles their sections):
 * how many (written as the shares say), or how they came out when a run's journal tells. */
export type Referenced = Partial<Record<RecordType, number | (RecordOutcomes & {fetched: number})>>;

function attachmentsMoved(input: EstimateInput): number {
  const {children, options} = input;
  return (options.skipAttachments ? 0 : children.attachments) + (options.skipInlineImages ? 0 : children.inlineImages);
}

/** Target calls to write `written` records of a type other than tickets (or those `known` came to), in order. */
function recordWrites(input: EstimateInput, type: RecordType, written: number, known?: RecordOutcomes): Step[] {
  // Agents are matched to the target's agents in memory; nothing is written.
  if (type === 'agents' || written <= 0) return [];
  const cost = input.target.writeCosts[type] ?? {callsPerRecord: 1};
  // Only people are looked up on the target first (options.matchExisting); other types match in memory.
  const lookedUp = PEOPLE.has(type) && input.options.matchExisting;
  const created = known ? known.created : written * (lookedUp ? input.createdShare?.[type] ?? 1 : 1);
  // Found ones cost their lookup only; duplicates and invalid ones are set aside before any call.
  const lookups = lookedUp ? (known ? known.created + known.linked : written * (input.lookedUpShare?.[type] ?? 1)) * (cost.callsPerLookup ?? 0) : 0;
  return [
    {side: 'target', endpoint: cost.lookupEndpoint, calls: lookups},
    {side: 'target', endpoint: cost.endpoint, calls: created * cost.callsPerRecord},
    // After creating a ticket field the engine re-reads the target's fields.
    {side: 'target', calls: type === 'ticket_fields' ? created : 0},
  ];
}

/** Work of one type: what the engine and the declared costs make of these counts. */
export function typeWork(input: EstimateInput, type: RecordType, records: number, mode: 'full' | 'demo' = 'full', referenced: Referenced = {}): TypeWork {
  const read = input.source.readCosts[type] ?? {pageSize: 100, callsPerPage: 1, callsPerRecord: 0};
  const total = input.totals?.[type] ?? records;
  // A demo stops after its limit, but each page it reads is read whole (per-record reads included).
  const readRecords = mode === 'demo' ? Math.min(Math.max(total, records), Math.ceil(records / read.pageSize) * read.pageSize) : records;
  const pages = Math.max(1, Math.ceil(readRecords / read.pageSize));
  const listCalls = pages * read.callsPerPage;
  // The engine asks the source for a count before each type (a demo's limited types skip it).
  const countCalls = mode === 'demo' && (type === 'tickets' || type === 'kb_articles') ? 0 : 1;
  const steps: Step[] = [];
  // Records pulled in through references come first (a ticket needs its requester's target id):
  // fetched from the source one by one, then written as their own type would be.
  for (const [kind, pulled] of Object.entries(referenced) as Array<[RecordType, NonNullable<Referenced[RecordType]>]>) {
    const known = typeof pulled === 'number' ? undefined : pulled;
    const count = known ? known.fetched : (pulled as number);
    steps.push({side: 'source', calls: count}, ...recordWrites(input, kind, count, known).map((step) => ({...step, kind})));
  }
  if (type === 'tickets') {
    const write = input.target.writeCosts.tickets ?? {callsPerRecord: 1};
    const attachments = attachmentsMoved(input);
    const creates = records * write.callsPerRecord;
    const children = records * ((write.callsPerComment ?? 0) * Math.max(0, input.children.comments - 1) + (write.callsPerAttachment ?? 0) * attachments);
    // Attachments are downloaded as the ticket is written, then the ticket and its later comments.
    steps.push({side: 'source', calls: records * attachments * (read.callsPerAttachment ?? 0)}, {side: 'target', endpoint: write.endpoint, calls: creates}, {side: 'target', endpoint: write.childEndpoint, calls: children});
  } else steps.push(...recordWrites(input, type, records * (input.writtenShare?.[type] ?? 1)));
  const perRecord = read.callsPerRecord + (input.options.eventsAsNotes ? (read.callsPerRecordForEvents ?? 0) : 0);
  const perFullRead = mode === 'full' ? (read.callsPerFullRead ?? 0) : 0;
  return {type, records, pages, read: {calls: countCalls + listCalls + perFullRead + readRecords * perRecord, endpointCalls: listCalls, endpoint: read.endpoint}, steps: steps.filter((step) => step.calls > 0)};
}

/** Calls factors per type and side (a calibration's), applied to a type's work: each step by the
 * factors of the type whose own work it is, else by the work's type's. */
export type CallFactors = Partial<Record<RecordType | 'setup', Partial<Record<Side, number>>>>;

export function scaleWork(work: TypeWork, factors: CallFactors | undefined): TypeWork {
  if (!factors) return work;
  const by = (side: Side, type: RecordType = work.type) => factors[type]?.[side] ?? factors[work.type]?.[side] ?? 1;
  return {
    ...work,
    read: {...work.read, calls: work.read.calls * by('source'), endpointCalls: work.read.endpointCalls * by('source')},
    steps: work.steps.map((step) => ({...step, calls: step.calls * by(step.side, step.kind)})),
  };
}

const writeCalls = (w: TypeWork, side: Side) => w.steps.reduce((sum, step) => sum + (step.side === side ? step.calls : 0), 0);
export const sourceCalls = (w: TypeWork) => w.read.calls + writeCalls(w, 'source');
export const targetCalls = (w: TypeWork) => writeCalls(w, 'target');

// ---- the estimate --------------------------------------------------------------------

export function budgetsOf(sides: Record<Side, SideModel>, limits?: Record<Side, LimitChoice>): Record<Side, ApiBudget> {
  return {source: budgetOf(sides.source, limits?.source), target: budgetOf(sides.target, limits?.target)};
}

export function typesInRun(input: EstimateInput): RecordType[] {
  // With onlyReferencedPeople the engine skips the people types; tickets bring them along.
  return MIGRATION_ORDER.filter((type) => input.recordTypes.includes(type) && !(input.referencedPeoplePerTicket !== undefined && PEOPLE.has(type)));
}

/** Calls outside any record: account checks and the lists the engine reads before the first type. */
export function modelledSetup(input: EstimateInput): Record<Side, number> {
  const pages = (type: RecordType) => Math.max(1, Math.ceil((input.counts[type] ?? input.totals?.[type] ?? 0) / (input.source.readCosts[type]?.pageSize ?? 100)));
  // Source: account check, agents (with their group memberships), ticket fields. Target: check and three lists.
  return {source: 2 + 2 * pages('agents') + pages('ticket_fields'), target: 2 + 3};
}

