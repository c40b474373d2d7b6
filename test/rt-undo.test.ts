// ferry undo against a REAL Request Tracker 5: a demo from the Zendesk emulator into RT, then
// `undo --mode demo`: every ticket ferry created is marked deleted, every user, queue and custom
// field it created disabled, and what RT shows (tickets a search finds, enabled users, queues and
// custom fields, field by field) is what it showed before the demo. Skipped LOUDLY without RT.
import test from 'ava';
import {startEmulator} from '../source/app/registry.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo} from '../source/app/undo.js';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {whenRtAvailable} from './rt-fixtures.js';
import {createRtAgents, emulatorEndpoint, lockRt, migrationFolder, readJournal, resetRt, rtAll, rtEndpoint, rtGet} from './helpers/rt.js';
import {differences} from './helpers/target-snapshot.js';

const names = ['Zendesk emulator -> RT demo, then undo --mode demo: RT shows what it showed before'];
const account = smallDemoAccount(12);

async function rtSnapshot() {
  return {
    tickets: await rtAll(`/tickets?query=${encodeURIComponent("id > 0")}&fields=Subject,Status,Queue,Requestor,CustomFields&orderby=id`),
    users: await rtAll('/users?fields=Name,EmailAddress,RealName,Disabled,Comments&orderby=id'),
    queues: await rtAll('/queues/all?fields=Name,Description,Disabled&orderby=id'),
    customfields: await rtAll('/customfields?fields=Name,Description,Disabled&orderby=id'),
  };
}

await whenRtAvailable(test, names, () => {
  test.serial(names[0]!, async (t) => {
    t.timeout(15 * 60_000);
    const release = await lockRt();
    t.teardown(release);
    t.log(`RT ${await resetRt()}`);
    await createRtAgents(account.source.agents);
    const zendesk = await startEmulator('zendesk', {seed: 'source', account, rateLimit: {off: true}});
    t.teardown(() => zendesk.close());
    const source = emulatorEndpoint(zendesk, 'zendesk', 'SOURCE');
    const rt = rtEndpoint();
    const plan = defaultPlan(source.endpoint, rt.endpoint);
    plan.recordTypes = plan.recordTypes.filter((type) => !type.startsWith('kb_'));
    plan.source.requestsPerMinute = 1_000_000;
    plan.demo.tickets = 8;
    const dir = migrationFolder();
    savePlan(dir, plan);
    const env = {...process.env, ...source.env, ...rt.env};
    const before = await rtSnapshot();
    const demo = await runMigration({dir, mode: 'demo', env});
    t.is(demo.status, 'finished', demo.message);
    const byId = (rows: Array<{sourceId: string; status: string}>) => rows.map((row) => [row.sourceId, row.status]).sort((a, b) => a[0]!.localeCompare(b[0]!));
    const firstOutcomes = readJournal(dir, (journal) => byId(journal.records({type: 'tickets'})));
    const created = readJournal(dir, (journal) => journal.createdRecords());
    t.true(created.some((row) => row.type === 'tickets'));
    const result = await runUndo({dir, selector: {mode: 'demo'}, env});
    t.is(result.status, 'finished', result.message);
    t.deepEqual(result.items.filter((item) => item.outcome === 'failed' || item.outcome === 'kept'), []);
    for (const item of result.items.filter((i) => i.type === 'tickets')) t.is((await rtGet(`/ticket/${item.targetId}`)).Status, 'deleted');
    const after = await rtSnapshot();
    // RT creates users by itself for Cc and requestor addresses it does not know ("Autocreated
    // when added as a watcher"): not ferry's records, not in the journal, so undo leaves them (README).
    const known = new Set(before.users.map((user: any) => user.id));
    const autocreated = after.users.filter((user: any) => !known.has(user.id));
    t.true(autocreated.every((user: any) => /^Autocreated/.test(user.Comments ?? '')), JSON.stringify(autocreated.map((user: any) => user.Comments)));
    after.users = after.users.filter((user: any) => known.has(user.id));
    t.deepEqual(differences(before, after), []);
    t.is(readJournal(dir, (journal) => journal.createdRecords().length), 0);
    // A second undo finds nothing left; the RT records stay as they are.
    const again = await runUndo({dir, selector: {mode: 'demo'}, env});
    t.deepEqual(again.items, []);

    // The next demo migrates the undone tickets again as new, into an RT where undo disabled
    // ferry's marker field: each ends as it did the first time (RT drops a disabled field's values).
    const redo = await runMigration({dir, mode: 'demo', env});
    t.is(redo.status, 'finished', redo.message);
    const outcomes = readJournal(dir, (journal) => journal.records({type: 'tickets'}));
    t.deepEqual(byId(outcomes), firstOutcomes, JSON.stringify(outcomes.filter((row) => row.status === 'failed').map((row) => row.reason)));
    for (const row of outcomes.filter((r) => r.status === 'migrated')) t.is((await rtGet(`/ticket/${row.targetId}`)).Status !== 'deleted', true, `ticket ${row.targetId} is a new, live RT ticket`);
  });
});
