// Benchmark: how many calls per second a real Request Tracker 5 serves, for the
// connector's budget and the estimator. RT publishes no rate limit; its CPU is the limit
// (each write runs RT's scrips), so this measures:
//   A  POST /ticket (requestor + content) at 1, 2 and 4 requests in flight
//   B  GET /ticket/:id at 2 in flight
//   C  a real migration (Zendesk emulator, 12 demo tickets -> RT) through the engine:
//      the target's calls per second while writing, at the connector's concurrency
// It takes the RT test lock and, unless --no-reset, resets RT before and after (RT's
// data is the disposable CI database of rt5-setup.sh).
// Run: eval "$(bash .ci/rt5-setup.sh env)"; npx tsx bench/rt-throughput.ts [--no-reset] [--n 24]
import {startEmulator} from '../source/app/registry.js';
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import {zendeskConnector} from '../connectors/zendesk/index.js';
import {requestTrackerConnector} from '../connectors/request-tracker/index.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import {basicSettings, RT_URL} from '../test/rt-fixtures.js';
import {createRtAgents, emulatorEndpoint, lockRt, migrationFolder, resetRt, rtEndpoint} from '../test/helpers/rt.js';

const args = process.argv.slice(2);
const reset = !args.includes('--no-reset');
const n = Number(args[args.indexOf('--n') + 1]) || 24;
const headers = {...requestTrackerConnector.authHeaders(basicSettings()), 'Content-Type': 'application/json'};

interface Row {
  what: string;
  inFlight: number;
  calls: number;
  seconds: number;
  p50: number;
  p95: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `total` calls of `call`, `inFlight` at a time; latencies in ms. */
async function measure(what: string, inFlight: number, total: number, call: (index: number) => Promise<void>): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({length: inFlight}, async () => {
      for (let index = next++; index < total; index = next++) {
        const t0 = performance.now();
        await call(index);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {what, inFlight, calls: total, seconds, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95)};
}

async function rt(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${RT_URL}/REST/2.0${path}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const release = await lockRt();
try {
  if (reset) await resetRt();
  const queue = `ferry-bench-${Date.now().toString(36)}`;
  await rt('POST', '/queue', {Name: queue});
  const rows: Row[] = [];
  const created: string[] = [];
  for (const inFlight of [1, 2, 4]) {
    rows.push(
      await measure('POST /ticket', inFlight, n, async (index) => {
        const ticket = await rt('POST', '/ticket', {Queue: queue, Subject: `bench ${inFlight}/${index}`, Requestor: `bench-${index}@example.test`, Content: 'Benchmark ticket body.', ContentType: 'text/plain'});
        created.push(String(ticket.id));
      }),
    );
  }
  rows.push(await measure('GET /ticket/:id', 2, n * 2, async (index) => void (await rt('GET', `/ticket/${created[index % created.length]}`))));

  // C: a real migration into RT, timing the target's calls while it writes.
  if (reset) await resetRt();
  const account = smallDemoAccount(12);
  await createRtAgents(account.source.agents);
  const zendesk = await startEmulator('zendesk', {seed: 'source', account, rateLimit: {off: true}});
  try {
    const source = emulatorEndpoint(zendesk, 'zendesk', 'SOURCE');
    const target = rtEndpoint();
    const plan = defaultPlan(source.endpoint, target.endpoint);
    plan.recordTypes = plan.recordTypes.filter((type) => !type.startsWith('kb_'));
    plan.source.requestsPerMinute = 1_000_000;
    plan.options.migrateInactiveUsers = true;
    const dir = migrationFolder();
    savePlan(dir, plan);
    let calls = 0;
    let first = 0;
    let last = 0;
    const result = await runMigration({
      dir,
      mode: 'full',
      env: {...process.env, ...source.env, ...target.env},
      onEvent: (event) => {
        if (event.type !== 'http' || event.event.side !== 'target' || event.event.type !== 'request') return;
        calls++;
        first ||= performance.now();
        last = performance.now();
      },
    });
    const budget = requestTrackerConnector.tiers[requestTrackerConnector.defaultTier]!;
    rows.push({what: `migration writes (${result.types.tickets?.migrated ?? 0} tickets)`, inFlight: budget.concurrency ?? 1, calls, seconds: (last - first) / 1000, p50: NaN, p95: NaN});
  } finally {
    await zendesk.close();
  }

  const version = (await rt('GET', '/rt')).Version as string;
  console.log(`Request Tracker ${version} at ${RT_URL}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); ${n} calls per create row`);
  const header = ['What', 'In flight', 'Calls', 'Seconds', 'Calls/s', 'p50 ms', 'p95 ms'];
  const table = rows.map((row) => [row.what, String(row.inFlight), String(row.calls), row.seconds.toFixed(1), (row.calls / row.seconds).toFixed(1), Number.isNaN(row.p50) ? '-' : row.p50.toFixed(0), Number.isNaN(row.p95) ? '-' : row.p95.toFixed(0)]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.map(line)].join('\n'));
} finally {
  if (reset) await resetRt();
  release();
}
