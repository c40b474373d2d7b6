// The console's intents against a real demo folder (issue 23): a fallback requester typed
// on Options is looked up on the target as the run looks it up (a contact, else an agent,
// by email) before it is kept, and verify runs from Results as ferry verify does.
import test from 'ava';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createDemoFolder, readDemoHost} from '../source/app/demo-folder.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents} from '../source/app/console/intents.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {inConsoleWords} from '../source/app/console/advice.js';
import {executeRun} from '../source/cli/run.js';
import {readFileSync, readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

test('a fallback requester the target does not have is refused and not saved; one it has is kept in the plan', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-fallback-'));
  const env = {...process.env, FERRY_HOME: dir, FERRY_DEMO_IDLE_SECONDS: '20', FERRY_DEMO_FAST: '1'};
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env, cwd: os.tmpdir(), pollMs: 50});
  t.teardown(async () => {
    intents.stopFollowing();
    if (readDemoHost(dir)) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
  });
  await intents.startDemo(dir);
  t.truthy(store.getState().plan);

  await intents.setFallbackRequester('support@harborlight.test');
  t.is(store.getState().notice?.kind, 'error');
  t.regex(store.getState().notice!.text, /support@harborlight\.test is neither a contact nor an agent on the target \(Freshdesk\).*Not saved/);
  t.is(store.getState().plan!.options.fallbackRequester, undefined);
  t.notRegex(readFileSync(path.join(dir, 'plan.json'), 'utf8'), /support@harborlight/);

  await intents.setFallbackRequester('not an email');
  t.regex(store.getState().notice!.text, /is not an email address/);

  await intents.loadAgents();
  const agents = store.getState().agents;
  const someone = agents.state === 'ready' ? agents.value.targetAgents.find((a) => a.email)?.email : undefined;
  t.truthy(someone, 'the demo target has an agent with an email');
  await intents.setFallbackRequester(someone!);
  t.is(store.getState().notice?.kind, 'info', store.getState().notice?.text);
  t.is(store.getState().plan!.options.fallbackRequester, someone);
  t.is(JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')).options.fallbackRequester, someone);
  intents.shutdown();
});

test('the engine\'s advice that names plan.json is said in the console with the screen and key that act on it', (t) => {
  // Every piece of engine advice naming a plan field, as the engine writes it (${…} filled in).
  const engine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../source/engine');
  const advice: string[] = [];
  for (const file of readdirSync(engine).filter((f) => f.endsWith('.ts'))) {
    // The words a record keeps: an error's message, a note, a returned reason.
    for (const match of readFileSync(path.join(engine, file), 'utf8').matchAll(/(?:Error\(|push\(|return )\s*`([^`]*)`/g)) {
      if (/\b(?:options|fieldMap|agentMap|groupMap)\.[a-zA-Z]/.test(match[1]!.replace(/\$\{[^}]*\}/g, ''))) advice.push(match[1]!.replace(/\$\{[^}]*\}/g, 'Product'));
    }
  }
  t.true(advice.length >= 3, advice.join('\n'));
  for (const text of advice) t.notRegex(inConsoleWords(text), /\b(options|fieldMap|agentMap|groupMap)\.[a-zA-Z]/, text);
  t.is(
    inConsoleWords('required target field "Product" has no value; set a default for it in the field map (fieldMap.defaults["Product"])'),
    'required target field "Product" has no value; set a default for "Product" on Fields (5): select its row, Enter',
  );
  t.regex(inConsoleWords('requester #9 failed: invalid email; set options.fallbackRequester to an email on the target to migrate such tickets'), /Fallback requester .* on Options \(6\), then retry on Failures \(F\)/);
});

test('verify from the console reads the demo\'s migrated records back from the target, as ferry verify does', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-console-verify-'));
  const env = {...process.env, FERRY_HOME: dir, FERRY_DEMO_IDLE_SECONDS: '20', FERRY_DEMO_FAST: '1'};
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  const quiet = {write: () => true} as unknown as NodeJS.WritableStream;
  t.is(await executeRun({dir, mode: 'demo', json: true, env}, {stdout: quiet, stderr: quiet, env, cwd: dir}), 0);
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env, cwd: os.tmpdir(), pollMs: 50});
  t.teardown(async () => {
    intents.stopFollowing();
    if (readDemoHost(dir)) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
  });
  await intents.openFolder(dir);
  await intents.verify();
  const verify = store.getState().verify;
  t.is(verify.state, 'ready', verify.state === 'failed' ? verify.error : '');
  if (verify.state !== 'ready') return;
  t.true(verify.value.checked > 10);
  t.is(verify.value.missing, 0);
  t.deepEqual(verify.value.differences, [], 'a clean demo verifies with no difference nothing explains');
  intents.shutdown();
});
