// ferry demo: the console on the built-in demo, or the same demo headless. A demo folder
// keeps its emulators' accounts: running the demo again there reopens it as it was left
// (journal and records), and --fresh sets it aside, saying where, to start over.
import path from 'node:path';
import {connectorIds, emulatedPlatforms, findConnector} from '../app/registry.js';
import type {RunMode} from '../engine/journal.js';
import {executeRun} from './run.js';
import {defaultDemoDir, lastRunStatus, simulateSourceActivity} from '../app/demo.js';
import {demoSettingsFromEnv, prepareDemoFolder} from '../app/demo-folder.js';
import {ensureDemoServices} from '../app/demo-services.js';
import {modeOf, parse, UsageError, write, type Io} from './args.js';

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {headless: {type: 'boolean'}, fresh: {type: 'boolean'}, dir: {type: 'string'}, mode: {type: 'string'}, json: {type: 'boolean'}, source: {type: 'string'}, target: {type: 'string'}});
  if (values.help)
    return (
      write(
        io.stdout,
        `ferry demo [--headless] [--fresh] [--dir D] [--mode demo|full|delta] [--json] [--source ${emulatedPlatforms().join('|')}] [--target ${[...emulatedPlatforms(), 'request-tracker'].join('|')}]\n` +
          '  an earlier demo in the folder is reopened as it was left; --fresh sets it aside (never deleted) and starts a new one\n' +
          '  request-tracker uses a Request Tracker running on this machine (RT_URL, RT_USER, RT_PASSWORD; default http://127.0.0.1:8080, root)',
      ),
      0
    );
  for (const side of ['source', 'target'] as const) {
    const platform = values[side];
    if (platform !== undefined && !findConnector(String(platform))) throw new UsageError(`--${side} "${platform}" is not a platform ferry knows (${connectorIds().join(', ')})`);
  }
  if (values.source !== undefined && !emulatedPlatforms().includes(String(values.source)))
    throw new UsageError(`the demo account lives in an emulator: --source must be a platform with an emulator (${emulatedPlatforms().join(', ')})`);
  if (!values.headless) return (await import('./console.js')).openConsole(['--demo', ...argv], io);
  const mode = values.mode === undefined ? 'demo' : modeOf(values.mode, ['demo', 'full', 'delta']);
  const dir = typeof values.dir === 'string' ? path.resolve(io.cwd, values.dir) : defaultDemoDir(io.cwd, io.env);
  return runHeadlessDemo({dir, mode, json: Boolean(values.json), fresh: Boolean(values.fresh), source: values.source as string | undefined, target: values.target as string | undefined}, io);
}

export async function runHeadlessDemo(options: {dir: string; mode: RunMode; json: boolean; fresh?: boolean; source?: string; target?: string}, io: Io): Promise<number> {
  const prepared = await prepareDemoFolder(options.dir, {sourcePlatform: options.source, targetPlatform: options.target, env: io.env, fresh: options.fresh, ...demoSettingsFromEnv(io.env)});
  const demo = await ensureDemoServices(options.dir, prepared.plan, io.env);
  try {
    const dirFlag = path.resolve(io.cwd) === options.dir ? '' : ` --dir ${options.dir}`;
    if (!options.json)
      io.stderr.write(
        `${demo.plan.name}${prepared.reopened ? ' (reopened as it was left; ferry demo --headless --fresh' + dirFlag + ' starts over)' : ''}\n` +
          `  source ${demo.plan.source.url}\n  target ${demo.plan.target.url}\n  folder ${options.dir}\n` +
          (prepared.aside ? `  the earlier demo is kept in ${prepared.aside}\n` : ''),
      );
    if (options.mode === 'delta') {
      // A delta needs a full run first and some activity in the source after it.
      const full = await executeRun({dir: options.dir, mode: 'full', json: options.json}, io);
      if (full !== 0 || lastRunStatus(options.dir) !== 'finished') return full;
      const changed = await simulateSourceActivity(demo.plan.source.url);
      if (!options.json) io.stderr.write(`\nSimulated activity in the source: ${changed}\n`);
    }
    const code = await executeRun({dir: options.dir, mode: options.mode, json: options.json}, io);
    // Every later command here brings the emulators back with these records.
    if (!options.json) io.stderr.write(`\nThe demo's emulators keep their accounts in ${options.dir}: any command there works on them, e.g. ferry verify${dirFlag}\n`);
    return code;
  } finally {
    demo.release();
  }
}
