// The demo's emulators in a detached process of their own, so a demo run started
// from the console survives the console (and the terminal). It writes the
// emulators' URLs into the folder's plan, their secrets into the 0600 credential
// store (the plan names the entries), and <dir>/demo-host.json once ready; it
// stays up until killed or until <dir>/demo-host.stop appears.
// Environment: FERRY_DEMO_FAST=1 lifts the emulators' rate limits and uses the
// highest plan tiers (tests and quick tries); FERRY_DEMO_TICKETS=N sets the number
// of tickets a demo run takes.
// Usage: node --import tsx demo-host.ts --dir D
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, renameSync} from 'node:fs';
import path from 'node:path';
import {setEarlierJournalAside, startDemoEnvironment} from '../demo.js';
import {storeSecret} from '../../plan/credentials.js';
import {loadPlan, savePlan, type Endpoint, type Plan} from '../../plan/plan.js';
import {isAlive} from '../../engine/live-progress.js';

export interface DemoHostInfo {
  pid: number;
  sourceUrl: string;
  targetUrl: string;
  /** Where the journal of an earlier demo in this folder was set aside */
  earlierJournal?: string;
}

export const demoHostFile = (dir: string) => path.join(dir, 'demo-host.json');
export const demoStopFile = (dir: string) => path.join(dir, 'demo-host.stop');

/** The running demo host of a folder, if any. */
export function readDemoHost(dir: string): DemoHostInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(demoHostFile(dir), 'utf8')) as DemoHostInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export const folderKey = (dir: string) => createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10);

/** Moves the endpoint's secrets from environment variables into the credential store. */
function storeSecrets(endpoint: Endpoint, side: string, env: Record<string, string>, dir: string): Endpoint {
  const credentials: Endpoint['credentials'] = {};
  for (const [key, source] of Object.entries(endpoint.credentials)) {
    if ('env' in source) {
      const name = `demo-${folderKey(dir)}-${side}-${key}`;
      storeSecret(name, env[source.env]!);
      credentials[key] = {store: name};
    } else credentials[key] = source;
  }
  return {...endpoint, credentials};
}

/** Runs until stopped: `ferry demo-host --dir D` (hidden; the console starts it detached). */
export async function host(dir: string) {
  mkdirSync(dir, {recursive: true});
  rmSync(demoStopFile(dir), {force: true});
  const fast = process.env.FERRY_DEMO_FAST === '1';
  const demo = await startDemoEnvironment(fast ? {rateLimit: {off: true}, tier: {source: 'high_volume', target: 'enterprise'}} : {});
  let previous: Plan | undefined;
  try {
    previous = existsSync(path.join(dir, 'plan.json')) ? loadPlan(dir) : undefined;
  } catch {
    previous = undefined;
  }
  // Fresh emulators hold none of an earlier demo's records: the journal starts afresh too
  // (the earlier one is set aside, never deleted), and the operator's choices (mapping,
  // options) stay from the earlier plan.
  const earlierJournal = setEarlierJournalAside(dir);
  const plan: Plan = {
    ...(previous ?? demo.plan),
    name: demo.plan.name,
    source: storeSecrets(demo.plan.source, 'source', demo.env, dir),
    target: storeSecrets(demo.plan.target, 'target', demo.env, dir),
  };
  if (!previous) plan.fieldMap = demo.plan.fieldMap;
  if (fast) {
    plan.source.requestsPerMinute = 100_000;
    plan.target.requestsPerMinute = 100_000;
  }
  const tickets = Number(process.env.FERRY_DEMO_TICKETS);
  if (Number.isInteger(tickets) && tickets > 0) plan.demo = {...plan.demo, tickets};
  savePlan(dir, plan);
  const info: DemoHostInfo = {pid: process.pid, sourceUrl: demo.source.url, targetUrl: demo.target.url, ...(earlierJournal ? {earlierJournal} : {})};
  writeFileSync(demoHostFile(dir) + '.tmp', JSON.stringify(info) + '\n');
  renameSync(demoHostFile(dir) + '.tmp', demoHostFile(dir));
  process.stdout.write(`Demo emulators up: source ${demo.source.url}, target ${demo.target.url}\n`);

  const stop = async () => {
    clearInterval(watch);
    await demo.close();
    rmSync(demoHostFile(dir), {force: true});
    rmSync(demoStopFile(dir), {force: true});
    process.stdout.write('Demo emulators stopped.\n');
    process.exit(0);
  };
  const watch = setInterval(() => {
    if (existsSync(demoStopFile(dir))) void stop();
  }, 300);
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGHUP', () => undefined); // detached already; never die with a terminal
}
