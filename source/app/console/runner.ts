// Runs the engine apart from the view: every run, retry and scheduled run is a
// detached process with its own session (a dropped SSH connection or a closed
// terminal never stops it), logging to <dir>/runs.log. The console follows any
// run, its own or another terminal's, by polling the journal's live progress.
import {spawn} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {RunMode} from '../../engine/journal.js';
import type {RecordType} from '../../contracts/model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FERRY_BIN = path.resolve(here, '../../../bin/ferry.js');

export interface SpawnedProcess {
  pid: number;
}

/** Starts `node <args>` in its own session; secrets travel only in its environment. */
export function spawnDetached(dir: string, nodeArgs: string[], secretEnv: Record<string, string>, logName = 'runs.log', baseEnv: NodeJS.ProcessEnv = process.env): SpawnedProcess {
  const log = openSync(path.join(dir, logName), 'a');
  try {
    const child = spawn(process.execPath, nodeArgs, {detached: true, stdio: ['ignore', log, log], env: {...baseEnv, ...secretEnv}, cwd: dir});
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${nodeArgs.join(' ')}`);
    return {pid: child.pid};
  } finally {
    closeSync(log);
  }
}

export function startRunProcess(dir: string, mode: RunMode, secretEnv: Record<string, string>): SpawnedProcess {
  return spawnDetached(dir, [FERRY_BIN, 'run', '--mode', mode, '--dir', dir], secretEnv);
}

export function startRetryProcess(dir: string, ids: Array<{type: RecordType; sourceId: string}> | 'all', secretEnv: Record<string, string>): SpawnedProcess {
  const which = ids === 'all' ? ['--all-failed'] : ['--ids', ids.map((id) => `${id.type}:${id.sourceId}`).join(',')];
  return spawnDetached(dir, [FERRY_BIN, 'retry', ...which, '--dir', dir], secretEnv);
}

/** `ferry undo --run N --yes` in the background (the Results screen asked first). */
export function startUndoProcess(dir: string, runId: number, secretEnv: Record<string, string>): SpawnedProcess {
  return spawnDetached(dir, [FERRY_BIN, 'undo', '--run', String(runId), '--yes', '--dir', dir], secretEnv);
}

/** A process that waits (visibly, through the journal) until `at`, then runs. */
export function startScheduledProcess(dir: string, mode: RunMode, at: number, secretEnv: Record<string, string>): SpawnedProcess {
  return spawnDetached(dir, [FERRY_BIN, 'schedule', '--dir', dir, '--mode', mode, '--at', String(at)], secretEnv);
}

/** The folder's demo emulators (see demo-host.ts); `env` carries FERRY_DEMO_IDLE_SECONDS. */
export function startDemoHostProcess(dir: string, env: NodeJS.ProcessEnv = process.env): SpawnedProcess {
  return spawnDetached(dir, [FERRY_BIN, 'demo-host', '--dir', dir], {}, 'demo-host.log', env);
}

/** Parses "22:30" (next occurrence, local time) or an ISO date-time; undefined when unreadable. */
export function parseStartTime(text: string, now = new Date()): number | undefined {
  const trimmed = text.trim();
  const clock = /^(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (clock) {
    const hours = Number(clock[1]);
    const minutes = Number(clock[2]);
    if (hours > 23 || minutes > 59) return undefined;
    const at = new Date(now);
    at.setHours(hours, minutes, 0, 0);
    if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
    return at.getTime();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}
