// Issue 20 Rule 7: every command prints its help with --help and exits 0; every command that
// prints results takes --json; under --json an error is one JSON object {error, exitCode} on
// stdout, with the exit code the command returns. The commands are read from `ferry --help`,
// so a command added there without help or --json fails here.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {main} from '../source/cli/main.js';
import {runMigration} from '../source/app/migration.js';
import {testBed} from './helpers/migration.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {stream, text: () => text};
}

async function ferry(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = mkdtempSync(path.join(os.tmpdir(), 'ferry-cli-'))) {
  const out = sink();
  const err = sink();
  const code = await main(args, {stdout: out.stream, stderr: err.stream, env, cwd});
  return {code, stdout: out.text(), stderr: err.text()};
}

/** Each command `ferry --help` lists, with its usage line. */
async function commands(): Promise<Array<{name: string; line: string}>> {
  const help = await ferry(['--help']);
  return help.stdout
    .split('\n')
    .filter((line) => /^ {2}ferry\b/.test(line))
    .map((line) => {
      // "ferry" alone, then its description: the console.
      const name = /^ferry( {2,}|$)/.test(line.trim()) ? 'console' : line.trim().split(/\s+/)[1]!;
      return {name, line: line.trim()};
    });
}

test('the command list is read from ferry --help', async (t) => {
  const names = (await commands()).map((c) => c.name);
  for (const name of ['console', 'demo', 'run', 'retry', 'status', 'report', 'audit', 'verify', 'estimate', 'emulate', 'referral']) t.true(names.includes(name), name);
});

test('every command prints its help with --help (and -h) and exits 0', async (t) => {
  for (const {name} of await commands())
    for (const flag of ['--help', '-h']) {
      const result = await ferry(name === 'console' ? ['console', flag] : [name, flag]);
      t.is(result.code, 0, `ferry ${name} ${flag}: ${result.stderr}`);
      t.regex(result.stdout, new RegExp(`ferry ${name === 'console' ? '\\[?console' : name}`), `ferry ${name} ${flag} prints its usage`);
      t.is(result.stderr, '');
    }
});

test('every command that prints results takes --json', async (t) => {
  for (const {name, line} of await commands()) {
    // The console is a screen, and referral's subcommands each say --json in their own help.
    if (name === 'console') continue;
    const help = name === 'referral' ? (await ferry(['referral', 'validate', '--help'])).stdout : line;
    t.regex(help, /--json/, `ferry ${name}`);
  }
});

const ERRORS: Array<[string[], number, RegExp]> = [
  [['run', '--json'], 2, /--mode is required/],
  [['run', '--mode', 'full', '--json', '--dir', '/nonexistent-ferry-folder'], 1, /No plan in \/nonexistent-ferry-folder/],
  [['retry', '--json'], 2, /say which records to retry/],
  [['status', '--json', '--dir', '/nonexistent-ferry-folder'], 1, /No plan/],
  [['status', '--json', '--colour'], 2, /colour/],
  [['report', '--json', '--status', 'lost'], 2, /--status must be one of/],
  [['audit', '--json', '--dir', '/nonexistent-ferry-folder'], 1, /No plan/],
  [['verify', '--json', '--sample', '0'], 2, /--sample "0" must be a positive number/],
  [['estimate', '--json', '--dir', '/nonexistent-ferry-folder'], 1, /No plan/],
  [['emulate', 'nowhere', '--json'], 2, /say which platform to emulate/],
  [['demo', '--headless', '--json', '--mode', 'sideways'], 2, /--mode "sideways" is not one of/],
  [['referral', 'validate', '--json'], 2, /./],
];

for (const [args, exitCode, message] of ERRORS)
  test(`under --json an error is {error, exitCode}: ferry ${args.join(' ')}`, async (t) => {
    const result = await ferry(args);
    t.is(result.code, exitCode, result.stdout + result.stderr);
    const json = JSON.parse(result.stdout);
    t.is(json.exitCode, exitCode);
    t.regex(json.error, message);
  });

test.serial('report --json says what it wrote; a run that stops under --json carries {error, exitCode}', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  t.is((await runMigration({dir: bed.dir, mode: 'demo', env: bed.env})).status, 'finished');
  const out = path.join(bed.dir, 'migrated.csv');
  const report = await ferry(['report', '--status', 'migrated', '--out', out, '--dir', bed.dir, '--json'], bed.env);
  t.is(report.code, 0, report.stderr);
  const json = JSON.parse(report.stdout);
  t.is(json.out, out);
  t.is(json.status, 'migrated');
  t.true(json.records > 20);
  t.true(Array.isArray(json.limitations));
  bed.savePlan((plan) => (plan.filters = {tags: ['no-such-tag']}));
  const stopped = await ferry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
  t.is(stopped.code, 1);
  const run = JSON.parse(stopped.stdout);
  t.is(run.exitCode, 1);
  t.regex(run.error, /select 0 tickets/);
  t.is(run.status, 'stopped');
});

test('a reader that closes the pipe early (ferry status | head) ends the output quietly: exit 0, no stack trace', async (t) => {
  const {spawn} = await import('node:child_process');
  const bin = path.join(process.cwd(), 'bin', 'ferry.js');
  // The read end is closed before ferry starts writing, so every line it prints meets a closed
  // pipe (EPIPE), as the lines after the first do under `| head -1`.
  const child = spawn(process.execPath, [bin, '--help'], {stdio: ['ignore', 'pipe', 'pipe']});
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  t.is(stderr, '');
  t.is(code, 0);
});
