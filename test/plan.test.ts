import test from 'ava';
// Plans know platforms through the app's registry (it registers itself when loaded).
import '../source/app/registry.js';
import {validatePlan, defaultPlan} from '../source/plan/plan.js';
import {PlanError} from '../source/contracts/errors.js';
import {resolveCredential} from '../source/plan/credentials.js';

const good = () =>
  defaultPlan(
    {platform: 'zendesk', url: 'https://acme.zendesk.com', tier: 'professional', authKind: 'token', credentials: {email: {value: 'admin@acme.test'}, apiToken: {env: 'ZD_TOKEN'}}},
    {platform: 'freshdesk', url: 'https://acme.freshdesk.com', tier: 'pro', authKind: 'apikey', credentials: {apiKey: {store: 'acme-freshdesk'}}},
  );

const fails = (t: any, mutate: (plan: any) => void, field: string, message: RegExp) => {
  const plan: any = JSON.parse(JSON.stringify(good()));
  mutate(plan);
  const error = t.throws(() => validatePlan(plan), {instanceOf: PlanError});
  t.is(error.field, field);
  t.regex(error.message, message);
};

test('a good plan validates and keeps its values', (t) => {
  const plan = validatePlan(JSON.parse(JSON.stringify(good())));
  t.is(plan.source.tier, 'professional');
  t.deepEqual(plan.target.credentials, {apiKey: {store: 'acme-freshdesk'}});
  t.is(plan.demo.tickets, 20);
});

test('a secret written into the plan is refused', (t) => fails(t, (p) => (p.source.credentials.apiToken = {value: 'abc123'}), 'source.credentials.apiToken', /secret and cannot be written in the plan/));
test('an unknown platform names the field and the choices', (t) => fails(t, (p) => (p.target.platform = 'kayako'), 'target.platform', /not a platform ferry knows; use one of .*zendesk/));
test('an unknown tier lists the plans', (t) => fails(t, (p) => (p.source.tier = 'gold'), 'source.tier', /not a Zendesk plan; use one of/));
test('plain http is refused except on this machine', (t) => fails(t, (p) => (p.source.url = 'http://acme.zendesk.com'), 'source.url', /must use https/));
test('loopback http is accepted for emulators', (t) => {
  const plan: any = good();
  plan.source.url = 'http://127.0.0.1:4010';
  t.notThrows(() => validatePlan(plan));
});
test('a bad record type is named', (t) => fails(t, (p) => (p.recordTypes = ['tickets', 'calls']), 'recordTypes[1]', /"calls" is not a record type/));
test('a bad date filter says how to write it', (t) => fails(t, (p) => (p.filters.createdFrom = 'last week'), 'filters.createdFrom', /write it like 2024-01-31/));
test('a missing required credential says where it could come from', (t) => fails(t, (p) => delete p.source.credentials.apiToken, 'source.credentials.apiToken', /is missing/));
test('status maps only take known statuses', (t) => fails(t, (p) => (p.fieldMap.statuses = {open: 'waiting'}), 'fieldMap.statuses.open', /not one of new, open/));
test('ccTo field needs the field', (t) => fails(t, (p) => (p.options.ccTo = 'field'), 'options.ccField', /names the target field/));

test('a credential variable that is missing, empty or blank is named as such', (t) => {
  const resolve = (env: NodeJS.ProcessEnv) => t.throws(() => resolveCredential({env: 'FERRY_T_TOKEN'}, 'source.credentials.apiToken', env), {instanceOf: PlanError})!.message;
  t.regex(resolve({}), /environment variable FERRY_T_TOKEN, which is not set\./);
  t.regex(resolve({FERRY_T_TOKEN: ''}), /environment variable FERRY_T_TOKEN, which is set but empty\./);
  t.regex(resolve({FERRY_T_TOKEN: ' \t'}), /environment variable FERRY_T_TOKEN, which is set but holds only white space\./);
  t.is(resolveCredential({env: 'FERRY_T_TOKEN'}, 'source.credentials.apiToken', {FERRY_T_TOKEN: 'tok-123'}), 'tok-123');
});
