// The Freshservice emulator is as strict as the documentation says the service is: bad key 401,
// undocumented parameters and fields 400 invalid_field, per_page over 100 refused, the tickets
// list's 30-day default window, plan-gated modules 403, rate limits with headers and 429 +
// Retry-After, the link header, and Filter Tickets' custom-field types.
import test from 'ava';
import {startFreshserviceEmulator, EMULATOR_ADMIN_KEY, EMULATOR_AGENT_KEY} from '../connectors/freshservice/emulator.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(12);
const auth = (key = EMULATOR_ADMIN_KEY) => ({authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}`});

async function emulator(t: {teardown(fn: () => unknown): void}, options: Parameters<typeof startFreshserviceEmulator>[0] = {seed: 'source'}) {
  const running = await startFreshserviceEmulator({account, rateLimit: {off: true}, ...options});
  t.teardown(() => running.close());
  const call = async (path: string, init: RequestInit & {key?: string} = {}) => {
    const response = await fetch(`${running.url}${path}`, {...init, headers: {...auth(init.key), 'content-type': 'application/json', ...(init.headers as object)}});
    return {status: response.status, headers: response.headers, body: (await response.json().catch(() => undefined)) as any};
  };
  return {running, call};
}

test('a bad key is 401 in Freshworks\' {code, message} shape', async (t) => {
  const {call} = await emulator(t);
  const answer = await call('/api/v2/tickets', {key: 'nope'});
  t.is(answer.status, 401);
  t.is(answer.body.code, 'invalid_credentials');
});

test('undocumented parameters and body fields are refused with invalid_field', async (t) => {
  const {call} = await emulator(t);
  const query = await call('/api/v2/tickets?order_by=updated_at');
  t.is(query.status, 400);
  t.deepEqual(query.body.errors, [{field: 'order_by', message: 'Unexpected/invalid field in request', code: 'invalid_field'}]);
  const body = await call('/api/v2/requesters', {method: 'POST', body: JSON.stringify({first_name: 'A', primary_email: 'a@x.test', unique_external_id: 'x'})});
  t.is(body.status, 400);
  t.is(body.body.errors[0].field, 'unique_external_id');
});

test('per_page over 100 is an error; pages follow the link header; the list keeps to 30 days without updated_since', async (t) => {
  const {call} = await emulator(t);
  t.is((await call('/api/v2/requesters?per_page=101')).status, 400);
  const first = await call('/api/v2/requesters?per_page=5');
  t.is(first.body.requesters.length, 5);
  t.regex(first.headers.get('link') ?? '', /page=2.*rel="next"/);
  const recent = await call('/api/v2/tickets?per_page=100');
  t.is(recent.body.tickets.length, 0, 'the demo tickets are older than 30 days');
  const all = await call('/api/v2/tickets?per_page=100&updated_since=1970-01-01T00:00:00Z');
  t.is(all.body.tickets.length, account.source.tickets.length);
  t.false('tags' in all.body.tickets[0], 'the list shows no tags');
  const one = await call(`/api/v2/tickets/${all.body.tickets[0].id}?include=tags`);
  t.true(Array.isArray(one.body.ticket.tags));
});

test('Problem and Change Management answer 403 on the Starter plan, 200 on Growth', async (t) => {
  const starter = await emulator(t, {seed: 'source', tier: 'starter'});
  const refused = await starter.call('/api/v2/problems');
  t.is(refused.status, 403);
  t.is(refused.body.code, 'require_feature');
  const growth = await emulator(t, {seed: 'source', tier: 'growth'});
  t.is((await growth.call('/api/v2/changes')).body.changes.length, 2);
});

test('rate limit: X-RateLimit-* headers on every answer, 429 with Retry-After past the limit', async (t) => {
  const {call} = await emulator(t, {seed: 'source', rateLimit: {requestsPerMinute: 3}});
  const ok = await call('/api/v2/groups');
  t.is(ok.headers.get('x-ratelimit-total'), '3');
  t.is(ok.headers.get('x-ratelimit-remaining'), '2');
  await call('/api/v2/groups');
  await call('/api/v2/groups');
  const limited = await call('/api/v2/groups');
  t.is(limited.status, 429);
  t.true(Number(limited.headers.get('retry-after')) >= 1);
});

test('Filter Tickets: tags and numbers yes, custom text fields no, new tickets only after the index lag', async (t) => {
  const {call} = await emulator(t, {seed: 'target', filterLagMs: 60_000});
  const requester = (await call('/api/v2/requesters')).body.requesters[0].id;
  const created = await call('/api/v2/tickets', {method: 'POST', body: JSON.stringify({subject: 's', description: 'd', status: 2, priority: 1, requester_id: requester, tags: ['ferry-x']})});
  t.is(created.status, 201);
  t.is((await call(`/api/v2/tickets/filter?query=${encodeURIComponent(`"tag:'ferry-x'"`)}`)).body.total, 0, 'not indexed yet');
  t.is((await call(`/api/v2/tickets/filter?query=${encodeURIComponent('"priority:1"')}`)).status, 200);
  t.is((await call(`/api/v2/tickets/filter?query=${encodeURIComponent('priority:1')}`)).status, 400, 'the query must be in double quotes');
  const text = await call(`/api/v2/tickets/filter?query=${encodeURIComponent(`"nonexistent_text:'a'"`)}`);
  t.is(text.status, 400);
});

test('List All Requesters filters by exact email and phone at once (no index), where Filter Requesters lags', async (t) => {
  const {call} = await emulator(t, {seed: 'target', filterLagMs: 60_000});
  const made = await call('/api/v2/requesters', {method: 'POST', body: JSON.stringify({first_name: 'Phone', work_phone_number: '+1 555 0199', mobile_phone_number: '+1 555 0198'})});
  t.is(made.status, 201);
  const ids = async (query: string) => (await call(`/api/v2/requesters?${query}`)).body.requesters.map((r: any) => r.id);
  t.deepEqual(await ids(`work_phone_number=${encodeURIComponent('+1 555 0199')}`), [made.body.requester.id]);
  t.deepEqual(await ids(`mobile_phone_number=${encodeURIComponent('+1 555 0198')}`), [made.body.requester.id]);
  t.deepEqual(await ids(`work_phone_number=${encodeURIComponent('+1 555 0198')}`), []);
  t.deepEqual(await ids(`query=${encodeURIComponent(`"work_phone_number:'+1 555 0199'"`)}`), [], 'not indexed yet');
});

test('writes: the API key of a plain agent cannot create departments; tickets need their documented fields; a duplicate email is 409', async (t) => {
  const {call} = await emulator(t, {seed: 'target'});
  t.is((await call('/api/v2/departments', {method: 'POST', key: EMULATOR_AGENT_KEY, body: JSON.stringify({name: 'x'})})).status, 403);
  const missing = await call('/api/v2/tickets', {method: 'POST', body: JSON.stringify({subject: 's'})});
  t.deepEqual(missing.body.errors.map((e: any) => e.field).sort(), ['description', 'priority', 'requester_id', 'status']);
  t.is((await call('/api/v2/tickets', {method: 'POST', body: JSON.stringify({subject: 's', description: 'd', status: 2, priority: 1, email: 'a@b.test', type: 'Service Request'})})).body.errors[0].field, 'type');
  const email = account.target.contacts.find((c) => c.email)!.email!;
  const dup = await call('/api/v2/requesters', {method: 'POST', body: JSON.stringify({first_name: 'A', primary_email: email})});
  t.is(dup.status, 409);
  t.is(dup.body.errors[0].code, 'duplicate_value');
});
