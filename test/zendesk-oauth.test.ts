// OAuth with refresh tokens against the emulator, whose access tokens here live a minute of a
// clock the test moves: a long migration renews dozens of times, before expiry and after a 401, keeps the
// rotated tokens only in the 0600 credential store, and a later run continues the chain.
import test from 'ava';
import {mkdtempSync, readFileSync, readdirSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {tokenStoreName, zendeskAuthorizer} from '../connectors/zendesk/oauth.js';
import {startFreshdeskEmulator} from '../connectors/freshdesk/emulator.js';
import type {RunningEmulator, TokenStore} from '../source/contracts/connector.js';
import {emulatorEndpoint} from '../source/app/demo.js';
import {openSide} from '../source/app/sides.js';
import {RunStopError} from '../source/contracts/errors.js';
import {runMigration} from '../source/app/migration.js';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import {storePath} from '../source/plan/credentials.js';
import {smallAccount} from './zendesk-fixtures.js';

const account = smallAccount();

async function renewals(emulator: RunningEmulator): Promise<number> {
  return ((await (await fetch(`${emulator.url}/__emulator/oauth`)).json()) as {renewals: number}).renewals;
}

function oauthSide(emulator: RunningEmulator, overrides: Record<string, string> = {}) {
  const made = emulatorEndpoint({...emulator, authKind: 'oauth'}, 'zendesk', 'ZD_OAUTH');
  const home = mkdtempSync(path.join(os.tmpdir(), 'ferry-oauth-home-'));
  const env = {...process.env, ...made.env, ...overrides, FERRY_HOME: home};
  return {endpoint: {...made.endpoint, requestsPerMinute: 1_000_000}, env, home};
}

function memoryStore(): TokenStore & {entries: Map<string, string>} {
  const entries = new Map<string, string>();
  return {entries, load: (name) => entries.get(name), save: (name, value) => void entries.set(name, value)};
}

/** A clock the test moves, shared by the emulator (token expiry) and ferry (when to renew, pacing). */
function movedClock() {
  let at = Date.parse('2026-01-05T09:00:00Z');
  return {now: () => at, sleep: async (ms: number) => void (at += ms), advance: (ms: number) => void (at += ms)};
}

test('a long read renews the access token before each expiry, dozens of times; the rotated pair lives only in the 0600 store and the next run continues from it', async (t) => {
  // Tokens live a minute; the read goes on for 20 minutes of the shared clock, half a token's life between reads.
  const clock = movedClock();
  const emulator = await startZendeskEmulator({seed: 'source', account, rateLimit: {off: true}, oauth: {accessTokenMs: 60_000}, now: clock.now});
  t.teardown(() => emulator.close());
  const {endpoint, env, home} = oauthSide(emulator);
  const statuses: number[] = [];
  const side = openSide(endpoint, 'source', {env, clock, onHttp: (event) => void (event.type === 'request' && statuses.push(event.status))});
  const session = side.connector.openSource(side.settings, side.http);
  for (let read = 0; read < 40; read++) {
    clock.advance(30_000);
    for await (const page of session.read('tickets', {filter: {}})) t.true(page.records.length > 0);
  }
  const renewed = await renewals(emulator);
  t.true(renewed >= 20, `renewals: ${renewed}`);
  // Renewed ahead of expiry: the server refused at most the first token, the one the plan gave
  // with no lifetime ferry could know; every token ferry renewed was replaced before it expired.
  const refused = statuses.filter((status) => status === 401).length;
  t.true(refused <= 1, `401 answers: ${refused}`);

  const file = storePath(env);
  t.is(statSync(file).mode & 0o777, 0o600);
  const stored = JSON.parse(JSON.parse(readFileSync(file, 'utf8'))[tokenStoreName(side.settings)]) as {refreshToken: string; accessToken: string};
  t.not(stored.refreshToken, emulator.credentials.refreshToken, 'the refresh token was rotated');
  // Nothing else in the ferry home holds a token.
  for (const name of readdirSync(home)) if (name !== 'credentials.json') t.false(readFileSync(path.join(home, name), 'utf8').includes(stored.accessToken));

  // A second run with the same plan: the plan's refresh token was used up long ago, the stored chain goes on.
  const again = openSide(endpoint, 'source', {env});
  const check = await again.connector.openSource(again.settings, again.http).check();
  t.regex(check.description, /ada@helpdesk\.test/);
});

test('an access token the server refuses (401) is renewed once and the request goes through', async (t) => {
  const emulator = await startZendeskEmulator({seed: 'source', account, rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {endpoint, env} = oauthSide(emulator, {ZD_OAUTH_ACCESSTOKEN: 'revoked-or-expired-token'});
  const side = openSide(endpoint, 'source', {env});
  const check = await side.connector.openSource(side.settings, side.http).check();
  t.regex(check.description, /ada@helpdesk\.test/);
  t.is(await renewals(emulator), 1);
});

test('a refresh token Zendesk refuses stops the run with what to do, and no secret in the message', async (t) => {
  const emulator = await startZendeskEmulator({seed: 'source', account, rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {endpoint, env} = oauthSide(emulator, {ZD_OAUTH_ACCESSTOKEN: 'expired-token-xyz', ZD_OAUTH_REFRESHTOKEN: 'used-up-refresh-token'});
  const side = openSide(endpoint, 'source', {env});
  const error = await t.throwsAsync(side.connector.openSource(side.settings, side.http).check(), {instanceOf: RunStopError});
  t.regex(error!.message, /could not be renewed.*invalid_grant|refresh token is invalid/);
  t.regex(error!.hint, /Authorize ferry's OAuth client again/);
  for (const secret of ['used-up-refresh-token', emulator.credentials.clientSecret!]) t.false(`${error!.message} ${error!.hint}`.includes(secret));
});

test('the refresh grant is the documented request: POST /oauth/tokens with grant_type, refresh_token, client_id, client_secret', async (t) => {
  const sent: Array<{url: string; body: Record<string, string>}> = [];
  let clock = 0;
  const store = memoryStore();
  const authorizer = zendeskAuthorizer(
    {baseUrl: 'https://acme.zendesk.com', authKind: 'oauth', credentials: {clientId: 'ferry', clientSecret: 'client-secret', refreshToken: 'rt-0'}},
    store,
    {
      now: () => clock,
      send: async (url, body) => {
        sent.push({url, body});
        return {status: 200, body: {access_token: `at-${sent.length}`, token_type: 'bearer', expires_in: 1800, refresh_token: `rt-${sent.length}`, refresh_token_expires_in: 2592000}};
      },
    },
  )!;
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer at-1'});
  t.deepEqual(sent[0], {url: 'https://acme.zendesk.com/oauth/tokens', body: {grant_type: 'refresh_token', refresh_token: 'rt-0', client_id: 'ferry', client_secret: 'client-secret'}});
  clock = 20 * 60_000;
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer at-1'}, 'still 10 minutes to go: no renewal');
  clock = 26 * 60_000;
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer at-2'}, 'renewed before it expires');
  t.is(sent[1]!.body.refresh_token, 'rt-1', 'the rotated refresh token is the one used next');
  // Many requests refused at once renew once.
  await Promise.all(Array.from({length: 5}, () => authorizer.refresh({authorization: 'Bearer at-2'})));
  t.is(sent.length, 3);
});

test('a full migration from a Zendesk source on OAuth renews as it goes, and no token reaches the plan or the journal', async (t) => {
  const source = await startZendeskEmulator({seed: 'source', account, rateLimit: {off: true}, oauth: {accessTokenMs: 1000}});
  const target = await startFreshdeskEmulator({seed: 'target', account, rateLimit: {off: true}});
  t.teardown(async () => Promise.all([source.close(), target.close()]));
  // The plan's access token has expired already: the run starts by renewing it.
  const {endpoint, env} = oauthSide(source, {ZD_OAUTH_ACCESSTOKEN: 'an-expired-access-token'});
  const made = emulatorEndpoint(target, 'freshdesk', 'FD');
  const plan = defaultPlan(endpoint, {...made.endpoint, requestsPerMinute: 1_000_000});
  plan.fieldMap.defaults = {Region: 'EMEA'};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-oauth-run-'));
  savePlan(dir, plan);
  const result = await runMigration({dir, mode: 'full', env: {...env, ...made.env}});
  t.is(result.status, 'finished', result.message);
  t.true((await renewals(source)) >= 1);
  const stored = JSON.parse(readFileSync(storePath(env), 'utf8')) as Record<string, string>;
  const chain = JSON.parse(Object.values(stored)[0]!) as {accessToken: string; refreshToken: string};
  for (const name of readdirSync(dir)) {
    const content = readFileSync(path.join(dir, name)).toString('latin1');
    t.false(content.includes(chain.accessToken), `${name} holds the access token`);
    t.false(content.includes(chain.refreshToken), `${name} holds the refresh token`);
  }
});
