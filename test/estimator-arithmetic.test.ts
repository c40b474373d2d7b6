// The estimator's arithmetic on known counts: calls per side, durations at the budget,
// the bottleneck, calibration from a measured run, overrides and the live limit.
import test from 'ava';
import {chooseLimit, estimate, formatDuration, type EstimateInput, type SideModel} from '../source/estimator.js';
import type {CallMeasurement} from '../source/call-meter.js';

function source(overrides: Partial<SideModel> = {}): SideModel {
  return {
    platform: 'src',
    label: 'Src',
    tier: 'basic',
    tiers: {basic: {requestsPerMinute: 60}, pro: {requestsPerMinute: 120}},
    readCosts: {tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1}},
    writeCosts: {},
    ...overrides,
  };
}

function target(overrides: Partial<SideModel> = {}): SideModel {
  return {
    platform: 'tgt',
    label: 'Tgt',
    tier: 'basic',
    tiers: {basic: {requestsPerMinute: 60, endpoints: {'tickets.create': 30}}, big: {requestsPerMinute: 240, endpoints: {'tickets.create': 120}}},
    readCosts: {},
    writeCosts: {tickets: {callsPerRecord: 1, callsPerComment: 1, callsPerAttachment: 0, endpoint: 'tickets.create'}, contacts: {callsPerRecord: 1, callsPerLookup: 1}},
    ...overrides,
  };
}

function input(overrides: Partial<EstimateInput> = {}): EstimateInput {
  return {
    recordTypes: ['tickets'],
    options: {skipAttachments: false, skipInlineImages: false, matchExisting: true},
    counts: {tickets: 100},
    children: {comments: 3, attachments: 0.5, inlineImages: 0},
    source: source(),
    target: target(),
    ...overrides,
  };
}

const near = (t: import('ava').ExecutionContext, actual: number, expected: number, tolerance: number, what: string) =>
  t.true(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('calls per side follow the declared costs and the children per ticket', (t) => {
  const result = estimate(input());
  const tickets = result.types.find((type) => type.type === 'tickets')!;
  // Source: count 1 + one list page + 100 comment reads + 50 downloads.
  t.is(tickets.calls.source, 152);
  // Target: one create per ticket + one note per later comment.
  t.is(tickets.calls.target, 300);
});

test('duration: read phase then write phase, each paced at its slowest gate', (t) => {
  const result = estimate(input());
  // Calls are spaced as the rate gate spaces them: 60.25 s a minute window, 1.0042 s a call at 60/min.
  // Setup 5+5 calls (4 gaps); reading 102 calls (101 gaps after the first slot at 5 gaps);
  // writing 300 target calls (299 gaps), the 100 creates at 30/min (99 double gaps) fit inside.
  near(t, result.durationMs / 1000, (5 + 101 + 299) * 1.00417, 0.5, 'total seconds');
  t.is(result.bottleneck.side, 'target');
  t.is(result.bottleneck.kind, 'account');
});

test('a per-endpoint sub-limit is the bottleneck when the account limit is generous', (t) => {
  const generous = target({tiers: {basic: {requestsPerMinute: 6000, endpoints: {'tickets.create': 30}}}});
  const result = estimate(input({target: generous}));
  t.is(result.bottleneck.kind, 'endpoint');
  t.is(result.bottleneck.endpoint, 'tickets.create');
  // 100 creates at 30/min: 99 gaps of 2.008 s, after 101 of reading at 60/min.
  const tickets = result.types.find((type) => type.type === 'tickets')!;
  near(t, tickets.durationMs / 1000, 101 * 1.00417 + 99 * 2.00833, 2, 'tickets seconds');
  // A live limit lowers only the account-wide pace (as the HTTP layer does): the sub-limit stays.
  const live = estimate(input({target: {...generous, liveRequestsPerMinute: 3000}}));
  t.is(live.bottleneck.endpoint, 'tickets.create');
});

test('a typed limit scales the tier\'s sub-limits with it, as the HTTP layer does', (t) => {
  // 6000/min typed on a 60/min tier: tickets.create goes from 30 to 3000/min, so it no longer binds.
  const result = estimate(input({target: target({customRequestsPerMinute: 6000})}));
  t.not(result.bottleneck.endpoint, 'tickets.create');
  t.is(result.bottleneck.side, 'source');
});

test('lookups count against the sub-limit the connector declares for them', (t) => {
  const people = (lookupEndpoint?: string) =>
    estimate(input({
      recordTypes: ['contacts'],
      counts: {contacts: 40},
      target: target({tiers: {basic: {requestsPerMinute: 600, endpoints: {'contacts.list': 10}}}, writeCosts: {contacts: {callsPerRecord: 1, callsPerLookup: 1, ...(lookupEndpoint ? {lookupEndpoint} : {})}}}),
    }));
  const declared = people('contacts.list');
  const contacts = declared.types[0]!;
  t.is(contacts.bottleneck.endpoint, 'contacts.list');
  // Count and list page (2 source gaps at 60/min), then 40 lookups at 10/min: 39 gaps of 6.025 s.
  near(t, contacts.durationMs / 1000, 2 * 1.00417 + 39 * 6.025, 0.5, 'contacts seconds');
  const undeclared = people().types[0]!;
  t.true(undeclared.durationMs < contacts.durationMs / 10, 'without a declared lookup endpoint only the account limit applies');
});

test('the slower side sets the pace: a slow source is the bottleneck', (t) => {
  const result = estimate(input({source: source({customRequestsPerMinute: 10}), target: target({customRequestsPerMinute: 6000, tiers: {basic: {requestsPerMinute: 6000}}})}));
  t.is(result.bottleneck.side, 'source');
  t.regex(result.bottleneck.description, /Src source: 10\/min/);
});

test('skipping attachments and a higher tier are priced as numbers', (t) => {
  const result = estimate(input());
  const skip = result.whatIf.find((w) => /Skip attachments/.test(w.change))!;
  t.truthy(skip);
  t.is(skip.calls.source, result.calls.source - 50);
  const bigger = result.whatIf.find((w) => /big plan/.test(w.change))!;
  t.truthy(bigger, 'the bottleneck side (target) offers its next tier');
  t.true(bigger.deltaMs < -200_000, `a 4x target budget saves most of the writing (${bigger.deltaMs})`);
  t.is(result.whatIf[0]!.change, bigger.change, 'the bottleneck side comes first');
});

test('a narrower date window is priced from its ticket count', (t) => {
  const result = estimate(input({dateWindows: [{label: 'in the last 12 months', from: '2025-01-01T00:00:00Z', tickets: 25}]}));
  const narrower = result.whatIf.find((w) => /last 12 months/.test(w.change))!;
  t.truthy(narrower);
  // A quarter of the tickets: about a quarter of the ticket time.
  t.true(narrower.durationMs < result.durationMs * 0.35);
});

test('people: skipped ones cost nothing, existing ones only their lookup', (t) => {
  const result = estimate(input({recordTypes: ['contacts'], counts: {contacts: 100}, writtenShare: {contacts: 0.8}, createdShare: {contacts: 0.5}}));
  const contacts = result.types.find((type) => type.type === 'contacts')!;
  t.is(contacts.calls.target, 80 + 40);
  const noMatching = estimate(input({recordTypes: ['contacts'], counts: {contacts: 100}, options: {skipAttachments: false, skipInlineImages: false, matchExisting: false}}));
  t.is(noMatching.types[0]!.calls.target, 100);
});

test('limits: live is preferred when it is the real (lower) one, a custom limit beats the preset', (t) => {
  t.deepEqual(chooseLimit(source()).origin, 'preset');
  const custom = chooseLimit(source({customRequestsPerMinute: 30}));
  t.is(custom.requestsPerMinute, 30);
  t.is(custom.origin, 'custom');
  const live = chooseLimit(source({liveRequestsPerMinute: 40}));
  t.is(live.requestsPerMinute, 40);
  t.is(live.origin, 'live');
  t.regex(live.note, /reported for this account/);
  // Above the plan's limit the HTTP layer would not use it: neither does the estimate, and it says so.
  const higher = chooseLimit(source({liveRequestsPerMinute: 700}));
  t.is(higher.requestsPerMinute, 60);
  t.regex(higher.note, /account reports 700\/min/);
  const result = estimate(input({target: target({liveRequestsPerMinute: 240})}));
  t.truthy(result.whatIf.find((w) => /240\/min the account reports/.test(w.change)));
});

test('a tier override changes the estimate through its budget', (t) => {
  const basic = estimate(input());
  const big = estimate(input({target: target({tier: 'big'})}));
  t.true(big.durationMs < basic.durationMs);
  t.is(big.limits.target.requestsPerMinute, 240);
});

function measurement(factor: number, elapsedMs: number): CallMeasurement {
  return {
    runId: 7,
    mode: 'full',
    elapsedMs,
    calls: {source: {setup: 5, tickets: 152}, target: {setup: 5, tickets: 300 * factor}},
    records: {tickets: 100},
    waits: {source: 0, target: 0},
  };
}

test('calibration: real calls per record replace the declared ones', (t) => {
  const plain = estimate(input());
  const calibrated = estimate(input({calibration: measurement(2, plain.durationMs)}));
  t.is(calibrated.calibration!.callFactors.tickets!.target, 2);
  t.is(calibrated.calibration!.callFactors.tickets!.source, 1);
  t.is(calibrated.types[0]!.calls.target, 600);
  t.regex(calibrated.calibration!.note, /Recalibrated from full run 7/);
});

test('calibration: the measured pace corrects the durations', (t) => {
  const plain = estimate(input());
  const slower = estimate(input({calibration: measurement(1, plain.durationMs * 1.2)}));
  near(t, slower.calibration!.paceFactor, 1.2, 0.01, 'pace factor');
  near(t, slower.durationMs, plain.durationMs * 1.2, plain.durationMs * 0.01, 'calibrated duration');
});

test('calibration from a demo run models its whole first page and referenced people', (t) => {
  const demo: CallMeasurement = {
    runId: 3,
    mode: 'demo',
    elapsedMs: 60_000,
    // A demo of 10 tickets still reads the whole first page (1 list + 100 comment reads), then 5 downloads.
    calls: {source: {setup: 5, tickets: 1 + 100 + 5 + 4}, target: {setup: 5, tickets: 30 + 4 * 2}},
    records: {tickets: 10, contacts: 4},
    waits: {source: 0, target: 0},
  };
  const result = estimate(input({totals: {tickets: 100}, calibration: demo, demoChildren: {comments: 3, attachments: 0.5, inlineImages: 0}}));
  near(t, result.calibration!.callFactors.tickets!.source!, 1, 0.001, 'source factor');
  near(t, result.calibration!.callFactors.tickets!.target!, 1, 0.001, 'target factor');
});

test('formatDuration reads like an estimate', (t) => {
  t.is(formatDuration(45_000), '45 s');
  t.is(formatDuration(12 * 60_000), '12 min');
  t.is(formatDuration(200 * 60_000), '3 h 20 min');
  t.is(formatDuration(52 * 3600_000), '2 d 4 h');
});
