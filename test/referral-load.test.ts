import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {AdvocateClient} from '../connectors/advocate/client.js';
import {startAdvocateEmulator} from '../connectors/advocate/emulator.js';
import {referralCommand} from '../source/cli/referral.js';
import {runImport} from '../source/referral/engine.js';
import {demoReferralFiles} from '../source/referral/index.js';
import {loadOutputs} from '../source/referral/load.js';
import {loadPrevious} from '../source/referral/previous.js';
import {DEMO, sink, tempDir, writeCsv} from './referral-helpers.js';

const KEY = 'test-api-key-4242';
const TENANT = 'test_ferry';

test('the emulator answers 401 to a wrong key and reads Basic auth with an empty user', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY});
  t.teardown(() => emulator.close());
  const wrong = await fetch(`${emulator.url}/api/v1/${TENANT}/graphql`, {method: 'POST', headers: {authorization: 'Basic ' + Buffer.from(':nope').toString('base64'), 'content-type': 'application/json'}, body: '{}'});
  t.is(wrong.status, 401);
  t.is(((await wrong.json()) as {statusCode: number}).statusCode, 401);
  const userInsteadOfPassword = await fetch(`${emulator.url}/api/v1/${TENANT}/graphql`, {method: 'POST', headers: {authorization: 'Basic ' + Buffer.from(`${KEY}:`).toString('base64')}});
  t.is(userInsteadOfPassword.status, 401);
  const client = new AdvocateClient({tenant: TENANT, apiKey: 'wrong-key-123', baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const error = await t.throwsAsync(() => client.job('x'));
  t.regex(error!.message, /401/);
  t.false(error!.message.includes('wrong-key-123'));
});

test('upload, validateJobCreation, createJob and polling load the demo; side effects stay off', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5, rowsPerTick: 400});
  t.teardown(() => emulator.close());
  const out = tempDir();
  const result = await runImport({files: demoReferralFiles(), outDir: out, format: 'jsonl'});
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const seen: string[] = [];
  const loaded = await loadOutputs(result.outputs, client, {pollMs: 10, onProgress: (p) => seen.push(`${p.jobType}:${p.status}`)});
  t.deepEqual(loaded.map((l) => [l.output.jobType, l.status, l.errors]), [['MUTATION/USER', 'COMPLETED', 0], ['MUTATION/REFERRAL', 'COMPLETED', 0], ['MUTATION/REFERRAL', 'COMPLETED', 0]]);
  t.true(seen.includes('MUTATION/USER:PENDING'), 'progress is reported while the job runs');
  t.is(emulator.state.users.size, result.files.users!.valid);
  t.is(emulator.state.referrals.size, result.files.referrals!.valid);
  const rewards = [...emulator.state.referrals.values()].reduce((n, r) => n + r.rewards.length, 0);
  t.is(rewards, result.files.rewards!.valid);
  t.deepEqual(emulator.state.sideEffects, {webhooks: 0, programs: 0, analytics: 0});
  t.true([...emulator.state.jobs.values()].every((job) => (job.params as {importEvaluationOptions?: unknown}).importEvaluationOptions !== undefined));
});

test("Advocate's error file is fetched and shown per row", async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5});
  t.teardown(() => emulator.close());
  const dir = tempDir();
  // Without a users file nothing is checked locally; the tenant has no users, so Advocate rejects each row.
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\nc@example.com,d@example.com\n');
  const out = tempDir();
  const result = await runImport({files: {referrals}, outDir: out});
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const [loaded] = await loadOutputs(result.outputs, client, {pollMs: 10});
  t.is(loaded!.status, 'COMPLETED');
  t.is(loaded!.errors, 2);
  t.deepEqual(loaded!.errorRows, [
    {row: 1, message: 'Referrer a@example.com not found'},
    {row: 2, message: 'Referrer c@example.com not found'},
  ]);
});

test('a file Advocate cannot validate is rejected before any job runs', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY});
  t.teardown(() => emulator.close());
  const dir = tempDir();
  const file = writeCsv(dir, 'users-001.csv', 'email,firstName\na@example.com,A\n');
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const [loaded] = await loadOutputs([{importType: 'users', jobType: 'MUTATION/USER', path: file, rows: 1}], client);
  t.is(loaded!.status, 'REJECTED');
  t.deepEqual(loaded!.errorRows.map((r) => r.message), ['MISSING_HEADER: Missing required header id', 'MISSING_HEADER: Missing required header accountId']);
  t.is(emulator.state.jobs.size, 0);
});

test('catch-up imports only what is new, without duplicating referrals or rewards', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5, rowsPerTick: 1000});
  t.teardown(() => emulator.close());
  const env = {FERRY_ADVOCATE_API_KEY: KEY};
  const first = tempDir();
  const files = demoReferralFiles();
  const stdout = sink();
  const stderr = sink();
  const load = ['--tenant', TENANT, '--base-url', emulator.url, '--poll-ms', '10'];
  t.is(await referralCommand(['load', '--users', files.users, '--referrals', files.referrals, '--rewards', files.rewards, '--out', first, ...load], {stdout, stderr, env}), 0);
  const referralsBefore = emulator.state.referrals.size;
  const rewardsBefore = [...emulator.state.referrals.values()].reduce((n, r) => n + r.rewards.length, 0);

  const second = tempDir();
  const later = path.join(DEMO, 'catch-up');
  const code = await referralCommand(['catch-up', '--previous', first, '--users', path.join(later, 'users.csv'), '--referrals', path.join(later, 'referrals.csv'), '--rewards', path.join(later, 'rewards.csv'), '--out', second, '--load', '--json', ...load], {stdout: sink(), stderr: sink(), env});
  t.is(code, 0);
  const summary = JSON.parse(fs.readFileSync(path.join(second, 'summary.json'), 'utf8'));
  const byFile = Object.fromEntries(summary.files.map((f: {file: string}) => [f.file, f]));
  t.is(byFile.users.alreadyLoaded, 3);
  t.is(byFile.users.valid, 1);
  t.is(byFile.referrals.alreadyLoaded, 3);
  t.is(byFile.referrals.valid, 1);
  t.is(byFile.rewards.alreadyLoaded, 3);
  t.is(byFile.rewards.valid, 1);
  t.is(emulator.state.referrals.size, referralsBefore + 1);
  t.is([...emulator.state.referrals.values()].reduce((n, r) => n + r.rewards.length, 0), rewardsBefore + 1);

  // Loading the catch-up export again without --previous would duplicate the old rewards: that is what catch-up prevents.
  const previous = await loadPrevious([first, second]);
  t.true(previous.users.has('late.joiner@example.com'));
});

test('the CLI: help, usage errors, exit codes and the API key never printed', async (t) => {
  const help = sink();
  t.is(await referralCommand(['validate', '--help'], {stdout: help, stderr: sink(), env: {}}), 0);
  t.regex(help.text(), /--users FILE/);
  t.regex(help.text(), /--date-format/);
  const usage = sink();
  t.is(await referralCommand(['convert', '--users', 'x.csv'], {stdout: sink(), stderr: usage, env: {}}), 2);
  t.regex(usage.text(), /--out DIR is required/);
  t.is(await referralCommand(['frobnicate'], {stdout: sink(), stderr: sink(), env: {}}), 2);
  t.is(await referralCommand(['validate', '--users', 'a.csv', '--bogus'], {stdout: sink(), stderr: sink(), env: {}}), 2);
  t.is(await referralCommand(['validate', '--users', 'a.csv', '--time-zone', 'Mars/Base'], {stdout: sink(), stderr: sink(), env: {}}), 2);

  const files = demoReferralFiles();
  const out = sink();
  t.is(await referralCommand(['validate', '--users', files.users, '--limit', '5'], {stdout: out, stderr: sink(), env: {}}), 1, 'the demo has invalid rows');
  t.regex(out.text(), /… and \d+ more/);
  const dir = tempDir();
  const good = writeCsv(dir, 'good.csv', 'Email\na@example.com\n');
  t.is(await referralCommand(['validate', '--users', good], {stdout: sink(), stderr: sink(), env: {}}), 0);
  t.is(await referralCommand(['validate', '--users', path.join(dir, 'missing.csv')], {stdout: sink(), stderr: sink(), env: {}}), 1);
  const withAffiliate = writeCsv(dir, 'aff.csv', 'Email,Advocate Type\na@example.com,customer\nb@example.com,affiliate\n');
  const excluded = sink();
  t.is(await referralCommand(['validate', '--users', withAffiliate, '--exclude', 'Advocate Type=^affiliate$', '--json'], {stdout: excluded, stderr: sink(), env: {}}), 0);
  t.like(JSON.parse(excluded.text()).files[0], {valid: 1, filtered: 1});

  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY});
  t.teardown(() => emulator.close());
  const secret = 'super-secret-key-9876';
  const stdout = sink();
  const stderr = sink();
  const code = await referralCommand(['load', '--users', good, '--out', tempDir(), '--tenant', TENANT, '--base-url', emulator.url], {stdout, stderr, env: {FERRY_ADVOCATE_API_KEY: secret}});
  t.is(code, 1);
  t.regex(stderr.text(), /401/);
  t.false(stdout.text().includes(secret) || stderr.text().includes(secret));
  t.is(await referralCommand(['load', '--users', good, '--out', tempDir(), '--tenant', TENANT], {stdout: sink(), stderr: sink(), env: {}}), 2, 'no key in the environment');
});

test('rows Advocate rejects are listed with its reason and the row, and the next load sends only those', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5});
  t.teardown(() => emulator.close());
  emulator.state.users.set('a@example.com', {id: 'a@example.com'});
  emulator.state.users.set('b@example.com', {id: 'b@example.com'});
  const dir = tempDir();
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\nc@example.com,d@example.com\na@example.com,e@example.com\n');
  const out = tempDir();
  const args = ['load', '--referrals', referrals, '--out', out, '--tenant', TENANT, '--base-url', emulator.url, '--poll-ms', '10'];
  const first = sink();
  t.is(await referralCommand(args, {stdout: first, stderr: sink(), env: {FERRY_ADVOCATE_API_KEY: KEY}}), 1, 'rows were rejected');
  t.regex(first.text(), /referralHistory +1 loaded, 2 rejected by Advocate/);
  t.regex(first.text(), /referralHistory Referrer c@example\.com not found: \{"referrerUser":\{"id":"c@example\.com"/);
  t.regex(first.text(), /referralHistory Referred user e@example\.com not found: .*"e@example\.com"/);
  // The operator creates the missing users in Advocate, then runs the same command again.
  for (const id of ['c@example.com', 'd@example.com', 'e@example.com']) emulator.state.users.set(id, {id});
  const again = sink();
  t.is(await referralCommand([...args, '--json'], {stdout: again, stderr: sink(), env: {FERRY_ADVOCATE_API_KEY: KEY}}), 0);
  const summary = JSON.parse(again.text());
  t.deepEqual(summary.load.map((file: {status: string; recordsProcessed: number; alreadyLoaded: number}) => [file.status, file.recordsProcessed, file.alreadyLoaded]), [['COMPLETED', 2, 1]], 'only the two rejected rows were sent');
  t.like(summary.loadJournal.counts.referralHistory, {loaded: 3, rejected: 0});
  t.is(emulator.state.referrals.size, 3);
  t.is(emulator.state.jobs.size, 2);
});

test('catch-up from a folder whose load was interrupted says to settle that load first, instead of counting unsent rows as loaded', async (t) => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'keys.txt'), 'R\tb@example.com\tb@example.com\ta@example.com\ta@example.com\t\n');
  const {LoadJournal} = await import('../source/referral/load-journal.js');
  const journal = LoadJournal.inFolder(dir);
  const job = journal.prepareJob({importType: 'referralHistory', jobType: 'MUTATION/REFERRAL', marker: 'ferry referralHistory x', fileFor: (key) => path.join(dir, key + '.jsonl')});
  journal.queueRows(job.key, 'referralHistory', [{key: 'b@example.com', position: 1}]);
  journal.stepStore(job.key).markStep('advocateJob' as never, job.key, 'createJob', 'sent');
  journal.close();
  await t.throwsAsync(() => loadPrevious([dir]), {message: /was interrupted with a job not settled: run catch-up with --load/});
});
