// Connection failures in words an operator can act on: the wrong scheme, a closed
// port, an unknown host, an untrusted certificate; and a connection test that says
// so at once while a run keeps retrying. Servers are on loopback only.
import test from 'ava';
import http from 'node:http';
import net from 'node:net';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describeNetworkError} from '../source/platform/network-errors.js';
import {createHttpClient} from '../source/platform/http-client.js';
import type {Transport} from '../source/contracts/http.js';
import {HttpRecordError, RunStopError} from '../source/contracts/errors.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents, type EndpointDraft} from '../source/app/console/intents.js';
import type {Clock} from '../source/platform/rate-gate.js';

const secret = 'tok-s3cr3t-0123456789';

async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A loopback port that was open a moment ago and is closed now: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function fakeClock(): Clock & {slept: number[]} {
  let now = 0;
  const slept: number[] = [];
  return {slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms))};
}

const codeError = (code: string, message: string) => Object.assign(new Error(message), {code});

function client(options: {baseUrl: string; transport?: Transport; failFastOnUnreachable?: boolean; clock?: Clock}) {
  return createHttpClient({
    side: 'source',
    platform: 'Acme',
    baseUrl: options.baseUrl,
    budget: {requestsPerMinute: Infinity},
    headers: {retryAfter: 'retry-after'},
    authHeaders: {authorization: `Bearer ${secret}`},
    describeError: (status) => `status ${status}`,
    clock: options.clock ?? fakeClock(),
    transport: options.transport,
    failFastOnUnreachable: options.failFastOnUnreachable,
  });
}

/**
 * The console's Connect test for a Zendesk source at `url`, with its result and the pauses its
 * client took (on a clock the test owns: a retry's backoff shows there, however busy the machine).
 */
async function connectTest(t: {teardown(fn: () => void): void}, url: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-connect-'));
  const store = createStore(undefined, 0);
  const clock = fakeClock();
  const intents = createIntents(store, {env: {...process.env, FERRY_HOME: dir}, cwd: dir, pollMs: 50, clock});
  t.teardown(() => intents.stopFollowing());
  const draft: EndpointDraft = {platform: 'zendesk', url, tier: 'professional', authKind: 'token', values: {email: 'admin@acme.test'}, secrets: {apiToken: secret}};
  await intents.testConnection('source', draft);
  return {slept: clock.slept, check: store.getState().connection.source};
}

test('https to a plain-HTTP port says so and names the http:// URL, not the OpenSSL error', async (t) => {
  const server = http.createServer((_request, response) => response.end('{}'));
  const port = await listen(server);
  t.teardown(() => server.close());
  const error = await t.throwsAsync(client({baseUrl: `https://127.0.0.1:${port}`}).request({method: 'GET', url: '/api/me'}), {instanceOf: RunStopError});
  t.is(error!.message, `Acme: the server at https://127.0.0.1:${port} speaks plain HTTP, not HTTPS: use http://127.0.0.1:${port}`);
  t.regex(error!.hint, new RegExp(`Change the source URL to http://127\\.0\\.0\\.1:${port}`));
  t.notRegex(`${error!.message} ${error!.hint}`, /wrong version number|ssl3|EPROTO/);
});

test('a connection test against a closed port fails at once (no retry, no backoff) and says nothing listens there', async (t) => {
  const port = await closedPort();
  const {slept, check} = await connectTest(t, `http://127.0.0.1:${port}`);
  t.deepEqual(slept, [], 'said at once: no retry, no backoff');
  t.is(check.state, 'failed');
  t.is(check.problems.length, 1);
  t.regex(check.problems[0]!, new RegExp(`nothing listens at 127\\.0\\.0\\.1:${port} \\(connection refused, ECONNREFUSED\\)`));
  t.regex(check.problems[0]!, /Check the source URL .* and that the server is running/);
  t.false(check.problems[0]!.includes(secret));
});

test('a plain-HTTP request answered "sent to HTTPS port" says to use https', async (t) => {
  // What nginx answers on a TLS port to a plain-HTTP request.
  const server = http.createServer((_request, response) => {
    response.writeHead(400, {'content-type': 'text/html'});
    response.end('<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body></body></html>');
  });
  const port = await listen(server);
  t.teardown(() => server.close());
  const {check} = await connectTest(t, `http://127.0.0.1:${port}`);
  t.is(check.state, 'failed');
  t.regex(check.problems[0]!, new RegExp(`400 the server at http://127\\.0\\.0\\.1:${port} speaks HTTPS, not plain HTTP: use https://127\\.0\\.0\\.1:${port}`));
});

test('fail-fast stops at once on an unreachable server; without it the run still retries', async (t) => {
  const refused = () => {
    const transport: Transport = async () => {
      throw codeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9');
    };
    return transport;
  };
  const fastClock = fakeClock();
  const fast = await t.throwsAsync(client({baseUrl: 'http://127.0.0.1:9', transport: refused(), clock: fastClock, failFastOnUnreachable: true}).request({method: 'GET', url: '/x'}), {instanceOf: RunStopError});
  t.is(fast!.message, 'Acme: nothing listens at 127.0.0.1:9 (connection refused, ECONNREFUSED)');
  t.deepEqual(fastClock.slept, [], 'no retry, no backoff');

  const runClock = fakeClock();
  await t.throwsAsync(client({baseUrl: 'http://127.0.0.1:9', transport: refused(), clock: runClock}).request({method: 'GET', url: '/x'}), {instanceOf: RunStopError, message: /nothing listens at 127\.0\.0\.1:9/});
  t.is(runClock.slept.length, 5, 'a run retries as before');

  // A reset may come after the server applied the request: even a connection test retries it.
  let calls = 0;
  const resetThenOk: Transport = async (request) => {
    if (++calls === 1) throw codeError('ECONNRESET', 'socket hang up');
    return {status: 200, headers: {}, body: {ok: true}, url: request.absoluteUrl};
  };
  t.deepEqual((await client({baseUrl: 'http://127.0.0.1:9', transport: resetThenOk, failFastOnUnreachable: true}).request({method: 'GET', url: '/x'})).body, {ok: true});
});

test('a reset that keeps failing names the server and, on http://, suggests https', async (t) => {
  const transport: Transport = async () => {
    throw codeError('ECONNRESET', 'socket hang up');
  };
  const error = await t.throwsAsync(client({baseUrl: 'http://127.0.0.1:8443', transport}).request({method: 'GET', url: '/x'}), {instanceOf: HttpRecordError});
  t.regex(error!.message, /the server at http:\/\/127\.0\.0\.1:8443 closed the connection without an answer \(ECONNRESET\); if it speaks HTTPS, use https:\/\/127\.0\.0\.1:8443/);
});

test('unknown host, DNS down and certificate errors are named, and verification stays on', (t) => {
  const at = (url: string) => ({url, side: 'target'});
  const notFound = describeNetworkError(codeError('ENOTFOUND', 'getaddrinfo ENOTFOUND acme.zendesk.test'), at('https://acme.zendesk.test/api/v2/users/me.json'));
  t.deepEqual([notFound.message, notFound.permanent], ['no such host: acme.zendesk.test (ENOTFOUND)', true]);
  t.regex(notFound.hint, /spelling of the target URL https:\/\/acme\.zendesk\.test/);
  const dnsDown = describeNetworkError(codeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN acme.zendesk.test'), at('https://acme.zendesk.test/x'));
  t.regex(dnsDown.message, /acme\.zendesk\.test could not be looked up: DNS did not answer \(EAI_AGAIN\)/);
  t.true(dnsDown.permanent);

  const selfSigned = describeNetworkError(codeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), at('https://rt.acme.test/REST/2.0/'));
  t.is(selfSigned.message, 'the TLS certificate of https://rt.acme.test cannot be verified: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT); ferry keeps TLS verification on');
  t.regex(selfSigned.hint, /NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/);
  const expired = describeNetworkError(codeError('CERT_HAS_EXPIRED', 'certificate has expired'), at('https://rt.acme.test/'));
  t.regex(expired.hint, /Renew the server's certificate/);
  const wrongName = describeNetworkError(codeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), at('https://rt.acme.test/'));
  t.regex(wrongName.hint, /host name the certificate was issued for in the target URL/);
  for (const described of [selfSigned, expired, wrongName]) {
    t.true(described.permanent);
    // Never advise turning verification off.
    t.notRegex(`${described.message} ${described.hint}`, /NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized|insecure|disable/i);
  }

  // Plain http is only allowed to this machine, so a remote server is not told to use http://.
  const remote = describeNetworkError(codeError('EPROTO', 'write EPROTO 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl3_record.c:350:'), at('https://help.acme.test:8080/api'));
  t.regex(remote.message, /the server at https:\/\/help\.acme\.test:8080 speaks plain HTTP, not HTTPS: use its HTTPS address/);
  t.notRegex(remote.message, /http:\/\/help/);
  const handshake = describeNetworkError(codeError('EPROTO', 'write EPROTO 80:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1605:'), at('https://help.acme.test/api'));
  t.is(handshake.message, 'the TLS handshake with https://help.acme.test failed: sslv3 alert handshake failure (EPROTO)');

  const timeout = describeNetworkError(Object.assign(codeError('ETIMEDOUT', "Timeout awaiting 'request' for 120000ms"), {name: 'TimeoutError'}), at('https://help.acme.test/api'));
  t.deepEqual([timeout.message, timeout.permanent], ['the server at https://help.acme.test did not answer in time (ETIMEDOUT)', false]);
});

test('a secret in an unexpected error never reaches the message', async (t) => {
  const transport: Transport = async () => {
    throw codeError('EWEIRD', `something odd with Bearer ${secret}`);
  };
  const error = await t.throwsAsync(client({baseUrl: 'https://acme.test', transport}).request({method: 'GET', url: '/x'}), {instanceOf: RunStopError});
  t.regex(error!.message, /request to https:\/\/acme\.test failed \(EWEIRD: something odd with/);
  t.false(error!.message.includes(secret));
});
