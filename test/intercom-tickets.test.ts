// Intercom's Tickets product, both ways, on two Intercom emulators: a source whose workspace holds
// conversations and tickets (with ticket types and states) into a target that names a ticket type, so
// every neutral ticket is written as an Intercom ticket; compared on the target's exact contents by
// ferry's markers, then run again (a second full run writes nothing twice).
import test, {type ExecutionContext} from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startIntercomEmulator} from '../connectors/intercom/emulator.js';
import {conversationMarkerOf, htmlMarkerOf} from '../connectors/intercom/api-shapes.js';
import {stateCategoryOf, type IcTicket} from '../connectors/intercom/ticket-shapes.js';
import type {Ticket} from '../source/contracts/model.js';
import {emulatorEndpoint} from '../source/app/demo.js';
import {runMigration} from '../source/app/migration.js';
import {defaultPlan, loadPlan, savePlan} from '../source/plan/plan.js';
import {startFaultProxy, type FaultKind} from './helpers/fault-proxy.js';
import {Journal} from '../source/engine/journal.js';
import {emptySnapshot} from '../demo-data/account.js';
import {smallAccount} from './zendesk-fixtures.js';

async function beds(t: {teardown(fn: () => unknown): void}, targetSearchLagMs = 0) {
  const account = smallAccount();
  const source = await startIntercomEmulator({seed: 'source', account, rateLimit: {off: true}, ticketsAsTickets: 3, searchLagMs: 0});
  // The target's teammates are the source's agents (the API cannot create admins).
  const target = await startIntercomEmulator({seed: 'target', account: {...account, target: {...emptySnapshot(), agents: account.source.agents}}, rateLimit: {off: true}, searchLagMs: targetSearchLagMs});
  t.teardown(async () => Promise.all([source.close(), target.close()]));
  const from = emulatorEndpoint(source, 'intercom', 'IC_SRC');
  const to = emulatorEndpoint(target, 'intercom', 'IC_TGT');
  const plan = defaultPlan({...from.endpoint, requestsPerMinute: 1_000_000}, {...to.endpoint, requestsPerMinute: 1_000_000, credentials: {...to.endpoint.credentials, ticketType: {value: 'Customer request'}}});
  plan.recordTypes = ['agents', 'organizations', 'contacts', 'tickets'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-ic-tickets-'));
  savePlan(dir, plan);
  return {source, target, dir, env: {...process.env, ...from.env, ...to.env}};
}


type Row = {sourceId: string; targetId?: string | null; status: string; reason?: string | null};

/** The target's exact contents: one Intercom ticket per source record, found by its marker, with every later comment once. */
async function checkTickets(t: ExecutionContext, targetUrl: string, read: Ticket[], rows: Row[]) {
  const written = await json<IcTicket[]>(`${targetUrl}/__emulator/raw/tickets`);
  t.is(written.length, read.length, 'one Intercom ticket per source record');
  const conversations = await json<unknown[]>(`${targetUrl}/__emulator/raw/conversations`);
  t.is(conversations.length, 0, 'no conversation was written');
  for (const original of read) {
    const row = rows.find((candidate) => candidate.sourceId === original.id)!;
    const copies = written.filter((ticket) => conversationMarkerOf(String(ticket.ticket_attributes._default_description_)) === `intercom:tickets:${original.id}`);
    t.is(copies.length, 1, `${original.id} written ${copies.length} times`);
    const copy = copies[0]!;
    t.is(`ticket-${copy.id}`, row.targetId ?? '');
    t.is(copy.ticket_attributes._default_title_, original.subject);
    t.is(copy.created_at, Math.floor(Date.parse(original.comments[0]!.createdAt) / 1000), 'created_at kept');
    const parts = copy.ticket_parts.ticket_parts.filter((part) => part.part_type === 'comment' || part.part_type === 'note');
    t.is(parts.length, original.comments.length - 1, `${original.id}: one part per later comment`);
    for (const [index, comment] of original.comments.slice(1).entries()) {
      const part = parts[index]!;
      t.is(htmlMarkerOf(part.body), `intercom:tickets:${original.id}#comment:${comment.id}`);
      t.is(part.created_at, Math.floor(Date.parse(comment.createdAt) / 1000), 'reply date kept');
      t.is(part.part_type, comment.public ? 'comment' : 'note');
    }
    t.deepEqual([...(copy.tags?.tags ?? []).map((tag) => tag.name)].sort(), [...new Set([...original.tags, 'ferry-migrated'])].sort(), 'tags, with the plan\'s tagMigrated');
    t.is(copy.open, original.status !== 'closed');
    t.is(copy.ticket_state.category, stateCategoryOf(original.status));
  }

}

const json = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

test('Intercom tickets and conversations as a source, written as Intercom tickets of the named type: each once, with their replies, notes, dates, states and tags', async (t) => {
  t.timeout(300_000);
  const {source, target, dir, env} = await beds(t);
  const read = await json<Ticket[]>(`${source.url}/__emulator/records/tickets`);
  t.is(read.filter((ticket) => ticket.id.startsWith('ticket-')).length, 3, 'the source holds 3 tickets of the Tickets product');

  const first = await runMigration({dir, mode: 'full', env});
  t.is(first.status, 'finished', first.message);
  const journal = new Journal(path.join(dir, 'journal.sqlite'));
  const rows = journal.records({type: 'tickets'});
  journal.close();
  t.deepEqual(rows.filter((row) => row.status !== 'migrated').map((row) => `${row.sourceId}: ${row.reason}`), []);
  t.is(rows.length, read.length);

  await checkTickets(t, target.url, read, rows);

  // A second full run finds every ticket by its marker: nothing is written twice.
  const again = await runMigration({dir, mode: 'full', env});
  t.is(again.status, 'finished', again.message);
  t.is((await json<IcTicket[]>(`${target.url}/__emulator/raw/tickets`)).length, read.length);
});

test('answers lost after Intercom applied the ticket and its replies, while the search lags a second, and 10% of 5xx, resets, lost answers and 429s: every ticket and reply once', async (t) => {
  t.timeout(600_000);
  const {source, target, dir, env} = await beds(t, 1000);
  const lost = (path: RegExp) => ({method: 'POST', path, fault: 'lostAnswer' as FaultKind, times: 3});
  const proxy = await startFaultProxy({upstream: target.url, seed: 25, rules: [lost(/^\/tickets$/), lost(/^\/tickets\/\d+\/reply$/)], rates: {error5xx: 0.1, resetBefore: 0.1, lostAnswer: 0.1, rateLimit: 0.1}});
  t.teardown(() => proxy.close());
  const plan = loadPlan(dir);
  plan.target.url = proxy.url;
  savePlan(dir, plan);
  const read = await json<Ticket[]>(`${source.url}/__emulator/records/tickets`);
  // Faults may fail a record after its attempts: the next run retries it, as an operator would.
  for (let run = 0; run < 6; run++) {
    const result = await runMigration({dir, mode: 'full', env});
    if (result.status === 'finished' && result.types.tickets!.failed === 0) break;
  }
  t.true(proxy.injected.lostAnswer >= 6, `lost answers: ${proxy.injected.lostAnswer}`);
  const journal = new Journal(path.join(dir, 'journal.sqlite'));
  const rows = journal.records({type: 'tickets'});
  journal.close();
  t.deepEqual(rows.filter((row) => row.status !== 'migrated').map((row) => `${row.sourceId}: ${row.reason}`), []);
  await checkTickets(t, target.url, read, rows);
});
