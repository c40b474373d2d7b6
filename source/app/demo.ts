// The built-in demo: both emulators on loopback (Zendesk seeded with the demo
// account, Freshdesk as a target that already has its agents), a plan pointing
// at them, and the migration run headless or from the console.
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {RunningEmulator, EmulatorOptions} from '../contracts/connector.js';
import {findConnector, startEmulator} from './registry.js';
import {defaultPlan, type Endpoint, type Plan} from '../plan/plan.js';
import {Journal} from '../engine/journal.js';

/** ferry's own checkout (or installed package): the folder holding bin/ and source/. */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where a demo lives when no --dir is given: "ferry-demo" in the current folder, but
 * never inside ferry's own checkout (`npm start` runs there), where it would mix a
 * demo's journal and reports with the project's files: then in the home folder.
 */
export function defaultDemoDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const inside = path.relative(PROJECT_ROOT, path.resolve(cwd));
  const inCheckout = inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside));
  return path.join(inCheckout ? env.HOME || os.homedir() : path.resolve(cwd), 'ferry-demo');
}

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
  /** Where a local Request Tracker's address and login come from */
  env?: NodeJS.ProcessEnv;
  /** Each emulator's state file (a demo folder's): seeded there, or restored from it when it exists */
  stateFiles?: {source?: string; target?: string};
}

/** A real Request Tracker on this machine (RT_URL, RT_USER, RT_PASSWORD, as .ci/rt5-setup.sh exports them) stands in for an emulator. */
export async function localRequestTracker(env: NodeJS.ProcessEnv): Promise<RunningEmulator> {
  const url = env.RT_URL ?? 'http://127.0.0.1:8080';
  const username = env.RT_USER ?? 'root';
  const password = env.RT_PASSWORD ?? 'password';
  const answer = await fetch(`${url}/REST/2.0/rt`, {headers: {authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`}}).catch((error: Error) => error);
  if (answer instanceof Error || !answer.ok)
    throw new Error(`No Request Tracker answers at ${url} (${answer instanceof Error ? answer.message : answer.status}). Start one with: eval "$(bash .ci/rt5-setup.sh)"`);
  return {url, credentials: {username, password}, authKind: 'basic', tier: 'self-hosted', stats: () => ({requests: 0, byStatus: {}}), close: async () => undefined};
}

export async function startDemoEnvironment(options: DemoOptions = {}): Promise<DemoEnvironment> {
  const sourceConnector = findConnector(options.sourcePlatform ?? 'zendesk')!;
  const targetConnector = findConnector(options.targetPlatform ?? 'freshdesk')!;
  const start = (connector: typeof sourceConnector, emulator: () => Promise<RunningEmulator>) =>
    connector.id === 'request-tracker' ? localRequestTracker(options.env ?? process.env) : emulator();
  // The demo runs on each platform's largest documented plan, with its real limits, so it finishes in a minute or two.
  const largest = (tiers: Record<string, {requestsPerMinute: number}>) => Object.entries(tiers).sort((a, b) => b[1].requestsPerMinute - a[1].requestsPerMinute)[0]![0];
  const source = await start(sourceConnector, () => startEmulator(sourceConnector.id, {seed: 'source', account: options.account, rateLimit: options.rateLimit, tier: options.tier?.source ?? largest(sourceConnector.tiers), stateFile: options.stateFiles?.source}));
  const target = await start(targetConnector, () => startEmulator(targetConnector.id, {seed: 'target', account: options.account, rateLimit: options.rateLimit, tier: options.tier?.target ?? largest(targetConnector.tiers), stateFile: options.stateFiles?.target}));
  const env: Record<string, string> = {};
  const endpoint = (emulator: RunningEmulator, platform: string, side: 'SOURCE' | 'TARGET'): Endpoint => {
    const made = emulatorEndpoint(emulator, platform, `FERRY_DEMO_${side}`);
    Object.assign(env, made.env);
    return made.endpoint;
  };
  const plan = defaultPlan(endpoint(source, sourceConnector.id, 'SOURCE'), endpoint(target, targetConnector.id, 'TARGET'));
  plan.name = `Demo: ${sourceConnector.label} to ${targetConnector.label}`;
  // Only the record types both platforms have (Request Tracker has no knowledge base in its API).
  plan.recordTypes = plan.recordTypes.filter((type) => sourceConnector.recordTypes.includes(type) && targetConnector.recordTypes.includes(type));
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


/** Changes in the source after a full run, through the emulator's own API, for a delta to pick up. */
export async function simulateSourceActivity(sourceUrl: string): Promise<string> {
  const response = await fetch(`${sourceUrl}/__emulator/simulate-activity`, {method: 'POST'});
  if (!response.ok) throw new Error(`The source emulator could not simulate activity (${response.status})`);
  const body = (await response.json()) as {description?: string};
  return body.description ?? 'some tickets changed';
}

export function lastRunStatus(dir: string): string | undefined {
  const journal = Journal.inFolder(dir);
  try {
    return journal.lastRun()?.status;
  } finally {
    journal.close();
  }
}

/** A plan endpoint for an emulator (or a local server); its secrets go into `env` as <prefix>_<KEY>, which the plan names. */
export function emulatorEndpoint(emulator: RunningEmulator, platform: string, envPrefix: string): {endpoint: Endpoint; env: Record<string, string>} {
  const connector = findConnector(platform)!;
  const env: Record<string, string> = {};
  const credentials: Endpoint['credentials'] = {};
  for (const spec of connector.credentials) {
    if (spec.authKinds && !spec.authKinds.includes(emulator.authKind)) continue;
    const value = emulator.credentials[spec.key];
    if (value === undefined) continue;
    if (spec.secret) {
      const name = `${envPrefix}_${spec.key.toUpperCase()}`;
      env[name] = value;
      credentials[spec.key] = {env: name};
    } else credentials[spec.key] = {value};
  }
  return {endpoint: {platform, url: emulator.url, tier: emulator.tier, authKind: emulator.authKind, credentials}, env};
}
