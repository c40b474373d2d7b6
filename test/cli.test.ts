// The command line as a script would use it: a real child process, exit codes,
// --json output, reports, and secrets kept out of every file and message.
import test from 'ava';
import {execFile} from 'node:child_process';
import {readFileSync, readdirSync, existsSync, mkdtempSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {testBed} from './helpers/migration.js';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import {Journal} from '../source/engine/journal.js';

const bin = fileURLToPath(new URL('../bin/ferry.js', import.meta.url));

function ferry(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], {env, cwd, maxBuffer: 10 * 1024 * 1024}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
    });
  });
}

test('usage errors exit 2 and say what to run', async (t) => {
  const unknown = await ferry(['frobnicate']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown command "frobnicate"[\s\S]*ferry --help/);
  const noMode = await ferry(['run']);
  t.is(noMode.code, 2);
  t.regex(noMode.stderr, /--mode is required: one of demo, full, delta/);
  const badFlag = await ferry(['status', '--colour']);
  t.is(badFlag.code, 2);
});

test('a folder without a plan says so', async (t) => {
  const result = await ferry(['run', '--mode', 'demo', '--dir', '/nonexistent-ferry-folder']);
  t.is(result.code, 1);
  t.regex(result.stderr, /No plan in \/nonexistent-ferry-folder/);
});

test('run --json, status, report; secrets never land in files or output', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const run = await ferry(['run', '--mode', 'demo', '--dir', bed.dir, '--json'], bed.env);
  t.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  t.is(json.mode, 'demo');
  t.deepEqual(Object.keys(json.types.tickets).sort(), ['failed', 'migrated', 'pending', 'referenced', 'skipped', 'total', 'warnings']);
  t.is(json.types.tickets.total, 20);

  const status = await ferry(['status', '--dir', bed.dir, '--json'], bed.env);
  t.is(JSON.parse(status.stdout).lastRun.status, 'finished');
  t.deepEqual(JSON.parse(status.stdout).types, json.types, 'status --json and run --json: one shape, one set of numbers');

  const out = path.join(bed.dir, 'reports', 'skipped.csv');
  const report = await ferry(['report', '--status', 'skipped', '--out', out, '--dir', bed.dir], bed.env);
  t.is(report.code, 0, report.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  t.is(lines[0], 'source_id,target_id,type,status,reason,attempts,label,outcome');
  t.true(lines.slice(1).some((line) => line.includes(',agents,skipped,') && line.includes('no agent with email')));

  const secrets = Object.values(bed.demo.env);
  t.true(secrets.length > 0);
  for (const file of readdirSync(bed.dir, {recursive: true}) as string[]) {
    const full = path.join(bed.dir, file);
    if (!existsSync(full) || !file.includes('.')) continue;
    const bytes = readFileSync(full);
    for (const secret of secrets) t.false(bytes.includes(secret), `${file} holds no secret`);
  }
  for (const secret of secrets) t.false(run.stdout.includes(secret) || run.stderr.includes(secret));
});

test('rejected credentials stop the run with exit 1, say what to fix, and mask the secret', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const [name] = Object.keys(bed.demo.env).filter((key) => key.startsWith('FERRY_DEMO_TARGET'));
  const wrong = 'wrong-key-0123456789';
  const result = await ferry(['run', '--mode', 'demo', '--dir', bed.dir], {...bed.env, [name!]: wrong});
  t.is(result.code, 1);
  t.regex(result.stderr, /401/);
  t.regex(result.stderr, /credentials were rejected/);
  t.false(result.stderr.includes(wrong));
  const empty = await ferry(['run', '--mode', 'demo', '--dir', bed.dir], {...bed.env, [name!]: ''});
  t.is(empty.code, 1);
  t.regex(empty.stderr, new RegExp(`environment variable ${name}, which is set but empty\\.`));
  const {[name!]: _removed, ...withoutIt} = bed.env;
  const missing = await ferry(['run', '--mode', 'demo', '--dir', bed.dir], withoutIt);
  t.is(missing.code, 1);
  t.regex(missing.stderr, new RegExp(`environment variable ${name}, which is not set\\.`));
});

test('retry says when nothing matches, and names ids the journal does not know', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  t.is((await ferry(['run', '--mode', 'demo', '--dir', bed.dir, '--json'], bed.env)).code, 0);
  const unknown = await ferry(['retry', '--ids', 'tickets:999999', '--dir', bed.dir], bed.env);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /not in the journal: tickets:999999/);
  const migrated = bed.journal((j) => j.records({type: 'tickets', status: 'migrated'}))[0]!;
  const done = await ferry(['retry', '--ids', `tickets:${migrated.sourceId}`, '--dir', bed.dir], bed.env);
  t.is(done.code, 0);
  t.regex(done.stdout, /None of those records is waiting for a retry/);
  const all = await ferry(['retry', '--all-failed', '--dir', bed.dir, '--json'], bed.env);
  t.is(all.code, 0, all.stderr);
  t.is(JSON.parse(all.stdout).mode, 'retry');
});

test('verify exits 0 when the target matches and 3 with the count when it differs', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  t.is((await ferry(['run', '--mode', 'demo', '--dir', bed.dir, '--json'], bed.env)).code, 0);
  const clean = await ferry(['verify', '--dir', bed.dir], bed.env);
  t.is(clean.code, 0, clean.stderr);
  t.regex(clean.stdout, /: 0 differences, 0 missing on the target/);

  // Change one migrated ticket's subject on the target behind ferry's back.
  const row = bed.journal((j) => j.records({type: 'tickets', status: 'migrated'}))[0]!;
  const key = bed.env[Object.keys(bed.demo.env).find((k) => k.startsWith('FERRY_DEMO_TARGET'))!]!;
  const changed = await fetch(`${bed.demo.target.url}/api/v2/tickets/${row.targetId}`, {
    method: 'PUT',
    headers: {authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}`, 'content-type': 'application/json'},
    body: JSON.stringify({subject: 'Changed on the target'}),
  });
  t.true(changed.ok, await changed.text());
  const differs = await ferry(['verify', '--dir', bed.dir], bed.env);
  t.is(differs.code, 3, differs.stderr);
  t.regex(differs.stdout, /: 1 difference, 0 missing on the target/);
  t.regex(differs.stdout, /subject: source ".*", target "Changed on the target"/);
  t.regex(differs.stderr, /1 difference between source and target \(exit code 3\)/);
  const json = await ferry(['verify', '--dir', bed.dir, '--json'], bed.env);
  t.is(json.code, 3);
  t.is(JSON.parse(json.stdout).differences.length, 1);
});

test('audit and verify say at once that nothing listens at the source, instead of retrying for half a minute', async (t) => {
  // A loopback port that was open a moment ago and is closed now.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-closed-'));
  const endpoint = {platform: 'zendesk', url: `http://127.0.0.1:${port}`, tier: 'professional', authKind: 'token', credentials: {email: {value: 'admin@acme.test'}, apiToken: {env: 'FERRY_T_TOKEN'}}};
  savePlan(dir, defaultPlan(endpoint, endpoint));
  // One migrated ticket, so verify has a record to read back.
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('full', null);
  journal.markPending('tickets', '1', run.id, {label: '#1'});
  journal.settle('tickets', '1', {status: 'migrated', targetId: '1'});
  journal.finishRun(run.id, 'finished');
  journal.close();
  for (const command of ['audit', 'verify']) {
    const result = await ferry([command, '--dir', dir], {...process.env, FERRY_T_TOKEN: 'tok-0123456789'});
    t.is(result.code, 1, `${command}: ${result.stderr}`);
    t.regex(result.stderr, new RegExp(`nothing listens at 127\\.0\\.0\\.1:${port} \\(connection refused, ECONNREFUSED\\)`), command);
    // Stopped at the first refusal: a stop after every retry was spent says "run again" instead.
    t.notRegex(result.stderr, /Then run again/, command);
  }
});
