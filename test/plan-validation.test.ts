// Plan validation (source/plan/plan.ts) rule by rule, against a small catalog of made-up
// platforms (no connector is loaded): each rule is written so that changing it fails a
// test (found by the mutation score). Defaults, every field's check, loading and saving.
import test from 'ava';
import {mkdtempSync, readFileSync, statSync, writeFileSync, existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DEFAULT_OPTIONS, defaultPlan, loadPlan, planPath, platformConnector, registerPlatforms, savePlan, validatePlan} from '../source/plan/plan.js';
import {PlanError} from '../source/contracts/errors.js';
import type {Connector} from '../source/contracts/connector.js';

const desk = {
  id: 'desk',
  label: 'Desk',
  roles: ['source', 'target'],
  authKinds: [{id: 'token', label: 'Token'}, {id: 'oauth', label: 'OAuth'}],
  credentials: [
    {key: 'email', label: 'Admin email', secret: false, required: true, authKinds: ['token']},
    {key: 'apiToken', label: 'API token', secret: true, required: true, authKinds: ['token']},
    {key: 'refreshToken', label: 'Refresh token', secret: true, required: true, authKinds: ['oauth']},
    {key: 'note', label: 'Note', secret: false, required: false},
  ],
  baseUrlHint: 'https://{name}.desk.example',
  tiers: {basic: {requestsPerMinute: 100}, pro: {requestsPerMinute: 700}},
  defaultTier: 'pro',
} as unknown as Connector;
const archive = {...desk, id: 'archive', label: 'Archive', roles: ['source']} as unknown as Connector;
registerPlatforms({find: (id) => ({desk, archive})[id as 'desk'], ids: () => ['desk', 'archive']});

const good = () =>
  JSON.parse(
    JSON.stringify(
      defaultPlan(
        {platform: 'desk', url: 'https://a.desk.example/', tier: 'basic', authKind: 'token', credentials: {email: {value: 'admin@a.test'}, apiToken: {env: 'A_TOKEN'}}},
        {platform: 'desk', url: 'https://b.desk.example', tier: 'pro', authKind: 'oauth', credentials: {refreshToken: {store: 'b-refresh'}}},
      ),
    ),
  );

function fails(t: any, change: (plan: any) => void, field: string, message: RegExp) {
  const plan = good();
  change(plan);
  const error = t.throws(() => validatePlan(plan), {instanceOf: PlanError});
  t.is(error.field, field, error.message);
  t.regex(error.message, message);
  t.true(error.message.startsWith(`plan.json: ${field} `), error.message);
}

test('a minimal plan gets every default: all record types, no filters, auto agents, the default options, a demo of 20', (t) => {
  const plan = validatePlan({version: 1, source: {platform: 'desk', url: 'https://a.desk.example', credentials: {email: {value: 'x@y.z'}, apiToken: {env: 'T'}}}, target: {platform: 'desk', url: 'https://b.desk.example', credentials: {email: {value: 'x@y.z'}, apiToken: {store: 's'}}}});
  t.is(plan.name, 'desk to desk');
  t.is(plan.source.tier, 'pro', 'the platform\'s default tier');
  t.is(plan.source.authKind, 'token', 'the first auth kind');
  t.false('requestsPerMinute' in plan.source);
  t.true(plan.recordTypes.length > 5);
  t.deepEqual(plan.filters, {});
  t.deepEqual(plan.agentMap, {auto: true, manual: {}});
  t.deepEqual(plan.groupMap, {});
  t.deepEqual(plan.fieldMap, {fields: {}, statuses: {}, priorities: {}, kinds: {}, values: {}, defaults: {}});
  t.deepEqual(plan.options, DEFAULT_OPTIONS);
  t.deepEqual(plan.demo, {tickets: 20, articles: 20});
});

test('a full plan keeps its values; a trailing slash leaves the URL; only the active auth kind\'s credentials stay', (t) => {
  const raw = good();
  raw.name = 'Acme move';
  raw.source.requestsPerMinute = 350;
  raw.source.credentials.refreshToken = {store: 'not-for-token-auth'};
  raw.source.credentials.note = {value: 'hello'};
  raw.agentMap = {auto: false, manual: {'1': '2'}, fallback: 'lead@b.test'};
  raw.groupMap = {Billing: 'Money'};
  raw.fieldMap = {fields: {f: 'create'}, statuses: {pending: 'hold'}, priorities: {low: 'normal'}, kinds: {task: 'question'}, values: {f: {a: 'b'}}, defaults: {Product: 'x'}};
  raw.filters = {createdFrom: '2024-01-31', createdTo: '2024-12-31T10:00:00Z', tags: ['vip'], onlyReferencedPeople: true};
  raw.options = {ccTo: 'field', ccField: 'cc_emails', tagMigrated: ''};
  raw.demo = {tickets: 0, articles: 5};
  const plan = validatePlan(raw);
  t.is(plan.name, 'Acme move');
  t.is(plan.source.url, 'https://a.desk.example');
  t.is(plan.source.requestsPerMinute, 350);
  t.deepEqual(plan.source.credentials, {email: {value: 'admin@a.test'}, apiToken: {env: 'A_TOKEN'}, note: {value: 'hello'}});
  t.deepEqual(plan.target.credentials, {refreshToken: {store: 'b-refresh'}});
  t.deepEqual(plan.agentMap, {auto: false, manual: {'1': '2'}, fallback: 'lead@b.test'});
  t.deepEqual(plan.groupMap, {Billing: 'Money'});
  t.deepEqual(plan.fieldMap, raw.fieldMap);
  t.deepEqual(plan.filters, raw.filters);
  t.deepEqual(plan.options, {...DEFAULT_OPTIONS, ccTo: 'field', ccField: 'cc_emails', tagMigrated: ''});
  t.deepEqual(plan.demo, {tickets: 0, articles: 5});
  t.is(platformConnector('desk'), desk);
  t.is(platformConnector('nope'), undefined);
});

test('the plan itself, its version and its lists', (t) => {
  for (const [raw, got] of [[null, 'null'], [[], 'a list'], ['plan', 'string'], [3, 'number']] as const) {
    const error = t.throws(() => validatePlan(raw), {instanceOf: PlanError});
    t.is(error!.message, `plan.json: plan must be an object (got ${got})`);
  }
  fails(t, (p) => (p.version = 2), 'version', /must be 1 \(got 2\)/);
  fails(t, (p) => delete p.version, 'version', /must be 1 \(got undefined\)/);
  fails(t, (p) => (p.recordTypes = 'tickets'), 'recordTypes', /must be a list/);
  fails(t, (p) => (p.recordTypes = ['tickets', 'calls']), 'recordTypes[1]', /"calls" is not a record type; use one of ticket_fields, /);
  fails(t, (p) => (p.filters = []), 'filters', /must be an object \(got a list\)/);
  fails(t, (p) => (p.filters = {createdTo: 'soon'}), 'filters.createdTo', /"soon" is not a date/);
  fails(t, (p) => (p.filters = {tags: 'vip'}), 'filters.tags', /must be a list/);
  fails(t, (p) => (p.filters = {groups: ['ok', '']}), 'filters.groups[1]', /must be non-empty text/);
  fails(t, (p) => (p.filters = {organizations: [' ']}), 'filters.organizations[0]', /must be non-empty text/);
  fails(t, (p) => (p.filters = {assignees: [3]}), 'filters.assignees[0]', /must be non-empty text/);
});

test('endpoints: platform, role, URL, tier, rate, auth kind', (t) => {
  fails(t, (p) => (p.source = 'desk'), 'source', /must be an object \(got string\)/);
  fails(t, (p) => delete p.target.platform, 'target.platform', /must be non-empty text/);
  fails(t, (p) => (p.target.platform = 'kayako'), 'target.platform', /"kayako" is not a platform ferry knows; use one of desk, archive$/);
  fails(t, (p) => (p.target.platform = 'archive'), 'target.platform', /Archive cannot be a target$/);
  t.notThrows(() => validatePlan({...good(), source: {...good().source, platform: 'archive'}}));
  fails(t, (p) => (p.source.url = 'a.desk.example'), 'source.url', /"a.desk.example" is not a URL; write it like https:\/\/\{name\}.desk.example/);
  fails(t, (p) => (p.source.url = 'http://a.desk.example'), 'source.url', /must use https/);
  for (const local of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000']) t.notThrows(() => validatePlan({...good(), source: {...good().source, url: local}}), local);
  fails(t, (p) => (p.source.tier = 'gold'), 'source.tier', /"gold" is not a Desk plan; use one of basic, pro$/);
  for (const bad of [0, -5, '100']) fails(t, (p) => (p.source.requestsPerMinute = bad), 'source.requestsPerMinute', /must be a positive number/);
  fails(t, (p) => (p.source.authKind = 'basic'), 'source.authKind', /"basic" is not an auth kind of Desk; use one of token, oauth$/);
});

test('credentials: required ones named with an example, secrets refused inline, each source checked', (t) => {
  fails(t, (p) => delete p.source.credentials.apiToken, 'source.credentials.apiToken', /is missing: say where API token comes from, e.g. \{"env": "FERRY_SOURCE_APITOKEN"\}/);
  fails(t, (p) => delete p.target.credentials.refreshToken, 'target.credentials.refreshToken', /"FERRY_TARGET_REFRESHTOKEN"/);
  fails(t, (p) => (p.source.credentials = 'x'), 'source.credentials', /must be an object/);
  fails(t, (p) => (p.source.credentials.apiToken = {value: 'abc'}), 'source.credentials.apiToken', /is a secret and cannot be written in the plan/);
  fails(t, (p) => (p.source.credentials.email = {value: ''}), 'source.credentials.email.value', /must be non-empty text/);
  fails(t, (p) => (p.source.credentials.apiToken = {env: ''}), 'source.credentials.apiToken.env', /must be non-empty text/);
  fails(t, (p) => (p.source.credentials.apiToken = {store: 5}), 'source.credentials.apiToken.store', /must be non-empty text/);
  fails(t, (p) => (p.source.credentials.apiToken = {file: 'x'}), 'source.credentials.apiToken', /must be \{"env": "VARIABLE"\}, \{"store": "name"\} or, for a non-secret/);
  fails(t, (p) => (p.source.credentials.apiToken = 'x'), 'source.credentials.apiToken', /must be an object/);
});

test('maps: agents, groups, fields, statuses, priorities, kinds, values and defaults', (t) => {
  fails(t, (p) => (p.agentMap = []), 'agentMap', /must be an object/);
  fails(t, (p) => (p.agentMap = {manual: {'1': ''}}), 'agentMap.manual.1', /must be non-empty text/);
  fails(t, (p) => (p.agentMap = {manual: {}, fallback: ''}), 'agentMap.fallback', /must be non-empty text/);
  t.true(validatePlan({...good(), agentMap: {manual: {}}}).agentMap.auto, 'auto unless false');
  fails(t, (p) => (p.groupMap = {a: 1}), 'groupMap.a', /must be non-empty text/);
  fails(t, (p) => (p.fieldMap = 'x'), 'fieldMap', /must be an object/);
  fails(t, (p) => (p.fieldMap = {fields: {a: null}}), 'fieldMap.fields.a', /must be non-empty text/);
  fails(t, (p) => (p.fieldMap = {statuses: {waiting: 'open'}}), 'fieldMap.statuses.waiting', /"waiting" is not one of new, open, pending, hold, solved, closed/);
  fails(t, (p) => (p.fieldMap = {statuses: {open: 'waiting'}}), 'fieldMap.statuses.open', /"waiting" is not one of/);
  fails(t, (p) => (p.fieldMap = {priorities: {low: 'meh'}}), 'fieldMap.priorities.low', /"meh" is not one of low, normal, high, urgent/);
  fails(t, (p) => (p.fieldMap = {kinds: {bug: 'task'}}), 'fieldMap.kinds.bug', /"bug" is not one of/);
  fails(t, (p) => (p.fieldMap = {values: {f: []}}), 'fieldMap.values.f', /must be an object/);
  fails(t, (p) => (p.fieldMap = {values: {f: {a: ''}}}), 'fieldMap.values.f.a', /must be non-empty text/);
  fails(t, (p) => (p.fieldMap = {defaults: {Product: 7}}), 'fieldMap.defaults.Product', /must be non-empty text/);
});

test('options and the demo size', (t) => {
  for (const key of ['sourceIdInSubject', 'eventsAsNotes', 'skipAttachments', 'skipInlineImages', 'migrateInactiveUsers', 'matchExisting', 'updateExisting'])
    fails(t, (p) => (p.options = {[key]: 'yes'}), `options.${key}`, /must be true or false/);
  fails(t, (p) => (p.options = {closedTicketUpdates: 'reopen'}), 'options.closedTicketUpdates', /must be "followup" or "skip"/);
  t.is(validatePlan({...good(), options: {closedTicketUpdates: 'skip'}}).options.closedTicketUpdates, 'skip');
  fails(t, (p) => (p.options = {ccTo: 'bcc'}), 'options.ccTo', /must be "note", "field" or "drop"/);
  t.is(validatePlan({...good(), options: {ccTo: 'drop'}}).options.ccTo, 'drop');
  fails(t, (p) => (p.options = {ccTo: 'field'}), 'options.ccField', /names the target field/);
  fails(t, (p) => (p.options = {tagMigrated: null}), 'options.tagMigrated', /must be a tag/);
  fails(t, (p) => (p.options = []), 'options', /must be an object/);
  fails(t, (p) => (p.demo = {tickets: 1.5, articles: 1}), 'demo.tickets', /must be a whole number/);
  fails(t, (p) => (p.demo = {tickets: 1, articles: -1}), 'demo.articles', /must be a whole number/);
  fails(t, (p) => (p.demo = {tickets: 1}), 'demo.articles', /must be a whole number/);
});

test('plans load and save: a missing plan, broken JSON, and a saved plan that reads back 0600 with no temporary file left', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-plan-'));
  const missing = t.throws(() => loadPlan(dir), {instanceOf: PlanError});
  t.is(missing!.message, `No plan in ${dir}: there is no plan.json.`);
  t.is(missing!.field, 'plan.json');
  writeFileSync(planPath(dir), '{"version": 1,');
  const broken = t.throws(() => loadPlan(dir), {instanceOf: PlanError});
  t.regex(broken!.message, /plan\.json is not valid JSON: /);
  t.is(broken!.field, 'plan.json');
  const plan = validatePlan(good());
  savePlan(dir, plan);
  t.deepEqual(loadPlan(dir), plan);
  t.true(readFileSync(planPath(dir), 'utf8').endsWith('}\n'));
  t.is(statSync(planPath(dir)).mode & 0o777, 0o600);
  t.false(existsSync(planPath(dir) + '.tmp'));
  t.throws(() => savePlan(dir, {...plan, version: 2 as 1}), {instanceOf: PlanError});
  t.deepEqual(loadPlan(dir), plan, 'a bad plan is not saved');
});
