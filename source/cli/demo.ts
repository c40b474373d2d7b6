// ferry demo: the console on the built-in demo, or the same demo headless.
import path from 'node:path';
import {mkdirSync} from 'node:fs';
import {connectorIds, emulatedPlatforms, findConnector} from '../app/registry.js';
import {savePlan} from '../plan/plan.js';
import type {RunMode} from '../engine/journal.js';
import {executeRun} from './run.js';
import {defaultDemoDir, lastRunStatus, setEarlierJournalAside, simulateSourceActivity, startDemoEnvironment} from '../app/demo.js';
import {modeOf, parse, UsageError, write, type Io} from './args.js';

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {headless: {type: 'boolean'}, dir: {type: 'string'}, mode: {type: 'string'}, json: {type: 'boolean'}, source: {type: 'string'}, target: {type: 'string'}});
  if (values.help)
    return write(io.stdout, `ferry demo --headless [--dir D] [--mode demo|full|delta] [--json] [--source ${emulatedPlatforms().join('|')}] [--target ${[...emulatedPlatforms(), 'request-tracker'].join('|')}]
  request-tracker uses a Request Tracker running on this machine (RT_URL, RT_USER, RT_PASSWORD; default http://127.0.0.1:8080, root)`), 0;
  for (const side of ['source', 'target'] as const) {
    const platform = values[side];
    if (platform !== undefined && !findConnector(String(platform))) throw new UsageError(`--${side} "${platform}" is not a platform ferry knows (${connectorIds().join(', ')})`);
  }
  if (values.source !== undefined && !emulatedPlatforms().includes(String(values.source)))
    throw new UsageError(`the demo account lives in an emulator: --source must be a platform with an emulator (${emulatedPlatforms().join(', ')})`);
  if (!values.headless) return (await import('./console.js')).openConsole(['--demo', ...argv], io);
  const mode = values.mode === undefined ? 'demo' : modeOf(values.mode, ['demo', 'full', 'delta']);
  const dir = typeof values.dir === 'string' ? path.resolve(io.cwd, values.dir) : defaultDemoDir(io.cwd, io.env);
  return runHeadlessDemo({dir, mode, json: Boolean(values.json), source: values.source as string | undefined, target: values.target as string | undefined}, io);
}

export async function runHeadlessDemo(options: {dir: string; mode: RunMode; json: boolean; source?: string; target?: string}, io: Io): Promise<number> {
  mkdirSync(options.dir, {recursive: true});
  const demo = await startDemoEnvironment({sourcePlatform: options.source, targetPlatform: options.target, env: io.env});
  try {
    const aside = setEarlierJournalAside(options.dir);
    savePlan(options.dir, demo.plan);
    const env = {...io.env, ...demo.env};
    if (!options.json) io.stderr.write(`Demo: ${demo.plan.name}\n  source ${demo.source.url}\n  target ${demo.target.url}\n  folder ${options.dir}\n${aside ? `  the earlier demo's journal is kept in ${aside}\n` : ''}`);
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
