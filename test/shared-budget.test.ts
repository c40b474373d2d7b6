// Another app uses part of the account's budget: the server's remaining header shows less than
// ferry has spent, and ferry paces to what remains (not past it: no 429s; not far under it).
// On a clock the test moves: no wall-clock rate is asserted.
import test from 'ava';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpEvent, Transport} from '../source/contracts/http.js';
import type {Clock} from '../source/platform/rate-gate.js';

function fakeClock(): Clock {
  let now = 0;
  return {now: () => now, sleep: async (ms) => void (now += Math.max(0, ms))};
}

/** A server with a moving one-minute window of `limit`, which another app uses at `others(t)` a minute. */
function sharedServer(clock: Clock, limit: number, othersPerMinute: (t: number) => number) {
  const ours: number[] = [];
  const theirs: number[] = [];
  // The other app was already running a minute before ferry started.
  let nextTheirs = -60_000;
  let refused = 0;
  const transport: Transport = async (request) => {
    const now = clock.now();
    // The other app's requests up to now, evenly spaced at its current rate.
    while (nextTheirs <= now) {
      const rate = othersPerMinute(nextTheirs);
      if (rate > 0) theirs.push(nextTheirs);
      nextTheirs += rate > 0 ? 60_000 / rate : 1000;
    }
    const inWindow = (stamps: number[]) => stamps.filter((at) => at > now - 60_000 && at <= now).length;
    const used = inWindow(ours) + inWindow(theirs);
    if (used >= limit) {
      refused++;
      return {status: 429, headers: {'retry-after': '1', 'x-rate-limit': String(limit), 'x-rate-limit-remaining': '0'}, body: {}, url: request.absoluteUrl};
    }
    ours.push(now);
    return {status: 200, headers: {'x-rate-limit': String(limit), 'x-rate-limit-remaining': String(limit - used - 1)}, body: {}, url: request.absoluteUrl};
  };
  return {transport, ours, refused: () => refused};
}

function client(clock: Clock, transport: Transport, events: HttpEvent[], requestsPerMinute = 120) {
  return createHttpClient({
    side: 'source',
    platform: 'Acme',
    baseUrl: 'https://acme.example/',
    budget: {requestsPerMinute},
    headers: {retryAfter: 'retry-after', limit: 'x-rate-limit', remaining: 'x-rate-limit-remaining'},
    authHeaders: {},
    describeError: (status) => `status ${status}`,
    transport,
    onEvent: (event) => events.push(event),
    clock,
  });
}

const perMinute = (stamps: number[], from: number, to: number) => (stamps.filter((at) => at >= from && at < to).length / (to - from)) * 60_000;

test('another app using 40 of 120 a minute: ferry paces to the 80 that remain, with no 429, and takes the whole budget back when it stops', async (t) => {
  const clock = fakeClock();
  // The other app runs until the 4th minute.
  const server = sharedServer(clock, 120, (at) => (at < 240_000 ? 40 : 0));
  const events: HttpEvent[] = [];
  const http = client(clock, server.transport, events);
  while (clock.now() < 420_000) await http.request({method: 'GET', url: '/x'});
  t.is(server.refused(), 0, 'no 429 from the server');
  const shared = perMinute(server.ours, 120_000, 240_000);
  t.true(shared >= 0.95 * 80 && shared <= 80.5, `${shared}/min while the other app used 40 of 120`);
  const alone = perMinute(server.ours, 330_000, 420_000);
  t.true(alone >= 0.95 * 120, `${alone}/min once the budget is ferry's again`);
  const said = events.filter((event): event is Extract<HttpEvent, {type: 'shared_budget'}> => event.type === 'shared_budget');
  t.true(said.some((event) => event.othersPerMinute >= 38 && event.othersPerMinute <= 42 && event.requestsPerMinute <= 82), JSON.stringify(said));
  t.is(said.at(-1)?.othersPerMinute, 0);
});

test('a lower limit of ferry\'s own leaves room: others are paced around only past it', async (t) => {
  const clock = fakeClock();
  const server = sharedServer(clock, 120, () => 30);
  const http = client(clock, server.transport, [], 60);
  while (clock.now() < 240_000) await http.request({method: 'GET', url: '/x'});
  t.is(server.refused(), 0);
  // 120 - 30 = 90 remain, above ferry's own 60: ferry keeps its 60.
  const rate = perMinute(server.ours, 120_000, 240_000);
  t.true(rate >= 0.95 * 60 && rate <= 60.5, `${rate}/min`);
});
