// Help Scout over loopback: as a source into the Freshdesk emulator and as a target from the Zendesk
// emulator, compared on the targets' exact contents by ferry's markers; an access token that expires
// mid-run; a lost answer to Create Conversation found by its marker tag; and a kill -9 with resume.
import test from 'ava';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {testBed, type Bed} from './helpers/migration.js';
import {checkExactlyOnce} from './helpers/exactly-once.js';
import {checkExactlyOnceHelpScout} from './helpers/exactly-once-helpscout.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {startFerry, summaryOf} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';

/** A bed with its own credential store (Help Scout tokens are kept there, never in the folder). */
async function bed(t: {teardown(fn: () => unknown): void}, sourcePlatform: string, targetPlatform: string, tickets = 15): Promise<Bed> {
  const made = await testBed({sourcePlatform, targetPlatform, tickets});
  t.teardown(() => made.close());
  made.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-hs-home-'));
  return made;
}

const rows = (b: Bed) => b.journal((journal) => journal.records());
const post = (url: string, body: unknown) => fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)}).then((r) => r.json() as Promise<any>);

test.serial('Help Scout as source: a full run into Freshdesk moves every conversation, thread and attachment once', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'helpscout', 'freshdesk');
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  t.is(result.types.tickets!.total, source.length);
  // The failures are the demo account's own problems (an invalid email, an empty required field).
  const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}));
  t.deepEqual(failed.filter((row) => !/invalid email|required target field/.test(row.reason ?? '')).map((row) => row.reason), []);
  t.is(result.types.tickets!.migrated, source.length - failed.length);
  const report = await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'helpscout');
  t.deepEqual(report.problems, []);
  // Threads come oldest first, as the neutral model wants (List Threads gives them newest first).
  const sample = source.find((ticket) => ticket.comments.length > 2)!;
  const dates = sample.comments.map((comment: {createdAt: string}) => comment.createdAt);
  t.deepEqual(dates, [...dates].sort());

  // A delta reads what changed since (modifiedSince): new threads become notes, a new conversation a ticket.
  const activity = (await post(`${b.demo.source.url}/__emulator/simulate-activity`, {})) as {description: string};
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.true(delta.types.tickets!.total >= 3 && delta.types.tickets!.total <= 4, `${activity.description}: ${JSON.stringify(delta.types.tickets)}`);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'helpscout')).problems, []);
});

test.serial('Help Scout as target: imported conversations keep their dates, each thread, attachment and customer once; a delta adds only what is new', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'helpscout');
  const first = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(first.status, 'finished', first.message);
  t.true(first.types.tickets!.migrated > 0);
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  // What Help Scout cannot keep is said on the record.
  const tickets = b.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}));
  t.true(tickets.some((row) => /no priority|no type/.test(row.reason ?? '')));
  const fields = b.journal((journal) => journal.records({type: 'ticket_fields'}));
  // A field Help Scout cannot create (its API, or a type it has none of) is a platform limitation: skipped, said once, never failed.
  t.true(fields.every((row) => row.status === 'skipped' && /cannot create custom fields|has no (checkbox|multiselect) custom field/.test(row.reason ?? '')), JSON.stringify(fields.map((r) => [r.status, r.reason])));

  await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'});
  const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
  t.is(delta.status, 'finished', delta.message);
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

test.serial('an access token that expires mid-run is renewed and kept only in the credential store', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'helpscout', 20);
  // Short-lived tokens: renewed ahead of expiry; then every token is revoked at once mid-run: a 401, renewed once.
  await post(`${b.demo.target.url}/__emulator/oauth`, {accessTokenSeconds: 4});
  b.savePlan((plan) => (plan.target.requestsPerMinute = 600));
  const running = runMigration({dir: b.dir, mode: 'full', env: b.env});
  const started = Date.now();
  while (b.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}).length) < 4 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
  const expired = await post(`${b.demo.target.url}/__emulator/oauth`, {expireNow: true});
  const result = await running;
  t.is(result.status, 'finished', result.message);
  const state = (await (await fetch(`${b.demo.target.url}/__emulator/state`)).json()) as {tokensIssued: number};
  t.true(state.tokensIssued > expired.issued, `a token was fetched after the revocation (${expired.issued} before, ${state.tokensIssued} after)`);
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  const store = JSON.parse(readFileSync(path.join(b.env.FERRY_HOME!, 'credentials.json'), 'utf8')) as Record<string, string>;
  const entry = Object.entries(store).find(([name]) => name.startsWith('helpscout-oauth:'));
  t.truthy(entry, 'the token is in the credential store');
  const token = JSON.parse(entry![1]).accessToken as string;
  for (const file of ['plan.json', 'journal.sqlite', 'journal.sqlite-wal']) {
    let text = '';
    try {
      text = readFileSync(path.join(b.dir, file)).toString('latin1');
    } catch {
      continue;
    }
    t.false(text.includes(token), `${file} does not hold the access token`);
  }
});

test.serial('a lost answer to Create Conversation (which carries every thread) is found by its marker tag, even before the tag filter sees it; a lost upload by its file name', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, "zendesk", "helpscout", 15);
  const proxy = await startFaultProxy({upstream: b.demo.target.url, rules: [{method: 'POST', path: /^\/v2\/conversations$/, fault: 'lostAnswer', times: 3}, {method: 'POST', path: /\/attachments$/, fault: 'lostAnswer', times: 3}]});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 6);
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
});

test.serial('killed with SIGKILL mid-run, the next run resumes with no conversation or thread twice', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'helpscout', 25);
  b.savePlan((plan) => (plan.target.requestsPerMinute = 900));
  const migrated = () => {
    try {
      const journal = Journal.inFolder(b.dir);
      try {
        return journal.records({type: 'tickets', status: 'migrated'}).length;
      } finally {
        journal.close();
      }
    } catch {
      return 0;
    }
  };
  const first = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  const started = Date.now();
  while (migrated() < 5) {
    if (Date.now() - started > 300_000) throw new Error(`never reached 5 tickets:\n${first.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  first.killGroup();
  await first.exited;
  t.true(migrated() < 25, 'the kill landed mid-run');
  const second = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  t.is(await second.exited, 0, second.output());
  t.is(summaryOf(second.output())?.status, 'finished');
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  t.is(b.journal((journal) => journal.records({status: 'pending'})).length, 0);
});

test.serial('Help Scout as source, killed with SIGKILL mid-run across its 50-conversation pages, resumes into Freshdesk with nothing twice', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'helpscout', 'freshdesk', 60);
  b.savePlan((plan) => (plan.target.requestsPerMinute = 1500));
  const migrated = () => {
    try {
      const journal = Journal.inFolder(b.dir);
      try {
        return journal.records({type: 'tickets', status: 'migrated'}).length;
      } finally {
        journal.close();
      }
    } catch {
      return 0;
    }
  };
  const first = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  const started = Date.now();
  while (migrated() < 8) {
    if (Date.now() - started > 300_000) throw new Error(`never reached 8 tickets:\n${first.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  first.killGroup();
  await first.exited;
  const second = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  t.is(await second.exited, 0, second.output());
  const summary = summaryOf(second.output());
  t.is(summary?.status, 'finished');
  t.is(summary?.types.tickets?.total, 60, 'both pages of conversations were read');
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows(b), 'helpscout')).problems, []);
});

test.serial('under random faults on every Help Scout request (5xx, resets, lost answers, 429s, timeouts), nothing is lost or written twice', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'helpscout', 15);
  // Held answers outlast ferry's 15 s timeout; an answer slowed by a busy machine does not.
  b.env.FERRY_HTTP_TIMEOUT_MS = '15000';
  const proxy = await startFaultProxy({upstream: b.demo.target.url, seed: 3, rates: {error5xx: 0.08, resetBefore: 0.08, lostAnswer: 0.08, rateLimit: 0.03, timeout: 0.05}, holdMs: 30_000, stormLength: 2});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  let result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  for (let run = 0; run < 4 && result.status !== 'finished'; run++) result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  proxy.setRates({});
  t.is((await runMigration({dir: b.dir, mode: 'retry', env: b.env})).status, 'finished');
  t.true(proxy.injected.lostAnswer > 5, JSON.stringify(proxy.injected));
  t.deepEqual((await checkExactlyOnceHelpScout(b.demo.source.url, b.demo.target.url, rows(b))).problems, []);
  const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}));
  t.deepEqual(failed.filter((row) => !/invalid email/.test(row.reason ?? '')).map((row) => row.reason), [], 'only the demo account\'s own problem fails');
});
