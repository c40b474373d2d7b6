import test from 'ava';
import {RateGate, gapMs, type Clock} from '../source/platform/rate-gate.js';

/** A clock that only moves when someone sleeps on it. */
function fakeClock(): Clock & {starts: number[]} {
  let now = 0;
  const starts: number[] = [];
  return {
    starts,
    now: () => now,
    async sleep(ms) {
      now += ms;
    },
  };
}

test('starts are spaced evenly under the per-minute budget', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 120}, clock);
  for (let i = 0; i < 10; i++) {
    await gate.acquire();
    clock.starts.push(clock.now());
  }
  const gap = gapMs(120);
  t.true(gap > 500 && gap < 503, 'a little slack over 60000/120');
  clock.starts.forEach((start, i) => t.true(Math.abs(start - i * gap) < 1e-6, `start ${i} at ${start}`));
  // Any 60-second window holds at most the limit.
  t.true(clock.starts.filter((start) => start < 60_000).length <= 120);
});

test('an endpoint sub-limit slows only its own calls, and the later slot wins', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 600, endpoints: {'incremental.export': 10}}, clock);
  await gate.acquire('incremental.export');
  const first = clock.now();
  await gate.acquire('incremental.export');
  t.is(clock.now() - first, gapMs(10));
  await gate.acquire('tickets.create');
  t.true(Math.abs(clock.now() - first - (gapMs(10) + gapMs(600))) < 1e-6);
});

test('a weighed request takes its weight in slots, so reads and writes together stay under the limit (Help Scout)', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 60, weights: {writes: 2}}, clock);
  // Alternating writes (2) and reads (1) for a minute: 20 of each is 60 units.
  const starts: Array<[string, number]> = [];
  for (let i = 0; i < 40; i++) {
    const endpoint = i % 2 ? 'reads' : 'writes';
    await gate.acquire(endpoint);
    starts.push([endpoint, clock.now()]);
  }
  const units = starts.filter(([, at]) => at < 60_000).reduce((sum, [endpoint]) => sum + (endpoint === 'writes' ? 2 : 1), 0);
  t.true(units <= 60, `${units} units started in the first minute`);
  t.true(units >= 58, `${units} units: the budget is used`);
  // After a write the next start is two gaps later, after a read one.
  t.true(Math.abs(starts[1]![1] - starts[0]![1] - 2 * gapMs(60)) < 1e-6);
  t.true(Math.abs(starts[2]![1] - starts[1]![1] - gapMs(60)) < 1e-6);
});

test('no published limit means no waiting', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: Infinity}, clock);
  for (let i = 0; i < 100; i++) await gate.acquire();
  t.is(clock.now(), 0);
});

test('a 429 pause holds back every later start', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 6000}, clock);
  await gate.acquire();
  gate.pauseFor(30_000);
  await gate.acquire();
  t.is(clock.now(), 30_000);
});

test('a lower live limit from the server slows the pace', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 700}, clock);
  gate.setRequestsPerMinute(60);
  await gate.acquire();
  await gate.acquire();
  t.is(clock.now(), gapMs(60));
});

test('a request waiting on its sub-limit does not hold back other endpoints', async (t) => {
  let now = 0;
  const timers: Array<{at: number; resolve: () => void}> = [];
  const clock: Clock = {now: () => now, sleep: (ms) => new Promise((resolve) => timers.push({at: now + ms, resolve}))};
  const gate = new RateGate({requestsPerMinute: 600, endpoints: {slow: 2}}, clock);
  await gate.acquire('slow');
  const order: string[] = [];
  void gate.acquire('slow').then(() => order.push(`slow at ${now}`));
  void gate.acquire('fast').then(() => order.push(`fast at ${now}`));
  // Run the fake timers in time order.
  while (timers.length) {
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift()!;
    now = next.at;
    next.resolve();
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setImmediate(r));
  t.is(order[0], `fast at ${gapMs(600)}`);
  t.true(order[1]!.startsWith('slow at 30'));
});

test('no gap for no limit, a zero or a negative one; the slack is a quarter second per minute', (t) => {
  for (const none of [undefined, 0, -10, Infinity, Number.NaN]) t.is(gapMs(none), 0, String(none));
  t.is(gapMs(60), 60_250 / 60);
  t.is(gapMs(1), 60_250);
});

test('a pause shorter than the next slot does not bring it forward; the live limit is what the gate reports', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 1}, clock);
  t.is(gate.requestsPerMinute, 1);
  await gate.acquire();
  gate.pauseFor(1000);
  await gate.acquire();
  t.is(clock.now(), gapMs(1));
  gate.setRequestsPerMinute(30);
  t.is(gate.requestsPerMinute, 30);
});

test('an endpoint without a sub-limit, or no endpoint at all, is paced only account-wide', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 60, endpoints: {slow: 1}}, clock);
  await gate.acquire('other');
  await gate.acquire('other');
  await gate.acquire();
  t.is(clock.now(), 2 * gapMs(60));
  // The first call to a sub-limited endpoint does not wait for its own slot.
  const fresh = fakeClock();
  const second = new RateGate({requestsPerMinute: Infinity, endpoints: {slow: 1}}, fresh);
  await second.acquire('slow');
  t.is(fresh.now(), 0);
  await second.acquire('slow');
  t.is(fresh.now(), gapMs(1));
});
