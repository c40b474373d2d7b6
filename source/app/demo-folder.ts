// A demo folder: which emulators the demo runs (demo.json), their accounts saved beside it
// (demo-state/), and the process that serves them (demo-host.json). With the accounts kept,
// a demo can be reopened by any later command: the emulators come back with every record
// ferry wrote, so the journal stays true and nothing is created twice.
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {isAlive} from '../engine/live-progress.js';
import {loadPlan, savePlan, type Plan} from '../plan/plan.js';
import {PlanError} from '../contracts/errors.js';
import {findConnector} from './registry.js';
import {startDemoEnvironment, type DemoOptions} from './demo.js';

export interface DemoSideSpec {
  platform: string;
  /** A Request Tracker on this machine stands in (RT_URL, RT_USER, RT_PASSWORD): nothing to restore */
  local?: boolean;
  tier?: string;
  seed?: 'source' | 'target';
  /** The emulator's saved account, relative to the folder; absent for an emulator that keeps no state
   * (it serves from its seed once, for the demo's first host, and a later command is told it is gone) */
  stateFile?: string;
  /** Where it was last served, tried first so plan.json's address stays right */
  port?: number;
}

/** demo.json: enough to bring the demo's emulators back (their accounts are in the state files). */
export interface DemoSpec {
  format: 1;
  createdAt: string;
  source: DemoSideSpec;
  target: DemoSideSpec;
  rateLimit?: {off?: boolean};
}

/** What the demo host publishes once its emulators listen; the credentials are the emulators' fixed demo ones, never real secrets. */
export interface DemoHostInfo {
  pid: number;
  sourceUrl?: string;
  targetUrl?: string;
  sides: Partial<Record<'source' | 'target', {url: string; credentials: Record<string, string>; authKind: string; tier: string}>>;
}

export const demoSpecFile = (dir: string) => path.join(dir, 'demo.json');
export const demoStateDir = (dir: string) => path.join(dir, 'demo-state');
export const demoHostFile = (dir: string) => path.join(dir, 'demo-host.json');
export const demoStopFile = (dir: string) => path.join(dir, 'demo-host.stop');
export const demoHostErrorFile = (dir: string) => path.join(demoStateDir(dir), 'host-error.txt');
export const demoHostLock = (dir: string) => path.join(demoStateDir(dir), 'host.pid');
const holdersDir = (dir: string) => path.join(demoStateDir(dir), 'holders');

export function writeJsonAtomically(file: string, value: unknown) {
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(value, null, 2) + '\n', {mode: 0o600});
  renameSync(`${file}.${process.pid}.tmp`, file);
}

export function readDemoSpec(dir: string): DemoSpec | undefined {
  if (!existsSync(demoSpecFile(dir))) return undefined;
  try {
    return JSON.parse(readFileSync(demoSpecFile(dir), 'utf8')) as DemoSpec;
  } catch (error) {
    throw new PlanError(`${demoSpecFile(dir)} cannot be read (${(error as Error).message}); start a new demo with ferry demo --fresh --dir ${dir}.`, 'demo.json');
  }
}

export const isDemoFolder = (dir: string) => existsSync(demoSpecFile(dir));

/** The running demo host of a folder, if any. */
export function readDemoHost(dir: string): DemoHostInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(demoHostFile(dir), 'utf8')) as DemoHostInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

const holds = new Map<string, number>();

/**
 * Marks this process as needing the folder's emulators: the host stays up while a holder
 * lives. Counted, since one process may hold twice (the headless demo, then its run). Returns the release.
 */
export function holdDemoHost(dir: string): () => void {
  const file = path.join(holdersDir(dir), String(process.pid));
  mkdirSync(holdersDir(dir), {recursive: true});
  writeFileSync(file, '');
  if (!holds.has(file)) process.once('exit', () => rmSync(file, {force: true}));
  holds.set(file, (holds.get(file) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holds.get(file) ?? 1) - 1;
    holds.set(file, left);
    if (left <= 0) rmSync(file, {force: true});
  };
}

/** Processes holding the host that are still alive; a killed one's file is removed. */
export function liveHolders(dir: string): number[] {
  try {
    const pids = readdirSync(holdersDir(dir)).map(Number).filter((pid) => Number.isInteger(pid));
    for (const pid of pids) if (!isAlive(pid)) rmSync(path.join(holdersDir(dir), String(pid)), {force: true});
    return pids.filter((pid) => isAlive(pid));
  } catch {
    return [];
  }
}

export interface CreateDemoOptions extends Pick<DemoOptions, 'account' | 'env'> {
  sourcePlatform?: string;
  targetPlatform?: string;
  /** No rate limits on the emulators and none in the plan (tests and quick tries; FERRY_DEMO_FAST=1) */
  fast?: boolean;
  /** Tickets a demo run takes (FERRY_DEMO_TICKETS) */
  tickets?: number;
  /** Choices an earlier plan in the folder made (mapping, options) that a new demo keeps */
  keepFrom?: Plan;
}

/**
 * Seeds the demo's emulators into the folder (their state files), and writes plan.json and
 * demo.json. The emulators run in this process only long enough to seed; any command then
 * brings them back (ensureDemoServices).
 */
export async function createDemoFolder(dir: string, options: CreateDemoOptions = {}): Promise<Plan> {
  mkdirSync(demoStateDir(dir), {recursive: true});
  const stateFiles = {source: 'demo-state/source.json', target: 'demo-state/target.json'};
  const demo = await startDemoEnvironment({
    sourcePlatform: options.sourcePlatform,
    targetPlatform: options.targetPlatform,
    account: options.account,
    env: options.env,
    rateLimit: options.fast ? {off: true} : undefined,
    stateFiles: {source: path.join(dir, stateFiles.source), target: path.join(dir, stateFiles.target)},
  });
  try {
    const side = (which: 'source' | 'target'): DemoSideSpec => {
      const platform = demo.plan[which].platform;
      if (platform === 'request-tracker') return {platform, local: true};
      const emulator = demo[which];
      return {platform, tier: emulator.tier, seed: which, ...(emulator.stateFile ? {stateFile: stateFiles[which]} : {}), port: Number(new URL(emulator.url).port)};
    };
    const spec: DemoSpec = {format: 1, createdAt: new Date().toISOString(), source: side('source'), target: side('target'), ...(options.fast ? {rateLimit: {off: true}} : {})};
    const plan: Plan = options.keepFrom ? {...options.keepFrom, name: demo.plan.name, source: demo.plan.source, target: demo.plan.target} : demo.plan;
    if (options.fast) {
      plan.source.requestsPerMinute = 100_000;
      plan.target.requestsPerMinute = 100_000;
    }
    if (options.tickets && options.tickets > 0) plan.demo = {...plan.demo, tickets: options.tickets};
    savePlan(dir, plan);
    writeJsonAtomically(demoSpecFile(dir), spec);
    return plan;
  } finally {
    await demo.close();
  }
}

export function cannotKeepState(platform: string, dir: string): string {
  const label = findConnector(platform)?.label ?? platform;
  return `The ${label} emulator keeps no state between processes (it does not honour EmulatorOptions.stateFile yet): what this demo wrote into it was lost when its emulators stopped, so the demo cannot be reopened. Start a new one with ferry demo --fresh --dir ${dir}.`;
}

/** FERRY_DEMO_FAST and FERRY_DEMO_TICKETS, read the same way by the headless demo and the console's. */
export function demoSettingsFromEnv(env: NodeJS.ProcessEnv): Pick<CreateDemoOptions, 'fast' | 'tickets'> {
  const tickets = Number(env.FERRY_DEMO_TICKETS);
  return {fast: env.FERRY_DEMO_FAST === '1', ...(Number.isInteger(tickets) && tickets > 0 ? {tickets} : {})};
}

/**
 * Moves a demo's journal, saved accounts and demo.json (never deleted) into
 * <dir>/earlier-demos/<time>/, for a fresh start the operator asked for. Returns where,
 * or undefined when there was nothing to move.
 */
export function setDemoAside(dir: string, now = new Date()): string | undefined {
  const names = ['journal.sqlite', 'journal.sqlite-wal', 'journal.sqlite-shm', 'demo.json', 'demo-state'];
  const present = names.filter((name) => existsSync(path.join(dir, name)));
  if (!present.some((name) => name === 'journal.sqlite' || name === 'demo.json')) return undefined;
  const host = readDemoHost(dir);
  if (host) throw new PlanError(`The demo in ${dir} is still being served (by process ${host.pid}); quit the console or the command using it first.`);
  const aside = path.join(dir, 'earlier-demos', now.toISOString().replace(/[:.]/g, '-').slice(0, 19));
  mkdirSync(aside, {recursive: true});
  // The journal's WAL and shared-memory files travel with it, or its last commits would be lost.
  for (const name of present) renameSync(path.join(dir, name), path.join(aside, name));
  return aside;
}

/** A host lingering after the last command (no holder) is stopped, so its demo can be set aside. */
async function stopIdleHost(dir: string) {
  if (!readDemoHost(dir) || liveHolders(dir).length) return;
  writeFileSync(demoStopFile(dir), 'stop\n');
  for (let i = 0; i < 100 && readDemoHost(dir); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** How a demo folder is opened: reopened as it was, created, or refused (not a demo). */
export async function prepareDemoFolder(dir: string, options: CreateDemoOptions & {fresh?: boolean}): Promise<{reopened: boolean; aside?: string; plan: Plan}> {
  mkdirSync(dir, {recursive: true});
  let previous: Plan | undefined;
  try {
    previous = existsSync(path.join(dir, 'plan.json')) ? loadPlan(dir) : undefined;
  } catch {
    previous = undefined;
  }
  const spec = readDemoSpec(dir);
  if (spec && !options.fresh) {
    for (const side of ['source', 'target'] as const) {
      const wanted = side === 'source' ? options.sourcePlatform : options.targetPlatform;
      if (wanted && wanted !== spec[side].platform) throw new PlanError(`${dir} holds a demo with ${spec[side].platform} as its ${side}; add --fresh to set it aside and start a ${wanted} demo.`);
    }
    return {reopened: true, plan: loadPlan(dir)};
  }
  // A plan without demo.json is an operator's migration (or a demo of an older ferry whose
  // emulators kept nothing): it is never replaced unless asked.
  if (!spec && previous && !previous.name.startsWith('Demo:')) throw new PlanError(`${dir} holds a migration that is not a demo (${previous.name}); pick another folder for the demo.`);
  if (!spec && previous && !options.fresh)
    throw new PlanError(`${dir} holds a demo whose emulators kept no state (made by an earlier ferry): it cannot be reopened. Start a new one there with --fresh, or "Start a fresh demo" on the console's Start screen (its journal is set aside, not deleted).`);
  await stopIdleHost(dir);
  const aside = setDemoAside(dir);
  const plan = await createDemoFolder(dir, {...options, keepFrom: previous && spec ? previous : undefined});
  return {reopened: false, aside, plan};
}
