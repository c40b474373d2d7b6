// How long a migration takes, before anything is written: pure arithmetic on record
// counts, children per ticket (from a sample), the connectors' declared call costs and
// the API budgets. It models the engine as it runs: types one after another, each page
// first read on the source, then its records written (6 at a time) while the source
// serves attachment downloads; every side's calls are spaced evenly at its budget and
// per-endpoint sub-limit exactly as source/rate-gate.ts spaces them, so a phase lasts as
// long as its slowest gate. A demo run recalibrates it (source/estimate-calibration.ts).
import type {ApiBudget, ReadCost, WriteCost} from './connector.js';
import {MIGRATION_ORDER, type RecordType} from './model.js';
import {gapMs} from './rate-gate.js';
import {customBudget} from './engine/sides.js';
import {calibrate, type CalibrationSummary, type MeasuredRun, type RecordOutcomes} from './estimate-calibration.js';

export type {CalibrationSummary} from './estimate-calibration.js';
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
  options: {skipAttachments: boolean; skipInlineImages: boolean; matchExisting: boolean};
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
const round = (n: number) => Math.round(n * 10) / 10;

// ---- calls per type ------------------------------------------------------------------

/** Calls of one type split into the engine's two phases, per page cycle. */
export interface TypeWork {
  type: RecordType;
  records: number;
  pages: number;
  /** Source calls while reading (count, list pages, per-record reads), and those on the list's sub-limit */
  read: {calls: number; endpointCalls: number; endpoint?: string};
  /** Calls while the page's records are written: target calls (and how many of them count against
   * each sub-limit), and source calls (downloads, references fetched) */
  write: {target: number; endpoints: Record<string, number>; source: number};
  /** Calls one record waits on one after another (for the latency bound) */
  chain: number;
}

/** Records of other types a type pulls in (a demo's tickets their people, articles their sections):
 * how many (written as the shares say), or how they came out when a run's journal tells. */
export type Referenced = Partial<Record<RecordType, number | (RecordOutcomes & {fetched: number})>>;

function attachmentsMoved(input: EstimateInput): number {
  const {children, options} = input;
  return (options.skipAttachments ? 0 : children.attachments) + (options.skipInlineImages ? 0 : children.inlineImages);
}

const addTo = (endpoints: Record<string, number>, endpoint: string | undefined, calls: number) => {
  if (endpoint && calls > 0) endpoints[endpoint] = (endpoints[endpoint] ?? 0) + calls;
};

/** Target calls to write `written` records of a type other than tickets (or those `known` came to), and those on each sub-limit. */
function recordWrites(input: EstimateInput, type: RecordType, written: number, known?: RecordOutcomes): {calls: number; endpoints: Record<string, number>} {
  const endpoints: Record<string, number> = {};
  // Agents are matched to the target's agents in memory; nothing is written.
  if (type === 'agents' || written <= 0) return {calls: 0, endpoints};
  const cost = input.target.writeCosts[type] ?? {callsPerRecord: 1};
  // Only people are looked up on the target first (options.matchExisting); other types match in memory.
  const lookedUp = PEOPLE.has(type) && input.options.matchExisting;
  const created = known ? known.created : written * (lookedUp ? input.createdShare?.[type] ?? 1 : 1);
  const creates = created * cost.callsPerRecord;
  // Found ones cost their lookup only; duplicates and invalid ones are set aside before any call.
  const lookups = lookedUp ? (known ? known.created + known.linked : written) * (cost.callsPerLookup ?? 0) : 0;
  // After creating a ticket field the engine re-reads the target's fields.
  const reread = type === 'ticket_fields' ? created : 0;
  addTo(endpoints, cost.endpoint, creates);
  addTo(endpoints, cost.lookupEndpoint, lookups);
  return {calls: creates + lookups + reread, endpoints};
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
  const endpoints: Record<string, number> = {};
  let target = 0;
  let source = 0;
  let chain = 0;
  if (type === 'tickets') {
    const write = input.target.writeCosts.tickets ?? {callsPerRecord: 1};
    const attachments = attachmentsMoved(input);
    const creates = records * write.callsPerRecord;
    target = creates + records * ((write.callsPerComment ?? 0) * Math.max(0, input.children.comments - 1) + (write.callsPerAttachment ?? 0) * attachments);
    addTo(endpoints, write.endpoint, creates);
    source = records * attachments * (read.callsPerAttachment ?? 0);
    chain = records ? (target + source) / records : 0;
  } else {
    const written = records * (input.writtenShare?.[type] ?? 1);
    const writes = recordWrites(input, type, written);
    target = writes.calls;
    Object.assign(endpoints, writes.endpoints);
    chain = written ? target / written : 0;
  }
  // Records pulled in through references: fetched from the source one by one, then written as
  // their own type would be (a referenced inactive person is written too).
  for (const [kind, pulled] of Object.entries(referenced) as Array<[RecordType, NonNullable<Referenced[RecordType]>]>) {
    const known = typeof pulled === 'number' ? undefined : pulled;
    const count = known ? known.fetched : (pulled as number);
    const writes = recordWrites(input, kind, count, known);
    source += count;
    target += writes.calls;
    for (const [endpoint, calls] of Object.entries(writes.endpoints)) addTo(endpoints, endpoint, calls);
  }
  return {type, records, pages, read: {calls: countCalls + listCalls + readRecords * read.callsPerRecord, endpointCalls: listCalls, endpoint: read.endpoint}, write: {target, endpoints, source}, chain};
}

export function scaleWork(work: TypeWork, factors: Partial<Record<Side, number>> | undefined): TypeWork {
  if (!factors) return work;
  const s = factors.source ?? 1;
  const t = factors.target ?? 1;
  return {
    ...work,
    read: {...work.read, calls: work.read.calls * s, endpointCalls: work.read.endpointCalls * s},
    write: {target: work.write.target * t, endpoints: Object.fromEntries(Object.entries(work.write.endpoints).map(([name, calls]) => [name, calls * t])), source: work.write.source * s},
  };
}

export const sourceCalls = (w: TypeWork) => w.read.calls + w.write.source;

// ---- pacing: the rate gates, page by page ------------------------------------------

interface Gate {
  gapMs: number;
  next: number;
  label: Bottleneck;
}

class Gates {
  private readonly gates = new Map<string, Gate>();
  constructor(
    private readonly budgets: Record<Side, ApiBudget>,
    private readonly labels: Record<Side, string>,
  ) {}

  gate(side: Side, endpoint?: string): Gate | undefined {
    const key = `${side}:${endpoint ?? ''}`;
    let gate = this.gates.get(key);
    if (gate) return gate;
    const perMinute = endpoint ? this.budgets[side].endpoints?.[endpoint] : this.budgets[side].requestsPerMinute;
    const gap = gapMs(perMinute);
    if (perMinute === undefined || gap <= 0) return undefined;
    const description = endpoint ? `${this.labels[side]} ${side}: the ${endpoint} sub-limit, ${rate(perMinute)}` : `${this.labels[side]} ${side}: ${rate(perMinute)} for the account`;
    // Spaced as the rate gate spaces them: each minute window stretched by its slack.
    gate = {gapMs: gap, next: -Infinity, label: {side, kind: endpoint ? 'endpoint' : 'account', requestsPerMinute: perMinute, description, ...(endpoint ? {endpoint} : {})}};
    this.gates.set(key, gate);
    return gate;
  }

  /** Issues `calls` through a gate from `start`; returns when the last one may start. */
  stream(gate: Gate | undefined, start: number, calls: number): number {
    if (!gate || calls <= 0) return start;
    const first = Math.max(start, gate.next);
    const last = first + Math.max(0, calls - 1) * gate.gapMs;
    gate.next = last + gate.gapMs;
    return last;
  }
}

interface Demand {
  side: Side;
  calls: number;
  endpoints: Record<string, number>;
}

/** One phase: every side's calls issued at once; it ends when the slowest gate lets the last one go. */
function phase(gates: Gates, start: number, demands: Demand[], latencyBound: number, latencyLabel: Bottleneck): {end: number; bottleneck: Bottleneck} {
  let end = start;
  let bottleneck = latencyLabel;
  for (const demand of demands) {
    if (demand.calls <= 0) continue;
    const global = gates.gate(demand.side);
    const candidates: Array<{gate: Gate | undefined; last: number}> = [{gate: global, last: gates.stream(global, start, demand.calls)}];
    for (const [endpoint, calls] of Object.entries(demand.endpoints)) {
      const gate = gates.gate(demand.side, endpoint);
      candidates.push({gate, last: gates.stream(gate, start, calls)});
    }
    const slowest = candidates.reduce((a, b) => (b.last > a.last ? b : a));
    // A sub-limit that holds calls back also spaces the account-wide slots.
    if (global && slowest.last > global.next - global.gapMs) global.next = slowest.last + global.gapMs;
    if (slowest.gate && slowest.last > end) {
      end = slowest.last;
      bottleneck = slowest.gate.label;
    }
  }
  if (start + latencyBound > end) return {end: start + latencyBound, bottleneck: latencyLabel};
  return {end, bottleneck};
}

export interface Timeline {
  types: TypeEstimate[];
  setup: {calls: Record<Side, number>; durationMs: number};
  durationMs: number;
}

const perPageOf = (endpoints: Record<string, number>, pages: number) => Object.fromEntries(Object.entries(endpoints).map(([name, calls]) => [name, calls / pages]));

export function simulate(input: EstimateInput, works: TypeWork[], setupCalls: Record<Side, number>, budgets: Record<Side, ApiBudget>): Timeline {
  const gates = new Gates(budgets, {source: input.source.label, target: input.target.label});
  const latency = {source: input.source.latencyMs ?? 0, target: input.target.latencyMs ?? 0};
  const pool = Math.min(input.concurrency ?? 6, budgets.target.concurrency ?? 8);
  const latencyLabel = (side: Side): Bottleneck => ({side, kind: 'latency', requestsPerMinute: latency[side] ? 60_000 / latency[side] : Infinity, description: `${input[side].label} ${side}: response time (${Math.round(latency[side])} ms a call)`});
  let clock = 0;
  const setup = phase(gates, clock, (['source', 'target'] as const).map((side) => ({side, calls: setupCalls[side], endpoints: {}})), Math.max(setupCalls.source * latency.source, setupCalls.target * latency.target), latencyLabel('source'));
  clock = setup.end + Math.max(latency.source, latency.target);
  const setupMs = clock;
  const types: TypeEstimate[] = [];
  for (const work of works) {
    const begin = clock;
    const shares = new Map<Bottleneck, number>();
    const pages = work.pages;
    const perPage = (n: number) => n / pages;
    const recordsPerPage = work.records / pages;
    const readEndpoints = work.read.endpoint ? {[work.read.endpoint]: perPage(work.read.endpointCalls)} : {};
    for (let page = 0; page < pages; page++) {
      // Reading: the source's list page and per-record reads, one after another.
      const read = phase(gates, clock, [{side: 'source', calls: perPage(work.read.calls), endpoints: readEndpoints}], perPage(work.read.calls) * latency.source, latencyLabel('source'));
      shares.set(read.bottleneck, (shares.get(read.bottleneck) ?? 0) + read.end - clock);
      clock = read.end + latency.source;
      // Writing: target calls (with their sub-limits) while the source serves downloads.
      const w = work.write;
      const rounds = Math.ceil(recordsPerPage / Math.max(1, pool));
      const latencyBound = rounds * work.chain * Math.max(latency.source, latency.target);
      const demands: Demand[] = [
        {side: 'target', calls: perPage(w.target), endpoints: perPageOf(w.endpoints, pages)},
        {side: 'source', calls: perPage(w.source), endpoints: {}},
      ];
      const wrote = phase(gates, clock, demands, latencyBound, latencyLabel('target'));
      shares.set(wrote.bottleneck, (shares.get(wrote.bottleneck) ?? 0) + wrote.end - clock);
      clock = wrote.end + (w.target > 0 ? latency.target : 0);
    }
    const bottleneck = [...shares.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    types.push({type: work.type, records: work.records, calls: {source: sourceCalls(work), target: work.write.target}, durationMs: clock - begin, bottleneck});
  }
  return {types, setup: {calls: setupCalls, durationMs: setupMs}, durationMs: clock};
}
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

function fullRun(input: EstimateInput, limits: Record<Side, LimitChoice>, calibration?: CalibrationSummary): Timeline {
  const people: Referenced = input.referencedPeoplePerTicket !== undefined ? {contacts: input.referencedPeoplePerTicket * (input.counts.tickets ?? 0)} : {};
  const works = typesInRun(input).map((type) => scaleWork(typeWork(input, type, input.counts[type] ?? 0, 'full', type === 'tickets' ? people : {}), calibration?.callFactors[type]));
  const setup = modelledSetup(input);
  const setupFactors = calibration?.callFactors.setup;
  const timeline = simulate(input, works, {source: setup.source * (setupFactors?.source ?? 1), target: setup.target * (setupFactors?.target ?? 1)}, budgetsOf(input, limits));
  if (!calibration) return timeline;
  // The measured pace corrects only the types the measured run timed; the others keep the model's.
  const pace = (type: RecordType | 'setup') => calibration.paceFactors[type] ?? 1;
  const types = timeline.types.map((t) => ({...t, durationMs: t.durationMs * pace(t.type)}));
  const setupMs = timeline.setup.durationMs * pace('setup');
  return {types, setup: {...timeline.setup, durationMs: setupMs}, durationMs: setupMs + types.reduce((sum, t) => sum + t.durationMs, 0)};
}

const sumCalls = (timeline: Timeline): Record<Side, number> => ({
  source: timeline.setup.calls.source + timeline.types.reduce((sum, t) => sum + t.calls.source, 0),
  target: timeline.setup.calls.target + timeline.types.reduce((sum, t) => sum + t.calls.target, 0),
});

export function estimate(input: EstimateInput): Estimate {
  const limits = {source: chooseLimit(input.source), target: chooseLimit(input.target)};
  const calibration = input.calibration ? calibrate(input, input.calibration) : undefined;
  const timeline = fullRun(input, limits, calibration);
  const byLimit = new Map<string, {limit: Bottleneck; ms: number}>();
  for (const type of timeline.types) {
    const key = type.bottleneck.description;
    byLimit.set(key, {limit: type.bottleneck, ms: (byLimit.get(key)?.ms ?? 0) + type.durationMs});
  }
  const fallback: Bottleneck = {side: 'target', kind: 'account', requestsPerMinute: limits.target.requestsPerMinute, description: `${input.target.label} target: ${rate(limits.target.requestsPerMinute)}`};
  const bottleneck = [...byLimit.values()].reduce<{limit: Bottleneck; ms: number} | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined)?.limit ?? fallback;
  return {
    types: timeline.types,
    setup: timeline.setup,
    calls: sumCalls(timeline),
    durationMs: timeline.durationMs,
    limits,
    bottleneck,
    whatIf: whatIfs(input, limits, calibration, timeline.durationMs, bottleneck),
    ...(calibration ? {calibration} : {}),
  };
}

function whatIfs(input: EstimateInput, limits: Record<Side, LimitChoice>, calibration: CalibrationSummary | undefined, baseMs: number, bottleneck: Bottleneck): WhatIf[] {
  const out: WhatIf[] = [];
  const add = (change: string, next: EstimateInput, nextLimits = limits) => {
    const timeline = fullRun(next, nextLimits, calibration);
    out.push({change, durationMs: timeline.durationMs, deltaMs: timeline.durationMs - baseMs, calls: sumCalls(timeline)});
  };
  // The bottleneck side first: that is where a higher plan pays.
  for (const side of [bottleneck.side, bottleneck.side === 'source' ? 'target' : 'source'] as const) {
    const model = input[side];
    const current = limits[side].requestsPerMinute;
    const higher = Object.entries(model.tiers)
      .filter(([, budget]) => budget.requestsPerMinute > current || Object.entries(budget.endpoints ?? {}).some(([name, limit]) => limit > (model.tiers[model.tier]?.endpoints?.[name] ?? Infinity)))
      .sort((a, b) => a[1].requestsPerMinute - b[1].requestsPerMinute)[0];
    if (higher) {
      const [tier, budget] = higher;
      add(`${model.label} ${side} on the ${tier} plan (${rate(budget.requestsPerMinute)})`, {...input, [side]: {...model, tier, customRequestsPerMinute: undefined, liveRequestsPerMinute: undefined}}, {...limits, [side]: {requestsPerMinute: budget.requestsPerMinute, origin: 'preset', note: ''}});
    }
    const live = model.liveRequestsPerMinute;
    if (live !== undefined && live > current) add(`Pace ${model.label} at the ${rate(live)} the account reports (set its tier or requestsPerMinute)`, input, {...limits, [side]: {requestsPerMinute: live, origin: 'live', note: ''}});
  }
  const attachments = input.children.attachments + input.children.inlineImages;
  if (!input.options.skipAttachments && attachments > 0 && (input.counts.tickets ?? 0) > 0)
    add(`Skip attachments (options.skipAttachments; ${round(input.children.attachments)} a ticket)`, {...input, options: {...input.options, skipAttachments: true, skipInlineImages: true}});
  for (const window of input.dateWindows ?? [])
    if (window.tickets < (input.counts.tickets ?? 0)) add(`Only tickets created ${window.label} (filters.createdFrom ${window.from.slice(0, 10)}: ${Math.round(window.tickets)} tickets)`, {...input, counts: {...input.counts, tickets: window.tickets}});
  return out;
}

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h": as precise as an estimate deserves. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
