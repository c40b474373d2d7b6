// The demo's emulators in a detached process of their own, shared by every command and
// console working in the folder (a write one makes is what the next one reads), and
// surviving any of them (a killed run, a closed terminal). It restores each emulator from
// the folder's saved account (demo.json, demo-state/), serves it on loopback, publishes the
// addresses in <dir>/demo-host.json, and stops once no process holds it (holdDemoHost) and
// it has been idle for FERRY_DEMO_IDLE_SECONDS (default 60), or when <dir>/demo-host.stop
// appears and no process holds it. One host per folder: a second one leaves at once.
// Usage: ferry demo-host --dir D (hidden; ensureDemoServices starts it).
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {RunningEmulator} from '../../contracts/connector.js';
import {isAlive} from '../../engine/live-progress.js';
import {loadPlan, savePlan} from '../../plan/plan.js';
import {startEmulator} from '../registry.js';
import {cannotKeepState, demoHostErrorFile, demoHostFile, demoHostLock, demoSpecFile, demoStateDir, demoStopFile, liveHolders, readDemoSpec, writeJsonAtomically, type DemoHostInfo} from '../demo-folder.js';

export {demoHostFile, demoStopFile, readDemoHost, type DemoHostInfo} from '../demo-folder.js';

export const folderKey = (dir: string) => createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10);

/** Takes the folder's host lock; false when another live host has it. */
function takeLock(dir: string): boolean {
  const lock = demoHostLock(dir);
  mkdirSync(path.dirname(lock), {recursive: true});
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), {flag: 'wx'});
      return true;
    } catch {
      const owner = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) return false;
      rmSync(lock, {force: true}); // a killed host's lock
    }
  }
  return false;
}

/** Runs until stopped; returns the exit code. */
export async function host(dir: string): Promise<number> {
  if (!takeLock(dir)) return 0;
  rmSync(demoHostErrorFile(dir), {force: true});
  rmSync(demoStopFile(dir), {force: true});
  // A save a kill -9 interrupted left its temporary file; the state it was replacing is whole.
  for (const name of readdirSync(demoStateDir(dir))) if (name.endsWith('.tmp')) rmSync(path.join(demoStateDir(dir), name), {force: true});
  const running: Partial<Record<'source' | 'target', RunningEmulator>> = {};
  const closeAll = () => Promise.all(Object.values(running).map((emulator) => emulator.close()));
  try {
    const spec = readDemoSpec(dir);
    if (!spec) throw new Error(`${dir} has no demo.json: it is not a demo folder.`);
    let moved = false;
    for (const side of ['source', 'target'] as const) {
      const wanted = spec[side];
      if (wanted.local) continue;
      // An emulator without state serves its seed once: to the host the demo itself starts.
      // Any later host would serve an account without the demo's records, so it says so instead.
      const servedOnce = path.join(demoStateDir(dir), `${side}.served-without-state`);
      if (!wanted.stateFile && existsSync(servedOnce)) throw new Error(cannotKeepState(wanted.platform, dir));
      if (!wanted.stateFile) writeFileSync(servedOnce, '');
      const options = {seed: wanted.seed ?? side, tier: wanted.tier, rateLimit: spec.rateLimit, ...(wanted.stateFile ? {stateFile: path.join(dir, wanted.stateFile)} : {})};
      // The same port as before keeps plan.json's address right; another one if it is taken.
      const emulator = await startEmulator(wanted.platform, {...options, port: wanted.port}).catch(() => startEmulator(wanted.platform, options));
      running[side] = emulator;
      if (options.stateFile && !emulator.stateFile) throw new Error(cannotKeepState(wanted.platform, dir));
      if (options.stateFile && !emulator.restored) throw new Error(`The ${wanted.platform} emulator's saved account ${options.stateFile} is missing: this demo cannot be reopened as it was; start a new one with ferry demo --fresh --dir ${dir}.`);
      const port = Number(new URL(emulator.url).port);
      if (port !== wanted.port) (wanted.port = port), (moved = true);
    }
    if (moved) writeJsonAtomically(demoSpecFile(dir), spec);
    updatePlanAddresses(dir, running);
    const sides: DemoHostInfo['sides'] = {};
    for (const [side, emulator] of Object.entries(running) as Array<['source' | 'target', RunningEmulator]>) sides[side] = {url: emulator.url, credentials: emulator.credentials, authKind: emulator.authKind, tier: emulator.tier};
    writeJsonAtomically(demoHostFile(dir), {pid: process.pid, sourceUrl: running.source?.url, targetUrl: running.target?.url, sides} satisfies DemoHostInfo);
  } catch (error) {
    // The commands waiting for this host read why it could not start here.
    mkdirSync(demoStateDir(dir), {recursive: true});
    writeFileSync(demoHostErrorFile(dir), (error as Error).message + '\n');
    process.stderr.write(`ferry demo-host: ${(error as Error).message}\n`);
    await closeAll();
    rmSync(demoHostLock(dir), {force: true});
    return 1;
  }
  process.stdout.write(`Demo emulators up: ${Object.entries(running).map(([side, emulator]) => `${side} ${emulator.url}`).join(', ')}\n`);

  const idleMs = Math.max(0, Number(process.env.FERRY_DEMO_IDLE_SECONDS ?? 60)) * 1000;
  let lastActive = Date.now();
  let seen = -1;
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(watch);
      resolve();
    };
    const watch = setInterval(() => {
      const requests = Object.values(running).reduce((sum, emulator) => sum + emulator.stats().requests, 0);
      if (requests !== seen) (seen = requests), (lastActive = Date.now());
      if (liveHolders(dir).length) return;
      if (existsSync(demoStopFile(dir)) || Date.now() - lastActive >= idleMs) stop();
    }, 300);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', () => undefined); // detached already; never die with a terminal
  });
  // The address goes first, so no command starts using emulators that are closing.
  rmSync(demoHostFile(dir), {force: true});
  await closeAll();
  rmSync(demoStopFile(dir), {force: true});
  rmSync(demoHostLock(dir), {force: true});
  process.stdout.write('Demo emulators stopped; their accounts are kept in the folder.\n');
  return 0;
}

/** plan.json names the emulators' addresses, so `ferry status` shows where they are; only when they moved. */
function updatePlanAddresses(dir: string, running: Partial<Record<'source' | 'target', RunningEmulator>>) {
  try {
    const plan = loadPlan(dir);
    let changed = false;
    for (const side of ['source', 'target'] as const) {
      const url = running[side]?.url;
      if (url && plan[side].url !== url) (plan[side] = {...plan[side], url}), (changed = true);
    }
    if (changed) savePlan(dir, plan);
  } catch {
    // Commands set the address they use themselves (ensureDemoServices); this is only for display.
  }
}
