// The estimate for a migration folder: counts and samples from the source, the
// plan's budgets, and calibration from the folder's latest demo or full run.
// Shared by `ferry estimate` and the console's Estimate screen.
import {limitationsOf} from '../engine/outcomes.js';
import type {Plan} from '../plan/plan.js';
import type {Gathered} from './gather.js';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {Journal} from '../engine/journal.js';
import type {CallMeasurement} from '../platform/call-meter.js';
import {withOutcomes} from './calibration.js';
import type {MeasuredRun} from './work.js';
import {estimate, type Estimate} from './estimator.js';

export interface FolderEstimate {
  estimate: Estimate;
  notes: string[];
}

/** The estimate from what was gathered (source/app/estimate.ts reads it); `whatIf` is the plan with other tiers or limits. */
export function estimateFromGathered(dir: string, gathered: Gathered, whatIf: Plan): FolderEstimate & {sample: unknown} {
  const input = {...gathered.input};
  for (const side of ['source', 'target'] as const) input[side] = {...input[side], tier: whatIf[side].tier, customRequestsPerMinute: whatIf[side].requestsPerMinute};
  const calibration = latestMeasurement(dir);
  // The measured run was paced by the plan's own tiers and limits, not by the what-if.
  const result = estimate({...input, ...(calibration ? {calibration, calibrationSides: {source: gathered.input.source, target: gathered.input.target}} : {})});
  // What the target never keeps is part of what the operator should know before the run (said once).
  return {estimate: result, notes: [...gathered.notes, ...limitationsOf(whatIf)], sample: gathered.sample};
}

/** The folder's latest demo or full run that recorded its calls. */
export function latestMeasurement(dir: string): MeasuredRun | undefined {
  if (!existsSync(path.join(dir, 'journal.sqlite'))) return undefined;
  const journal = Journal.inFolder(dir);
  try {
    for (const run of journal.runs().reverse()) {
      if (run.mode !== 'demo' && run.mode !== 'full') continue;
      const raw = journal.getMeta(`calls:${run.id}`);
      if (raw) return withOutcomes(JSON.parse(raw) as CallMeasurement, journal);
    }
    return undefined;
  } finally {
    journal.close();
  }
}
