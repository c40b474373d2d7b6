// How long a migration takes, before anything is written: pure arithmetic on record
// counts, children per ticket (from a sample), the connectors' declared call costs and
// the API budgets. It models the engine as it runs: types one after another, each page
// first read on the source, then its records written 6 at a time, each record making its
// calls in turn (references first, downloads, the create, its later comments), through
// rate gates that reserve slots as source/platform/rate-gate.ts does (source/estimate/pacing.ts).
// A measured run (a demo) recalibrates it (source/estimate/calibration.ts).
import {type CalibrationSummary, type Side, type EstimateInput, type LimitChoice, type Bottleneck, type WhatIf, type Estimate, chooseLimit, rate, type Referenced, typeWork, scaleWork, budgetsOf, typesInRun, modelledSetup, round} from './work.js';
import {calibrate} from './calibration.js';
import {MIGRATION_ORDER, type RecordType} from '../contracts/model.js';
import {simulate, type Timeline} from './pacing.js';

export * from './work.js';
function fullRun(input: EstimateInput, limits: Record<Side, LimitChoice>, calibration?: CalibrationSummary): Timeline {
  const people: Referenced = input.referencedPeoplePerTicket !== undefined ? {contacts: input.referencedPeoplePerTicket * (input.counts.tickets ?? 0)} : {};
  const works = typesInRun(input).map((type) => scaleWork(typeWork(input, type, input.counts[type] ?? 0, 'full', type === 'tickets' ? people : {}), calibration?.callFactors));
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
  const add = (change: string, next: EstimateInput, nextLimits = limits, onlyIfFaster = false) => {
    const timeline = fullRun(next, nextLimits, calibration);
    // Another plan that would not make this migration faster (the same pace where it matters) is no advice.
    if (onlyIfFaster && timeline.durationMs > baseMs * 0.99) return;
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
      add(`${model.label} ${side} on the ${tier} plan (${rate(budget.requestsPerMinute)})`, {...input, [side]: {...model, tier, customRequestsPerMinute: undefined, liveRequestsPerMinute: undefined}}, {...limits, [side]: {requestsPerMinute: budget.requestsPerMinute, origin: 'preset', note: ''}}, true);
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
