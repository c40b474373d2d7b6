// Intercom OAuth (authKind "oauth"): the authorization code is exchanged once for a token that does not
// expire and comes with no refresh token; the token lives only in the 0600 credential store and later
// runs use it; a token Intercom refuses stops the run with what to do.
import test from 'ava';
import {mkdtempSync, readFileSync, readdirSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {CODE_LIFETIME_MS} from '../connectors/intercom/emulator-oauth.js';
import {intercomAuthorizer, tokenStoreName} from '../connectors/intercom/oauth.js';
import type {RunningEmulator, TokenStore} from '../source/contracts/connector.js';
import {emulatorEndpoint} from '../source/app/demo.js';
import {openSide} from '../source/app/sides.js';
import {RunStopError} from '../source/contracts/errors.js';
import {storePath} from '../source/plan/credentials.js';

async function exchanges(emulator: RunningEmulator): Promise<number> {
  return ((await (await fetch(`${emulator.url}/__emulator/oauth`)).json()) as {exchanges: number}).exchanges;
}

function oauthSide(emulator: RunningEmulator, overrides: Record<string, string> = {}) {
  const made = emulatorEndpoint({...emulator, authKind: 'oauth'}, 'intercom', 'IC_OAUTH');
  const home = mkdtempSync(path.join(os.tmpdir(), 'ferry-ic-oauth-home-'));
  return {endpoint: made.endpoint, env: {...process.env, ...made.env, ...overrides, FERRY_HOME: home}, home};
}

test('the authorization code is exchanged once; the token lives only in the 0600 store, and the next run uses it', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'source', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {endpoint, env, home} = oauthSide(emulator);
  t.deepEqual(Object.keys(endpoint.credentials).sort(), ['authorizationCode', 'clientId', 'clientSecret']);
  const side = openSide(endpoint, 'source', {env});
  const session = side.connector.openSource(side.settings, side.http);
  t.regex((await session.check()).description, /Intercom workspace/);
  for await (const page of session.read('contacts', {filter: {}})) t.true(page.records.length > 0);
  t.is(await exchanges(emulator), 1);

  const file = storePath(env);
  t.is(statSync(file).mode & 0o777, 0o600);
  const stored = JSON.parse(JSON.parse(readFileSync(file, 'utf8'))[tokenStoreName(side.settings)]) as {accessToken: string};
  t.true(stored.accessToken.length > 20);
  for (const name of readdirSync(home)) if (name !== 'credentials.json') t.false(readFileSync(path.join(home, name), 'utf8').includes(stored.accessToken));

  // A second run with the same plan: the code was used up, the stored token goes on.
  const again = openSide(endpoint, 'target', {env});
  t.regex((await again.connector.openTarget(again.settings, again.http).check()).description, /Intercom workspace/);
  t.is(await exchanges(emulator), 1);
});

test('a token Intercom refuses (access revoked) stops the run saying to authorize again, with no secret in the message', async (t) => {
  const emulator = await startIntercomEmulator({seed: 'source', rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const {endpoint, env} = oauthSide(emulator);
  const side = openSide(endpoint, 'source', {env});
  await side.connector.openSource(side.settings, side.http).check();
  await fetch(`${emulator.url}/__emulator/oauth/revoke`, {method: 'POST'});
  const again = openSide(endpoint, 'source', {env});
  const error = await t.throwsAsync(again.connector.openSource(again.settings, again.http).check(), {instanceOf: RunStopError});
  t.regex(error!.message, /OAuth access token was refused/);
  t.regex(error!.hint, /Authorize ferry's Intercom app again/);
  const token = (JSON.parse(JSON.parse(readFileSync(storePath(env), 'utf8'))[tokenStoreName(side.settings)]) as {accessToken: string}).accessToken;
  for (const secret of [token, emulator.credentials.clientSecret!, emulator.credentials.authorizationCode!]) t.false(`${error!.message} ${error!.hint}`.includes(secret));
});

test('a code older than 5 minutes (on the clock the emulator and the test share) is refused: the run stops before any request', async (t) => {
  let at = Date.parse('2026-03-02T10:00:00Z');
  const emulator = await startIntercomEmulator({seed: 'source', rateLimit: {off: true}, now: () => at});
  t.teardown(() => emulator.close());
  at += CODE_LIFETIME_MS + 1000;
  const {endpoint, env} = oauthSide(emulator);
  const side = openSide(endpoint, 'source', {env});
  const error = await t.throwsAsync(side.connector.openSource(side.settings, side.http).check(), {instanceOf: RunStopError});
  t.regex(error!.message, /authorization code could not be exchanged for an access token \(401 unauthorized: Unauthorized Code\)/);
  t.is(await exchanges(emulator), 0);
});

test('the exchange is the documented request, sent once for many requests at once, and every request keeps Intercom-Version', async (t) => {
  const sent: Array<{url: string; form: Record<string, string>}> = [];
  const entries = new Map<string, string>();
  const store: TokenStore = {load: (name) => entries.get(name), save: (name, value) => void entries.set(name, value)};
  const settings = {baseUrl: 'https://api.eu.intercom.io', authKind: 'oauth', credentials: {clientId: 'app-1', clientSecret: 'client-secret', authorizationCode: 'code-1'}};
  const authorizer = intercomAuthorizer(settings, store, {
    send: async (url, form) => {
      sent.push({url, form});
      return {status: 200, body: {token: 'tok-1', access_token: 'tok-1', token_type: 'Bearer'}};
    },
  })!;
  const all = await Promise.all(Array.from({length: 5}, () => authorizer.headers()));
  t.is(sent.length, 1);
  t.deepEqual(sent[0], {url: 'https://api.eu.intercom.io/auth/eagle/token', form: {code: 'code-1', client_id: 'app-1', client_secret: 'client-secret'}});
  for (const headers of all) t.deepEqual(headers, {authorization: 'Bearer tok-1', 'intercom-version': '2.14', accept: 'application/json'});
  // Another process (the next run) with the same plan: no exchange, the stored token.
  const next = intercomAuthorizer(settings, store, {send: async () => t.fail('exchanged again') as never})!;
  t.is((await next.headers()).authorization, 'Bearer tok-1');
  // A new code from the user (authorized again) is a new authorization.
  const renewed = intercomAuthorizer({...settings, credentials: {...settings.credentials, authorizationCode: 'code-2'}}, store, {send: async () => ({status: 200, body: {access_token: 'tok-2'}})})!;
  t.is((await renewed.headers()).authorization, 'Bearer tok-2');
  // The token access-token plans use has no authorizer.
  t.is(intercomAuthorizer({...settings, authKind: 'token'}, store), undefined);
});
