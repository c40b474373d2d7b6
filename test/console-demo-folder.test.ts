// The demo folder stays usable: it is not put inside ferry's own checkout, the console
// reopens an earlier demo with its emulators' records (a fresh start only when asked, the
// earlier one set aside whole, never deleted), and the hints a run prints work as printed
// from any folder (they carry --dir).
import test from 'ava';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {defaultDemoDir} from '../source/app/demo.js';
import {createDemoFolder, readDemoHost, setDemoAside} from '../source/app/demo-folder.js';
import {Journal} from '../source/engine/journal.js';
import {executeRun} from '../source/cli/run.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents, openInitialFolder} from '../source/app/console/intents.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {testBed} from './helpers/migration.js';
import {KEYS, renderConsole, waitFor} from './console-helpers.js';

const checkout = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('the demo folder is never inside ferry\'s checkout (npm start runs there)', (t) => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ferry-home-'));
  t.is(defaultDemoDir(checkout, {HOME: home}), path.join(home, 'ferry-demo'));
  t.is(defaultDemoDir(path.join(checkout, 'source'), {HOME: home}), path.join(home, 'ferry-demo'));
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'ferry-cwd-'));
  t.is(defaultDemoDir(elsewhere, {HOME: home}), path.join(elsewhere, 'ferry-demo'));
});

test('an earlier demo is set aside whole (journal, saved accounts, demo.json), never deleted, and only when asked', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-aside-'));
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('demo', null);
  journal.markPending('tickets', '1', run.id, {});
  journal.settle('tickets', '1', {status: 'migrated'});
  journal.finishRun(run.id, 'finished');
  journal.close();
  const aside = setDemoAside(dir, new Date('2026-11-29T10:00:00Z'))!;
  t.is(aside, path.join(dir, 'earlier-demos', '2026-11-29T10-00-00'));
  for (const name of ['journal.sqlite', 'demo.json', 'demo-state']) {
    t.false(existsSync(path.join(dir, name)), name);
    t.true(existsSync(path.join(aside, name)), name);
  }
  const kept = new Journal(path.join(aside, 'journal.sqlite'));
  t.teardown(() => kept.close());
  t.is(kept.runs().length, 1);
  t.is(kept.countsAll().tickets?.migrated, 1);
  t.is(setDemoAside(dir), undefined, 'nothing to set aside the second time');
});

test('the console reopens a demo folder later with its emulators and their records; npm start again keeps the journal, a fresh start is explicit', async (t) => {
  t.timeout(10 * 60_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-console-demo-'));
  const env = {...process.env, FERRY_HOME: dir, FERRY_DEMO_IDLE_SECONDS: '20', FERRY_DEMO_FAST: '1'};
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  const quiet = {write: () => true} as unknown as NodeJS.WritableStream;
  t.is(await executeRun({dir, mode: 'demo', json: true, env}, {stdout: quiet, stderr: quiet, env, cwd: dir}), 0);
  const migrated = () => {
    const journal = Journal.inFolder(dir);
    try {
      return journal.records({status: 'migrated'}).length;
    } finally {
      journal.close();
    }
  };
  const before = migrated();
  t.true(before > 0);
  // Everything of that demo stops, as when the operator closed the terminal and came back.
  const stop = async () => {
    if (!readDemoHost(dir)) return;
    writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
    for (let i = 0; i < 100 && readDemoHost(dir); i++) await new Promise((r) => setTimeout(r, 100));
  };
  await stop();
  t.teardown(stop);
  t.is(readDemoHost(dir), undefined);

  for (const open of ['openFolder', 'startDemo'] as const) {
    const store = createStore(undefined, 0);
    const intents = createIntents(store, {env, cwd: os.tmpdir(), pollMs: 50});
    t.teardown(() => intents.stopFollowing());
    await intents[open](dir);
    const state = store.getState();
    t.is(state.notice?.kind, 'info', `${open}: ${state.notice?.text}`);
    if (open === 'startDemo') t.regex(state.notice!.text, /Demo reopened in .* as it was left .*Start a fresh demo/);
    const host = readDemoHost(dir);
    t.truthy(host, `${open} brought the emulators back`);
    t.is(state.plan?.target.url, host!.targetUrl);
    // The target answers, with the demo's records in it: the journal's target ids are there.
    const sides = (await import('../source/app/sides.js')).openSides(state.plan!, {env: {...env, ...secretEnvOf(state.plan!, host!)}});
    const journal = Journal.inFolder(dir);
    const row = journal.records({type: 'contacts', status: 'migrated'}).find((r) => r.targetId && !/^linked|^matched/.test(r.reason ?? ''))!;
    journal.close();
    t.truthy(await sides.targetSession.findByMarker('contacts', `zendesk:contacts:${row.sourceId}`), 'a contact the demo wrote is on the restored target');
    t.is(migrated(), before, 'the journal was kept, not set aside');
    intents.shutdown();
    await stop();
  }

  // A fresh start only when asked, from the very console showing the demo: the earlier demo
  // goes aside whole, and the console says where.
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env, cwd: os.tmpdir(), pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.startDemo(dir);
  t.truthy(readDemoHost(dir));
  await intents.startDemo(dir, {fresh: true});
  t.regex(store.getState().notice?.text ?? '', /earlier demo is kept in .*earlier-demos/, store.getState().notice?.text);
  t.is(migrated(), 0);
  intents.shutdown();
});

/** The emulators' demo credentials, as ensureDemoServices gives them to the console's runs. */
function secretEnvOf(plan: Record<'source' | 'target', {credentials: Record<string, {env?: string} | object>}>, host: NonNullable<ReturnType<typeof readDemoHost>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const side of ['source', 'target'] as const)
    for (const [key, source] of Object.entries(plan[side].credentials)) if ('env' in source && source.env) out[source.env] = host.sides[side]!.credentials[key]!;
  return out;
}

test('after a run with failures, the printed next steps carry --dir and so work from any folder', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const out: string[] = [];
  const io = {stdout: {write: (s: string) => out.push(s)} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: false}, io), 0);
  const text = out.join('');
  t.true(text.includes(`ferry report --status failed --out failed.csv --dir ${bed.dir}`), text);
  t.true(text.includes(`ferry retry --all-failed --dir ${bed.dir}`), text);
});

test('Start: a fresh demo is its own choice, last in the list, and asks for the folder first', async (t) => {
  const {frame, press, calls} = renderConsole({defaultDemoDir: '/home/op/ferry-demo'});
  await waitFor(() => frame().includes('› Try the demo'), frame);
  t.regex(frame(), /reopened as it was left/);
  await press(KEYS.end, (f) => f.includes('› Start a fresh demo'));
  await press(KEYS.enter, (f) => f.includes('Folder'));
  await press(KEYS.enter, () => calls.some(([name]) => name === 'startDemo'));
  t.deepEqual(calls.find(([name]) => name === 'startDemo'), ['startDemo', '/home/op/ferry-demo', {fresh: true}]);
});

test('ferry demo --source helpscout --target freshservice opens the console on that pair, and says which emulators run', async (t) => {
  t.timeout(10 * 60_000);
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ferry-console-pair-')), 'demo');
  const env = {...process.env, FERRY_HOME: path.dirname(dir), FERRY_DEMO_IDLE_SECONDS: '20', FERRY_DEMO_FAST: '1', FERRY_DEMO_TICKETS: '12'};
  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env, cwd: os.tmpdir(), pollMs: 50});
  const stop = async () => {
    intents.shutdown();
    if (!readDemoHost(dir)) return;
    writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
    for (let i = 0; i < 100 && readDemoHost(dir); i++) await new Promise((r) => setTimeout(r, 100));
  };
  t.teardown(stop);
  await openInitialFolder(intents, os.tmpdir(), ['--demo', '--dir', dir, '--source', 'helpscout', '--target', 'freshservice']);
  const state = store.getState();
  t.is(state.notice?.kind, 'info', state.notice?.text);
  t.is(state.plan?.source.platform, 'helpscout');
  t.is(state.plan?.target.platform, 'freshservice');
  t.regex(state.notice!.text, /the Help Scout emulator and the Freshservice emulator are running/);
  t.is(state.plan?.target.url, readDemoHost(dir)!.targetUrl);
});
