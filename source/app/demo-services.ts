// Every command that opens a plan's sides in a demo folder first brings the demo's emulators
// back (ensureDemoServices): the folder's demo host, started from the saved accounts when
// none runs, shared by every process so a write one makes is what the next one reads.
import {existsSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import type {Endpoint, Plan} from '../plan/plan.js';
import {PlanError} from '../contracts/errors.js';
import {isAlive} from '../engine/live-progress.js';
import {emulatorEndpoint, localRequestTracker} from './demo.js';
import {demoHostErrorFile, holdDemoHost, readDemoHost, readDemoSpec, type DemoHostInfo} from './demo-folder.js';
import {startDemoHostProcess} from './console/runner.js';

export interface DemoServices {
  /** The plan with the live emulators' addresses and credentials (the folder's plan.json is left as it is) */
  plan: Plan;
  /** The environment with the emulators' demo credentials the plan names */
  env: NodeJS.ProcessEnv;
  /** The host's addresses; undefined outside a demo folder */
  host?: DemoHostInfo;
  /** This process no longer needs the emulators (they also stay held until it exits) */
  release(): void;
}

const HOST_START_MS = 60_000;

/**
 * In a demo folder, makes sure its emulators run (with the state they had) and points the
 * plan at them; anywhere else, returns the plan and environment unchanged.
 */
export async function ensureDemoServices(dir: string, plan: Plan, env: NodeJS.ProcessEnv = process.env): Promise<DemoServices> {
  const spec = readDemoSpec(dir);
  if (!spec) return {plan, env, release: () => undefined};
  // Held before looking, so a host about to stop for idleness sees this process and stays.
  const release = holdDemoHost(dir);
  let host = readDemoHost(dir);
  if (!host) {
    rmSync(demoHostErrorFile(dir), {force: true});
    let started = startDemoHostProcess(dir, env);
    let attempts = 1;
    const deadline = Date.now() + HOST_START_MS;
    while (!host) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      host = readDemoHost(dir);
      if (host) break;
      const failed = existsSync(demoHostErrorFile(dir)) ? readFileSync(demoHostErrorFile(dir), 'utf8').trim() : undefined;
      const gone = !isAlive(started.pid) && !otherHostStarting(dir, started.pid);
      if (failed || Date.now() > deadline || (gone && attempts >= 3)) {
        release();
        throw new PlanError(`The demo's emulators in ${dir} could not be brought back: ${failed ?? (gone ? 'the process serving them stopped' : `no answer within ${HOST_START_MS / 1000} s`)} (see ${path.join(dir, 'demo-host.log')}).`);
      }
      // Ours left at once because another host held the folder, and that one has stopped
      // since (it was closing for idleness): start one again.
      if (gone) (started = startDemoHostProcess(dir, env)), attempts++;
    }
  }
  const extraEnv: Record<string, string> = {};
  const endpoint = async (side: 'source' | 'target'): Promise<Endpoint> => {
    const current = plan[side];
    // A side the operator pointed elsewhere (another platform, a real account) is theirs: left alone.
    if (current.platform !== spec[side].platform || !isLoopback(current.url)) return current;
    const served = spec[side].local ? await localRequestTracker(env) : host!.sides[side];
    if (!served) throw new PlanError(`The demo host of ${dir} serves no ${side} emulator; start a new demo with ferry demo --fresh --dir ${dir}.`);
    const made = emulatorEndpoint({...served, stats: () => ({requests: 0, byStatus: {}}), close: async () => undefined}, spec[side].platform, `FERRY_DEMO_${side.toUpperCase()}`);
    Object.assign(extraEnv, made.env);
    // The operator's own choices (a custom limit, the tier) stay; the address and login are the emulator's.
    return {...current, url: made.endpoint.url, authKind: made.endpoint.authKind, credentials: made.endpoint.credentials};
  };
  try {
    const live = {...plan, source: await endpoint('source'), target: await endpoint('target')};
    return {plan: live, env: {...env, ...extraEnv}, host, release};
  } catch (error) {
    release();
    throw error;
  }
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** A host started by another command at the same moment holds the lock while it loads. */
function otherHostStarting(dir: string, ours: number): boolean {
  try {
    const owner = Number(readFileSync(path.join(dir, 'demo-state', 'host.pid'), 'utf8'));
    return owner !== ours && isAlive(owner);
  } catch {
    return false;
  }
}
