// `ferry estimate --counts`: any account size, plan and pair, without a connection; the
// connectors' declared costs drive it, and bad input is a usage error that says what to type.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {parseCounts, CountsError} from '../source/estimate/counts.js';
import {estimateForCounts} from '../source/app/estimate.js';
import {findConnector} from '../source/app/registry.js';
import {estimateCommand} from '../source/cli/estimate.js';
import {UsageError} from '../source/cli/args.js';
import {savePlan, defaultPlan} from '../source/plan/plan.js';
import type {Estimate} from '../source/estimate/estimator.js';

const REFERENCE = 'tickets=100000,contacts=30000,organizations=3000,agents=50,groups=20,ticket_fields=30,kb_articles=500,comments=400000,attachments=30000';

async function run(argv: string[], cwd: string): Promise<{code: number; out: string}> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  const code = await estimateCommand(argv, {stdout, stderr: new PassThrough(), env: {}, cwd});
  return {code, out};
}

test('parseCounts: record types and totals over tickets; anything else is refused with what to type', (t) => {
  t.deepEqual(parseCounts(' tickets=100_000, contacts = 30000,comments=400000'), {counts: {tickets: 100000, contacts: 30000}, children: {comments: 400000}});
  t.throws(() => parseCounts('tickts=5'), {instanceOf: CountsError, message: /"tickts" is not a record type: use ticket_fields, .*comments/});
  t.throws(() => parseCounts('tickets=many'), {instanceOf: CountsError, message: /tickets: "many" is not a whole number/});
  for (const bad of ['tickets=-1', 'tickets=1.5', 'tickets=1e5', 'tickets='])
    t.throws(() => parseCounts(bad), {instanceOf: CountsError, message: /not a whole number/}, bad);
  t.throws(() => parseCounts('tickets'), {instanceOf: CountsError, message: /is not type=number/});
  t.throws(() => parseCounts('tickets=1,tickets=2'), {instanceOf: CountsError, message: /given twice/});
  t.throws(() => parseCounts('comments=40'), {instanceOf: CountsError, message: /give tickets=N too/});
  t.throws(() => parseCounts(' , '), {instanceOf: CountsError, message: /no counts given/});
});

test('estimateForCounts: each type costs what the connectors declare, on the named tiers', (t) => {
  const {estimate, notes} = estimateForCounts(parseCounts(REFERENCE), {source: {platform: 'zendesk', tier: 'professional'}, target: {platform: 'freshdesk', tier: 'pro'}});
  const zendesk = findConnector('zendesk')!;
  const freshdesk = findConnector('freshdesk')!;
  const row = (type: string) => estimate.types.find((r) => r.type === type)!;
  const write = freshdesk.writeCosts.tickets!;
  // 4 comments and 0.3 attachments a ticket: the first comment travels with the ticket.
  const perTicket = write.callsPerRecord + (write.callsPerComment ?? 0) * 3 + (write.callsPerAttachment ?? 0) * 0.3;
  t.is(Math.round(row('tickets').calls.target), Math.round(100000 * perTicket));
  const read = zendesk.readCosts.tickets!;
  t.true(row('tickets').calls.source >= Math.ceil(100000 / read.pageSize) * read.callsPerPage + 100000 * read.callsPerRecord);
  const contact = freshdesk.writeCosts.contacts!;
  t.is(Math.round(row('contacts').calls.target), 30000 * (contact.callsPerRecord + (contact.callsPerLookup ?? 0)));
  t.is(estimate.limits.target.requestsPerMinute, freshdesk.tiers.pro!.requestsPerMinute);
  t.is(estimate.limits.source.requestsPerMinute, zendesk.tiers.professional!.requestsPerMinute);
  // At 400 target calls a minute, the target's calls alone take this long; the estimate is no shorter.
  t.true(estimate.durationMs >= (estimate.calls.target / freshdesk.tiers.pro!.requestsPerMinute) * 60_000);
  t.regex(notes.join('\n'), /taken to be new on the target/);
  // Twice the tickets: twice the tickets' time (any account size).
  const twice = estimateForCounts(parseCounts(REFERENCE.replace('tickets=100000', 'tickets=200000').replace('comments=400000', 'comments=800000').replace('attachments=30000', 'attachments=60000')), {source: {platform: 'zendesk'}, target: {platform: 'freshdesk', tier: 'pro'}});
  const ratio = twice.estimate.types.find((r) => r.type === 'tickets')!.durationMs / row('tickets').durationMs;
  t.true(ratio > 1.9 && ratio < 2.1, String(ratio));
  // A higher plan on the bottleneck side is faster.
  const enterprise = estimateForCounts(parseCounts(REFERENCE), {source: {platform: 'zendesk'}, target: {platform: 'freshdesk', tier: 'enterprise'}});
  t.true(enterprise.estimate.durationMs < estimate.durationMs);
  // Omitted children are said, not silently assumed.
  t.regex(estimateForCounts(parseCounts('tickets=10'), {source: {platform: 'zendesk'}, target: {platform: 'helpscout'}}).notes.join('\n'), /No comments count/);
  t.throws(() => estimateForCounts(parseCounts('tickets=1'), {source: {platform: 'nope'}, target: {platform: 'freshdesk'}}), {instanceOf: CountsError, message: /"nope" is not a platform/});
  t.throws(() => estimateForCounts(parseCounts('tickets=1'), {source: {platform: 'zendesk'}, target: {platform: 'freshdesk', tier: 'gold'}}), {instanceOf: CountsError, message: /"gold" is not a Freshdesk plan/});
});

test('ferry estimate --counts: no plan and no connection needed; a folder\'s plan gives its pair', async (t) => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'ferry-counts-'));
  const json = await run(['--counts', REFERENCE, '--source', 'zendesk', '--target', 'helpscout', '--json'], empty);
  t.is(json.code, 0);
  const result = JSON.parse(json.out) as Estimate & {notes: string[]};
  t.is(result.types.find((r) => r.type === 'tickets')?.records, 100000);
  t.true(result.durationMs > 3_600_000);
  const text = await run(['--counts', 'tickets=5000,comments=20000', '--source', 'zendesk', '--target', 'freshdesk'], empty);
  t.regex(text.out, /Estimate for 5000 tickets from zendesk to freshdesk: about/);
  t.regex(text.out, /From the typed counts/);
  await t.throwsAsync(run(['--counts', 'tickets=5'], empty), {instanceOf: UsageError, message: /--counts needs --source PLATFORM/});
  await t.throwsAsync(run(['--counts', 'tickets=five', '--source', 'zendesk', '--target', 'freshdesk'], empty), {instanceOf: UsageError, message: /--counts: tickets: "five" is not a whole number/});
  await t.throwsAsync(run(['--counts', 'users=5', '--source', 'zendesk', '--target', 'freshdesk'], empty), {instanceOf: UsageError, message: /"users" is not a record type/});
  await t.throwsAsync(run(['--source', 'zendesk'], empty), {instanceOf: UsageError, message: /go with --counts/});

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-counts-plan-'));
  const plan = defaultPlan({platform: 'zendesk', url: 'https://acme.zendesk.com', tier: 'professional', authKind: 'token', credentials: {email: {env: 'ZD_EMAIL'}, apiToken: {env: 'ZD_TOKEN'}}}, {platform: 'freshdesk', url: 'https://acme.freshdesk.com', tier: 'growth', authKind: 'apikey', credentials: {apiKey: {env: 'FD_KEY'}}});
  plan.target.tier = 'enterprise';
  savePlan(dir, plan);
  const fromPlan = JSON.parse((await run(['--counts', 'tickets=1000', '--json', '--dir', dir], '/')).out) as Estimate;
  t.is(fromPlan.limits.target.requestsPerMinute, findConnector('freshdesk')!.tiers.enterprise!.requestsPerMinute);
  const overridden = JSON.parse((await run(['--counts', 'tickets=1000', '--json', '--dir', dir, '--target-tier', 'growth'], '/')).out) as Estimate;
  t.is(overridden.limits.target.requestsPerMinute, findConnector('freshdesk')!.tiers.growth!.requestsPerMinute);
});
