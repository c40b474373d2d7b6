// Issue 20 Rule 6 (the part done): a demo of the tickets the user names. `ferry run --mode demo
// --demo-ids` (or plan.json demo.ticketIds) migrates exactly those, with what they reference;
// an id the source lacks is named by the checks before anything is written.
import test from 'ava';
import '../source/app/registry.js';
import {Writable} from 'node:stream';
import {main} from '../source/cli/main.js';
import {validatePlan} from '../source/plan/plan.js';
import {PlanError} from '../source/contracts/errors.js';
import {testBed, type Bed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);

async function ferry(args: string[], bed: Bed) {
  let stdout = '';
  const sink = (append: (text: string) => void) => new Writable({write: (chunk, _e, done) => (append(String(chunk)), done())});
  const code = await main(args, {stdout: sink((t) => (stdout += t)), stderr: sink(() => undefined), env: bed.env, cwd: bed.dir});
  return {code, stdout};
}

test.serial('--demo-ids: exactly the named tickets move (not the first ones), with what they reference', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  // Past the demo's usual first 20, with a CC and an attachment among them.
  const late = account.source.tickets.slice(25);
  const chosen = [late.find((x) => x.ccEmails.length)!, late.find((x) => x.comments.some((c) => c.attachments.length))!, late.at(-1)!].map((x) => x.id);
  const ids = [...new Set(chosen)];
  const run = await ferry(['run', '--mode', 'demo', '--demo-ids', ids.join(','), '--json'], bed);
  t.is(run.code, 0, run.stdout);
  const report = JSON.parse(run.stdout);
  t.is(report.types.tickets.total, ids.length);
  t.deepEqual(bed.journal((j) => j.records({type: 'tickets'}).map((r) => r.sourceId)).sort(), [...ids].sort());
  t.is((await bed.targetRecords('tickets')).length, bed.journal((j) => j.records({type: 'tickets', status: 'migrated'}).length));
});

test.serial('--demo-ids naming a ticket the source lacks stops before any write, naming it', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const before = (await bed.targetRecords('ticket_fields')).length;
  const run = await ferry(['run', '--mode', 'demo', '--demo-ids', `${account.source.tickets[0]!.id},99999999`, '--json'], bed);
  t.is(run.code, 1);
  t.regex(JSON.parse(run.stdout).error, /demo\.ticketIds names ticket\(s\) the source \(Zendesk\) does not have: "99999999"[\s\S]*Stopped before any write/);
  t.is((await bed.targetRecords('ticket_fields')).length, before);
  t.is((await ferry(['run', '--mode', 'full', '--demo-ids', '1', '--json'], bed)).code, 2, '--demo-ids goes with --mode demo');
});

test('plan.json demo.ticketIds: a list of ids, not empty', (t) => {
  const plan = (demo: unknown) => ({version: 1, source: {platform: 'zendesk', url: 'https://a.zendesk.com', credentials: {email: {value: 'a@b.test'}, apiToken: {env: 'T'}}}, target: {platform: 'freshdesk', url: 'https://b.freshdesk.com', credentials: {apiKey: {env: 'K'}}}, demo});
  t.deepEqual(validatePlan(plan({tickets: 20, articles: 20, ticketIds: ['5', '7']})).demo.ticketIds, ['5', '7']);
  t.is(t.throws(() => validatePlan(plan({tickets: 20, articles: 20, ticketIds: []})), {instanceOf: PlanError}).field, 'demo.ticketIds');
  t.is(t.throws(() => validatePlan(plan({tickets: 20, articles: 20, ticketIds: [5]})), {instanceOf: PlanError}).field, 'demo.ticketIds[0]');
});
