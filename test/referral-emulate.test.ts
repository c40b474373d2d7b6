// `ferry emulate advocate`: an Advocate tenant on loopback whose import jobs run in the
// emulator's own process, finished whether or not a client still follows them.
import test from 'ava';
import {AdvocateClient} from '../connectors/advocate/client.js';
import {referralCommand} from '../source/cli/referral.js';
import {startFerry} from './helpers/ferry-process.js';
import {sink, tempDir, writeCsv} from './referral-helpers.js';

test('ferry emulate advocate serves a tenant that ferry referral load fills, and a job runs to its end with no client polling it', async (t) => {
  t.timeout(120_000);
  const served = startFerry(['emulate', 'advocate', '--port', '0', '--rows-per-second', '200'], {...process.env, FERRY_ADVOCATE_API_KEY: 'emulated-key-1234'});
  t.teardown(() => served.killGroup());
  const started = Date.now();
  while (!/API key: /.test(served.output()) && Date.now() - started < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const url = /listening on (\S+)/.exec(served.output())?.[1];
  t.truthy(url, served.output());
  t.regex(served.output(), /tenant: test_ferry/);
  t.regex(served.output(), /API key: emulated-key-1234/);

  const dir = tempDir();
  const rows = Array.from({length: 400}, (_, i) => `u${i}@example.com`);
  const file = writeCsv(dir, 'users-001.csv', 'id,accountId\n' + rows.map((id) => `${id},${id}`).join('\n') + '\n');
  const client = new AdvocateClient({tenant: 'test_ferry', apiKey: 'emulated-key-1234', baseUrl: url!}, {requestsPerMinute: 60_000});
  const fileRef = await client.upload(file);
  const job = await client.createJob({type: 'MUTATION/USER', fileRef, name: 'left alone'});
  t.is(job.status, 'PENDING');
  // Nobody polls: the job still ends, and it is found by its type, date and name.
  let found = await client.findJob('MUTATION/USER', 'left alone', job.dateCreated! - 1000);
  t.is(found?.id, job.id);
  const waited = Date.now();
  while (found?.status === 'PENDING' && Date.now() - waited < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    found = await client.findJob('MUTATION/USER', 'left alone', job.dateCreated! - 1000);
  }
  t.like(found, {status: 'COMPLETED', stats: {recordsProcessed: 400, errors: 0}});

  const out = tempDir();
  const stdout = sink();
  const code = await referralCommand(['load', '--users', writeCsv(dir, 'export.csv', 'Email\nnew@example.com\n'), '--out', out, '--tenant', 'test_ferry', '--base-url', url!, '--poll-ms', '50'], {stdout, stderr: sink(), env: {FERRY_ADVOCATE_API_KEY: 'emulated-key-1234'}});
  t.is(code, 0, stdout.text());
  t.regex(stdout.text(), /users +1 loaded, 0 rejected by Advocate/);
});

test('ferry emulate advocate refuses a bad port or tenant with a usage error', async (t) => {
  const stderr = sink();
  const {main} = await import('../source/cli/main.js');
  t.is(await main(['emulate', 'advocate', '--tenant', 'no spaces'], {stdout: sink(), stderr, env: {}, cwd: process.cwd()}), 2);
  t.regex(stderr.text(), /not a tenant alias/);
});

test('ferry emulate advocate --json prints where it listens, its tenant and key, and the console\'s variables as one object; an error is one object too', async (t) => {
  t.timeout(120_000);
  const served = startFerry(['emulate', 'advocate', '--port', '0', '--json'], {...process.env, FERRY_ADVOCATE_API_KEY: 'emulated-key-5678'});
  t.teardown(() => served.killGroup());
  const started = Date.now();
  while (!served.output().includes('\n') && Date.now() - started < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const printed = JSON.parse(served.output().split('\n')[0]!);
  t.like(printed, {platform: 'advocate', tenant: 'test_ferry', apiKey: 'emulated-key-5678', env: {FERRY_ADVOCATE_TENANT: 'test_ferry', FERRY_ADVOCATE_API_KEY: 'emulated-key-5678'}});
  t.regex(printed.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.is(printed.env.FERRY_ADVOCATE_URL, printed.url);

  const {main} = await import('../source/cli/main.js');
  const stdout = sink();
  t.is(await main(['emulate', 'advocate', '--port', 'nine', '--json'], {stdout, stderr: sink(), env: {}, cwd: process.cwd()}), 2);
  t.like(JSON.parse(stdout.text()), {exitCode: 2});
});
