// Benchmark: how close ferry comes to each API's floor, and how true its estimate is.
//   npx tsx bench/minimum.ts [--measure zendesk:freshdesk,...] [--tickets 60] [--rate 1200]
// Table 1, for every pair on the reference account (100,000 tickets with 4 comments and 0.3
// attachments each, 30,000 contacts, 3,000 organizations, 50 agents, 20 groups, 30 ticket fields,
// 500 articles; both sides on plans of about 400 requests a minute): the API minimum (the bottleneck
// side's requests on its best documented path, BEST_PATH below, divided by its limit), ferry's own
// requests (its estimator fed with its connectors' declared costs) divided by the same limits, their
// ratio, and ferry's estimate (pacing, pipelining and all).
// Table 2, for the pairs given to --measure: a demo run on the emulators (limited to --rate a minute)
// calibrates the estimate of a full migration of a small account, which is then run and timed, each
// on emulators of its own.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {estimateForCounts, estimateForFolder} from '../source/app/estimate.js';
import {parseCounts} from '../source/estimate/counts.js';
import {allConnectors, findConnector} from '../source/app/registry.js';
import {startDemoEnvironment} from '../source/app/demo.js';
import {savePlan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const {values} = parseArgs({options: {measure: {type: 'string'}, tickets: {type: 'string'}, rate: {type: 'string'}}});

const REFERENCE = {tickets: 100_000, comments: 4, attachments: 0.3, contacts: 30_000, organizations: 3_000, agents: 50, groups: 20, ticket_fields: 30, kb_articles: 500};
const TIERS: Record<string, string> = {zendesk: 'professional', freshdesk: 'pro', helpscout: 'plus', freshservice: 'pro', 'request-tracker': 'self-hosted'};

/**
 * Requests (in the platform's rate-limit units) on each platform's best documented path for the
 * reference account, as a source (reading) and as a target (writing). Facts and sources are in
 * docs/platforms/<platform>.md; what each figure counts is said beside it.
 */
const r = REFERENCE;
const BEST_PATH: Record<string, {source?: number; target?: number}> = {
  // Source: incremental ticket export and ticket events with comments, 1,000 a page; users and
  // organizations incremental exports, 1,000 a page; one download per attachment; articles 100 a page.
  // Target: imports/tickets/create_many (100 tickets with their comments a request), one upload per
  // attachment, users/create_or_update_many and organizations/create_many (100 a request), one article each.
  zendesk: {
    source: r.tickets / 1000 + (r.tickets * r.comments) / 1000 + r.tickets * r.attachments + r.contacts / 1000 + r.organizations / 1000 + r.kb_articles / 100,
    target: r.tickets / 100 + r.tickets * r.attachments + r.contacts / 100 + r.organizations / 100 + r.kb_articles,
  },
  // Source: tickets 100 a page, each ticket's conversations (one request a ticket), contacts and
  // companies 100 a page. Target: a ticket with its first comment and attachments (multipart), one
  // note or reply per later comment, one contact and company each, one article each: no bulk creates.
  freshdesk: {
    source: r.tickets / 100 + r.tickets + r.contacts / 100 + r.organizations / 100 + r.kb_articles / 30,
    target: r.tickets + r.tickets * (r.comments - 1) + r.contacts + r.organizations + r.kb_articles,
  },
  freshservice: {
    source: r.tickets / 100 + r.tickets + r.contacts / 100 + r.organizations / 100 + r.kb_articles / 30,
    target: r.tickets + r.tickets * (r.comments - 1) + r.contacts + r.organizations + r.kb_articles,
  },
  // Units (a write counts 2). Source: List Conversations with embed=threads, 25 a page; customers 50 a
  // page; one download per attachment. Target: Create Conversation with all its threads (one write),
  // one upload per attachment, one customer each (no organizations or knowledge base in the Mailbox API).
  helpscout: {
    source: r.tickets / 25 + r.tickets * r.attachments + r.contacts / 50,
    target: 2 * (r.tickets + r.tickets * r.attachments + r.contacts),
  },
  // No published rate limit: never the bottleneck.
  'request-tracker': {},
};

const limitOf = (platform: string) => findConnector(platform)!.tiers[TIERS[platform]!]!.requestsPerMinute;
/** Units a request weighs on average for ferry's own calls: Help Scout's writes weigh 2. */
const hours = (requests: number, platform: string) => (Number.isFinite(limitOf(platform)) ? requests / limitOf(platform) / 60 : 0);

const counts = parseCounts(
  `tickets=${r.tickets},comments=${r.tickets * r.comments},attachments=${r.tickets * r.attachments},contacts=${r.contacts},organizations=${r.organizations},agents=${r.agents},groups=${r.groups},ticket_fields=${r.ticket_fields},kb_articles=${r.kb_articles}`,
);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

console.log('\nAPI minimum vs ferry on the reference account (hours; each side at its plan: ' + Object.entries(TIERS).map(([p, t]) => `${p} ${t} ${limitOf(p)}/min`).join(', ') + ')\n');
console.log('| pair | API minimum | ferry (its requests / limit) | ratio | ferry\'s estimate | bottleneck |');
console.log('|---|---|---|---|---|---|');
const connectors = allConnectors();
const unknown = new Set<string>();
for (const source of connectors)
  for (const target of connectors) {
    if (source.id === target.id || !source.roles.includes('source') || !target.roles.includes('target')) continue;
    // Platforms whose best documented path is not written down here yet (Front, Intercom) are listed below the table.
    if (!BEST_PATH[source.id] || !BEST_PATH[target.id]) {
      unknown.add(!BEST_PATH[source.id] ? source.label : target.label);
      continue;
    }
    const {estimate} = estimateForCounts(counts, {source: {platform: source.id, tier: TIERS[source.id]}, target: {platform: target.id, tier: TIERS[target.id]}});
    const minimum = Math.max(hours(BEST_PATH[source.id]!.source ?? 0, source.id), hours(BEST_PATH[target.id]!.target ?? 0, target.id));
    // ferry's requests in units: Help Scout's writes (every target call but lookups) weigh 2.
    const weigh = (side: 'source' | 'target', platform: string) => {
      const weights = findConnector(platform)!.tiers[TIERS[platform]!]!.weights;
      if (!weights || side === 'source') return estimate.calls[side];
      return estimate.calls[side] * 2; // Help Scout as a target: its writes weigh 2 (lookups are few)
    };
    const ferrySource = hours(weigh('source', source.id), source.id);
    const ferryTarget = hours(weigh('target', target.id), target.id);
    const ferry = Math.max(ferrySource, ferryTarget);
    console.log(`| ${source.label} → ${target.label} | ${round(minimum)} h | ${round(ferry)} h | ${round(ferry / minimum, 2)} | ${round(estimate.durationMs / 3_600_000)} h | ${ferrySource >= ferryTarget ? 'source' : 'target'} |`);
  }

if (unknown.size) console.log(`\nNot in the table (no best documented path in BEST_PATH yet): ${[...unknown].join(', ')}.`);

// ---- table 2: the estimate against a measured run on the emulators --------------------------------
if (values.measure) {
  const tickets = Number(values.tickets ?? 60);
  const rate = Number(values.rate ?? 1200);
  const rows: string[] = [];
  for (const pair of values.measure.split(',')) {
    const [sourcePlatform, targetPlatform] = pair.split(':') as [string, string];
    const account = smallDemoAccount(tickets);
    // Three pairs of emulators, so no run starts inside another's rate-limit window: one the estimate
    // reads, one for the demo run that calibrates it, one for the timed full migration.
    const first = await startDemoEnvironment({account, rateLimit: {requestsPerMinute: rate}, sourcePlatform, targetPlatform});
    const read = await startDemoEnvironment({account, rateLimit: {requestsPerMinute: rate}, sourcePlatform, targetPlatform});
    const demoDir = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-min-demo-'));
    for (const environment of [first, read]) {
      environment.plan.source.requestsPerMinute = rate;
      environment.plan.target.requestsPerMinute = rate;
    }
    savePlan(demoDir, read.plan);
    const readEnv = {...process.env, ...read.env};
    const before = (await estimateForFolder(demoDir, read.plan, readEnv)).estimate;
    savePlan(demoDir, first.plan);
    const demo = await runMigration({dir: demoDir, mode: 'demo', env: {...process.env, ...first.env}});
    savePlan(demoDir, read.plan);
    const {estimate} = await estimateForFolder(demoDir, read.plan, readEnv);
    await Promise.all([first.close(), read.close()]);
    // Measure: the full migration on fresh emulators.
    const fresh = await startDemoEnvironment({account, rateLimit: {requestsPerMinute: rate}, sourcePlatform, targetPlatform});
    const fullDir = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-min-full-'));
    fresh.plan.source.requestsPerMinute = rate;
    fresh.plan.target.requestsPerMinute = rate;
    savePlan(fullDir, fresh.plan);
    const started = Date.now();
    const full = await runMigration({dir: fullDir, mode: 'full', env: {...process.env, ...fresh.env}});
    const measured = Date.now() - started;
    await fresh.close();
    rows.push(`| ${sourcePlatform} → ${targetPlatform} | ${round(before.durationMs / 1000)} s | ${round(before.durationMs / measured, 2)} | ${demo.status}, pace factor ${round(estimate.calibration?.paceFactor ?? 1, 2)} | ${round(estimate.durationMs / 1000)} s | ${full.status}: ${round(measured / 1000)} s | ${round(estimate.durationMs / measured, 2)} |`);
    console.error(rows.at(-1));
  }
  console.log(`\nEstimate vs measured: a full migration of a ${tickets}-ticket account on the emulators at ${rate}/min a side, estimated after a demo run\n`);
  console.log('| pair | estimate before the demo | ÷ measured | demo run | estimate after it | measured | estimate ÷ measured |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}
