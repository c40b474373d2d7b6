// Freshservice over loopback, as a source (tickets, problems and changes into Freshdesk and
// Zendesk) and as a target (Zendesk into Freshservice), each compared with the target's exact
// contents by the markers ferry writes (helpers/exactly-once.ts), plus a SIGKILL mid-run and a
// resume with no duplicate, lost answers on the target, and a plan without Problem/Change Management.
import test from 'ava';
import {runMigration} from '../source/app/migration.js';
import {limitationsOf} from '../source/engine/outcomes.js';
import {testBed, type Bed} from './helpers/migration.js';
import {checkExactlyOnce, FRESHSERVICE_MARKERS} from './helpers/exactly-once.js';
import {startFerry, summaryOf} from './helpers/ferry-process.js';
import {startFaultProxy} from './helpers/fault-proxy.js';

const TICKETS = 12;

async function raw<T = any>(url: string, kind: string): Promise<T[]> {
  return (await (await fetch(`${url}/__emulator/raw/${kind}`)).json()) as T[];
}

async function bed(t: {teardown(fn: () => unknown): void}, source: string, target: string, extra: Parameters<typeof testBed>[0] = {}): Promise<Bed> {
  const made = await testBed({sourcePlatform: source, targetPlatform: target, tickets: TICKETS, ...extra});
  t.teardown(() => made.close());
  // Problems and changes carry no ticket-form fields: the target's required "Product" gets a default.
  if (source === 'freshservice') made.savePlan((plan) => (plan.fieldMap.defaults = {...plan.fieldMap.defaults, Product: 'Harbor Web'}));
  return made;
}

test.serial('Freshservice as source: tickets, problems and changes into Freshdesk, each exactly once and labelled', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'freshservice', 'freshdesk');
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  t.true(source.some((ticket) => ticket.id.startsWith('problem-')) && source.some((ticket) => ticket.id.startsWith('change-')), 'the source has problems and changes');
  t.is(result.types.tickets!.total, source.length, 'every ticket, problem and change was read');
  const report = await checkExactlyOnce(b.demo.source.url, b.demo.target.url, b.journal((j) => j.records()), 'freshservice');
  t.deepEqual(report.problems, []);
  // Problems and changes arrive as tickets that say what they were.
  const target = await raw<{subject: string; tags: string[]}>(b.demo.target.url, 'tickets');
  t.is(target.filter((ticket) => ticket.tags.includes('freshservice-problem') && /^\[Problem #\d+\]/.test(ticket.subject)).length, source.filter((s) => s.id.startsWith('problem-')).length);
  t.is(target.filter((ticket) => ticket.tags.includes('freshservice-change') && /^\[Change #\d+\]/.test(ticket.subject)).length, source.filter((s) => s.id.startsWith('change-')).length);
  // Failed records are the demo account's own problems, each with its reason.
  const failed = b.journal((j) => j.records({type: 'tickets', status: 'failed'}));
  t.true(failed.every((row) => /invalid email address|required target field|no longer exists in freshservice/.test(row.reason ?? '')), failed.map((r) => r.reason).join('\n'));
});

test.serial('Freshservice as source into Zendesk: every comment, and attachments byte for byte', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'freshservice', 'zendesk');
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  const byId = new Map((await b.targetRecords('tickets')).map((ticket) => [String(ticket.id), ticket]));
  const migrated = b.journal((j) => j.records({type: 'tickets', status: 'migrated'}));
  t.true(migrated.length >= source.length - 3, `${migrated.length} of ${source.length} migrated`);
  t.is(byId.size, migrated.length, 'one target ticket per migrated record');
  for (const row of migrated) {
    const from = source.find((ticket) => ticket.id === row.sourceId)!;
    const to = byId.get(row.targetId!)!;
    t.is(to.subject, from.subject);
    t.deepEqual(from.tags.filter((tag: string) => !to.tags.includes(tag)), [], `ticket ${row.sourceId}: every tag arrives`);
    const ccNote = from.ccEmails.length ? 1 : 0;
    t.is(to.comments.length, from.comments.length + ccNote, `ticket ${row.sourceId}: every comment arrives`);
    const sums = (ticket: any) => ticket.comments.flatMap((c: any) => c.attachments.map((a: any) => a.sha256)).sort();
    t.deepEqual(sums(to), sums(from), `ticket ${row.sourceId}: attachments byte for byte`);
  }
});

test.serial('Freshservice as target: Zendesk into Freshservice exactly once; a second full run creates nothing', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'freshservice');
  const first = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(first.status, 'finished', first.message);
  const rows = b.journal((j) => j.records());
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, rows, 'zendesk', FRESHSERVICE_MARKERS)).problems, []);
  // What Freshservice cannot keep is written visibly: dates in the text; as it holds for every
  // ticket, it is a platform limitation said once (first.limitations), not a note on each record.
  const tickets = rows.filter((row) => row.type === 'tickets' && row.status === 'migrated');
  t.true(tickets.length >= TICKETS - 3);
  t.false(tickets.some((row) => /cannot set creation dates/.test(row.reason ?? '')));
  t.true(limitationsOf(b.plan).some((line) => /Freshservice cannot set ticket creation dates/.test(line)));
  const fields = rows.filter((row) => row.type === 'ticket_fields');
  // A field Freshservice cannot create is a platform limitation: skipped (said once in the limitations), never failed.
  t.deepEqual(fields.filter((row) => row.status === 'failed'), []);
  t.true(fields.filter((row) => row.status === 'skipped').every((row) => /cannot create ticket fields/.test(row.reason ?? '')));
  t.true(limitationsOf(b.plan).some((line) => /Freshservice's API cannot create ticket fields/.test(line)));
  const target = await raw<{description: string}>(b.demo.target.url, 'tickets');
  t.true(target.every((ticket) => /Originally (from .* )?on \d{4}-\d\d-\d\d/.test(ticket.description)));
  const again = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(again.status, 'finished', again.message);
  t.is((await raw(b.demo.target.url, 'tickets')).length, target.length, 'nothing new on a second run');
});

test.serial('Freshservice as target: killed with SIGKILL while a ticket create is applied and unanswered, the next run finds it and duplicates nothing', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'freshservice', {tickets: 30});
  // The worst instant, on purpose: the 5th ticket create reaches Freshservice and its answer is held
  // back; ferry is killed while it waits. The resumed run must find that ticket by its marker.
  const proxy = await startFaultProxy({upstream: b.demo.target.url, rules: [{method: 'POST', path: /^\/api\/v2\/tickets$/, fault: 'timeout', skip: 4, times: 1}], holdMs: 120_000});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  const first = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  const started = Date.now();
  while (proxy.injected.timeout < 1) {
    if (Date.now() - started > 300_000) throw new Error(`the 5th ticket create never came:\n${first.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  first.killGroup();
  t.is(await first.exited, null);
  const migrated = b.journal((j) => j.records({type: 'tickets', status: 'migrated'}).length);
  t.true(migrated < 30, 'the kill landed mid-run');
  proxy.clearRules();
  const second = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  t.is(await second.exited, 0, second.output());
  t.is(summaryOf(second.output())?.status, 'finished');
  const report = await checkExactlyOnce(b.demo.source.url, b.demo.target.url, b.journal((j) => j.records()), 'zendesk', FRESHSERVICE_MARKERS);
  t.deepEqual(report.problems, []);
  t.is(b.journal((j) => j.records({status: 'pending'}).length), 0);
});

test.serial('Freshservice as source: killed with SIGKILL between tickets and problems, the next run resumes at the problems and every record is on the target once', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'freshservice', 'freshdesk', {tickets: 30});
  // The problems list is held back (forwarded, never answered) while the tickets page settles:
  // the kill lands after the tickets page's checkpoint, so the resumed run starts from ferry's
  // cursor at the problems, not from the beginning.
  const proxy = await startFaultProxy({upstream: b.demo.source.url, rules: [{method: 'GET', path: /^\/api\/v2\/problems$/, fault: 'timeout', times: 1}], holdMs: 120_000});
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.source.url = proxy.url));
  const plainTickets = (await b.sourceRecords('tickets')).filter((ticket) => /^\d+$/.test(ticket.id)).length;
  const first = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  const started = Date.now();
  const settled = () => b.journal((j) => j.records({type: 'tickets'}).filter((row) => row.status !== 'pending').length);
  while (proxy.injected.timeout < 1 || settled() < plainTickets) {
    if (Date.now() - started > 300_000) throw new Error(`never reached the problems:\n${first.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The page's checkpoint follows its last record: wait for it (the kill must land after it).
  const checkpointed = () => b.journal((j) => Boolean(j.checkpoint(j.lastRun()!.id, 'tickets')?.cursor));
  while (!checkpointed()) {
    if (Date.now() - started > 300_000) throw new Error(`the tickets page was never checkpointed:\n${first.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  first.killGroup();
  t.is(await first.exited, null);
  t.false(b.journal((j) => j.records({type: 'tickets'}).some((row) => !/^\d+$/.test(row.sourceId))), 'no problem or change was read before the kill');
  proxy.clearRules();
  const second = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
  t.is(await second.exited, 0, second.output());
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, b.journal((j) => j.records()), 'freshservice')).problems, []);
  const rows = b.journal((j) => j.records({type: 'tickets'}));
  t.true(rows.some((row) => row.sourceId.startsWith('problem-') && row.status === 'migrated') && rows.some((row) => row.sourceId.startsWith('change-') && row.status === 'migrated'));
});

test.serial('Freshservice as target: answers lost after tickets, notes and requesters were created are found by their markers', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'zendesk', 'freshservice');
  const proxy = await startFaultProxy({
    upstream: b.demo.target.url,
    rules: [
      {method: 'POST', path: /^\/api\/v2\/tickets$/, fault: 'lostAnswer', times: 3},
      {method: 'POST', path: /^\/api\/v2\/tickets\/\d+\/notes$/, fault: 'lostAnswer', times: 3},
      {method: 'POST', path: /^\/api\/v2\/requesters$/, fault: 'lostAnswer', times: 2},
    ],
  });
  t.teardown(() => proxy.close());
  b.savePlan((plan) => (plan.target.url = proxy.url));
  b.env.FERRY_HTTP_TIMEOUT_MS = '15000'; // lost answers are resets; a slow machine is not a lost answer
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  t.is(proxy.injected.lostAnswer, 8);
  t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, b.journal((j) => j.records()), 'zendesk', FRESHSERVICE_MARKERS)).problems, []);
});

test.serial('delta both ways: Freshservice updated through the id map (PUT, new notes once), and a Freshservice source\'s changes picked up', async (t) => {
  t.timeout(10 * 60_000);
  for (const [source, target] of [['zendesk', 'freshservice'], ['freshservice', 'freshdesk']] as const) {
    const b = await bed(t, source, target);
    t.is((await runMigration({dir: b.dir, mode: 'full', env: b.env})).status, 'finished');
    const before = (await raw(b.demo.target.url, 'tickets')).length;
    const activity = (await (await fetch(`${b.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'})).json()) as {created: string[]; updated: string[]};
    const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
    t.is(delta.status, 'finished', delta.message);
    t.is(delta.types.tickets!.total, activity.created.length + activity.updated.length, `${source} to ${target}: only what changed`);
    const failed = b.journal((j) => j.records({type: 'tickets', status: 'failed'})).filter((row) => activity.created.includes(row.sourceId)).length;
    t.is((await raw(b.demo.target.url, 'tickets')).length, before + activity.created.length - failed, `${source} to ${target}: new tickets created, changed ones updated`);
    const markers = target === 'freshservice' ? FRESHSERVICE_MARKERS : undefined;
    t.deepEqual((await checkExactlyOnce(b.demo.source.url, b.demo.target.url, b.journal((j) => j.records()), source, markers)).problems, [], `${source} to ${target}`);
  }
});

test.serial('a Freshservice source on the Starter plan (no Problem or Change Management): tickets move, and the run says what was left out', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 'freshservice', 'freshdesk', {tier: {source: 'starter'}});
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const source = await b.sourceRecords('tickets');
  const plain = source.filter((ticket) => /^\d+$/.test(ticket.id));
  t.is(result.types.tickets!.total, plain.length, 'tickets only');
  t.regex(result.message ?? '', /Problems and Changes could not be read.*403/);
});
