// Estimator accuracy on the emulators: for each case, the estimate (before and after
// calibration by a demo run) against the measured duration of a real full migration.
// Each case uses three identical emulator pairs (one to estimate from, one for the demo
// run, one for the full run) so no run eats another's rate-limit window; cases run in
// parallel since every run is paced by its rate limits, not by this machine.
// Run: npx tsx bench/estimate-accuracy.ts [case-name ...]
import {startEmulator} from '../source/app/registry.js';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemoEnvironment, type DemoEnvironment} from '../source/app/demo.js';
import {runMigration} from '../source/app/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {Journal} from '../source/engine/journal.js';
import type {CallMeasurement} from '../source/platform/call-meter.js';
import {gatherEstimate, requestCounter} from '../source/estimate/gather.js';
import {openSides} from '../source/app/sides.js';
import {estimate, type Estimate, type EstimateInput} from '../source/estimate/estimator.js';
import {withOutcomes} from '../source/estimate/calibration.js';
import type {MeasuredRun} from '../source/estimate/work.js';
import type {Plan} from '../source/plan/plan.js';

interface Case {
  name: string;
  source: string;
  target: string;
  tickets: number;
  tiers: {source: string; target: string};
  /** Per-minute limits the emulators enforce and report (the client adopts the lower live limit) */
  emulatorRpm: {source?: number; target?: number};
  /** A custom limit typed into the plan */
  planRpm?: {source?: number; target?: number};
  change?: (plan: Plan) => void;
  expect: string;
}

const CASES: Case[] = [
  {name: 'zd>fd target-bound', source: 'zendesk', target: 'freshdesk', tickets: 30, tiers: {source: 'professional', target: 'trial'}, emulatorRpm: {source: 400, target: 100}, planRpm: {target: 100}, expect: 'target account limit'},
  {name: 'zd>fd source-bound', source: 'zendesk', target: 'freshdesk', tickets: 30, tiers: {source: 'professional', target: 'trial'}, emulatorRpm: {source: 40, target: 500}, planRpm: {target: 500}, expect: 'source account limit (live)'},
  {name: 'fd>zd target-bound', source: 'freshdesk', target: 'zendesk', tickets: 20, tiers: {source: 'trial', target: 'team'}, emulatorRpm: {source: 300, target: 60}, planRpm: {source: 300}, expect: 'target account limit (live)'},
  // A typed limit scales the plan's sub-limits with it (engine/sides.ts): contacts.list 60/min, tickets.create 240/min.
  {name: 'zd>fd high limits', source: 'zendesk', target: 'freshdesk', tickets: 60, tiers: {source: 'professional', target: 'growth'}, emulatorRpm: {source: 600, target: 600}, planRpm: {target: 600}, expect: 'target account limit; contacts on the contacts.list sub-limit'},
  // Growth as published: contact lookups on contacts.list at 20/min take longer than all the tickets.
  {name: 'zd>fd sub-limit', source: 'zendesk', target: 'freshdesk', tickets: 30, tiers: {source: 'professional', target: 'growth'}, emulatorRpm: {}, expect: 'target contacts.list sub-limit'},
  {name: 'zd>fd small+skip', source: 'zendesk', target: 'freshdesk', tickets: 15, tiers: {source: 'professional', target: 'trial'}, emulatorRpm: {source: 90, target: 90}, planRpm: {target: 90}, change: (plan) => (plan.options.skipAttachments = true), expect: 'both sides close'},
];

interface Env {
  demo: DemoEnvironment;
  plan: Plan;
  env: NodeJS.ProcessEnv;
  dir: string;
}

async function environment(c: Case): Promise<Env> {
  const demo = await startDemoEnvironment({
    sourcePlatform: c.source,
    targetPlatform: c.target,
    account: smallDemoAccount(c.tickets),
    tier: c.tiers,
    rateLimit: undefined,
  });
  // startDemoEnvironment applies one rateLimit to both emulators; each side needs its own, so restart them.
  await demo.close();
  const {findConnector} = await import('../source/app/registry.js');
  const account = smallDemoAccount(c.tickets);
  const source = await startEmulator(c.source, {seed: 'source', account, tier: c.tiers.source, ...(c.emulatorRpm.source ? {rateLimit: {requestsPerMinute: c.emulatorRpm.source}} : {})});
  const target = await startEmulator(c.target, {seed: 'target', account, tier: c.tiers.target, ...(c.emulatorRpm.target ? {rateLimit: {requestsPerMinute: c.emulatorRpm.target}} : {})});
  const plan: Plan = structuredClone(demo.plan);
  plan.source = {...plan.source, url: source.url, tier: source.tier, ...(c.planRpm?.source ? {requestsPerMinute: c.planRpm.source} : {})};
  plan.target = {...plan.target, url: target.url, tier: target.tier, ...(c.planRpm?.target ? {requestsPerMinute: c.planRpm.target} : {})};
  plan.demo = {tickets: 10, articles: 5};
  c.change?.(plan);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-estimate-bench-'));
  return {
    demo: {...demo, source, target, close: async () => void (await Promise.all([source.close(), target.close()]))},
    plan,
    env: {...process.env, ...demo.env},
    dir,
  };
}

async function measuredRun(c: Case, mode: 'demo' | 'full'): Promise<{ms: number; measurement: MeasuredRun; status: string; typeMs: Record<string, number>}> {
  const bed = await environment(c);
  try {
    const started = Date.now();
    const typeMs: Record<string, number> = {};
    const result = await runMigration({dir: bed.dir, mode, env: bed.env, plan: bed.plan, onEvent: (event) => {
      if (event.type === 'type_started') typeMs[event.recordType] = Date.now();
      if (event.type === 'type_finished') typeMs[event.recordType] = Date.now() - typeMs[event.recordType]!;
    }});
    const ms = Date.now() - started;
    const journal = Journal.inFolder(bed.dir);
    const measurement = withOutcomes(JSON.parse(journal.getMeta(`calls:${result.runId}`)!) as CallMeasurement, journal);
    journal.close();
    return {ms, measurement, status: result.status, typeMs};
  } finally {
    await bed.demo.close();
  }
}

const demoTypeMs = new Map<string, Record<string, number>>();

interface Row {
  name: string;
  expect: string;
  estimate: Estimate;
  calibrated: Estimate;
  measuredMs: number;
  full: CallMeasurement;
  status: string;
  typeMs: Record<string, number>;
  demo: MeasuredRun;
  input: EstimateInput;
}

async function runCase(c: Case): Promise<Row> {
  const gathering = (async () => {
    const bed = await environment(c);
    try {
      const counter = requestCounter();
      return await gatherEstimate(bed.plan, openSides(bed.plan, {env: bed.env, onHttp: counter.onHttp}), counter, {env: bed.env});
    } finally {
      await bed.demo.close();
    }
  })();
  const [gathered, demo, full] = await Promise.all([gathering, measuredRun(c, 'demo'), measuredRun(c, 'full')]);
  demoTypeMs.set(c.name, demo.typeMs);
  const before = estimate(gathered.input);
  const after = estimate({...gathered.input, calibration: demo.measurement});
  return {name: c.name, expect: c.expect, estimate: before, calibrated: after, measuredMs: full.ms, full: full.measurement, status: full.status, typeMs: full.typeMs, demo: demo.measurement, input: gathered.input};
}

const pct = (estimated: number, measured: number) => `${estimated >= measured ? '+' : ''}${(((estimated - measured) / measured) * 100).toFixed(1)}%`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const wanted = process.argv.slice(2);
const cases = wanted.length ? CASES.filter((c) => wanted.some((w) => c.name.includes(w))) : CASES;
const started = Date.now();
const rows = await Promise.all(cases.map(runCase));
const header = ['Case', 'Tickets', 'Bottleneck (estimated)', 'Measured', 'Estimate', 'Error', 'Calibrated', 'Error'];
const table = rows.map((row) => [
  row.name,
  String(row.estimate.types.find((t) => t.type === 'tickets')?.records ?? 0),
  row.estimate.bottleneck.description,
  secs(row.measuredMs),
  secs(row.estimate.durationMs),
  pct(row.estimate.durationMs, row.measuredMs),
  secs(row.calibrated.durationMs),
  pct(row.calibrated.durationMs, row.measuredMs),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) console.log(line(r));
console.log(`\n${rows.length} cases in ${secs(Date.now() - started)}`);
if (process.env.BENCH_DETAIL) {
  for (const row of rows) {
    console.log(`\n== ${row.name} (${row.status})  limits: source ${row.estimate.limits.source.note}; target ${row.estimate.limits.target.note}`);
    for (const t of row.estimate.types) {
      const c = row.calibrated.types.find((x) => x.type === t.type)!;
      console.log(`  ${t.type.padEnd(14)} rec ${String(Math.round(t.records)).padStart(4)}  calls est s${t.calls.source.toFixed(0).padStart(4)} t${t.calls.target.toFixed(0).padStart(4)}  cal s${c.calls.source.toFixed(0).padStart(4)} t${c.calls.target.toFixed(0).padStart(4)}  real s${String(row.full.calls.source[t.type] ?? 0).padStart(4)} t${String(row.full.calls.target[t.type] ?? 0).padStart(4)}  ${secs(t.durationMs).padStart(7)} ${secs(c.durationMs).padStart(7)} real ${secs(row.typeMs[t.type] ?? 0).padStart(7)}  ${t.bottleneck.description}`);
    }
    console.log(`  demo: ${JSON.stringify(row.demo)}`);
    const {children, demoChildren, writtenShare, createdShare} = row.input;
    console.log(`  children ${JSON.stringify(children)} demo ${JSON.stringify(demoChildren)} written ${JSON.stringify(writtenShare)} created ${JSON.stringify(createdShare)}`);
    const modelled = row.calibrated.calibration?.modelledMs ?? {};
    console.log(`  demo ms per type, measured/modelled: ${Object.entries(demoTypeMs.get(row.name) ?? {}).filter(([, ms]) => Number.isFinite(ms)).map(([type, ms]) => `${type} ${secs(ms)}/${secs(modelled[type as keyof typeof modelled] ?? 0)}`).join(', ')}; setup modelled ${secs(modelled.setup ?? 0)}`);
    console.log(`  calibration: calls ${JSON.stringify(row.calibrated.calibration?.callFactors)} pace ${JSON.stringify(row.calibrated.calibration?.paceFactors)}`);
    console.log(`  setup calls est s${row.estimate.setup.calls.source} t${row.estimate.setup.calls.target} real s${row.full.calls.source.setup} t${row.full.calls.target.setup}; ${row.calibrated.calibration?.note}`);
  }
}
