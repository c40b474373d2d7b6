// Benchmark: exactly once under chaos. The demo account (Zendesk emulator to Freshdesk
// emulator) is migrated twice: once clean, once with a fault proxy in front of EACH side
// injecting every kind of fault at the given rate (5xx, resets before sending, answers lost
// after the write was applied, 429s, timeouts) while the whole ferry process group is
// SIGKILLed at random instants; then resumed until finished and failed records retried.
// It prints lost and duplicated records per type (goal: 0 and 0; test/helpers/exactly-once.ts
// compares the target's exact contents with the source) and the time against the clean run.
//   npx tsx bench/chaos.ts [--tickets N] [--rate 0.1] [--kills 10] [--seed 1]
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {startDemoEnvironment} from '../source/app/demo.js';
import {generateDemoAccount, smallDemoAccount} from '../demo-data/generate.js';
import {savePlan} from '../source/plan/plan.js';
import {Journal} from '../source/engine/journal.js';
import {RECORD_TYPES} from '../source/contracts/model.js';
import {startFaultProxy, FAULT_KINDS, seededRandom, type FaultProxy} from '../test/helpers/fault-proxy.js';
import {checkExactlyOnce} from '../test/helpers/exactly-once.js';
import {startFerry, summaryOf} from '../test/helpers/ferry-process.js';

const {values} = parseArgs({options: {tickets: {type: 'string'}, rate: {type: 'string', default: '0.1'}, kills: {type: 'string', default: '10'}, seed: {type: 'string', default: '1'}}});
const rate = Number(values.rate);
const kills = Number(values.kills);
const seed = Number(values.seed);
const account = () => (values.tickets ? smallDemoAccount(Number(values.tickets)) : generateDemoAccount());

async function migration(chaos: boolean) {
  const demo = await startDemoEnvironment({account: account(), rateLimit: {off: true}});
  const dir = mkdtempSync(path.join(os.tmpdir(), `ferry-chaos-${chaos ? 'faults' : 'clean'}-`));
  const proxies: FaultProxy[] = [];
  const plan = demo.plan;
  plan.source.requestsPerMinute = 1_000_000;
  plan.target.requestsPerMinute = 1_000_000;
  const env: NodeJS.ProcessEnv = {...process.env, ...demo.env, FERRY_HTTP_TIMEOUT_MS: '1000'};
  if (chaos) {
    const rates = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, rate]));
    for (const side of ['source', 'target'] as const) {
      const proxy = await startFaultProxy({upstream: demo[side].url, seed: seed + (side === 'source' ? 0 : 1000), rates, holdMs: 1500, stormLength: 0});
      proxies.push(proxy);
      plan[side].url = proxy.url;
    }
  }
  savePlan(dir, plan);
  const started = performance.now();
  const random = seededRandom(seed + 7);
  let runs = 0;
  // The kill storm: each run is killed at a random instant, ten times, then left to finish.
  for (let kill = 0; chaos && kill < kills; kill++) {
    const child = startFerry(['run', '--mode', 'full', '--dir', dir, '--json'], env);
    runs++;
    const timer = new Promise((resolve) => setTimeout(resolve, 1000 + random() * 8000));
    const exited = await Promise.race([timer.then(() => false), child.exited.then(() => true)]);
    if (!exited) child.killGroup();
    await child.exited;
  }
  let status = '';
  for (let attempt = 0; status !== 'finished' && attempt < 20; attempt++) {
    const child = startFerry(['run', '--mode', 'full', '--dir', dir, '--json'], env);
    runs++;
    await child.exited;
    status = summaryOf(child.output())?.status ?? 'crashed';
    if (status === 'crashed') console.error(child.output().slice(-2000));
  }
  // Records that failed under the faults are retried with the faults still on, while that
  // helps (the demo account's own problem records fail every time).
  for (let attempt = 0, before = Infinity; attempt < 5; attempt++) {
    const journal = Journal.inFolder(dir);
    const failed = journal.records({status: 'failed'}).length;
    journal.close();
    if (!failed || failed >= before) break;
    before = failed;
    const child = startFerry(['retry', '--all-failed', '--dir', dir, '--json'], env);
    runs++;
    await child.exited;
  }
  const seconds = (performance.now() - started) / 1000;
  const journal = Journal.inFolder(dir);
  const rows = journal.records();
  const counts = journal.countsAll();
  journal.close();
  const report = await checkExactlyOnce(demo.source.url, demo.target.url, rows);
  const injected = proxies.reduce<Record<string, number>>((sum, proxy) => {
    for (const [kind, n] of Object.entries(proxy.injected)) sum[kind] = (sum[kind] ?? 0) + n;
    return sum;
  }, {});
  for (const proxy of proxies) await proxy.close();
  await demo.close();
  return {status, seconds, runs, report, counts, injected};
}

const clean = await migration(false);
const chaos = await migration(true);

console.log(`\nChaos benchmark: ${values.tickets ?? 'full'} demo account, ${Math.round(rate * 100)}% of each fault kind in front of each side, ${kills} kills\n`);
console.log(`Faults injected: ${Object.entries(chaos.injected).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${n}`).join(', ')}; ${chaos.runs} ferry processes\n`);
console.log('| record type | migrated (clean) | migrated (chaos) | failed (chaos) | lost | duplicated |');
console.log('|---|---|---|---|---|---|');
const lostOf = (type: string) => chaos.report.lost[type] ?? 0;
const dupOf = (type: string) => chaos.report.duplicated[type] ?? 0;
for (const type of RECORD_TYPES) {
  const c = chaos.counts[type];
  if (!c) continue;
  console.log(`| ${type} | ${clean.counts[type]?.migrated ?? 0} | ${c.migrated} | ${c.failed} | ${lostOf(type)} | ${dupOf(type)} |`);
}
for (const child of ['comments', 'notes', 'attachments', 'field values']) console.log(`| ${child} | | | | ${lostOf(child)} | ${dupOf(child)} |`);
console.log(`\n| run | status | seconds | ferry processes |\n|---|---|---|---|\n| clean | ${clean.status} | ${clean.seconds.toFixed(1)} | ${clean.runs} |\n| chaos | ${chaos.status} | ${chaos.seconds.toFixed(1)} (${(chaos.seconds / clean.seconds).toFixed(1)}x) | ${chaos.runs} |`);
if (chaos.report.problems.length) console.log(`\nProblems:\n${chaos.report.problems.slice(0, 30).join('\n')}`);
if (clean.report.problems.length) console.log(`\nProblems in the clean run:\n${clean.report.problems.slice(0, 30).join('\n')}`);
process.exit(chaos.report.problems.length || clean.report.problems.length ? 1 : 0);
