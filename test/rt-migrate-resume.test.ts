// A Zendesk -> Request Tracker migration killed with SIGKILL mid-tickets resumes with
// exactly one RT ticket per migrated source ticket, each complete: the first kill lands
// while a ticket is half written (created in RT, comments still going in), the second at
// a random moment. The migration runs in a real child process (the ferry command); the
// Zendesk emulator lives in this test process. Needs a REAL RT (test/rt-fixtures.ts).
import {startEmulator} from '../source/app/registry.js';
import test from 'ava';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import type {Comment, Ticket} from '../source/contracts/model.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {zendeskConnector} from '../connectors/zendesk/index.js';
import {whenRtAvailable} from './rt-fixtures.js';
import {createRtAgents, emulatorEndpoint, emulatorRecords, lockRt, migrationFolder, readJournal, resetRt, rtEndpoint, rtMessages, rtTickets} from './helpers/rt.js';

const bin = fileURLToPath(new URL('../bin/ferry.js', import.meta.url));
const names = ['killed with SIGKILL mid-ticket and again at random, the next run leaves exactly one complete RT ticket per source ticket'];
const account = smallDemoAccount(12);

function runFerry(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))); // after the last output is read
  return {child, exited, output: () => output};
}

/** Reads the journal while the child writes it; a journal not created yet reads as empty. */
function peek<T>(dir: string, read: Parameters<typeof readJournal<T>>[1], empty: T): T {
  try {
    return readJournal(dir, read);
  } catch {
    return empty;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await whenRtAvailable(test, names, () => {
  let release: (() => void) | undefined;
  test.before(async (t) => {
    t.timeout(16 * 60_000);
    release = await lockRt();
    t.log(`RT ${await resetRt()}`);
    await createRtAgents(account.source.agents);
  });
  test.after.always(() => release?.());

  test.serial(names[0]!, async (t) => {
    t.timeout(10 * 60_000);
    const zendesk = await startEmulator('zendesk', {seed: 'source', account, rateLimit: {off: true}});
    t.teardown(() => zendesk.close());
    const source = emulatorEndpoint(zendesk, 'zendesk', 'SOURCE');
    const rt = rtEndpoint();
    const plan = defaultPlan(source.endpoint, rt.endpoint);
    plan.recordTypes = plan.recordTypes.filter((type) => !type.startsWith('kb_'));
    plan.source.requestsPerMinute = 1_000_000;
    plan.options.migrateInactiveUsers = true;
    const dir = migrationFolder();
    savePlan(dir, plan);
    const env = {...process.env, ...source.env, ...rt.env};
    const sourceTickets = await emulatorRecords<Ticket & {comments: Comment[]}>(zendesk.url, 'tickets');
    const ids = sourceTickets.map((ticket) => ticket.id);
    const migrated = () => peek(dir, (j) => j.records({type: 'tickets', status: 'migrated'}).length, 0);
    // A ticket created in RT whose create step has not finished: comments are still being written.
    const halfWritten = () => peek(dir, (j) => ids.some((id) => j.step('tickets', id, 'ticket')?.state === 'done' && j.step('tickets', id, 'create')?.state !== 'done'), false);

    const kills: string[] = [];
    for (const when of ['mid-ticket', 'random'] as const) {
      const run = runFerry(['run', '--mode', 'full', '--dir', dir, '--json'], env);
      const started = Date.now();
      const before = migrated();
      for (;;) {
        if (Date.now() - started > 300_000) throw new Error(`the kill never found its moment (${when}):\n${run.output()}`);
        if (when === 'mid-ticket' ? halfWritten() : migrated() > before) break;
        await sleep(10);
      }
      if (when === 'random') await sleep(Math.floor(Math.random() * 800));
      run.child.kill('SIGKILL');
      t.is(await run.exited, null, 'killed, not finished');
      kills.push(`${when}: ${migrated()} tickets migrated`);
    }
    t.log(kills.join('; '));
    t.true(migrated() < sourceTickets.length, 'the kills landed before the end');

    const last = runFerry(['run', '--mode', 'full', '--dir', dir, '--json'], env);
    t.is(await last.exited, 0, last.output());
    t.is(JSON.parse(last.output().trim().split('\n').pop()!).status, 'finished');

    const journal = readJournal(dir, (j) => j.records({type: 'tickets'}));
    t.is(journal.length, sourceTickets.length, 'every source ticket was settled');
    t.is(journal.filter((r) => r.status === 'pending').length, 0);
    t.true(journal.filter((r) => r.status === 'failed').every((r) => Boolean(r.reason)));
    const done = journal.filter((r) => r.status === 'migrated');
    t.true(done.length > 0);
    // Exactly one RT ticket per migrated source ticket, none left half written, nothing else.
    const onRt = await rtTickets('id > 0', 'id,Subject,CustomFields');
    if (onRt.length !== done.length) {
      t.log(journal.map((r) => `journal ${r.sourceId} ${r.status} -> ${r.targetId}: ${r.reason}`).join('\n'));
      t.log(onRt.map((tk) => `RT ${tk.id} ${tk.Subject} ${JSON.stringify((tk.CustomFields ?? []).find((cf: {name: string}) => cf.name === 'Ferry Source')?.values)}`).join('\n'));
    }
    t.is(onRt.length, done.length, 'one RT ticket per migrated source ticket: none lost, none duplicated');
    t.is((await rtTickets(`CF.{Ferry Source} LIKE '(incomplete)'`, 'id')).length, 0, 'no ticket left marked unfinished');
    for (const row of done) {
      const key = `zendesk:tickets:${row.sourceId}`;
      const matching = await rtTickets(`CF.{Ferry Source} = '${key}'`, 'id');
      t.deepEqual(matching.map((ticket) => String(ticket.id)), [row.targetId], `${key} is RT ticket ${row.targetId} and only that`);
      // Complete: every comment once, even for the ticket the first kill cut in half.
      const messages = await rtMessages(row.targetId!);
      const ticket = sourceTickets.find((tk) => tk.id === row.sourceId)!;
      for (const comment of ticket.comments) {
        const copies = messages.filter((m) => m.body.includes(`ferry-source: ${key}#comment-${comment.id} -->`)).length;
        t.is(copies, 1, `${key} comment ${comment.id} on RT once`);
      }
    }
  });
});
