import test from 'ava';
import {RateGate, type Clock} from '../source/rate-gate.js';

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
  t.deepEqual(clock.starts, [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
});

test('an endpoint sub-limit slows only its own calls, and the later slot wins', async (t) => {
  const clock = fakeClock();
  const gate = new RateGate({requestsPerMinute: 600, endpoints: {'incremental.export': 10}}, clock);
  await gate.acquire('incremental.export');
  const first = clock.now();
  await gate.acquire('incremental.export');
  t.is(clock.now() - first, 6000);
  await gate.acquire('tickets.create');
  t.is(clock.now() - first, 6100);
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
  t.is(clock.now(), 1000);
});
