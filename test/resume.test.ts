// A run killed with SIGKILL at a random moment resumes with exactly the source's
// records on the target, each once. The migration runs in a real child process
// (the ferry command); the emulators live in this test process.
import test from 'ava';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {testBed} from './helpers/migration.js';
import {Journal} from '../source/engine/journal.js';

const bin = fileURLToPath(new URL('../bin/ferry.js', import.meta.url));

function runFerry(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))); // after the last output is read
  return {child, exited, output: () => output};
}

const migratedTickets = (dir: string) => {
  try {
    const journal = Journal.inFolder(dir);
    try {
      return journal.records({type: 'tickets', status: 'migrated'}).length;
    } finally {
      journal.close();
    }
  } catch {
    return 0;
  }
};

for (const killAfter of [3, 17]) {
  test.serial(`killed with SIGKILL after ${killAfter} tickets, the next run resumes without loss or duplicates`, async (t) => {
    const bed = await testBed();
    t.teardown(() => bed.close());
    // Slow the target a little so the kill lands in the middle of the ticket pass.
    bed.savePlan((plan) => (plan.target.requestsPerMinute = 1500));
    const first = runFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
    const started = Date.now();
    while (migratedTickets(bed.dir) < killAfter) {
      if (Date.now() - started > 300_000) throw new Error(`never reached ${killAfter} tickets:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    t.is(await first.exited, null);
    const partial = migratedTickets(bed.dir);
    t.true(partial < 40, 'the kill landed mid-run');

    const second = runFerry(['run', '--mode', 'full', '--dir', bed.dir, '--json'], bed.env);
    t.is(await second.exited, 0, second.output());
    const result = JSON.parse(second.output().trim().split('\n').pop()!);
    t.is(result.status, 'finished');

    const journal = bed.journal((j) => j.records({type: 'tickets'}));
    const target = await bed.targetRecords('tickets');
    const targetIds = target.map((r) => String(r.id));
    t.is(new Set(targetIds).size, targetIds.length);
    const migrated = journal.filter((r) => r.status === 'migrated');
    t.is(target.length, migrated.length, 'one target ticket per migrated source ticket: none lost, none duplicated');
    t.deepEqual(migrated.map((r) => r.targetId!).sort(), [...targetIds].sort());
    t.is(journal.filter((r) => r.status === 'pending').length, 0);
    // Every source ticket was settled (migrated or failed with a reason).
    const sourceTickets = await bed.sourceRecords('tickets');
    t.is(journal.length, sourceTickets.length);
    t.true(journal.filter((r) => r.status === 'failed').every((r) => Boolean(r.reason)));
  });
}
