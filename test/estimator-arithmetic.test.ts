// The estimator's arithmetic on known counts: calls per side, durations at the budget,
// the bottleneck, sub-limits as the rate gate applies them, overrides and the live limit.
import test from 'ava';
import {chooseLimit, estimate, formatDuration} from '../source/estimate/estimator.js';
import {input, near, source, target} from './estimator-fixtures.js';

test('calls per side follow the declared costs and the children per ticket', (t) => {
  const result = estimate(input());
  const tickets = result.types.find((type) => type.type === 'tickets')!;
  // Source: count 1 + one list page + 100 comment reads + 50 downloads.
  t.is(tickets.calls.source, 152);
  // Target: one create per ticket + one note per later comment.
  t.is(tickets.calls.target, 300);
});

test('duration: read phase then write phase, each paced at its slowest gate', (t) => {
  const result = estimate(input({target: target({tiers: {basic: {requestsPerMinute: 60}}})}));
  // Calls are spaced as the rate gate spaces them: 60.25 s a minute window, 1.0042 s a call at 60/min.
  // Setup 5+5 calls (4 gaps); reading 102 calls (101 gaps after the first slot at 5 gaps);
  // writing 300 target calls (299 gaps).
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

test('a sub-limited call waits for its endpoint slot, then for an account-wide one, as the rate gate does', (t) => {
  // Two workers, two contacts: a lookup on contacts.list (10/min) then 5 creates (600/min) each. The
  // second lookup's endpoint slot is 6.025 s away, but it takes no account-wide slot until then, so
  // the first contact's creates go at once; the second's follow its lookup: 6.025 + 5 * 0.1004 s.
  const result = estimate(input({
    recordTypes: ['contacts'],
    counts: {contacts: 2},
    concurrency: 2,
    source: source({customRequestsPerMinute: 600_000}),
    target: target({tiers: {basic: {requestsPerMinute: 600, endpoints: {'contacts.list': 10}}}, writeCosts: {contacts: {callsPerRecord: 5, callsPerLookup: 1, lookupEndpoint: 'contacts.list'}}}),
  }));
  near(t, result.types[0]!.durationMs / 1000, 6.025 + 5 * 0.10042, 0.02, 'contacts seconds');
  t.is(result.types[0]!.bottleneck.endpoint, 'contacts.list');
});

test('pages are pipelined: the next page is read while this one is written', (t) => {
  // 200 tickets, no downloads: page 1 read in 102 gaps (from slot 5), page 2 read (101 gaps) while
  // page 1's 300 target calls go, then page 2's 300 right after: 600 target gaps from slot 106.
  // One page after the other would take 102 + 300 + 101 + 300 gaps.
  const result = estimate(input({counts: {tickets: 200}, options: {skipAttachments: true, skipInlineImages: true, matchExisting: true}, target: target({tiers: {basic: {requestsPerMinute: 60}}})}));
  near(t, result.types[0]!.durationMs / 1000, (106 + 599 - 4) * 1.00417, 2, 'tickets seconds');
});

test('downloads made while a page is written do not hold back the next page\'s reads (the rate gate serves calls in time order)', (t) => {
  // 2 pages of 100 tickets, one download each while it is written; target creates at 30/min are the
  // bottleneck. The engine reads page 2 (101 calls) while page 1's creates and downloads go: the
  // source has room for both, so the target never idles: 102 source gaps, then 200 creates at 2.008 s.
  // (Reserving page 2's reads after all of page 1's downloads gave 591 s.)
  const result = estimate(input({counts: {tickets: 200}, children: {comments: 1, attachments: 1, inlineImages: 0}}));
  near(t, result.types[0]!.durationMs / 1000, 102 * 1.00417 + 200 * 2.00833, 3, 'tickets seconds');
});

test('a write that counts as two requests takes two slots of the account-wide limit (Help Scout)', (t) => {
  const weighted = (weights?: Record<string, number>) =>
    estimate(input({
      options: {skipAttachments: true, skipInlineImages: true, matchExisting: true},
      children: {comments: 1, attachments: 0, inlineImages: 0},
      target: target({tiers: {basic: {requestsPerMinute: 60, ...(weights ? {weights} : {})}}, writeCosts: {tickets: {callsPerRecord: 1, endpoint: 'writes'}}}),
    })).types[0]!;
  const plain = weighted();
  const double = weighted({writes: 2});
  // The calls are requests on both (what the call meter counts); the time is the weight's.
  t.is(double.calls.target, plain.calls.target);
  near(t, double.durationMs / 1000, 102 * 1.00417 + 99 * 2 * 1.00417, 2, 'weighted seconds');
  near(t, plain.durationMs / 1000, 102 * 1.00417 + 99 * 1.00417, 2, 'plain seconds');
});

test('contacts and organizations are written one page at a time (their duplicates go by listing order)', (t) => {
  // Limits out of the way: each side's response time (600 ms a target call) bounds the pace, 6 workers a page.
  const seconds = (type: 'contacts' | 'tickets') => {
    const src = source({tiers: {basic: {requestsPerMinute: 600_000}}, readCosts: {[type]: {pageSize: 100, callsPerPage: 1, callsPerRecord: 0}}});
    const tgt = target({tiers: {basic: {requestsPerMinute: 600_000}}, writeCosts: {[type]: {callsPerRecord: 1}}, latencyMs: 600});
    return estimate(input({recordTypes: [type], counts: {[type]: 1200}, children: {comments: 1, attachments: 0, inlineImages: 0}, options: {skipAttachments: true, skipInlineImages: true, matchExisting: false}, source: src, target: tgt})).types[0]!.durationMs / 1000;
  };
  // Tickets: two pages written at once, 12 workers: 1200 / 12 x 0.6 s. Contacts: one page, 6 workers.
  near(t, seconds('tickets'), (1200 / 12) * 0.6, 3, 'tickets seconds');
  near(t, seconds('contacts'), (1200 / 6) * 0.6, 3, 'contacts seconds');
});

test('a long type: pages past the detailed ones go at their pace', (t) => {
  // 12 pages are simulated call by call; 24 pages take twice as long as 12.
  const tickets = (count: number) => estimate(input({counts: {tickets: count}})).types[0]!.durationMs;
  near(t, tickets(2400) / tickets(1200), 2, 0.02, 'ratio');
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
  // A quarter of the written contacts have no email: they are created without a lookup.
  const noEmail = estimate(input({recordTypes: ['contacts'], counts: {contacts: 100}, writtenShare: {contacts: 0.8}, createdShare: {contacts: 0.5}, lookedUpShare: {contacts: 0.75}}));
  t.is(noEmail.types[0]!.calls.target, 60 + 40);
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

test('formatDuration reads like an estimate', (t) => {
  t.is(formatDuration(45_000), '45 s');
  t.is(formatDuration(12 * 60_000), '12 min');
  t.is(formatDuration(200 * 60_000), '3 h 20 min');
  t.is(formatDuration(52 * 3600_000), '2 d 4 h');
});

test('ticket events as notes add the source\'s declared per-ticket calls (Zendesk audits) only when the plan asks', (t) => {
  const withEventsCost = source({readCosts: {tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1, callsPerRecordForEvents: 1}}});
  const off = estimate(input({source: withEventsCost})).types.find((type) => type.type === 'tickets')!;
  const on = estimate(input({source: withEventsCost, options: {skipAttachments: false, skipInlineImages: false, matchExisting: true, eventsAsNotes: true}})).types.find((type) => type.type === 'tickets')!;
  t.is(on.calls.source - off.calls.source, 100, 'one audits call per ticket');
});

test('a full read\'s fixed calls (Freshdesk\'s archive probe) count once in a full run', (t) => {
  const probing = source({readCosts: {tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1, callsPerFullRead: 100}}});
  const plain = estimate(input()).types.find((type) => type.type === 'tickets')!;
  const full = estimate(input({source: probing})).types.find((type) => type.type === 'tickets')!;
  t.is(full.calls.source - plain.calls.source, 100);
});

test('another plan with the same pace where this migration needs it is not offered as a change (no "(0%)" advice)', (t) => {
  // "same" differs from "basic" only by a sub-limit on an endpoint this migration never calls.
  const result = estimate(input({target: target({tiers: {basic: {requestsPerMinute: 60, endpoints: {'tickets.create': 30, 'unused.endpoint': 10}}, same: {requestsPerMinute: 60, endpoints: {'tickets.create': 30, 'unused.endpoint': 600}}}})}));
  t.false(result.whatIf.some((w) => /same plan/.test(w.change)), result.whatIf.map((w) => w.change).join('\n'));
  t.true(result.whatIf.every((w) => !/plan \(/.test(w.change) || w.deltaMs < 0));
});
