// Issue 23 point 16: a retry's summary counts the records the operator asked to retry; the
// records they pull in (a requester that fails again) are said apart, in ferry retry's output
// and in the console's (both read retryOutcome over the journal).
import test from 'ava';
import os from 'node:os';
import {runMigration} from '../source/app/migration.js';
import {retryCommand} from '../source/cli/run.js';
import {Journal} from '../source/engine/journal.js';
import {retryOutcome, retryOutcomeText} from '../source/engine/outcomes.js';
import {testBed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);
const invalidEmailContact = account.source.contacts.find((c) => c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email))!;
const ticket = account.source.tickets.find((t) => t.requesterId === invalidEmailContact.id)!;

test('retrying one ticket counts that ticket, and the requester it pulled in apart', async (t) => {
  t.timeout(5 * 60_000);
  const bed = await testBed();
  t.teardown(() => bed.close());
  const first = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(first.status, 'finished', first.message);
  t.is(bed.journal((j) => j.record('tickets', ticket.id))?.status, 'failed');
  bed.savePlan((plan) => (plan.options.fallbackRequester = account.target.agents[0]!.email));

  let out = '';
  const io = {stdout: {write: (s: string) => ((out += s), true)} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await retryCommand(['--ids', `tickets:${ticket.id}`, '--dir', bed.dir], io), 0);
  t.is(bed.journal((j) => j.record('tickets', ticket.id))?.status, 'migrated');
  // The requester with the invalid email was touched again, and failed again: not one of the asked.
  t.is(bed.journal((j) => j.record('contacts', invalidEmailContact.id))?.status, 'failed');

  const journal = Journal.inFolder(bed.dir);
  const outcome = retryOutcome(journal, journal.lastRun()!.id)!;
  journal.close();
  t.deepEqual(outcome.asked, {total: 1, migrated: 1, failed: 0, skipped: 0, pending: 0});
  t.is(outcome.referenced.failed, 1);
  t.is(retryOutcomeText(outcome), `1 record retried: 1 migrated, 0 failed again; and ${outcome.referenced.total} referenced record${outcome.referenced.total === 1 ? '' : 's'} (${outcome.referenced.migrated ? `${outcome.referenced.migrated} migrated, ` : ''}1 failed)`);
  // ferry retry prints the same words.
  t.true(out.includes(`${retryOutcomeText(outcome)}.`), out);
  t.notRegex(out, /1 failed again/);
});
