// ferry verify: migrated records read back from the target and compared with the source.
import {verifyMigration, verifyOptionsFor} from '../prepare/verify.js';
import {Journal} from '../engine/journal.js';
import {loadPlan} from '../plan/plan.js';
import {openFolderSides} from '../app/sides.js';
import {EXIT_DIFFERENCES, folderOf, parse, UsageError, type Io} from './args.js';

export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}, sample: {type: 'string'}, json: {type: 'boolean'}});
  if (values.help)
    return (
      io.stdout.write(
        `ferry verify [--dir D] [--sample N] [--json]\n  exits ${EXIT_DIFFERENCES} when it finds differences, 0 when there are none; differences the records' notes or the target's limitations explain are listed as expected and do not count\n`,
      ),
      0
    );
  const sample = values.sample === undefined ? Infinity : Number(values.sample);
  if (!(sample > 0)) throw new UsageError(`--sample "${values.sample}" must be a positive number of records per type`);
  const dir = folderOf(values, io);
  const plan = loadPlan(dir);
  // Verify only reads: an unreachable server is said at once rather than after a minute of retries.
  const sides = await openFolderSides(dir, plan, {env: io.env, failFastOnUnreachable: true});
  const journal = Journal.inFolder(dir);
  try {
    const result = await verifyMigration(journal, sides.sourceSession, sides.targetSession, sample, verifyOptionsFor(plan));
    const count = `${result.differences.length} ${result.differences.length === 1 ? 'difference' : 'differences'}`;
    if (values.json) io.stdout.write(JSON.stringify(result) + '\n');
    else {
      const expected = result.expected.length ? ` (and ${result.expected.length} expected: the migration said so)` : '';
      const duplicated = sides.targetSession.findAllByMarker ? `, ${result.duplicates} duplicated (counted by marker)` : '';
      io.stdout.write(`Checked ${result.checked} migrated records: ${count}, ${result.missing} missing on the target${duplicated}${expected}.\n`);
      const line = (d: (typeof result.differences)[number]) => `  ${d.type} #${d.sourceId} -> #${d.targetId}  ${d.field}: source "${d.source}", target "${d.target}"`;
      for (const d of result.differences) io.stdout.write(line(d) + '\n');
      if (result.expected.length) io.stdout.write('Expected differences (not counted):\n');
      for (const d of result.expected) io.stdout.write(`${line(d)}  expected: ${d.expected}\n`);
    }
    if (!result.differences.length) return 0;
    // Also on stderr, so the count shows when --json output goes to a file.
    io.stderr.write(`ferry verify: ${count} between source and target (exit code ${EXIT_DIFFERENCES}).\n`);
    return EXIT_DIFFERENCES;
  } finally {
    journal.close();
  }
}
