// Real migrations over loopback between the Zendesk and Freshdesk emulators.
import test from 'ava';
import {runMigration} from '../source/app/migration.js';
import {testBed, type Bed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);
const invalidEmailContact = account.source.contacts.find((c) => c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email))!;
const invalidRequesterTickets = account.source.tickets.filter((t) => t.requesterId === invalidEmailContact.id);

/** Every migrated record is on the target exactly once, and nothing else was created. */
async function assertExactlyOnce(t: any, bed: Bed, type: 'tickets' | 'contacts' | 'organizations' | 'kb_articles', preexisting = 0) {
  const target = await bed.targetRecords(type);
  const journalled = bed.journal((j) => j.records({type}).filter((r) => r.targetId));
  const targetIds = new Set(target.map((r) => String(r.id)));
  for (const row of journalled) t.true(targetIds.has(row.targetId!), `${type} ${row.sourceId} -> ${row.targetId} is on the target`);
  const distinctTargets = new Set(journalled.map((r) => r.targetId));
  t.is(target.length, distinctTargets.size + preexisting - journalled.filter((r) => /^linked to existing/.test(r.reason ?? '')).length, `${type}: no duplicates on the target`);
}

test.serial('demo: the first 20 tickets and 20 articles with everything they reference', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.is(result.types.tickets!.total, 20);
  t.is(result.types.kb_articles!.total, Math.min(20, account.source.kbArticles.length));
  const tickets = await bed.targetRecords('tickets');
  t.is(tickets.length, result.types.tickets!.migrated);
  // Only referenced contacts moved, not the whole address book.
  t.true(result.types.contacts!.total < account.source.contacts.length);
  await assertExactlyOnce(t, bed, 'tickets');
  // The agent with no match on the target is skipped with a reason that says what to do.
  const agents = bed.journal((j) => j.records({type: 'agents'}));
  const unmatched = agents.filter((a) => a.status === 'skipped');
  t.is(unmatched.length, 1);
  t.regex(unmatched[0]!.reason!, /no agent with email .* on the target/);
});

test.serial('full, then a second full run changes nothing, then retry after fixing the plan', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const first = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(first.status, 'finished', first.message);
  t.is(first.types.tickets!.total, account.source.tickets.length);
  const failed = bed.journal((j) => j.records({status: 'failed'}));
  t.regex(failed.find((r) => r.type === 'contacts' && r.sourceId === invalidEmailContact.id)?.reason ?? '', /invalid email address "maria/);
  const ticketFailures = failed.filter((r) => r.type === 'tickets');
  for (const ticket of invalidRequesterTickets)
    t.regex(ticketFailures.find((r) => r.sourceId === ticket.id)?.reason ?? '', /requester #\d+ failed: invalid email address.*fallbackRequester/);
  // Zendesk keeps deleted users readable (inactive): their tickets still move, with the user as an inactive contact.
  const deletedRequesterTicket = account.source.tickets.find((t) => account.source.deletedContactIds.includes(t.requesterId))!;
  t.is(bed.journal((j) => j.record('tickets', deletedRequesterTicket.id))?.status, 'migrated');
  // The source's required "Product" field is required on the target too: tickets without it fail, saying what to set.
  t.true(ticketFailures.some((r) => /required target field "Product" has no value; set a default/.test(r.reason ?? '')));
  const skipped = bed.journal((j) => j.records({status: 'skipped', type: 'contacts'}));
  t.true(skipped.some((r) => /duplicate of contact/.test(r.reason ?? '')));
  await assertExactlyOnce(t, bed, 'tickets');
  const before = (await bed.targetRecords('tickets')).length;

  const again = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(again.status, 'finished');
  t.is((await bed.targetRecords('tickets')).length, before, 'a second full run creates nothing new');

  bed.savePlan((plan) => (plan.options.fallbackRequester = account.target.agents[0]!.email));
  const retry = await runMigration({dir: bed.dir, mode: 'retry', env: bed.env, retry: invalidRequesterTickets.map((ticket) => ({type: 'tickets' as const, sourceId: ticket.id}))});
  t.is(retry.status, 'finished');
  t.is(retry.types.tickets!.migrated, invalidRequesterTickets.length);
  for (const ticket of invalidRequesterTickets) t.regex(bed.journal((j) => j.record('tickets', ticket.id))!.reason!, /fallback requester used/);
  t.is((await bed.targetRecords('tickets')).length, before + invalidRequesterTickets.length);
  await assertExactlyOnce(t, bed, 'tickets');
});

test.serial('delta: only what changed since the full run, updated through the id map', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const full = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(full.status, 'finished', full.message);
  const before = (await bed.targetRecords('tickets')).length;
  const response = await fetch(`${bed.demo.source.url}/__emulator/simulate-activity`, {method: 'POST'});
  t.true(response.ok);
  const activity = (await response.json()) as {created: string[]; updated: string[]};
  const delta = await runMigration({dir: bed.dir, mode: 'delta', env: bed.env});
  t.is(delta.status, 'finished', delta.message);
  t.is(delta.types.tickets!.total, activity.created.length + activity.updated.length);
  t.is((await bed.targetRecords('tickets')).length, before + activity.created.length, 'new tickets created, changed ones updated, none duplicated');
  await assertExactlyOnce(t, bed, 'tickets');
});

test.serial('and back: Freshdesk to Zendesk, full, every ticket with its comments and attachments once', async (t) => {
  const bed = await testBed({sourcePlatform: 'freshdesk', targetPlatform: 'zendesk'});
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.is(result.types.tickets!.total, account.source.tickets.length);
  await assertExactlyOnce(t, bed, 'tickets');
  const source = await bed.sourceRecords('tickets');
  const target = await bed.targetRecords('tickets');
  const byId = new Map(target.map((ticket) => [String(ticket.id), ticket]));
  const migrated = bed.journal((j) => j.records({type: 'tickets', status: 'migrated'}));
  const failed = bed.journal((j) => j.records({type: 'tickets', status: 'failed'}));
  t.is(migrated.length + failed.length, account.source.tickets.length);
  // The demo account's problem tickets, each with its reason: invalid requester email, empty required field, deleted requester.
  t.true(failed.every((row) => /invalid email address|required target field "Product"|no longer exists in freshdesk/.test(row.reason ?? '')));
  for (const row of migrated) {
    const from = source.find((ticket) => String(ticket.id) === row.sourceId)!;
    const to = byId.get(row.targetId!)!;
    t.is(to.subject, from.subject);
    // CC addresses arrive as one extra private note (options.ccTo = "note").
    const ccNote = from.ccEmails.length ? 1 : 0;
    t.is(to.comments.length, from.comments.length + ccNote, `ticket ${row.sourceId}: every comment arrives`);
    if (ccNote) t.true(to.comments.some((c: any) => !c.public && c.body.includes(from.ccEmails[0])));
    const sums = (ticket: any) => ticket.comments.flatMap((c: any) => c.attachments.map((a: any) => a.sha256)).sort();
    t.deepEqual(sums(to), sums(from), `ticket ${row.sourceId}: attachments byte for byte`);
  }
});

test.serial('cancel from another process (the journal control flag) ends the run promptly; the next run completes it once', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  // Slow enough that the run is still going when the cancel lands.
  bed.savePlan((plan) => (plan.target.requestsPerMinute = 600));
  const running = runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  while (bed.journal((j) => j.records({type: 'contacts'}).length) < 3) await new Promise((r) => setTimeout(r, 20));
  bed.journal((j) => j.setMeta('control', 'cancel'));
  const cancelled = await running;
  t.is(cancelled.status, 'cancelled');
  t.true((cancelled.types.tickets?.total ?? 0) < account.source.tickets.length);
  bed.savePlan((plan) => (plan.target.requestsPerMinute = 1_000_000));
  const resumed = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(resumed.status, 'finished', resumed.message);
  t.is(resumed.runId, cancelled.runId, 'the same run resumed');
  await assertExactlyOnce(t, bed, 'tickets');
  await assertExactlyOnce(t, bed, 'contacts', account.target.contacts.length);
});
