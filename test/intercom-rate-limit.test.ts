// Intercom's rate-limit headers count 10-second windows and X-RateLimit-Reset is the Unix time the
// window starts again (docs/platforms/intercom.md, Rate limits). The emulator and ferry share a clock
// the test moves, so "waits until the reset" is a fact about that clock, not about wall time.
import test from 'ava';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {intercomConnector} from '../connectors/intercom/index.js';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpEvent} from '../source/contracts/http.js';

/** Starts on a window's first second, so each test knows how much of the window is left. */
function movedClock() {
  let at = Date.parse('2026-03-02T10:00:00Z');
  return {now: () => at, sleep: async (ms: number) => void (at += Math.max(0, ms))};
}

async function setup() {
  const clock = movedClock();
  // 60 a minute: 10 requests in each 10-second window.
  const emulator = await startIntercomEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 60}, now: clock.now});
  const events: HttpEvent[] = [];
  const http = createHttpClient({
    side: 'target',
    platform: 'Intercom',
    baseUrl: emulator.url,
    // ferry's own pace is no limit here: only the emulator's window is.
    budget: {requestsPerMinute: 1_000_000},
    headers: intercomConnector.rateLimitHeaders,
    authHeaders: intercomConnector.authHeaders({baseUrl: emulator.url, authKind: 'token', credentials: emulator.credentials}),
    describeError: intercomConnector.describeError,
    clock,
    onEvent: (event) => events.push(event),
  });
  /** Another app of the workspace spends `n` of the current window. */
  const otherApp = async (n: number) => {
    for (let i = 0; i < n; i++) await fetch(`${emulator.url}/me`, {headers: {authorization: `Bearer ${emulator.credentials.accessToken}`, 'intercom-version': '2.14'}});
  };
  const statuses = () => events.filter((event): event is Extract<HttpEvent, {type: 'request'}> => event.type === 'request').map((event) => event.status);
  return {clock, emulator, http, events, otherApp, statuses};
}

test('a 429 waits until X-RateLimit-Reset, then goes through: one 429, not one per backoff', async (t) => {
  const {clock, emulator, http, otherApp, statuses} = await setup();
  t.teardown(() => emulator.close());
  const windowEnd = clock.now() + 10_000;
  await otherApp(10);
  const answer = await http.request<{type: string}>({method: 'GET', url: '/me', what: 'the token\'s admin'});
  t.is(answer.body.type, 'admin');
  t.deepEqual(statuses(), [429, 200]);
  t.true(clock.now() >= windowEnd, `sent again ${windowEnd - clock.now()} ms before the reset`);
});

test('another app using most of each window: ferry paces to what remains of the 10-second windows, without a 429', async (t) => {
  const {clock, emulator, http, otherApp, statuses} = await setup();
  t.teardown(() => emulator.close());
  // The other app spends 6 of each window's 10; ferry reads 8 times, across several windows.
  let window = Math.floor(clock.now() / 10_000);
  await otherApp(6);
  for (let i = 0; i < 8; i++) {
    if (Math.floor(clock.now() / 10_000) !== window) {
      window = Math.floor(clock.now() / 10_000);
      await otherApp(6);
    }
    await http.request({method: 'GET', url: '/admins'});
  }
  t.deepEqual(statuses().filter((status) => status !== 200), []);
});

test('X-RateLimit-Limit counts a 10-second window: the live limit is six times it a minute', async (t) => {
  const {emulator, http, events} = await setup();
  t.teardown(() => emulator.close());
  await http.request({method: 'GET', url: '/me'});
  const live = events.find((event): event is Extract<HttpEvent, {type: 'live_limit'}> => event.type === 'live_limit');
  t.is(live?.requestsPerMinute, 60);
});

test('the HTTP layer: a 429 without Retry-After waits exactly until the reset time the platform sent', async (t) => {
  const clock = movedClock();
  const start = clock.now();
  const reset = String(start / 1000 + 7);
  const answers = [
    {status: 429, headers: {'x-ratelimit-reset': reset}, body: {type: 'error.list', errors: [{code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10 in 10_seconds'}]}},
    {status: 200, headers: {}, body: {ok: true}},
  ];
  const sentAt: number[] = [];
  const http = createHttpClient({
    side: 'source',
    platform: 'Intercom',
    baseUrl: 'https://api.intercom.io',
    budget: {requestsPerMinute: 1_000_000},
    headers: intercomConnector.rateLimitHeaders,
    authHeaders: {authorization: 'Bearer x'},
    describeError: intercomConnector.describeError,
    clock,
    transport: async (request) => {
      sentAt.push(clock.now());
      return {...answers.shift()!, url: request.absoluteUrl};
    },
  });
  t.deepEqual((await http.request({method: 'GET', url: '/me'})).body, {ok: true});
  t.deepEqual(sentAt, [start, start + 7000]);
});
