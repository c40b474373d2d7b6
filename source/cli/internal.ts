// Hidden subcommands the console starts as detached processes: a run that waits for its start
// time, and the demo's emulators kept up apart from the screen. Not in `ferry --help`.
import path from 'node:path';
import {waitThenRun} from '../app/console/scheduled-run.js';
import {host} from '../app/console/demo-host.js';
import type {RunMode} from '../engine/journal.js';
import {modeOf, parse, UsageError, type Io} from './args.js';

export async function scheduleCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}, mode: {type: 'string'}, at: {type: 'string'}});
  const at = Number(values.at);
  if (typeof values.dir !== 'string' || !Number.isFinite(at)) throw new UsageError('ferry schedule --dir D --mode demo|full|delta --at EPOCH_MS');
  const mode: RunMode = modeOf(values.mode, ['demo', 'full', 'delta']);
  return waitThenRun(path.resolve(io.cwd, values.dir), mode, at);
}

export async function demoHostCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}});
  if (typeof values.dir !== 'string') throw new UsageError('ferry demo-host --dir D');
  return host(path.resolve(io.cwd, values.dir));
}
