// ferry redo: a record ferry created is written again, in place where the target can update it
// (same target id, the source's values back), else undone and written again as new; the journal
// keeps the record as it was before. Records ferry linked to are refused.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';

const auth = (bed: Bed) => `Basic ${Buffer.from(`${bed.demo.target.credentials.apiKey}:X`).toString('base64')}`;

async function targetTicket(bed: Bed, id: string) {
  return (await (await fetch(`${bed.demo.target.url}/api/v2/tickets/${id}`, {headers: {authorization: auth(bed)}})).json()) as {id: number; subject: string};
}

async function redo(bed: Bed, ids: string) {
  const child = startFerry(['redo', '--ids', ids, '--json', '--dir', bed.dir], bed.env);
  const code = await child.exited;
  return {code, output: child.output()};
}

test('ferry redo updates a ticket in place, and the journal keeps the record as it was before', async (t) => {
  t.timeout(240_000);
  const bed = await testBed({tickets: 20});
  t.teardown(() => bed.close());
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  const row = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'})[0]!);
  const original = await targetTicket(bed, row.targetId!);
  // Someone changed it on the target since.
  const put = await fetch(`${bed.demo.target.url}/api/v2/tickets/${row.targetId}`, {method: 'PUT', headers: {authorization: auth(bed), 'content-type': 'application/json'}, body: JSON.stringify({subject: 'changed by hand'})});
  t.is(put.status, 200);
  const result = await redo(bed, `tickets:${row.sourceId}`);
  t.is(result.code, 0, result.output);
  const summary = JSON.parse(result.output.trim().split('\n').at(-1)!);
  t.deepEqual(summary.items.map((item: {how: string; targetId: string}) => [item.how, item.targetId]), [['updated in place', row.targetId]]);
  t.is((await targetTicket(bed, row.targetId!)).subject, original.subject);
  const lives = bed.journal((journal) => journal.undoneOf('tickets', row.sourceId));
  t.is(lives.length, 1);
  t.is(lives[0]!.outcome, 'before redo');
  t.is(lives[0]!.record?.reason ?? null, row.reason);
  t.regex(bed.journal((journal) => journal.record('tickets', row.sourceId)!.reason ?? ''), /written again in place \(ferry redo\)/);

  const linked = bed.journal((journal) => journal.records({type: 'contacts'}).find((r) => /^linked to/.test(r.reason ?? '')));
  t.truthy(linked);
  const refused = await redo(bed, `contacts:${linked!.sourceId}`);
  t.is(refused.code, 1);
  t.regex(refused.output, /was not created by ferry/);
});

test('ferry redo undoes and writes again a ticket the target refuses to update', async (t) => {
  t.timeout(240_000);
  const bed = await testBed({tickets: 20});
  const proxy = await startFaultProxy({upstream: bed.demo.target.url});
  t.teardown(async () => {
    await proxy.close();
    await bed.close();
  });
  bed.savePlan((plan) => {
    plan.target.url = proxy.url;
    plan.options.undoPermanently = true;
  });
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  const row = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'})[0]!);
  proxy.addRule({method: 'PUT', path: new RegExp(`^/api/v2/tickets/${row.targetId}$`), fault: 'error5xx'});
  const result = await redo(bed, `tickets:${row.sourceId}`);
  t.is(result.code, 0, result.output);
  const item = JSON.parse(result.output.trim().split('\n').at(-1)!).items[0];
  t.is(item.how, 'undone and written again');
  t.not(item.targetId, row.targetId);
  t.is((await fetch(`${bed.demo.target.url}/api/v2/tickets/${row.targetId}`, {headers: {authorization: auth(bed)}})).status, 404, 'the old copy is gone');
  t.is((await targetTicket(bed, item.targetId)).id, Number(item.targetId));
  t.deepEqual(bed.journal((journal) => journal.undoneOf('tickets', row.sourceId).map((life) => life.outcome)), ['before redo', 'trashed']);
});
