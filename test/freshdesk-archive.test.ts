// Archived Freshdesk tickets are in no list: a full migration reads them by id from the archive
// (gaps in the listed ids, then below the lowest), and an account without archive access says how
// many ids it could not read instead of leaving them behind silently.
import test from 'ava';
import {testBed} from './helpers/migration.js';
import {runMigration} from '../source/app/migration.js';

async function archivedBed(t: {teardown(fn: () => unknown): void}) {
  const bed = await testBed({tickets: 20, sourcePlatform: 'freshdesk', targetPlatform: 'zendesk'});
  t.teardown(() => bed.close());
  const tickets = (await bed.sourceRecords('tickets')).map((ticket) => Number(ticket.id)).sort((a, b) => a - b);
  // The oldest ticket and one in the middle leave the list for the archive.
  const archived = [tickets[0]!, tickets[5]!];
  for (const id of archived) {
    const response = await fetch(`${bed.demo.source.url}/__emulator/archive/${id}`, {method: 'POST'});
    if (response.status !== 204) throw new Error(`archiving ${id}: ${response.status}`);
  }
  return {bed, archived: archived.map(String)};
}

test('a full migration reads archived tickets by id and migrates them once', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, archived} = await archivedBed(t);
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  const rows = bed.journal((journal) => journal.records({type: 'tickets'}));
  // Read and settled like any ticket (the demo's own problems, e.g. an empty required field, still fail it with a reason).
  const settled = archived.map((id) => rows.find((row) => row.sourceId === id));
  t.true(settled.every((row) => row && row.status !== 'pending'), JSON.stringify(settled));
  t.true(settled.some((row) => row?.status === 'migrated'));
  const again = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(again.status, 'finished');
  const onTarget = (await bed.targetRecords('tickets')).filter((ticket) => archived.some((id) => ticket.externalId === `freshdesk:tickets:${id}` || JSON.stringify(ticket).includes(`freshdesk:tickets:${id}"`)));
  t.true(onTarget.length <= archived.length, 'no archived ticket twice');
});

test('without archive access the run finishes and says how many ticket ids it could not read', async (t) => {
  t.timeout(10 * 60_000);
  const {bed, archived} = await archivedBed(t);
  await fetch(`${bed.demo.source.url}/__emulator/features`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({archive: false})});
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.regex(result.message ?? '', /1 ticket id\(s\) between #\d+ and #\d+ were not in the ticket list.*no access to archived tickets/);
  const rows = bed.journal((journal) => journal.records({type: 'tickets'}));
  for (const id of archived) t.is(rows.find((row) => row.sourceId === id), undefined);
});
