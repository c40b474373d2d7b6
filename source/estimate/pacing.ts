// The estimator's clock: a run's calls through rate gates that reserve slots as
// source/platform/rate-gate.ts does (evenly spaced, each minute window stretched by its slack; a
// sub-limited call waits for its endpoint's slot, then for an account-wide one). Types run one
// after another, page after page: a page is read (its calls issued at once), then its
// records are written by the engine's worker pool, each record making its calls in turn
// and waiting for each answer, while the next page is read (two pages written at most).
import type {ApiBudget} from '../contracts/connector.js';
import {gapMs} from '../platform/rate-gate.js';
import {rate, sourceCalls, targetCalls, type Bottleneck, type EstimateInput, type Side, type TypeEstimate, type TypeWork} from './work.js';

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
    gate = {gapMs: gap, next: -Infinity, label: {side, kind: endpoint ? 'endpoint' : 'account', requestsPerMinute: perMinute, description, ...(endpoint ? {endpoint} : {})}};
    this.gates.set(key, gate);
    return gate;
  }

  /** A call's slot on one gate, as RateGate.acquire takes it: a sub-limited call first waits
   * for its endpoint's slot, and only then takes an account-wide one (so a far-off endpoint
   * slot never holds back calls to other endpoints); `waited` is how long this gate held it. */
  reserve(side: Side, endpoint: string | undefined, ready: number): {slot: number; waited: number; gate?: Gate} {
    const gate = this.gate(side, endpoint);
    if (!gate) return {slot: ready, waited: 0};
    const slot = Math.max(ready, gate.next);
    gate.next = slot + gate.gapMs;
    return {slot, waited: slot - ready, gate};
  }

  /** `calls` issued at once from `start` (fractions allowed), `endpointCalls` of them on a sub-limit;
   * returns when the last one may start. */
  stream(side: Side, start: number, calls: number, endpoint?: string, endpointCalls = 0): {last: number; cause?: Bottleneck} {
    if (calls <= 0) return {last: start};
    const global = this.gate(side);
    const sub = endpoint && endpointCalls > 0 ? this.gate(side, endpoint) : undefined;
    const lastOf = (gate: Gate | undefined, n: number) => (gate ? Math.max(start, gate.next) + Math.max(0, n - 1) * gate.gapMs : start);
    const [viaGlobal, viaSub] = [lastOf(global, calls), lastOf(sub, endpointCalls)];
    const last = Math.max(viaGlobal, viaSub);
    if (global) global.next = last + global.gapMs;
    if (sub) sub.next = viaSub + sub.gapMs;
    const cause = last <= start ? undefined : sub && viaSub >= viaGlobal ? sub.label : global?.label;
    return {last, cause};
  }

  /** Moves every reservation on by `ms` (pages skipped over by extrapolation). */
  shift(ms: number) {
    for (const gate of this.gates.values()) gate.next += ms;
  }
}

export interface Timeline {
  types: TypeEstimate[];
  setup: {calls: Record<Side, number>; durationMs: number};
  durationMs: number;
}

/** Pages simulated call by call; the rest of a long type goes at their average pace. */
const DETAILED_PAGES = 12;

/** Calls record `index` makes for a step: spread so that every record gets a whole number and the total holds. */
const share = (perRecord: number, index: number) => Math.round(perRecord * (index + 1)) - Math.round(perRecord * index);

/** The page's records written by the worker pool: each worker takes the next record when free
 * and makes its calls one after another; the gates serve calls in the order they are asked for. */
function writePage(gates: Gates, work: TypeWork, first: number, count: number, start: number, pool: number, latency: Record<Side, number>): {end: number; cause?: Bottleneck} {
  const perRecord = work.steps.map((step) => step.calls / Math.max(1, work.records));
  const calls = (record: number) => work.steps.flatMap((step, i) => Array.from({length: share(perRecord[i]!, record)}, () => step));
  // `endpointDone`: the call at the head of the queue has its endpoint slot and waits for an account-wide one.
  const workers = Array.from({length: Math.min(pool, count)}, () => ({ready: start, queue: [] as TypeWork['steps'], endpointDone: false}));
  let nextRecord = first;
  let end = start;
  const waited = new Map<Bottleneck, number>();
  for (;;) {
    let worker: (typeof workers)[number] | undefined;
    for (const w of workers) if (w.ready !== Infinity && (!worker || w.ready < worker.ready)) worker = w;
    if (!worker) break;
    while (!worker.queue.length && nextRecord < first + count) worker.queue = calls(nextRecord++);
    const step = worker.queue[0];
    if (!step) {
      worker.ready = Infinity; // no records left for it
      continue;
    }
    // Gates serve calls in the order they ask, so each stage is taken at its own time.
    const onEndpoint = !worker.endpointDone && step.endpoint !== undefined && gates.gate(step.side, step.endpoint) !== undefined;
    const stage = gates.reserve(step.side, onEndpoint ? step.endpoint : undefined, worker.ready);
    if (stage.gate && stage.waited > 0) waited.set(stage.gate.label, (waited.get(stage.gate.label) ?? 0) + stage.waited);
    if (onEndpoint) {
      worker.endpointDone = true;
      worker.ready = stage.slot;
      continue;
    }
    worker.queue.shift();
    worker.endpointDone = false;
    worker.ready = stage.slot + latency[step.side];
    end = Math.max(end, worker.ready);
  }
  const cause = [...waited.entries()].reduce<[Bottleneck, number] | undefined>((a, b) => (!a || b[1] > a[1] ? b : a), undefined)?.[0];
  return {end, cause};
}

export function simulate(input: EstimateInput, works: TypeWork[], setupCalls: Record<Side, number>, budgets: Record<Side, ApiBudget>): Timeline {
  const gates = new Gates(budgets, {source: input.source.label, target: input.target.label});
  const latency = {source: input.source.latencyMs ?? 0, target: input.target.latencyMs ?? 0};
  const pool = Math.max(1, Math.min(input.concurrency ?? 6, budgets.target.concurrency ?? 8));
  const latencyLabel = (side: Side): Bottleneck => ({side, kind: 'latency', requestsPerMinute: latency[side] ? 60_000 / latency[side] : Infinity, description: `${input[side].label} ${side}: response time (${Math.round(latency[side])} ms a call)`});
  // Setup: the account checks and first lists, each side's calls one after another.
  // A call ends a response time after its slot; calls made one after another take one each.
  let clock = Math.max(...(['source', 'target'] as const).map((side) => Math.max(gates.stream(side, 0, setupCalls[side]).last + latency[side], setupCalls[side] * latency[side])));
  const setupMs = clock;
  const types: TypeEstimate[] = [];
  for (const work of works) {
    const begin = clock;
    const shares = new Map<Bottleneck, number>();
    const credit = (cause: Bottleneck | undefined, side: Side, ms: number) => {
      const label = cause ?? latencyLabel(side);
      shares.set(label, (shares.get(label) ?? 0) + ms);
    };
    let written = 0;
    let readFrom = clock;
    const writeEnds: number[] = [];
    const detailed = Math.min(work.pages, DETAILED_PAGES);
    for (let page = 0; page < detailed; page++) {
      // Reading: the list page and its per-record reads, asked for at once.
      const readCalls = work.read.calls / work.pages;
      const read = gates.stream('source', readFrom, readCalls, work.read.endpoint, work.read.endpointCalls / work.pages);
      const readEnd = Math.max(read.last + latency.source, readFrom + readCalls * latency.source);
      credit(read.cause, 'source', Math.max(0, readEnd - clock));
      // The engine pipelines pages: a page is written once it is read and at most one other is
      // still being written, and the next page is read from that moment on.
      const launch = Math.max(readEnd, page >= 2 ? writeEnds[page - 2]! : -Infinity);
      const upTo = Math.round((work.records * (page + 1)) / work.pages);
      const wrote = writePage(gates, work, written, upTo - written, launch, pool, latency);
      written = upTo;
      writeEnds.push(wrote.end);
      credit(wrote.cause, 'target', Math.max(0, wrote.end - Math.max(launch, clock)));
      readFrom = launch;
      clock = Math.max(clock, wrote.end);
    }
    if (work.pages > detailed) {
      // A long type settles into a steady pace: the rest of its pages go at that of the detailed ones.
      const rest = ((clock - begin) / detailed) * (work.pages - detailed);
      for (const [label, ms] of shares) shares.set(label, (ms * work.pages) / detailed);
      gates.shift(rest);
      clock += rest;
    }
    const bottleneck = [...shares.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    types.push({type: work.type, records: work.records, calls: {source: sourceCalls(work), target: targetCalls(work)}, durationMs: clock - begin, bottleneck});
  }
  return {types, setup: {calls: setupCalls, durationMs: setupMs}, durationMs: clock};
}
