// Help Scout pieces on their own: the client credentials authorizer (renewal before expiry, after a
// 401, the token kept only in the store), the emulator's limits (writes count 2, 429 with its
// headers), expiring tokens (401) and the pager's loop guard.
import test from 'ava';
import {helpScoutAuthorizer, tokenStoreName} from '../connectors/helpscout/oauth.js';
import {startHelpScoutEmulator} from '../connectors/helpscout/emulator.js';
import {HelpScoutReader} from '../connectors/helpscout/reader.js';
import type {ConnectorSettings, TokenStore} from '../source/contracts/connector.js';
import {RunStopError} from '../source/contracts/errors.js';
import {fakeHttp} from './helpers/contract-http.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const settings: ConnectorSettings = {baseUrl: 'https://api.helpscout.net', authKind: 'client_credentials', credentials: {appId: 'app-id-123456', appSecret: 'app-secret-123456'}};

function memoryStore(): TokenStore & {saved: Map<string, string>} {
  const saved = new Map<string, string>();
  return {saved, load: (name) => saved.get(name), save: (name, value) => void saved.set(name, value)};
}

test('a token is fetched once, renewed before it expires and after a 401, and kept only in the store', async (t) => {
  let now = 1_000_000;
  let issued = 0;
  const store = memoryStore();
  const send = async () => ({status: 200, body: {token_type: 'bearer', access_token: `token-${++issued}`, expires_in: 60}});
  const authorizer = helpScoutAuthorizer(settings, store, {send, now: () => now})!;
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer token-1'});
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer token-1'}, 'no new token while the first is fresh');
  now += 50_000; // within the renewal margin (a quarter of 60 s)
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer token-2'});
  t.true(await authorizer.refresh({authorization: 'Bearer token-2'}));
  t.deepEqual(await authorizer.headers(), {authorization: 'Bearer token-3'}, 'a 401 fetches a new token');
  t.true(await authorizer.refresh({authorization: 'Bearer token-2'}), 'a 401 to an older token: another request already renewed');
  t.is(issued, 3);
  const saved = store.saved.get(tokenStoreName(settings))!;
  t.is(JSON.parse(saved).accessToken, 'token-3');
  t.false(saved.includes('app-secret-123456'), 'the app secret is not copied into the store');
  // The next process continues with the stored token instead of fetching one.
  const next = helpScoutAuthorizer(settings, store, {send, now: () => now})!;
  t.deepEqual(await next.headers(), {authorization: 'Bearer token-3'});
  t.is(issued, 3);
});

test('refused app credentials stop the run with what to check, and the secret is masked', async (t) => {
  const authorizer = helpScoutAuthorizer(settings, memoryStore(), {send: async () => ({status: 401, body: {error: 'invalid_client', error_description: 'bad app-secret-123456'}})})!;
  const error = await t.throwsAsync(authorizer.headers(), {instanceOf: RunStopError});
  t.regex(error!.message, /no access token/);
  t.false(error!.message.includes('app-secret-123456'));
  t.regex((error as RunStopError).hint, /App ID and App Secret/);
});

test('the emulator counts writes twice and answers 429 with X-RateLimit-Retry-After; expired tokens get 401', async (t) => {
  const emulator = await startHelpScoutEmulator({seed: 'empty', rateLimit: {requestsPerMinute: 5}, accessTokenSeconds: 1});
  t.teardown(() => emulator.close());
  const token = async () =>
    ((await (await fetch(`${emulator.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: emulator.credentials.appId, client_secret: emulator.credentials.appSecret})})).json()) as {access_token: string; expires_in: number});
  const first = await token();
  t.is(first.expires_in, 1);
  const call = (method: string, path: string, access: string, body?: unknown) => fetch(`${emulator.url}${path}`, {method, headers: {authorization: `Bearer ${access}`, 'content-type': 'application/json'}, body: body ? JSON.stringify(body) : undefined});
  const read = await call('GET', '/v2/users/me', first.access_token);
  t.is(read.status, 200);
  t.is(read.headers.get('x-ratelimit-limit-minute'), '5');
  t.is(read.headers.get('x-ratelimit-remaining-minute'), '4');
  const write = await call('POST', '/v2/customers', first.access_token, {firstName: 'Vernon'});
  t.is(write.status, 201);
  t.is(write.headers.get('x-ratelimit-remaining-minute'), '2', 'a write counts 2');
  await call('POST', '/v2/customers', first.access_token, {firstName: 'Bear'});
  const limited = await call('GET', '/v2/users/me', first.access_token);
  t.is(limited.status, 429);
  t.regex(limited.headers.get('x-ratelimit-retry-after') ?? '', /^\d+$/);
  t.like(await limited.json(), {message: 'Rate limit exceeded'});

  const unlimited = await startHelpScoutEmulator({seed: 'empty', rateLimit: {off: true}, accessTokenSeconds: 1});
  t.teardown(() => unlimited.close());
  const fresh = (await (await fetch(`${unlimited.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: `grant_type=client_credentials&client_id=${unlimited.credentials.appId}&client_secret=${unlimited.credentials.appSecret}`})).json()) as {access_token: string};
  t.is((await fetch(`${unlimited.url}/v2/users/me`, {headers: {authorization: `Bearer ${fresh.access_token}`}})).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const expired = await fetch(`${unlimited.url}/v2/users/me`, {headers: {authorization: `Bearer ${fresh.access_token}`}});
  t.is(expired.status, 401);
  t.is(expired.headers.get('content-type'), 'application/vnd.error+json');
});

test('List Conversations answers 25 a page, other lists 50 (overview/pagination)', async (t) => {
  const emulator = await startHelpScoutEmulator({seed: 'source', account: smallDemoAccount(60), rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const token = ((await (await fetch(`${emulator.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: emulator.credentials.appId, client_secret: emulator.credentials.appSecret})})).json()) as {access_token: string}).access_token;
  const get = async (path: string) => (await (await fetch(`${emulator.url}${path}`, {headers: {authorization: `Bearer ${token}`}})).json()) as {page: {size: number; totalElements: number}; _embedded: Record<string, unknown[]>};
  const conversations = await get('/v2/conversations?status=all');
  t.is(conversations.page.size, 25);
  t.true(conversations.page.totalElements > 25);
  t.is(conversations._embedded.conversations!.length, 25);
  const customers = await get('/v2/customers');
  t.is(customers.page.size, 50);
  t.is(customers._embedded.customers!.length, Math.min(50, customers.page.totalElements));
});

test('a server that keeps answering the same page number is stopped, not read forever', async (t) => {
  const {http} = fakeHttp(() => ({body: {_embedded: {users: [{id: 1}]}, page: {size: 50, totalElements: 500, totalPages: 10, number: 1}}}));
  const reader = new HelpScoutReader(http, 'https://api.helpscout.net');
  await t.throwsAsync(reader.all('/v2/users', 'users'), {message: /pagination loop/});
});

test('an inbox whose plan has no custom fields (403 on its fields) reads as one without fields, not as a missing right', async (t) => {
  const {http} = fakeHttp(({path}) => {
    if (path === '/v2/mailboxes') return {body: {_embedded: {mailboxes: [{id: 1, name: 'Support', email: 's@acme.test', createdAt: 'x', updatedAt: 'x'}]}, page: {size: 50, totalElements: 1, totalPages: 1, number: 1}}};
    if (path === '/v2/mailboxes/1/fields') return {status: 403, body: {message: 'Access denied'}};
    return undefined;
  });
  const pages = [];
  for await (const page of (await import('../connectors/helpscout/index.js')).helpScoutConnector.openSource(settings, http).read('ticket_fields', {filter: {}})) pages.push(page);
  t.deepEqual(pages.map((page) => page.records), [[]]);
});
