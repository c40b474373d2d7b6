// Rule 6: a demo folder stays usable after `ferry demo --headless` has ended. Every later
// command, each in a new process, finds the demo's emulators with the records they had
// (saved in the folder), and a run killed mid-write with its emulators resumes without
// creating anything twice on the restored target.
import test, {type ExecutionContext} from 'ava';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {createDemoFolder, readDemoHost, readDemoSpec} from '../source/app/demo-folder.js';
import {ensureDemoServices} from '../source/app/demo-services.js';
import {loadPlan} from '../source/plan/plan.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {Journal} from '../source/engine/journal.js';
import {isAlive} from '../source/engine/live-progress.js';
import {startFerry, summaryOf} from './helpers/ferry-process.js';
import {checkExactlyOnce} from './helpers/exactly-once.js';

// Emulators that outlive each command a little (the next finds them up), then stop by themselves.
const env = {...process.env, FERRY_DEMO_IDLE_SECONDS: '20', FERRY_DEMO_FAST: '1'};

async function ferry(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{code: number | null; output: string}> {
  const child = startFerry(args, {...env, ...extra});
  const code = await child.exited;
  return {code, output: child.output()};
}

async function demoFolder(t: ExecutionContext, tickets: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-folder-'));
  await createDemoFolder(dir, {account: smallDemoAccount(tickets), fast: true});
  t.teardown(() => stopHost(dir));
  return dir;
}

async function stopHost(dir: string) {
  if (!existsSync(path.join(dir, 'demo-host.json'))) return;
  writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
  for (let i = 0; i < 100 && readDemoHost(dir); i++) await new Promise((r) => setTimeout(r, 100));
}

const journalOf = (dir: string) => {
  const journal = Journal.inFolder(dir);
  try {
    return journal.records({});
  } finally {
    journal.close();
  }
};

/** The live host's addresses, bringing the emulators back first (a status costs nothing). */
async function urls(dir: string): Promise<{source: string; target: string}> {
  const {code, output} = await ferry(['verify', '--dir', dir, '--sample', '1']);
  if (code !== 0 && code !== 3) throw new Error(output);
  const host = JSON.parse(readFileSync(path.join(dir, 'demo-host.json'), 'utf8')) as {sourceUrl: string; targetUrl: string};
  return {source: host.sourceUrl, target: host.targetUrl};
}

test('after ferry demo --headless ends, retry, verify, a full run and status work in new processes, on the same emulator state', async (t) => {
  t.timeout(10 * 60_000);
  const dir = await demoFolder(t, 12);
  const demo = await ferry(['demo', '--headless', '--mode', 'full', '--dir', dir]);
  t.is(demo.code, 0, demo.output);
  // The hint it printed works as printed, from another folder.
  const hint = /ferry (retry --all-failed --dir \S+)/.exec(demo.output);
  t.truthy(hint, demo.output);
  await stopHost(dir); // as if the operator came back later: nothing of the demo is running

  const retry = await ferry(hint![1]!.split(' '));
  t.is(retry.code, 0, retry.output);
  t.notRegex(retry.output, /ECONNREFUSED|could not be brought back|unexpected error/);

  const verify = await ferry(['verify', '--dir', dir]);
  t.true(verify.code === 0 || verify.code === 3, verify.output);
  t.regex(verify.output, /, 0 missing on the target/, 'every migrated record is still on the restored target');

  for (const command of [['estimate', '--dir', dir], ['audit', '--dir', dir]]) {
    const result = await ferry(command);
    t.is(result.code, 0, `${command[0]}: ${result.output}`);
  }

  const {target} = await urls(dir);
  const before = await (await fetch(`${target}/__emulator/state`)).json();
  await stopHost(dir);
  const full = await ferry(['run', '--mode', 'full', '--dir', dir, '--json']);
  t.is(full.code, 0, full.output);
  t.is(summaryOf(full.output)?.status, 'finished', full.output);
  const after = await urls(dir);
  t.not(after.target, undefined);
  t.deepEqual(await (await fetch(`${after.target}/__emulator/state`)).json(), before, 'the full run created nothing new: all of it was on the restored target');
  t.deepEqual((await checkExactlyOnce(after.source, after.target, journalOf(dir))).problems, []);

  const status = await ferry(['status', '--json', '--dir', dir]);
  t.is(status.code, 0, status.output);
  t.is(JSON.parse(status.output).lastRun.status, 'finished');
});

test('a follow-up run killed mid-write together with its emulators resumes without a duplicate on the restored target', async (t) => {
  t.timeout(10 * 60_000);
  const dir = await demoFolder(t, 40);
  const demo = await ferry(['demo', '--headless', '--mode', 'demo', '--dir', dir], {FERRY_DEMO_TICKETS: '3'});
  t.is(demo.code, 0, demo.output);
  const migrated = () => journalOf(dir).filter((row) => row.status === 'migrated').length;
  const first = migrated();

  const run = startFerry(['run', '--mode', 'full', '--dir', dir, '--json'], env);
  for (let i = 0; i < 600 && migrated() < first + 15; i++) await new Promise((r) => setTimeout(r, 20));
  // kill -9 of the run and of the emulators' host, at the same instant: whatever the target
  // answered must be in its saved state, whatever it did not may be lost.
  const host = readDemoHost(dir);
  t.truthy(host, 'the run brought the emulators back');
  run.killGroup();
  process.kill(host!.pid, 'SIGKILL');
  await run.exited;
  for (let i = 0; i < 500 && isAlive(host!.pid); i++) await new Promise((r) => setTimeout(r, 20));
  t.true(migrated() < journalOf(dir).length, 'the run was killed before it finished');

  const resumed = await ferry(['run', '--mode', 'full', '--dir', dir, '--json']);
  t.is(resumed.code, 0, resumed.output);
  t.not(readDemoHost(dir)?.pid, host!.pid, 'a new host restored the saved state');
  const {source, target} = await urls(dir);
  const report = await checkExactlyOnce(source, target, journalOf(dir));
  t.deepEqual(report.problems, []);
});

test('a Request Tracker demo target is the local RT each time: nothing of it is saved or restored, the Zendesk source is', async (t) => {
  t.timeout(10 * 60_000);
  // Stands in for a local RT 5: the demo only asks it whether it answers.
  const rt = http.createServer((request, response) => response.writeHead(request.url === '/REST/2.0/rt' ? 200 : 404, {'content-type': 'application/json'}).end('{}'));
  await new Promise<void>((resolve) => rt.listen(0, '127.0.0.1', resolve));
  t.teardown(() => rt.close());
  const rtEnv = {...env, RT_URL: `http://127.0.0.1:${(rt.address() as AddressInfo).port}`, RT_USER: 'root', RT_PASSWORD: 'local-rt-password'};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-rt-'));
  t.teardown(() => stopHost(dir));
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true, targetPlatform: 'request-tracker', env: rtEnv});
  t.deepEqual(readDemoSpec(dir)!.target, {platform: 'request-tracker', local: true});
  t.false(existsSync(path.join(dir, 'demo-state', 'target.json')));

  const services = await ensureDemoServices(dir, loadPlan(dir), rtEnv);
  t.teardown(() => services.release());
  t.is(services.plan.target.url, rtEnv.RT_URL);
  const password = services.plan.target.credentials.password as {env: string};
  t.is(services.env[password.env], 'local-rt-password', 'the local RT login, from its own environment');
  t.is(services.host!.sides.target, undefined, 'the host serves only the emulated source');
  t.is(services.plan.source.url, services.host!.sourceUrl!);
  t.true(readFileSync(path.join(dir, 'demo-host.json'), 'utf8').includes('emu-admin-api-token'));
  t.false(readFileSync(path.join(dir, 'demo-host.json'), 'utf8').includes('local-rt-password'), 'no real secret is kept in the folder');
});

test('a Help Scout to Freshservice demo folder comes back too: both new emulators keep their accounts', async (t) => {
  t.timeout(10 * 60_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-folder-'));
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true, sourcePlatform: 'helpscout', targetPlatform: 'freshservice'});
  t.teardown(() => stopHost(dir));
  const demo = await ferry(['demo', '--headless', '--dir', dir]);
  t.is(demo.code, 0, demo.output);
  const first = await urls(dir);
  const before = await (await fetch(`${first.target}/__emulator/state`)).json();
  await stopHost(dir); // nothing of the demo is running now
  // Exit 0: no difference at all (a Help Scout ticket has no type, Freshservice's Incident is its default; the
  // "ferry-migrated" tag is read back, not taken for a marker).
  const verify = await ferry(['verify', '--dir', dir]);
  t.is(verify.code, 0, verify.output);
  t.regex(verify.output, /: 0 differences, 0 missing on the target/, 'every migrated record is on the restored Freshservice target');
  await stopHost(dir);
  const again = await ferry(['run', '--mode', 'demo', '--dir', dir, '--json']);
  t.is(again.code, 0, again.output);
  const after = await urls(dir);
  t.deepEqual(await (await fetch(`${after.target}/__emulator/state`)).json(), before, 'the second run created nothing: the restored target had it all');
});

test('a Front to Front demo folder comes back too: the Front emulator keeps its account on both sides', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-folder-'));
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true, sourcePlatform: 'front', targetPlatform: 'front'});
  t.teardown(() => stopHost(dir));
  const demo = await ferry(['demo', '--headless', '--dir', dir]);
  t.is(demo.code, 0, demo.output);
  const first = await urls(dir);
  const before = await (await fetch(`${first.target}/__emulator/state`)).json();
  await stopHost(dir);
  const verify = await ferry(['verify', '--dir', dir]);
  t.is(verify.code, 0, verify.output);
  t.regex(verify.output, /: 0 differences, 0 missing on the target/, 'every migrated record is on the restored Front target');
  await stopHost(dir);
  const again = await ferry(['run', '--mode', 'demo', '--dir', dir, '--json']);
  t.is(again.code, 0, again.output);
  const after = await urls(dir);
  t.deepEqual(await (await fetch(`${after.target}/__emulator/state`)).json(), before, 'the second run created nothing: the restored target had it all');
});
