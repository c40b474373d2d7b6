// The estimator's clock: a run's calls through rate gates that reserve slots as
// source/platform/rate-gate.ts does (evenly spaced, each minute window stretched by its slack; a
// sub-limited call waits for its endpoint's slot, then for an account-wide one; a weighed call
// takes its weight in slots). Types run one after another, page after page, pipelined as the
// engine's migrateType runs them: the next page is read while this one is written, and up to
// pagesWrittenAtOnce(type) pages are written at once, each by its own worker pool, each record
// making its calls in turn and waiting for each answer. The simulation visits calls out of time
// order, so a gate gives each call the first free slot at or after the moment it is ready.
import type {ApiBudget} from '../contracts/connector.js';
import {gapMs} from '../platform/rate-gate.js';
import {pagesWrittenAtOnce} from '../engine/engine.js';
import {rate, sourceCalls, targetCalls, type Bottleneck, type EstimateInput, type Side, type TypeEstimate, type TypeWork} from './work.js';

/** One rate gate's reserved slots, as [start, end) intervals in time order. The simulation
 * visits calls out of time order (a page's writes, then the next page's reads, which the engine
 * issued while those writes ran), so a call takes the first free slot at or after it is ready,
 * as it would have in the real gate, not the slot after every call simulated before it. */
interface Gate {
  gapMs: number;
  starts: number[];
  ends: number[];
  label: Bottleneck;
}

/** Index of the first interval ending after `t`. */
function firstEndingAfter(gate: Gate, t: number): number {
  let lo = 0;
  let hi = gate.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (gate.ends[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first free slot of `width` ms at or after `ready`; reserved. */
function take(gate: Gate, ready: number, width: number): number {
  let i = firstEndingAfter(gate, ready);
  let slot = i > 0 ? Math.max(ready, gate.ends[i - 1]!) : ready;
  // Skip intervals the slot would overlap (sub-ms gaps left by rounding count as taken).
  while (i < gate.starts.length && slot + width > gate.starts[i]! + 1e-6) slot = Math.max(slot, gate.ends[i++]!);
  gate.starts.splice(i, 0, slot);
  gate.ends.splice(i, 0, slot + width);
  return slot;
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
    gate = {gapMs: gap, starts: [], ends: [], label: {side, kind: endpoint ? 'endpoint' : 'account', requestsPerMinute: perMinute, description, ...(endpoint ? {endpoint} : {})}};
    this.gates.set(key, gate);
    return gate;
  }

  /** What one call to `endpoint` counts as on the account-wide limit (Help Scout: a write is 2). */
  weight(side: Side, endpoint: string | undefined): number {
    return (endpoint && this.budgets[side].weights?.[endpoint]) || 1;
  }

  /** A call's slot on one gate, as RateGate.acquire takes it: a sub-limited call first waits
   * for its endpoint's slot, and only then takes an account-wide one (so a far-off endpoint
   * slot never holds back calls to other endpoints); `waited` is how long this gate held it.
   * On the account-wide gate a call takes `weight` slots. */
  reserve(side: Side, endpoint: string | undefined, ready: number, weight = 1): {slot: number; waited: number; gate?: Gate} {
    const gate = this.gate(side, endpoint);
    if (!gate) return {slot: ready, waited: 0};
    const slot = take(gate, ready, gate.gapMs * weight);
    return {slot, waited: slot - ready, gate};
  }

  /** `calls` issued at once from `start` (fractions allowed: the last call takes its fraction of a
   * slot), `endpointCalls` of them on a sub-limit, each weighing `weight`; returns when the last one may start. */
  stream(side: Side, start: number, calls: number, endpoint?: string, endpointCalls = 0, weight = 1): {last: number; cause?: Bottleneck} {
    if (calls <= 0) return {last: start};
    const global = this.gate(side);
    const sub = endpoint && endpointCalls > 0 ? this.gate(side, endpoint) : undefined;
    const subReady: number[] = [];
    let subLast = start;
    if (sub) for (let i = 0, ready = start; i < endpointCalls; i++, ready = subLast) subReady.push((subLast = take(sub, ready, sub.gapMs * Math.min(1, endpointCalls - i))));
    let last = start;
    if (global)
      for (let i = 0, ready = start; i < calls; i++) {
        const at = take(global, Math.max(ready, subReady[i] ?? start), global.gapMs * weight * Math.min(1, calls - i));
        last = Math.max(last, at);
        ready = at;
      }
    else last = subLast;
    const cause = last <= start ? undefined : sub && subLast >= last - (global?.gapMs ?? 0) ? sub.label : global?.label ?? sub?.label;
    return {last, cause};
  }

  /** Moves every reservation on by `ms` (pages skipped over by extrapolation). */
  shift(ms: number) {
    for (const gate of this.gates.values()) {
      gate.starts = gate.starts.map((t) => t + ms);
      gate.ends = gate.ends.map((t) => t + ms);
    }
  }

  /** Forgets slots that end before `t`: no call the simulation still visits is ready earlier. */
  prune(t: number) {
    for (const gate of this.gates.values()) {
      const i = firstEndingAfter(gate, t);
      if (i > 1) {
        // Keep the last one before t: a call ready at t may not start inside it.
        gate.starts.splice(0, i - 1);
        gate.ends.splice(0, i - 1);
      }
    }
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
    const stage = gates.reserve(step.side, onEndpoint ? step.endpoint : undefined, worker.ready, onEndpoint ? 1 : gates.weight(step.side, step.endpoint));
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
    const overlap = pagesWrittenAtOnce(work.type);
    for (let page = 0; page < detailed; page++) {
      gates.prune(readFrom);
      // Reading: the list page and its per-record reads, asked for at once.
      const readCalls = work.read.calls / work.pages;
      const read = gates.stream('source', readFrom, readCalls, work.read.endpoint, work.read.endpointCalls / work.pages, gates.weight('source', work.read.endpoint));
      const readEnd = Math.max(read.last + latency.source, readFrom + readCalls * latency.source);
      credit(read.cause, 'source', Math.max(0, readEnd - clock));
      // The engine pipelines pages: a page is written once it is read and fewer than `overlap`
      // others are still being written, and the next page is read from that moment on.
      const launch = Math.max(readEnd, page >= overlap ? writeEnds[page - overlap]! : -Infinity);
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
