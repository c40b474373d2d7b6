// Recalibrates the estimate from a measured run (usually a demo): the measured run is
// modelled with the same arithmetic as the full run, from what it really did (the
// records it settled, the children of the tickets it took, the people and KB parents
// its tickets and articles pulled in, the limits it was paced at). Measured / modelled
// then corrects the calls per type and side, and the pace of the types it timed.
import {type RecordOutcomes, type MeasuredRun, type CalibrationSummary, type Side, type EstimateInput, rate, type TypeWork, type Referenced, typeWork, scaleWork, sourceCalls, targetCalls, budgetsOf, typesInRun, modelledSetup} from './work.js';
import type {CallMeasurement} from '../platform/call-meter.js';
import type {Journal, JournalRecord} from '../engine/journal.js';
import type {RecordType} from '../contracts/model.js';
import {simulate} from './pacing.js';



/** Types a run writes when a ticket or article references them, and which type asks. */
export const PULLED_IN: Partial<Record<RecordType, RecordType[]>> = {tickets: ['contacts', 'organizations'], kb_articles: ['kb_categories', 'kb_sections']};

/** Outcomes per type of the journal rows a run last touched. */
export function outcomesOf(rows: Array<Pick<JournalRecord, 'type' | 'status' | 'reason' | 'lastRunId'>>, runId: number): Partial<Record<RecordType, RecordOutcomes>> {
  const outcomes: Partial<Record<RecordType, RecordOutcomes>> = {};
  for (const row of rows) {
    if (row.lastRunId !== runId) continue;
    const counts = (outcomes[row.type] ??= {created: 0, linked: 0, notWritten: 0});
    // The engine's reason for a person matched by its lookup (engine.ts: "linked to existing target contact #...").
    if (row.status === 'migrated') row.reason?.startsWith('linked to existing') ? counts.linked++ : counts.created++;
    else counts.notWritten++;
  }
  return outcomes;
}


/** Types a demo reads in bulk; the others it only writes when a ticket or article references them. */
const DEMO_BULK: ReadonlySet<RecordType> = new Set(['ticket_fields', 'groups', 'agents', 'tickets', 'kb_articles']);

/** A run's measurement with the outcomes, from its journal, of the records that tickets and articles pulled in. */
export function withOutcomes(measurement: CallMeasurement, journal: Pick<Journal, 'records'>): MeasuredRun {
  const rows = Object.values(PULLED_IN).flatMap((types) => types.flatMap((type) => journal.records({type})));
  return {...measurement, outcomes: outcomesOf(rows, measurement.runId)};
}

/** Records of other types that `type`'s records pulled in (their calls were counted as `type`'s):
 * as the measured run's journal says they came out when it is known. */
function referencedBy(type: RecordType, measured: MeasuredRun, bulk: ReadonlySet<RecordType>): Referenced {
  const referenced: Referenced = {};
  for (const kind of PULLED_IN[type] ?? []) {
    if (bulk.has(kind) || !measured.records[kind]) continue;
    const outcome = measured.outcomes?.[kind];
    referenced[kind] = outcome ? {...outcome, fetched: measured.records[kind]} : measured.records[kind];
  }
  return referenced;
}

export function calibrate(input: EstimateInput, measured: MeasuredRun): CalibrationSummary {
  const demo = measured.mode === 'demo';
  const bulk: ReadonlySet<RecordType> = new Set(typesInRun(input).filter((type) => !demo || DEMO_BULK.has(type)));
  // A demo takes the first tickets listed: the sample's first ones tell their comments and attachments.
  const modelInput = demo && input.demoChildren ? {...input, children: input.demoChildren} : input;
  const callFactors: CalibrationSummary['callFactors'] = {};
  const works: TypeWork[] = [];
  // Measured calls per type: by the type whose own work made them when the run says so (a demo's
  // pulled-in people then calibrate contacts), else by the type that asked for them.
  const own = measured.ownCalls;
  const modelled: Partial<Record<RecordType, Record<Side, number>>> = {};
  const add = (type: RecordType, side: Side, calls: number) => ((modelled[type] ??= {source: 0, target: 0})[side] += calls);
  for (const type of bulk) {
    const records = measured.records[type] ?? 0;
    const work = typeWork(modelInput, type, records, demo ? 'demo' : 'full', referencedBy(type, measured, bulk));
    works.push(work);
    if (records <= 0) continue; // a handful of calls says little about a full run: only types with records calibrate
    add(type, 'source', work.read.calls);
    for (const step of work.steps) add(own && step.kind ? step.kind : type, step.side, step.calls);
  }
  for (const [type, sides] of Object.entries(modelled) as Array<[RecordType, Record<Side, number>]>) {
    const factors: Partial<Record<Side, number>> = {};
    for (const side of ['source', 'target'] as const) {
      const got = (own ?? measured.calls)[side][type];
      if (got !== undefined && (measured.records[type] ?? 0) > 0 && sides[side] > 0) factors[side] = got / sides[side];
    }
    if (Object.keys(factors).length) callFactors[type] = factors;
  }
  // Without own calls, a type's factor covers the people it pulled in too (as measured).
  const scaled = works.map((work) => (own ? scaleWork(work, callFactors) : scaleWork(work, {[work.type]: callFactors[work.type] ?? {}})));
  works.splice(0, works.length, ...scaled);
  const setup = modelledSetup(input);
  const measuredSetup = {source: measured.calls.source.setup ?? setup.source, target: measured.calls.target.setup ?? setup.target};
  callFactors.setup = {source: measuredSetup.source / setup.source, target: measuredSetup.target / setup.target};
  // Paced as the measured run was: its own tier and limits, not a what-if's.
  const sides = {source: input.calibrationSides?.source ?? input.source, target: input.calibrationSides?.target ?? input.target};
  const modelledRun = simulate(input, works, measuredSetup, budgetsOf(sides));
  // Rate-limit waits and slow answers mean the run went slower than its budget; the pace factor carries that.
  const paceFactor = measured.elapsedMs > 0 && modelledRun.durationMs > 0 ? clamp(measured.elapsedMs / modelledRun.durationMs, 0.5, 3) : 1;
  const paceFactors: CalibrationSummary['paceFactors'] = {setup: paceFactor};
  for (const work of works) if (work.records > 0) paceFactors[work.type] = paceFactor;
  const waits = measured.waits.source + measured.waits.target;
  return {
    runId: measured.runId,
    mode: measured.mode,
    callFactors,
    paceFactor,
    paceFactors,
    modelledMs: {setup: modelledRun.setup.durationMs, ...Object.fromEntries(modelledRun.types.map((t) => [t.type, t.durationMs]))},
    note: `Recalibrated from ${measured.mode} run ${measured.runId}: its real calls per record, and its real pace (${Math.round(measured.elapsedMs / 1000)} s measured vs ${Math.round(modelledRun.durationMs / 1000)} s modelled${waits ? `, ${waits} rate-limit waits` : ''}).`,
  };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
