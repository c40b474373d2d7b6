// Rule 3 of the referral import: `ferry referral load` as a real child process, killed
// (SIGKILL of its process group) at random instants and right after Advocate accepted a
// job whose id was not journalled yet, with answers lost on job submission and polling;
// the operator re-runs the same command until it succeeds. Then Advocate (the emulator)
// must hold each user, referral and reward exactly once: its contents are compared with a
// clean load of the same files into a second emulator, and with the files' row counts.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {startAdvocateEmulator, type RunningAdvocateEmulator} from '../connectors/advocate/emulator.js';
import {AdvocateClient} from '../connectors/advocate/client.js';
import {runImport} from '../source/referral/engine.js';
import {loadOutputs} from '../source/referral/load.js';
import {LoadJournal} from '../source/referral/load-journal.js';
import {startFaultProxy, seededRandom} from './helpers/fault-proxy.js';
import {startFerry} from './helpers/ferry-process.js';
import {tempDir, writeCsv} from './referral-helpers.js';

const KEY = 'test-api-key-4242';
const TENANT = 'test_ferry';

interface Export {
  files: {users: string; referrals: string; rewards: string};
  counts: {users: number; referrals: number; rewards: number};
}

/** A clean export: every user referred at most once, rewards after their referral, two rewards exactly alike. */
function makeExport(users: number): Export {
  const dir = tempDir();
  const email = (i: number) => `user.${i}@example.com`;
  const half = Math.floor(users / 2);
  const userLines = ['Email,First Name'];
  for (let i = 0; i < users; i++) userLines.push(`${email(i)},User${i}`);
  const referralLines = ['Advocate Email,Friend Email,Referred Date'];
  for (let i = 0; i < half; i++) referralLines.push(`${email(i)},${email(i + half)},2023-01-0${1 + (i % 9)}T10:00:00Z`);
  const rewardLines = ['Advocate Email,Friend Email,Reward Name,Amount,Currency,Date Given'];
  for (let i = 0; i < half; i++) rewardLines.push(`${email(i)},${email(i + half)},Referral credit,$${(i % 50) + 1}.00,USD,2023-02-${String(1 + (i % 27)).padStart(2, '0')}T10:00:00Z`);
  rewardLines.push(rewardLines[1]!, rewardLines[1]!);
  return {
    files: {users: writeCsv(dir, 'users.csv', userLines.join('\n') + '\n'), referrals: writeCsv(dir, 'referrals.csv', referralLines.join('\n') + '\n'), rewards: writeCsv(dir, 'rewards.csv', rewardLines.join('\n') + '\n')},
    counts: {users: users, referrals: half, rewards: half + 2},
  };
}

/** What Advocate holds, in a form two tenants can be compared by. */
function contents(emulator: RunningAdvocateEmulator) {
  const users = [...emulator.state.users.keys()].sort();
  const referrals = [...emulator.state.referrals.entries()].map(([referred, r]) => `${r.referrerId}>${referred}`).sort();
  const rewards = [...emulator.state.referrals.entries()].flatMap(([referred, r]) => r.rewards.map((reward) => `${referred}:${JSON.stringify(reward)}`)).sort();
  return {users, referrals, rewards};
}

async function reference(data: Export) {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 2, rowsPerTick: 2000});
  try {
    const out = tempDir();
    const result = await runImport({files: data.files, outDir: out});
    await loadOutputs(result.outputs, new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000}), {pollMs: 5});
    return contents(emulator);
  } finally {
    await emulator.close();
  }
}

function loadArgs(data: Export, out: string, baseUrl: string, command = 'load') {
  return ['referral', command, '--users', data.files.users, '--referrals', data.files.referrals, '--rewards', data.files.rewards, '--out', out, '--tenant', TENANT, '--base-url', baseUrl, '--poll-ms', '20', '--json'];
}

const env = (extra: Record<string, string> = {}) => ({...process.env, FERRY_ADVOCATE_API_KEY: KEY, FERRY_HTTP_TIMEOUT_MS: '10000', ...extra});

/** Runs ferry until `until` says to kill it (then SIGKILL of its group) or it exits. */
async function runUntil(args: string[], extraEnv: Record<string, string>, until?: () => boolean | Promise<boolean>, limitMs = 240_000): Promise<{code: number | null; output: string; killed: boolean}> {
  const child = startFerry(args, env(extraEnv));
  let exited = false;
  let code: number | null = null;
  void child.exited.then((c) => ((exited = true), (code = c)));
  const started = Date.now();
  let killed = false;
  while (!exited && Date.now() - started < limitMs) {
    if (until && (await until())) {
      child.killGroup();
      killed = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!exited && !killed) child.killGroup();
  const finalCode = await child.exited;
  return {code: killed ? null : (code ?? finalCode), output: child.output(), killed};
}

const jobsOf = (emulator: RunningAdvocateEmulator, importType: string) => [...emulator.state.jobs.values()].filter((job) => job.name.startsWith(`ferry ${importType} `));

test('a kill storm and lost answers on job submission and polling end with every user, referral and reward on Advocate exactly once', async (t) => {
  t.timeout(900_000);
  const data = makeExport(3000);
  const expected = await reference(data);
  t.is(expected.users.length, data.counts.users);
  t.is(expected.referrals.length, data.counts.referrals);
  t.is(expected.rewards.length, data.counts.rewards);

  // About 500 rows a second: each job runs for seconds, so kills land while Advocate works.
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 20, rowsPerTick: 10});
  // Faults start after the first deterministic kill (a lost createJob answer would make the job be found instead of accepted).
  const proxy = await startFaultProxy({upstream: emulator.url, seed: 19, only: (method, p) => method === 'POST' && p.endsWith('/graphql')});
  t.teardown(async () => {
    await proxy.close();
    await emulator.close();
  });
  const out = tempDir();
  const args = loadArgs(data, out, proxy.url);

  // 1. Killed after Advocate accepted the users job, before its id was journalled.
  const first = await runUntil(args, {FERRY_TEST_KILL_AFTER_JOB_ACCEPTED: 'users'});
  t.is(first.code, null, first.output);
  t.is(jobsOf(emulator, 'users').length, 1, 'the users job reached Advocate');
  const journal = LoadJournal.inFolder(out);
  t.deepEqual(journal.openJobs().map((job) => [job.importType, job.state, job.jobId]), [['users', 'sent', null]]);
  journal.close();

  // 2. Kills at random instants, from start-up to the middle of a job, with answers lost on
  // submission and polling; once, again right after a job is accepted, whichever comes next.
  proxy.setRates({lostAnswer: 0.2, error5xx: 0.05, resetBefore: 0.05});
  proxy.addRule({method: 'POST', path: /graphql$/, body: /createJob/, fault: 'lostAnswer', times: 2});
  const random = seededRandom(1919);
  let kills = 0;
  for (let i = 0; i < 10; i++) {
    const delay = 500 + random() * 4500;
    const start = Date.now();
    const run = await runUntil(args, i === 3 ? {FERRY_TEST_KILL_AFTER_JOB_ACCEPTED: 'users,referralHistory,rewardHistory'} : {}, i === 3 ? undefined : () => Date.now() - start > delay);
    if (run.killed) kills++;
    if (run.code === 0) break;
  }
  t.is(jobsOf(emulator, 'users').length, 1, 'the users job was found after the kill, not sent again');
  // 4. The operator runs the same command until it succeeds.
  let last = {code: 1 as number | null, output: ''};
  for (let i = 0; i < 12 && last.code !== 0; i++) last = await runUntil(args, {});
  t.is(last.code, 0, last.output);
  t.true(kills > 0, 'the storm killed at least one run');
  t.is(emulator.state.jobs.size, 3, 'one Advocate job per file: none sent twice');
  t.log(`kills at random instants: ${kills}, plus two right after a job was accepted; faults: ${JSON.stringify(proxy.injected)}, Advocate jobs: ${emulator.state.jobs.size}`);
  t.true(proxy.injected.lostAnswer > 2, `answers lost: ${proxy.injected.lostAnswer}`);

  // Advocate's jobs are over: wait for any still running after the last kill, then compare.
  const got = contents(emulator);
  t.is(got.users.length, data.counts.users);
  t.is(got.referrals.length, data.counts.referrals);
  t.is(got.rewards.length, data.counts.rewards, 'every reward once (rewards are added again when imported again)');
  t.deepEqual(got, expected);
  t.true([...emulator.state.jobs.values()].every((job) => job.status !== 'PENDING'));
  const summary = JSON.parse(last.output.slice(last.output.indexOf('{')));
  t.like(summary.loadJournal.counts, {users: {loaded: data.counts.users, rejected: 0, queued: 0}, referralHistory: {loaded: data.counts.referrals}, rewardHistory: {loaded: data.counts.rewards}});
});

test('killed while Advocate runs the rewards job, the same load again duplicates no reward', async (t) => {
  t.timeout(300_000);
  const data = makeExport(1000);
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 20, rowsPerTick: 20});
  t.teardown(() => emulator.close());
  const out = tempDir();
  const args = loadArgs(data, out, emulator.url);
  const first = await runUntil(args, {}, () => jobsOf(emulator, 'rewardHistory').some((job) => job.status === 'PENDING' && job.stats.recordsProcessed > 100));
  t.true(first.killed);
  const again = await runUntil(args, {});
  t.is(again.code, 0, again.output);
  t.is(jobsOf(emulator, 'rewardHistory').length, 1, 'the job that finished after the kill was not sent again');
  const got = contents(emulator);
  t.is(got.rewards.length, data.counts.rewards);
  t.is(got.referrals.length, data.counts.referrals);
  t.regex(again.output, /"rewardHistory": \{\s*"loaded": 502/);
});

test('killed during the referrals job, catch-up --previous with --load brings every reward', async (t) => {
  t.timeout(300_000);
  const data = makeExport(1000);
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 20, rowsPerTick: 20});
  t.teardown(() => emulator.close());
  const run1 = tempDir();
  const first = await runUntil(loadArgs(data, run1, emulator.url), {}, () => jobsOf(emulator, 'referralHistory').some((job) => job.status === 'PENDING' && job.stats.recordsProcessed > 100));
  t.true(first.killed);
  const run2 = tempDir();
  const catchUp = await runUntil([...loadArgs(data, run2, emulator.url, 'catch-up'), '--previous', run1, '--load'], {});
  t.is(catchUp.code, 0, catchUp.output);
  const got = contents(emulator);
  t.is(got.users.length, data.counts.users);
  t.is(got.referrals.length, data.counts.referrals);
  t.is(got.rewards.length, data.counts.rewards, 'every reward arrives once');
  t.is(jobsOf(emulator, 'users').length, 1, 'users were loaded by run1 and not sent again');
  t.is(jobsOf(emulator, 'referralHistory').length, 1, 'the interrupted referrals job was settled, not sent again');
  t.true(fs.existsSync(path.join(run2, 'load-journal.sqlite')));
});

test('a second load of the same folder while one runs stops and names the first; nothing is sent twice', async (t) => {
  t.timeout(300_000);
  const data = makeExport(600);
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 20, rowsPerTick: 10});
  t.teardown(() => emulator.close());
  const out = tempDir();
  const args = loadArgs(data, out, emulator.url);
  const first = startFerry(args, env());
  t.teardown(() => first.killGroup());
  const started = Date.now();
  while (!jobsOf(emulator, 'users').length && Date.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 20));
  const second = await runUntil(args, {});
  t.is(second.code, 1, second.output);
  t.regex(second.output, new RegExp(`Another ferry process \\(pid ${first.pid}, ferry referral load`));
  t.is(await first.exited, 0, first.output());
  const got = contents(emulator);
  t.is(got.users.length, data.counts.users);
  t.is(got.rewards.length, data.counts.rewards);
  t.is(emulator.state.jobs.size, 3);
});
