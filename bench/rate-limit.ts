// Benchmark 1: against an emulator limited to R requests per minute, the rate the
// engine achieves over a few minutes' run is at least 95% of R, and no record
// fails for rate limiting. One side is limited at a time; the other is free:
// Zendesk as the source of a migration to Freshdesk, then as its target.
//   npx tsx bench/rate-limit.ts [minutes=3] [R=300]
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemoEnvironment} from '../source/app/demo.js';
import {savePlan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';
import type {HttpEvent} from '../source/contracts/http.js';
import {generateDemoAccount} from '../demo-data/generate.js';
import {findConnector, startEmulator} from '../source/app/registry.js';

const minutes = Number(process.argv[2] ?? 3);
const limit = Number(process.argv[3] ?? 300);
const warmupMs = 10_000;

interface Row {
  side: string;
  limit: number;
  requests: number;
  seconds: number;
  achieved: number;
  percent: number;
  server429: number;
  rateFailures: number;
}

async function measure(side: 'source' | 'target', sourcePlatform: string, targetPlatform: string): Promise<Row> {
  const account = generateDemoAccount();
  const demo = await startDemoEnvironment({account, rateLimit: {off: true}, sourcePlatform, targetPlatform});
  // Restart the limited side with the limit on (the demo starts both free).
  await (side === 'source' ? demo.source : demo.target).close();
  const platform = side === 'source' ? demo.plan.source.platform : demo.plan.target.platform;
  // The plan tier nearest above R, on both the emulator and the plan, so the per-endpoint
  // sub-limits scale the same way on both ends (as they would for a real account).
  const connector = findConnector(platform)!;
  const tier = Object.entries(connector.tiers).filter(([, b]) => b.requestsPerMinute >= limit).sort((a, b) => a[1].requestsPerMinute - b[1].requestsPerMinute)[0]![0];
  const limited = await startEmulator(connector.id, {seed: side === 'source' ? 'source' : 'target', account, tier, rateLimit: {requestsPerMinute: limit}});
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-rate-'));
  const plan = structuredClone(demo.plan);
  plan[side].url = limited.url;
  plan[side].tier = tier;
  plan[side].requestsPerMinute = limit;
  const free = side === 'source' ? 'target' : 'source';
  plan[free].requestsPerMinute = 1_000_000;
  savePlan(dir, plan);

  const stamps: number[] = [];
  let current = '';
  const controller = new AbortController();
  setTimeout(() => controller.abort(), minutes * 60_000);
  await runMigration({
    dir,
    mode: 'full',
    env: {...process.env, ...demo.env},
    signal: controller.signal,
    onEvent: (event) => {
      // The ticket pass is where every record needs the limited side; earlier passes
      // (contacts, fields) barely touch the source, so they measure demand, not pacing.
      if (event.type === 'type_started') current = event.recordType;
      const http = event.type === 'http' ? (event.event as HttpEvent) : undefined;
      if (http?.type === 'request' && http.side === side && current === 'tickets') stamps.push(Date.now());
    },
  });
  const steady = stamps.filter((t) => t >= stamps[0]! + warmupMs);
  const seconds = (steady.at(-1)! - steady[0]!) / 1000;
  const achieved = ((steady.length - 1) / seconds) * 60;
  const journal = Journal.inFolder(dir);
  const rateFailures = journal.records({status: 'failed'}).filter((r) => /\b429\b|rate.?limit/i.test(r.reason ?? '')).length;
  journal.close();
  const server429 = limited.stats().byStatus[429] ?? 0;
  await Promise.all([limited.close(), demo.close()]);
  return {side: `${side} (${platform})`, limit, requests: steady.length, seconds: Math.round(seconds), achieved: Math.round(achieved * 10) / 10, percent: Math.round((achieved / limit) * 1000) / 10, server429, rateFailures};
}

// Zendesk's account-wide limit binds both reading and writing (Freshdesk's per-endpoint
// sub-limits bind its writes well below the account limit, which is a different test).
const rows = [await measure('source', 'zendesk', 'freshdesk'), await measure('target', 'freshdesk', 'zendesk')];
console.log(`\nRate-limit benchmark: ${minutes} min per side, limit R = ${limit}/min, ticket pass only, its first ${warmupMs / 1000} s left out\n`);
console.log('| limited side | R/min | requests | seconds | achieved/min | % of R | 429s from server | records failed for rate limiting |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.side} | ${r.limit} | ${r.requests} | ${r.seconds} | ${r.achieved} | ${r.percent}% | ${r.server429} | ${r.rateFailures} |`);
const ok = rows.every((r) => r.percent >= 95 && r.rateFailures === 0);
console.log(ok ? '\nGoal met: at least 95% of R, no record failed for rate limiting.' : '\nGoal NOT met.');
process.exitCode = ok ? 0 : 1;
