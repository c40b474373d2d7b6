import test from 'ava';
import {classifyStatus, createHttpClient} from '../source/platform/http-client.js';
import type {Transport} from '../source/contracts/http.js';
import {HttpRecordError, RunStopError} from '../source/contracts/errors.js';
import type {Clock} from '../source/platform/rate-gate.js';

function fakeClock(): Clock & {slept: number[]} {
  let now = 0;
  const slept: number[] = [];
  return {slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms))};
}

function client(responses: Array<{status: number; headers?: Record<string, string>; body?: unknown} | Error>, clock = fakeClock()) {
  const seen: string[] = [];
  const transport: Transport = async (request) => {
    seen.push(`${request.method} ${request.absoluteUrl} auth=${request.headers.authorization}`);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return {status: next.status, headers: next.headers ?? {}, body: next.body, url: request.absoluteUrl};
  };
  const http = createHttpClient({
    side: 'source',
    platform: 'Acme',
    baseUrl: 'https://acme.example',
    budget: {requestsPerMinute: Infinity},
    headers: {retryAfter: 'retry-after', limit: 'x-rate-limit'},
    authHeaders: {authorization: 'Bearer s3cr3t-token'},
    describeError: (status, body) => (body as {error?: string})?.error ?? `status ${status}`,
    clock,
    transport,
  });
  return {http, seen, clock};
}

test('the status table', (t) => {
  t.is(classifyStatus(200), 'success');
  t.is(classifyStatus(401), 'stop_run');
  t.is(classifyStatus(403), 'stop_run');
  t.is(classifyStatus(404), 'fail_record');
  t.is(classifyStatus(422), 'fail_record');
  t.is(classifyStatus(429), 'rate_limited');
  t.is(classifyStatus(503), 'retry');
  t.is(classifyStatus(409), 'retry');
});

test('429 waits exactly Retry-After and then succeeds, without using up attempts', async (t) => {
  const {http, clock} = client([{status: 429, headers: {'retry-after': '7'}}, {status: 429, headers: {'retry-after': '3'}}, {status: 200, body: {ok: true}}]);
  const response = await http.request({method: 'GET', url: '/things'});
  t.deepEqual(response.body, {ok: true});
  t.is(clock.now(), 10_000);
});

test('transient 5xx retries with backoff, then fails the record with the platform message', async (t) => {
  const {http, clock} = client(Array.from({length: 6}, () => ({status: 503, body: {error: 'Service Unavailable'}})));
  const error = await t.throwsAsync(http.request({method: 'GET', url: '/x', what: 'ticket 5'}), {instanceOf: HttpRecordError});
  t.regex(error!.message, /ticket 5: Acme answered 503 Service Unavailable \(after 6 attempts\)/);
  t.is(clock.slept.length, 5);
  t.true(clock.slept.every((ms, i) => ms >= 1000 * 2 ** i && ms < 1000 * 2 ** i + 250));
});

test('401 stops the run and says what to fix; the secret never appears', async (t) => {
  const {http} = client([{status: 401, body: {error: 'Bad token s3cr3t-token'}}]);
  const error = await t.throwsAsync(http.request({method: 'GET', url: '/me'}), {instanceOf: RunStopError});
  t.regex(error!.hint, /credentials were rejected/);
  t.false(error!.message.includes('s3cr3t-token'));
});

test('a validation error fails only the record', async (t) => {
  const {http} = client([{status: 422, body: {error: 'Email: is invalid'}}]);
  await t.throwsAsync(http.request({method: 'POST', url: '/users', json: {}}), {instanceOf: HttpRecordError, message: /422 Email: is invalid/});
});

test('accepted statuses are answers, and connection resets retry', async (t) => {
  const reset = Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'});
  const {http} = client([reset, {status: 404, body: {}}]);
  const response = await http.request({method: 'GET', url: '/users/9', accept: [404]});
  t.is(response.status, 404);
});

test('a Retry-After longer than the cap stops the run, resumable later', async (t) => {
  const {http} = client([{status: 429, headers: {'retry-after': '7200'}}]);
  await t.throwsAsync(http.request({method: 'GET', url: '/x'}), {instanceOf: RunStopError, message: /asked to wait 120 minutes/});
});

test('a 429 never uses up an attempt: more 429s than attempts still end in success', async (t) => {
  const clock = fakeClock();
  const responses = [{status: 429, headers: {'retry-after': '1'}}, {status: 429, headers: {'retry-after': '1'}}, {status: 429, headers: {'retry-after': '1'}}, {status: 503}, {status: 200, body: {ok: true}}];
  const transport: Transport = async (request) => {
    const next = responses.shift()!;
    return {status: next.status, headers: next.headers ?? {}, body: next.body, url: request.absoluteUrl};
  };
  const http = createHttpClient({side: 'source', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity}, headers: {retryAfter: 'retry-after'}, authHeaders: {}, describeError: () => 'x', clock, transport, maxAttempts: 2});
  const response = await http.request({method: 'GET', url: '/x'});
  t.deepEqual(response.body, {ok: true});
  t.is(responses.length, 0);
});

test('the status table is data: the first rule that matches decides, and a connector\'s rules come first', async (t) => {
  const {STATUS_TABLE} = await import('../source/platform/http-client.js');
  t.is(classifyStatus(409, {method: 'POST'}), 'fail_record', 'a create that exists is not retried');
  t.is(classifyStatus(409, {method: 'PUT'}), 'retry', 'an edit conflict is retried');
  t.is(classifyStatus(502), 'retry');
  t.is(classifyStatus(418), 'fail_record', 'what no rule covers fails the record');
  const rules = [{status: 400, endpoint: 'uploads', action: 'retry' as const}, ...STATUS_TABLE];
  t.is(classifyStatus(400, {method: 'POST', endpoint: 'uploads'}, rules), 'retry');
  t.is(classifyStatus(400, {method: 'POST', endpoint: 'tickets'}, rules), 'fail_record', 'only on its endpoint');
  // Through the client: a connector's rule turns a 400 into a retry.
  const clock = fakeClock();
  const responses = [{status: 400}, {status: 200, body: {ok: 1}}];
  const http = createHttpClient({side: 'target', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity}, headers: {retryAfter: 'retry-after'}, authHeaders: {}, describeError: () => 'x', clock, statusRules: [{status: 400, endpoint: 'uploads', action: 'retry'}], transport: async (request) => ({...responses.shift()!, headers: {}, url: request.absoluteUrl, body: {ok: 1}})});
  t.deepEqual((await http.request({method: 'GET', url: '/u', endpoint: 'uploads'})).body, {ok: 1});
});
