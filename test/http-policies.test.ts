// The HTTP layer's policies one by one, each written so that changing the policy fails it
// (found by the mutation score, bench/mutation.ts): which writes may be sent again, the
// edges of the status table, plan-gated features, OAuth renewal, the live limit,
// Retry-After as a date, waits capped, and the customBudget arithmetic.
import test from 'ava';
import {backoffMs, classifyStatus, createHttpClient, isRepeatable, type HttpClientOptions} from '../source/platform/http-client.js';
import {customBudget} from '../source/platform/budget.js';
import type {HttpEvent, Transport} from '../source/contracts/http.js';
import {CancelledError, FeatureUnavailableError, HttpRecordError, PossiblyAppliedError, RunStopError} from '../source/contracts/errors.js';
import type {Clock} from '../source/platform/rate-gate.js';

type Answer = {status: number; headers?: Record<string, string>; body?: unknown} | Error;

function fakeClock(start = 0): Clock & {slept: number[]} {
  let now = start;
  const slept: number[] = [];
  return {slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms))};
}

function client(answers: Answer[], options: Partial<HttpClientOptions> = {}) {
  const clock = (options.clock as ReturnType<typeof fakeClock>) ?? fakeClock();
  const sent: Array<{url: string; headers: Record<string, string>}> = [];
  const events: HttpEvent[] = [];
  const transport: Transport = async (request) => {
    sent.push({url: request.absoluteUrl, headers: request.headers});
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return {status: next.status, headers: next.headers ?? {}, body: next.body, url: request.absoluteUrl};
  };
  const http = createHttpClient({
    side: 'target',
    platform: 'Acme',
    baseUrl: 'https://acme.example/',
    budget: {requestsPerMinute: Infinity},
    headers: {retryAfter: 'retry-after', limit: 'x-rate-limit'},
    authHeaders: {authorization: 'Bearer s3cr3t-token'},
    describeError: (status) => `status ${status}`,
    transport,
    onEvent: (event) => events.push(event),
    ...options,
    clock,
  });
  return {http, sent, events, clock, answers};
}

const networkError = (code: string) => Object.assign(new Error(`boom ${code}`), {code});

test('only GET-like requests are sent again by default; a request may say otherwise', (t) => {
  for (const method of ['GET', 'PUT', 'DELETE'] as const) t.true(isRepeatable({method}), method);
  for (const method of ['POST', 'PATCH'] as const) t.false(isRepeatable({method}), method);
  t.true(isRepeatable({method: 'POST', repeatable: true}));
  t.false(isRepeatable({method: 'GET', repeatable: false}));
});

test('the edges of the status table: 2xx is success, 3xx is not; 408 and 423 retry; 409 on a create fails', (t) => {
  t.is(classifyStatus(299), 'success');
  t.is(classifyStatus(300), 'fail_record');
  t.is(classifyStatus(199), 'fail_record');
  t.is(classifyStatus(408), 'retry');
  t.is(classifyStatus(423), 'retry');
  t.is(classifyStatus(500), 'retry');
  t.is(classifyStatus(599), 'retry');
  t.is(classifyStatus(600), 'fail_record');
  t.is(classifyStatus(409), 'retry', 'no request known: not a write');
  t.is(classifyStatus(409, {method: 'POST', repeatable: true}), 'retry', 'a create marked repeatable is sent again');
  t.is(classifyStatus(409, {method: 'PATCH'}), 'fail_record');
  // An endpoint rule does not apply without the endpoint.
  t.is(classifyStatus(400, {method: 'GET'}, [{status: 400, endpoint: 'uploads', action: 'retry'}]), 'fail_record');
});

test('a write that failed with a 5xx may have been applied: no second send, PossiblyAppliedError', async (t) => {
  const {http, sent} = client([{status: 502}, {status: 200}]);
  const error = await t.throwsAsync(http.request({method: 'POST', url: '/tickets', what: 'ticket 7'}), {instanceOf: PossiblyAppliedError});
  t.is(sent.length, 1);
  t.is(error!.status, 502);
  t.regex(error!.message, /^ticket 7: Acme answered 502 status 502$/);
});

test('a write whose connection broke after sending may have been applied; one never sent is sent again', async (t) => {
  const reset = client([networkError('ECONNRESET'), {status: 201}]);
  await t.throwsAsync(reset.http.request({method: 'POST', url: '/tickets'}), {instanceOf: PossiblyAppliedError});
  t.is(reset.sent.length, 1);
  // Refused: the request never reached the server, so sending it again is safe.
  const refused = client([networkError('ECONNREFUSED'), {status: 201, body: {id: 1}}]);
  t.deepEqual((await refused.http.request({method: 'POST', url: '/tickets'})).body, {id: 1});
  t.is(refused.sent.length, 2);
  t.deepEqual(refused.events.filter((e) => e.type === 'retry').map((e) => (e as {attempt: number}).attempt), [1]);
  t.is(refused.clock.slept.length, 1);
  t.true(refused.clock.slept[0]! >= 1000 && refused.clock.slept[0]! < 1250);
});

test('network failures: unknown codes stop the run; retried ones end in a record failure, or a stop when never sent', async (t) => {
  const odd = client([networkError('EWEIRD')]);
  await t.throwsAsync(odd.http.request({method: 'GET', url: '/x'}), {instanceOf: RunStopError});
  t.is(odd.sent.length, 1);
  const timeout = client([Object.assign(new Error('timed out'), {name: 'TimeoutError'}), {status: 200, body: 'ok'}]);
  t.is((await timeout.http.request({method: 'GET', url: '/x'})).body, 'ok');
  const resets = client(Array.from({length: 3}, () => networkError('ECONNRESET')), {maxAttempts: 3});
  const failed = await t.throwsAsync(resets.http.request({method: 'GET', url: '/x'}), {instanceOf: HttpRecordError});
  t.false(failed instanceof RunStopError);
  t.regex(failed!.message, /did not answer after 3 attempts/);
  t.is(resets.sent.length, 3);
  const refused = client(Array.from({length: 3}, () => networkError('ECONNREFUSED')), {maxAttempts: 3});
  await t.throwsAsync(refused.http.request({method: 'GET', url: '/x'}), {instanceOf: RunStopError});
  t.is(refused.sent.length, 3);
  // Fail fast (connection tests): a refused connection stops at the first try.
  const fast = client([networkError('ECONNREFUSED'), {status: 200}], {failFastOnUnreachable: true});
  await t.throwsAsync(fast.http.request({method: 'GET', url: '/x'}), {instanceOf: RunStopError});
  t.is(fast.sent.length, 1);
});

test('a plan-gated feature: 403 anywhere or 404 to a GET skips its records; other endpoints and statuses are not gated', async (t) => {
  const gates = {featureGates: {'help_center.articles': 'Help Center'}};
  const forbidden = client([{status: 403}], gates);
  const error = await t.throwsAsync(forbidden.http.request({method: 'POST', url: '/hc/articles', endpoint: 'help_center.articles'}), {instanceOf: FeatureUnavailableError});
  t.regex(error!.message, /^Help Center is not available on the target account \(Acme answered 403/);
  await t.throwsAsync(client([{status: 404}], gates).http.request({method: 'GET', url: '/hc', endpoint: 'help_center.articles'}), {instanceOf: FeatureUnavailableError});
  // A 404 to a write is that record's problem, not the plan's.
  const write404 = await t.throwsAsync(client([{status: 404}], gates).http.request({method: 'PUT', url: '/hc/1', endpoint: 'help_center.articles'}), {instanceOf: HttpRecordError});
  t.false(write404 instanceof FeatureUnavailableError);
  // Another endpoint's 403 stops the run as any 403 does.
  await t.throwsAsync(client([{status: 403}], gates).http.request({method: 'GET', url: '/tickets', endpoint: 'tickets'}), {instanceOf: RunStopError});
  const other = await t.throwsAsync(client([{status: 500}], {...gates, maxAttempts: 1}).http.request({method: 'GET', url: '/hc', endpoint: 'help_center.articles'}), {instanceOf: HttpRecordError});
  t.false(other instanceof FeatureUnavailableError);
});

test('403 stops the run naming the missing rights, not the credentials', async (t) => {
  const error = await t.throwsAsync(client([{status: 403}]).http.request({method: 'DELETE', url: '/users/3'}), {instanceOf: RunStopError});
  t.regex(error!.hint, /lacks the rights for DELETE \/users\/3/);
  t.regex(error!.message, /^Acme: 403 status 403$/);
});

test('an expired OAuth token is renewed once on a 401 and the request sent again with the new headers', async (t) => {
  let token = 'old-access-token';
  const refreshed: Array<Record<string, string>> = [];
  const authorizer = {
    headers: async () => ({authorization: `Bearer ${token}`}),
    refresh: async (rejected: Record<string, string>) => (refreshed.push(rejected), (token = `new-access-token-${refreshed.length}`), true),
  };
  const once = client([{status: 401}, {status: 200, body: 'ok'}], {authorizer, maxAttempts: 1});
  t.is((await once.http.request({method: 'GET', url: '/me'})).body, 'ok', 'the renewal does not use up the only attempt');
  t.deepEqual(refreshed, [{authorization: 'Bearer old-access-token'}]);
  t.deepEqual(once.sent.map((s) => s.headers.authorization), ['Bearer old-access-token', 'Bearer new-access-token-1']);
  // A second 401 is a real refusal; the renewed token is masked in the message.
  const twice = client([{status: 401, body: 'x'}, {status: 401}], {authorizer, describeError: () => `bad ${token}`});
  const error = await t.throwsAsync(twice.http.request({method: 'GET', url: '/me'}), {instanceOf: RunStopError});
  t.is(refreshed.length, 2);
  t.false(error!.message.includes(token), error!.message);
  // Nothing to renew: the first 401 stops the run.
  const none = client([{status: 401}, {status: 200}], {authorizer: {headers: authorizer.headers, refresh: async () => false}});
  await t.throwsAsync(none.http.request({method: 'GET', url: '/me'}), {instanceOf: RunStopError});
  t.is(none.sent.length, 1);
});

test('the account\'s live limit slows the pace only when lower than the tier, and is announced once', async (t) => {
  const clock = fakeClock();
  const limited = {status: 200, headers: {'x-rate-limit': '60'}};
  const {http, events} = client([limited, limited, {status: 200, headers: {'x-rate-limit': '6000'}}, {status: 200, headers: {'x-rate-limit': 'abc'}}, limited], {budget: {requestsPerMinute: 700}, clock});
  for (let i = 0; i < 5; i++) await http.request({method: 'GET', url: '/x'});
  t.deepEqual(events.filter((e) => e.type === 'live_limit'), [{type: 'live_limit', side: 'target', requestsPerMinute: 60}]);
  // Five starts: 60/min apart from the second on (the first two were paced at 700/min).
  t.true(clock.now() > 3 * 1000 && clock.now() < 3 * 1010 + 100, `${clock.now()}`);
  t.deepEqual(events.filter((e) => e.type === 'request').length, 5);
});

test('Retry-After as an HTTP date waits until then; a date in the past does not wait; no header backs off', async (t) => {
  const start = Date.parse('2030-01-01T00:00:00Z');
  const dated = client([{status: 429, headers: {'retry-after': new Date(start + 42_000).toUTCString()}}, {status: 200}], {clock: fakeClock(start)});
  await dated.http.request({method: 'GET', url: '/x'});
  t.deepEqual(dated.clock.slept, [42_000]);
  const rateWait = dated.events.find((e) => e.type === 'rate_wait') as {untilMs: number; reason: string};
  t.is(rateWait.untilMs, start + 42_000);
  t.is(rateWait.reason, 'status 429');
  const past = client([{status: 429, headers: {'retry-after': new Date(start - 5000).toUTCString()}}, {status: 200}], {clock: fakeClock(start)});
  await past.http.request({method: 'GET', url: '/x'});
  t.deepEqual(past.clock.slept, []);
  const negative = client([{status: 429, headers: {'retry-after': '-3'}}, {status: 200}]);
  await negative.http.request({method: 'GET', url: '/x'});
  t.deepEqual(negative.clock.slept, []);
  const bare = client([{status: 429}, {status: 200}]);
  await bare.http.request({method: 'GET', url: '/x'});
  t.is(bare.clock.slept.length, 1);
  t.true(bare.clock.slept[0]! >= 1000 && bare.clock.slept[0]! < 1250);
  // The platform's own header name is read first (here X-Wait), the standard one otherwise.
  const own = client([{status: 429, headers: {'x-wait': '4', 'retry-after': '9'}}, {status: 200}], {headers: {retryAfter: 'X-Wait'}});
  await own.http.request({method: 'GET', url: '/x'});
  t.deepEqual(own.clock.slept, [4000]);
});

test('a retried 5xx waits the longer of Retry-After and the backoff, never past the cap', async (t) => {
  const slow = client([{status: 503, headers: {'retry-after': '30'}}, {status: 200}]);
  await slow.http.request({method: 'GET', url: '/x'});
  t.deepEqual(slow.clock.slept, [30_000]);
  const capped = client([{status: 503, headers: {'retry-after': '30'}}, {status: 200}], {maxRetryAfterMs: 5000});
  await capped.http.request({method: 'GET', url: '/x'});
  t.deepEqual(capped.clock.slept, [5000]);
  const retry = slow.events.find((e) => e.type === 'retry') as {attempt: number; reason: string};
  t.deepEqual(retry, {type: 'retry', side: 'target', attempt: 1, reason: '503 status 503'});
  // Exactly at the cap still waits; above it stops.
  const atCap = client([{status: 429, headers: {'retry-after': '5'}}, {status: 200}], {maxRetryAfterMs: 5000});
  await atCap.http.request({method: 'GET', url: '/x'});
  t.deepEqual(atCap.clock.slept, [5000]);
});

test('backoff doubles from one second and stops growing at a minute', (t) => {
  for (const [attempt, base] of [[1, 1000], [2, 2000], [3, 4000], [7, 60_000], [12, 60_000]] as const) {
    const ms = backoffMs(attempt);
    t.true(ms >= base && ms < base + 250, `attempt ${attempt}: ${ms}`);
  }
});

test('relative URLs join the base URL without a double slash; absolute ones are sent as they are', async (t) => {
  const {http, sent} = client([{status: 200}, {status: 200}]);
  await http.request({method: 'GET', url: '/api/v2/x'});
  await http.request({method: 'GET', url: 'https://cdn.example/file'});
  t.deepEqual(sent.map((s) => s.url), ['https://acme.example/api/v2/x', 'https://cdn.example/file']);
});

test('a cancelled run stops waiting at once', async (t) => {
  const controller = new AbortController();
  const clock: Clock = {now: () => 0, sleep: () => new Promise(() => {})};
  const {http} = client([{status: 503}, {status: 200}], {clock, signal: controller.signal});
  const pending = http.request({method: 'GET', url: '/x'});
  setTimeout(() => controller.abort(), 20);
  await t.throwsAsync(pending, {instanceOf: CancelledError});
  const already = client([{status: 200}], {signal: AbortSignal.abort()});
  await t.throwsAsync(already.http.request({method: 'GET', url: '/x'}), {instanceOf: CancelledError});
  t.is(already.sent.length, 0);
});

test('a custom account limit scales the tier\'s sub-limits in proportion and keeps the rest', (t) => {
  const tier = {requestsPerMinute: 700, endpoints: {search: 100, 'tickets.update': 350}, concurrency: 4};
  t.deepEqual(customBudget(tier, 350), {requestsPerMinute: 350, endpoints: {search: 50, 'tickets.update': 175}, concurrency: 4});
  t.deepEqual(customBudget(tier, 1400).endpoints, {search: 200, 'tickets.update': 700});
  // No published tier limit: the sub-limits stay as they are.
  t.deepEqual(customBudget({requestsPerMinute: Infinity, endpoints: {search: 10}}, 500), {requestsPerMinute: 500, endpoints: {search: 10}});
  const plain = customBudget({requestsPerMinute: 100}, 50);
  t.deepEqual(plain, {requestsPerMinute: 50});
  t.false('endpoints' in plain);
});

test('what each request carries: the auth headers under the request\'s own, the timeout; what it reports', async (t) => {
  const seen: Array<{headers: Record<string, string>; timeoutMs: number}> = [];
  const events: HttpEvent[] = [];
  const make = (timeoutMs?: number) =>
    createHttpClient({side: 'source', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity}, headers: {retryAfter: 'retry-after'}, authHeaders: {authorization: 'Bearer t0k3n-1234', 'x-account': 'a'}, describeError: () => 'x', clock: fakeClock(), timeoutMs, onEvent: (e) => events.push(e), transport: async (request) => (seen.push({headers: request.headers, timeoutMs: request.timeoutMs}), {status: 204, headers: {}, body: undefined, url: request.absoluteUrl})});
  await make().request({method: 'GET', url: '/x', headers: {'x-account': 'b', accept: 'application/json'}, endpoint: 'things'});
  await make(5000).request({method: 'GET', url: '/x'});
  t.deepEqual(seen[0]!.headers, {authorization: 'Bearer t0k3n-1234', 'x-account': 'b', accept: 'application/json'});
  t.is(seen[0]!.timeoutMs, 120_000);
  t.is(seen[1]!.timeoutMs, 5000);
  t.deepEqual(events[0], {type: 'request', side: 'source', status: 204, method: 'GET', endpoint: 'things'});
});

test('requests in flight at once are capped by the budget\'s concurrency (8 when it says nothing)', async (t) => {
  const peak = async (concurrency?: number) => {
    let inFlight = 0;
    let most = 0;
    const http = createHttpClient({side: 'source', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity, concurrency}, headers: {retryAfter: 'retry-after'}, authHeaders: {}, describeError: () => 'x', clock: fakeClock(), transport: async (request) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return {status: 200, headers: {}, body: undefined, url: request.absoluteUrl};
    }});
    await Promise.all(Array.from({length: 20}, () => http.request({method: 'GET', url: '/x'})));
    return most;
  };
  t.is(await peak(2), 2);
  t.is(await peak(), 8);
});

test('secrets never reach a message: the token, the Basic pair\'s password, and the extra secrets named', async (t) => {
  const basic = `Basic ${Buffer.from('admin@acme.test:pa55word-xyz').toString('base64')}`;
  const http = createHttpClient({side: 'source', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity}, headers: {retryAfter: 'retry-after'}, authHeaders: {authorization: basic}, secrets: ['extra-s3cret'], describeError: () => `echo pa55word-xyz extra-s3cret ${basic}`, clock: fakeClock(), maxAttempts: 1, transport: async (request) => ({status: 422, headers: {}, body: undefined, url: request.absoluteUrl})});
  const error = await t.throwsAsync(http.request({method: 'GET', url: '/x'}), {instanceOf: HttpRecordError});
  for (const secret of ['pa55word-xyz', 'extra-s3cret', basic.split(' ')[1]!]) t.false(error!.message.includes(secret), `${secret} in ${error!.message}`);
});
