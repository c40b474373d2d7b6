// Benchmark: another app uses part of the account's budget. Against a Zendesk emulator limited to
// R requests a minute, a second consumer on the same account sends X requests a minute, evenly,
// from a minute before ferry starts; ferry migrates the demo account (Zendesk as the source) and
// must pace to what remains: at least 95% of R - X, and no 429 from the server.
//   npx tsx bench/shared-budget.ts [minutes=3] [R=300] [X=100]
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemoEnvironment} from '../source/app/demo.js';
import {savePlan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import type {HttpEvent} from '../source/contracts/http.js';
import {generateDemoAccount} from '../demo-data/generate.js';
import {findConnector, startEmulator} from '../source/app/registry.js';

const minutes = Number(process.argv[2] ?? 3);
const limit = Number(process.argv[3] ?? 300);
const others = Number(process.argv[4] ?? 100);
const warmupMs = 10_000;

const account = generateDemoAccount();
const demo = await startDemoEnvironment({account, rateLimit: {off: true}, sourcePlatform: 'zendesk', targetPlatform: 'freshdesk'});
await demo.source.close();
const connector = findConnector('zendesk')!;
const tier = Object.entries(connector.tiers).filter(([, b]) => b.requestsPerMinute >= limit).sort((a, b) => a[1].requestsPerMinute - b[1].requestsPerMinute)[0]![0];
const limited = await startEmulator('zendesk', {seed: 'source', account, tier, rateLimit: {requestsPerMinute: limit}});

// The other app: the same account's credentials, one request every 60/X seconds.
const headers = connector.authHeaders({baseUrl: limited.url, authKind: limited.authKind, credentials: limited.credentials});
const theirs: Record<number, number> = {};
const consumer = setInterval(() => {
  fetch(`${limited.url}/api/v2/users/me`, {headers})
    .then((response) => void (theirs[response.status] = (theirs[response.status] ?? 0) + 1))
    .catch(() => void (theirs[0] = (theirs[0] ?? 0) + 1));
}, 60_000 / others);
console.log(`The other app sends ${others}/min; ferry starts in a minute.`);
await new Promise((resolve) => setTimeout(resolve, 60_000));

const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-shared-'));
const plan = structuredClone(demo.plan);
plan.source.url = limited.url;
plan.source.tier = tier;
plan.source.requestsPerMinute = limit;
plan.target.requestsPerMinute = 1_000_000;
// Attachment downloads are answered without rate-limit headers (the limit does not count them):
// left out, so every request ferry makes is one the server's window counts.
plan.options.skipAttachments = true;
plan.options.skipInlineImages = true;
savePlan(dir, plan);
const stamps: number[] = [];
let ferry429 = 0;
let current = '';
let adopted = 0;
const controller = new AbortController();
setTimeout(() => controller.abort(), minutes * 60_000);
await runMigration({
  dir,
  mode: 'full',
  env: {...process.env, ...demo.env},
  signal: controller.signal,
  onEvent: (event) => {
    if (event.type === 'type_started') current = event.recordType;
    const http = event.type === 'http' ? (event.event as HttpEvent) : undefined;
    if (http?.side !== 'source') return;
    if (http.type === 'request' && http.status === 429) ferry429++;
    if (http.type === 'shared_budget') adopted = http.othersPerMinute;
    // The ticket pass needs the source for every record: there ferry's pace is the gate's, not its demand.
    if (http.type === 'request' && current === 'tickets') stamps.push(Date.now());
  },
});
clearInterval(consumer);
const steady = stamps.filter((t) => t >= stamps[0]! + warmupMs);
const seconds = (steady.at(-1)! - steady[0]!) / 1000;
const achieved = ((steady.length - 1) / seconds) * 60;
const remaining = limit - others;
const server429 = limited.stats().byStatus[429] ?? 0;
await Promise.all([limited.close(), demo.close()]);

console.log(`\nShared budget: Zendesk source limited to R = ${limit}/min, another app using X = ${others}/min of it, ${minutes} min of ferry, ticket pass only, its first ${warmupMs / 1000} s left out\n`);
console.log('| R/min | other app/min | remaining/min | ferry requests | seconds | ferry achieved/min | % of remaining | 429s to ferry | 429s to the other app | 429s from server | other app as ferry saw it/min |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const percent = Math.round((achieved / remaining) * 1000) / 10;
console.log(`| ${limit} | ${others} | ${remaining} | ${steady.length} | ${Math.round(seconds)} | ${Math.round(achieved * 10) / 10} | ${percent}% | ${ferry429} | ${theirs[429] ?? 0} | ${server429} | ${adopted} |`);
console.log(`\nThe other app's answers by status: ${JSON.stringify(theirs)}`);
const ok = percent >= 95 && server429 === 0 && (theirs[200] ?? 0) > 0;
console.log(ok ? '\nGoal met: at least 95% of what remains, no 429 from the server.' : '\nGoal NOT met.');
process.exitCode = ok ? 0 : 1;
