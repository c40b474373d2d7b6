// Calibration from a measured run: real calls per record, the records a demo's tickets pulled
// in (as its journal says they came out), and the measured pace only where the run timed it.
import test from 'ava';
import {estimate} from '../source/estimate/estimator.js';
import {outcomesOf} from '../source/estimate/calibration.js';
import type {MeasuredRun} from '../source/estimate/work.js';
import type {CallMeasurement} from '../source/platform/call-meter.js';
import {input, near, source, target} from './estimator-fixtures.js';

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

test('real calls per record replace the declared ones', (t) => {
  const plain = estimate(input());
  const calibrated = estimate(input({calibration: measurement(2, plain.durationMs)}));
  t.is(calibrated.calibration!.callFactors.tickets!.target, 2);
  t.is(calibrated.calibration!.callFactors.tickets!.source, 1);
  t.is(calibrated.types[0]!.calls.target, 600);
  t.regex(calibrated.calibration!.note, /Recalibrated from full run 7/);
});

test('the measured pace corrects the durations', (t) => {
  const plain = estimate(input());
  const slower = estimate(input({calibration: measurement(1, plain.durationMs * 1.2)}));
  near(t, slower.calibration!.paceFactor, 1.2, 0.01, 'pace factor');
  near(t, slower.durationMs, plain.durationMs * 1.2, plain.durationMs * 0.01, 'calibrated duration');
});

test('the pace applies only to the types the measured run timed', (t) => {
  // A demo times tickets, not contacts (it writes only those its tickets reference).
  const people = input({recordTypes: ['contacts', 'tickets'], counts: {contacts: 50, tickets: 100}, totals: {tickets: 100}});
  const plain = estimate(people);
  const demo: CallMeasurement = {runId: 2, mode: 'demo', elapsedMs: 0, calls: {source: {setup: 5, tickets: 101 + 5}, target: {setup: 5, tickets: 30}}, records: {tickets: 10}, waits: {source: 0, target: 0}};
  const modelled = estimate({...people, calibration: demo}).calibration!.modelledMs;
  const demoMs = Object.values(modelled).reduce((a, b) => a + (b ?? 0), 0);
  const slow = estimate({...people, demoChildren: people.children, calibration: {...demo, elapsedMs: demoMs * 1.5}});
  near(t, slow.calibration!.paceFactor, 1.5, 0.02, 'pace factor');
  const contactsMs = (e: typeof plain) => e.types.find((type) => type.type === 'contacts')!.durationMs;
  const ticketsMs = (e: typeof plain) => e.types.find((type) => type.type === 'tickets')!.durationMs;
  t.is(contactsMs(slow), contactsMs(plain));
  near(t, ticketsMs(slow), ticketsMs(plain) * 1.5, ticketsMs(plain) * 0.02, 'tickets');
  t.is(slow.calibration!.paceFactors.contacts, undefined);
});

test('a demo models its whole first page and the people its tickets pulled in', (t) => {
  const demo: CallMeasurement = {
    runId: 3,
    mode: 'demo',
    elapsedMs: 60_000,
    // A demo of 10 tickets still reads the whole first page (1 list + 100 comment reads), then 5
    // downloads; the 4 people its tickets referenced are fetched (4), looked up and created (8).
    calls: {source: {setup: 5, tickets: 1 + 100 + 5 + 4}, target: {setup: 5, tickets: 30 + 4 * 2}},
    records: {tickets: 10, contacts: 4},
    waits: {source: 0, target: 0},
  };
  const result = estimate(input({totals: {tickets: 100}, calibration: demo, demoChildren: {comments: 3, attachments: 0.5, inlineImages: 0}}));
  near(t, result.calibration!.callFactors.tickets!.source!, 1, 0.001, 'source factor');
  near(t, result.calibration!.callFactors.tickets!.target!, 1, 0.001, 'target factor');
});

test('pulled-in people cost what the journal says they came to, not the tickets\' calls', (t) => {
  // 6 people: 2 created (lookup + create), 1 found on the target (lookup only), 3 duplicates or
  // invalid (no call): 5 target calls. Modelled by the shares instead it would be 6 * 2 = 12,
  // and the tickets' own 30 calls would look 7 calls cheaper than they are.
  const demo: MeasuredRun = {
    runId: 4,
    mode: 'demo',
    elapsedMs: 60_000,
    calls: {source: {setup: 5, tickets: 1 + 100 + 5 + 6}, target: {setup: 5, tickets: 30 + 5}},
    records: {tickets: 10, contacts: 6},
    waits: {source: 0, target: 0},
    outcomes: {contacts: {created: 2, linked: 1, notWritten: 3}},
  };
  const withJournal = estimate(input({totals: {tickets: 100}, calibration: demo, demoChildren: {comments: 3, attachments: 0.5, inlineImages: 0}}));
  near(t, withJournal.calibration!.callFactors.tickets!.target!, 1, 0.001, 'target factor');
  const { outcomes: _, ...withoutJournal } = demo;
  const byShares = estimate(input({totals: {tickets: 100}, calibration: withoutJournal, demoChildren: {comments: 3, attachments: 0.5, inlineImages: 0}}));
  near(t, byShares.calibration!.callFactors.tickets!.target!, 35 / 42, 0.001, 'target factor from the shares');
});

test('outcomes from journal rows: created, linked by lookup, or not written', (t) => {
  const rows = [
    {type: 'contacts' as const, status: 'migrated' as const, reason: null, lastRunId: 2},
    {type: 'contacts' as const, status: 'migrated' as const, reason: 'linked to existing target contact #9 (same email)', lastRunId: 2},
    {type: 'contacts' as const, status: 'skipped' as const, reason: 'duplicate of contact #1 (same email)', lastRunId: 2},
    {type: 'contacts' as const, status: 'failed' as const, reason: 'invalid email address', lastRunId: 2},
    {type: 'contacts' as const, status: 'migrated' as const, reason: null, lastRunId: 1},
    {type: 'organizations' as const, status: 'migrated' as const, reason: 'inactive user migrated because a migrated record references it', lastRunId: 2},
  ];
  t.deepEqual(outcomesOf(rows, 2), {contacts: {created: 1, linked: 1, notWritten: 2}, organizations: {created: 1, linked: 0, notWritten: 0}});
});

test('the measured run is modelled at the limits it ran at, not at a what-if tier', (t) => {
  const plain = estimate(input());
  const run = measurement(1, plain.durationMs);
  const same = estimate(input({calibration: run}));
  near(t, same.calibration!.paceFactor, 1, 0.01, 'pace at the same limits');
  // Estimating the big tier from a run paced on basic: the run is modelled on basic, so its pace stays 1.
  const bigger = estimate(input({target: target({tier: 'big'}), calibration: run, calibrationSides: {source: source(), target: target()}}));
  near(t, bigger.calibration!.paceFactor, 1, 0.01, 'pace of the run on its own tier');
  t.true(bigger.durationMs < plain.durationMs * 0.6);
});

test('a demo calibrates the people its tickets pulled in, by their own calls: the full run\'s contacts cost what they did', (t) => {
  // 4 contacts pulled in, all created: declared lookup + create = 8 target calls; they really took 16
  // (the call meter counts them as contacts' own). The tickets' own calls are as declared.
  const people = input({recordTypes: ['contacts', 'tickets'], counts: {contacts: 50, tickets: 100}, totals: {tickets: 100}, demoChildren: {comments: 3, attachments: 0.5, inlineImages: 0}});
  const demo: CallMeasurement = {
    runId: 5,
    mode: 'demo',
    elapsedMs: 60_000,
    calls: {source: {setup: 5, tickets: 1 + 100 + 5 + 4}, target: {setup: 5, tickets: 30 + 16}},
    ownCalls: {source: {setup: 5, tickets: 1 + 100 + 5 + 4}, target: {setup: 5, tickets: 30, contacts: 16}},
    records: {tickets: 10, contacts: 4},
    waits: {source: 0, target: 0},
  };
  const result = estimate({...people, calibration: demo});
  near(t, result.calibration!.callFactors.contacts!.target!, 2, 0.001, 'contacts factor');
  near(t, result.calibration!.callFactors.tickets!.target!, 1, 0.001, 'tickets factor');
  const contacts = result.types.find((type) => type.type === 'contacts')!;
  t.is(contacts.calls.target, 50 * 2 * 2);
  // Without own calls (an older measurement), the contacts' extra calls are the tickets' and contacts keep their declared cost.
  const {ownCalls: _, ...older} = demo;
  const legacy = estimate({...people, calibration: older});
  t.is(legacy.types.find((type) => type.type === 'contacts')!.calls.target, 50 * 2);
});
