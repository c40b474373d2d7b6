// Rule 3 of issue 12 without the drowning: what a target never keeps for any record (Freshdesk
// cannot set creation dates) is a platform limitation, said once (run/status --json
// `limitations`), never a per-record warning; a real loss on one record still is one.
import test from 'ava';
import os from 'node:os';
import {smallDemoAccount} from '../demo-data/generate.js';
import type {Ticket} from '../source/contracts/model.js';
import {executeRun} from '../source/cli/run.js';
import {migrationStatus} from '../source/app/migration.js';
import {platformLimitations, recordsWithOutcome} from '../source/engine/outcomes.js';
import {findConnector} from '../source/app/registry.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {defaultPlan} from '../source/plan/plan.js';
import {testBed} from './helpers/migration.js';

/** The small demo account with nothing a Freshdesk target would lose on its tickets but, on one, the attachment over 20 MB. */
function accountLosingNothing() {
  const account = smallDemoAccount(40);
  const product = account.source.ticketFields.find((field) => field.title === 'Product')!;
  const big = account.source.tickets.find((ticket) => ticket.comments.some((comment) => comment.attachments.some((a) => a.size > 20 * 1024 * 1024)))!;
  account.source.tickets = account.source.tickets.map((ticket): Ticket => ({
    ...ticket,
    kind: 'question',
    status: 'open',
    assigneeId: undefined,
    ccEmails: [],
    events: undefined,
    customFields: {...ticket.customFields, [product.id]: ticket.customFields[product.id] ?? product.options![0]!.value},
    comments: ticket.comments.map((comment) => ({
      ...comment,
      // Written by the requester, in public: Freshdesk writes such a note as its author.
      authorId: ticket.requesterId,
      public: true,
      body: comment.body.replace(/<img\b[^>]*>/gi, ''),
      attachments: comment.attachments.filter((a) => !a.inline && (ticket.id === big.id || a.size <= 20 * 1024 * 1024)),
    })),
  }));
  return {account, bigTicketId: big.id};
}

test('a Freshdesk target run of tickets that lose nothing counts no warnings; the oversized attachment makes exactly its ticket one', async (t) => {
  const {account, bigTicketId} = accountLosingNothing();
  const bed = await testBed({account, targetPlatform: 'freshdesk'});
  t.teardown(() => bed.close());
  const out: string[] = [];
  const io = {stdout: {write: (s: string) => out.push(s)} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: true}, io), 0);
  const run = JSON.parse(out.join(''));
  const tickets = run.types.tickets;
  t.true(tickets.migrated >= 15, JSON.stringify(tickets));
  const warned = bed.journal((journal) => recordsWithOutcome(journal, 'warnings', {type: 'tickets'}));
  t.deepEqual(warned.map((row) => row.sourceId), [bigTicketId], warned.map((row) => `${row.sourceId}: ${row.reason}`).join('\n'));
  t.regex(warned[0]!.reason ?? '', /larger than the target accepts/);
  t.is(tickets.warnings, 1);
  // The limitation is said once, in the run's and the folder's report.
  t.true(run.limitations.some((text: string) => /^Freshdesk cannot set ticket creation dates/.test(text)), run.limitations.join('\n'));
  t.deepEqual(migrationStatus(bed.dir).limitations, run.limitations);
  // And nowhere on a ticket.
  t.false(bed.journal((journal) => journal.records({type: 'tickets'}).some((row) => /creation date/.test(row.reason ?? ''))));
});

test('the limitations come from each connector\'s limits, and the Prepare checklist says them once', (t) => {
  t.deepEqual(platformLimitations(findConnector('zendesk')), ['Zendesk does not keep knowledge-base article dates (Help Center sets its own).'], 'Zendesk keeps ticket dates and authors on import');
  const freshdesk = platformLimitations(findConnector('freshdesk'));
  t.is(freshdesk.length, 2);
  t.regex(freshdesk[1]!, /article authors/);
  t.regex(freshdesk[0]!, /^Freshdesk cannot set ticket creation dates or comment dates: /);
  const rt = platformLimitations(findConnector('request-tracker'));
  t.regex(rt[0]!, /^Request Tracker( 5)? cannot set comment dates or comment authors: /);
  t.regex(rt[1]!, /does not keep ticket types/);
  const plan = defaultPlan({platform: 'zendesk', url: 'http://a', tier: 'x', authKind: 'token', credentials: {}}, {platform: 'freshdesk', url: 'http://b', tier: 'x', authKind: 'apikey', credentials: {}});
  const items = buildChecklist(plan, {}, {}).filter((item) => item.id.startsWith('target-limitation-'));
  t.deepEqual(items.map((item) => item.text), freshdesk.map((text) => `Known limitation, not counted as warnings: ${text}`));
});
