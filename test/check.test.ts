// Issue 20 Rule 3: ferry check tests both connections, each side's rights, the plan against
// both accounts and prints the pair's preparation checklist; ferry run makes the same checks
// first and writes nothing when one fails (the target's whole contents compared before and
// after, with an agent's token on the source).
import test from 'ava';
import {Writable} from 'node:stream';
import {main} from '../source/cli/main.js';
import {RECORD_TYPES} from '../source/contracts/model.js';
import {testBed, type Bed} from './helpers/migration.js';

async function ferry(args: string[], bed: Bed, env: NodeJS.ProcessEnv = bed.env) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({write: (chunk, _e, done) => (append(String(chunk)), done())});
  const code = await main(args, {stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), env, cwd: bed.dir});
  return {code, stdout, stderr};
}

/** Every record of every type the target emulator holds. */
async function everything(bed: Bed) {
  const out: Record<string, unknown[]> = {};
  for (const type of RECORD_TYPES) out[type] = await bed.targetRecords(type).catch(() => []);
  return out;
}

test.serial('on a sound folder every check passes and the pair\'s checklist is printed', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const json = await ferry(['check', '--json'], bed);
  t.is(json.code, 0, json.stdout);
  const result = JSON.parse(json.stdout);
  t.true(result.ok);
  t.deepEqual(result.checks.map((c: {id: string}) => c.id), ['source-connection', 'source-rights', 'target-connection', 'target-rights', 'plan-source', 'plan-target']);
  t.true(result.checks.every((c: {ok: boolean}) => c.ok));
  const ids = result.checklist.map((item: {id: string}) => item.id);
  for (const id of ['agents-exist', 'required-fields', 'rights', 'target-back-on']) t.true(ids.includes(id), id);
  // The platforms' own items: Zendesk as the source, Freshdesk as the target.
  t.true(result.checklist.some((item: {how: string; id: string}) => item.how === 'manual' && !['target-back-on'].includes(item.id)));
  const text = await ferry(['check'], bed);
  t.is(text.code, 0);
  t.regex(text.stdout, /ok +Source rights: [\s\S]*Preparation checklist:[\s\S]*Every check passed/);
});

test.serial('an agent\'s (not an admin\'s) token on the source: check names it, and run stops with nothing written on the target', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const {readonlyEmail, readonlyApiToken} = bed.demo.source.credentials;
  t.truthy(readonlyEmail);
  bed.savePlan((plan) => (plan.source.credentials = {email: {value: readonlyEmail!}, apiToken: {env: 'FERRY_AGENT_TOKEN'}}));
  const env = {...bed.env, FERRY_AGENT_TOKEN: readonlyApiToken!};
  const check = await ferry(['check', '--json'], bed, env);
  t.is(check.code, 1);
  const result = JSON.parse(check.stdout);
  t.false(result.ok);
  t.is(result.exitCode, 1);
  const rights = result.checks.find((c: {id: string}) => c.id === 'source-rights');
  t.false(rights.ok);
  t.regex(rights.detail, new RegExp(`${readonlyEmail} is not an administrator`));

  const before = await everything(bed);
  const run = await ferry(['run', '--mode', 'full', '--json'], bed, env);
  t.is(run.code, 1);
  const report = JSON.parse(run.stdout);
  t.is(report.status, 'stopped');
  t.regex(report.error, /Source rights: .* is not an administrator[\s\S]*Stopped before any write/);
  t.deepEqual(await everything(bed), before, 'the target holds exactly what it held before');
  t.is(bed.journal((j) => j.records({}).length), 0, 'no record journalled');
});

test.serial('the plan against the target: a fallback agent, a mapped group and a mapped field the target lacks are named; run stops before writing', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  bed.savePlan((plan) => {
    plan.agentMap.fallback = 'nobody@target.test';
    plan.groupMap = {Sales: 'Sales Team'};
    plan.fieldMap.fields = {Product: 'Produkt'};
  });
  const check = await ferry(['check', '--json'], bed);
  t.is(check.code, 1);
  const target = JSON.parse(check.stdout).checks.find((c: {id: string}) => c.id === 'plan-target');
  t.false(target.ok);
  t.regex(target.detail, /agentMap\.fallback "nobody@target\.test" is not an agent on the target/);
  t.regex(target.detail, /groupMap\.Sales "Sales Team" is not a group on the target/);
  t.regex(target.detail, /fieldMap\.fields\.Product "Produkt" is not a ticket field on the target/);
  const before = await everything(bed);
  const run = await ferry(['run', '--mode', 'demo', '--json'], bed);
  t.is(run.code, 1);
  t.regex(JSON.parse(run.stdout).error, /Plan against the target: /);
  t.deepEqual(await everything(bed), before);
});
