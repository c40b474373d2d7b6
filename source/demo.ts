// The built-in demo: both emulators on loopback (Zendesk seeded with the demo
// account, Freshdesk as a target that already has its agents), a plan pointing
// at them, and the migration run headless or from the console.
import {mkdirSync} from 'node:fs';
import type {RunningEmulator, EmulatorOptions} from './connector.js';
import {findConnector} from './connectors.js';
import {defaultPlan, savePlan, type Endpoint, type Plan} from './plan.js';
import type {Io} from './cli.js';
import {executeRun} from './cli.js';
import {Journal, type RunMode} from './journal.js';

export interface DemoEnvironment {
  plan: Plan;
  /** Environment variables holding the emulators' credentials (the plan names them) */
  env: Record<string, string>;
  source: RunningEmulator;
  target: RunningEmulator;
  close(): Promise<void>;
}

export interface DemoOptions {
  sourcePlatform?: string;
  targetPlatform?: string;
  account?: EmulatorOptions['account'];
  rateLimit?: EmulatorOptions['rateLimit'];
  tier?: {source?: string; target?: string};
}

export async function startDemoEnvironment(options: DemoOptions = {}): Promise<DemoEnvironment> {
  const sourceConnector = findConnector(options.sourcePlatform ?? 'zendesk')!;
  const targetConnector = findConnector(options.targetPlatform ?? 'freshdesk')!;
  // The demo runs on each platform's largest documented plan, with its real limits, so it finishes in a minute or two.
  const largest = (tiers: Record<string, {requestsPerMinute: number}>) => Object.entries(tiers).sort((a, b) => b[1].requestsPerMinute - a[1].requestsPerMinute)[0]![0];
  const source = await sourceConnector.startEmulator({seed: 'source', account: options.account, rateLimit: options.rateLimit, tier: options.tier?.source ?? largest(sourceConnector.tiers)});
  const target = await targetConnector.startEmulator({seed: 'target', account: options.account, rateLimit: options.rateLimit, tier: options.tier?.target ?? largest(targetConnector.tiers)});
  const env: Record<string, string> = {};
  const endpoint = (emulator: RunningEmulator, platform: string, side: 'SOURCE' | 'TARGET'): Endpoint => {
    const connector = findConnector(platform)!;
    const credentials: Endpoint['credentials'] = {};
    for (const spec of connector.credentials) {
      if (spec.authKinds && !spec.authKinds.includes(emulator.authKind)) continue;
      const value = emulator.credentials[spec.key];
      if (value === undefined) continue;
      if (spec.secret) {
        const name = `FERRY_DEMO_${side}_${spec.key.toUpperCase()}`;
        env[name] = value;
        credentials[spec.key] = {env: name};
      } else credentials[spec.key] = {value};
    }
    return {platform, url: emulator.url, tier: emulator.tier, authKind: emulator.authKind, credentials};
  };
  const plan = defaultPlan(endpoint(source, sourceConnector.id, 'SOURCE'), endpoint(target, targetConnector.id, 'TARGET'));
  plan.name = `Demo: ${sourceConnector.label} to ${targetConnector.label}`;
  // The demo target requires "Region" on every ticket, which the source lacks.
  plan.fieldMap.defaults = {Region: 'EMEA'};
  return {
    plan,
    env,
    source,
    target,
    async close() {
      await Promise.all([source.close(), target.close()]);
    },
  };
}

export async function runHeadlessDemo(options: {dir: string; mode: RunMode; json: boolean}, io: Io): Promise<number> {
  mkdirSync(options.dir, {recursive: true});
  const demo = await startDemoEnvironment();
  try {
    savePlan(options.dir, demo.plan);
    const env = {...io.env, ...demo.env};
    if (!options.json) io.stderr.write(`Demo: ${demo.plan.name}\n  source ${demo.source.url}\n  target ${demo.target.url}\n  folder ${options.dir}\n`);
    if (options.mode === 'delta') {
      // A delta needs a full run first and some activity in the source after it.
      const full = await executeRun({dir: options.dir, mode: 'full', json: options.json, env}, io);
      if (full !== 0 || lastRunStatus(options.dir) !== 'finished') return full;
      const changed = await simulateSourceActivity(demo);
      if (!options.json) io.stderr.write(`\nSimulated activity in the source: ${changed}\n`);
    }
    return await executeRun({dir: options.dir, mode: options.mode, json: options.json, env}, io);
  } finally {
    await demo.close();
  }
}

/** Changes in the source after a full run, through the emulator's own API, for a delta to pick up. */
export async function simulateSourceActivity(demo: DemoEnvironment): Promise<string> {
  const response = await fetch(`${demo.source.url}/__emulator/simulate-activity`, {method: 'POST'});
  if (!response.ok) throw new Error(`The source emulator could not simulate activity (${response.status})`);
  const body = (await response.json()) as {description?: string};
  return body.description ?? 'some tickets changed';
}

function lastRunStatus(dir: string): string | undefined {
  const journal = Journal.inFolder(dir);
  try {
    return journal.lastRun()?.status;
  } finally {
    journal.close();
  }
}
