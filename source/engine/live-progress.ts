// Live progress of a run, written into the journal (meta 'live') at most twice a
// second, so any process can show a run it did not start: the console after an
// SSH reconnect, `ferry status`, a second terminal.
import type {EngineEvent, EngineListener} from './events.js';
import type {Journal, RunMode} from './journal.js';
import type {RecordType} from '../contracts/model.js';

export interface SideStats {
  /** Requests started in the last 60 seconds */
  requestsLastMinute: number;
  limitPerMinute: number;
  /** Epoch ms until which the server asked us to wait, when it did */
  waitUntil?: number;
  retries: number;
  requests: number;
}

export interface TypeProgress {
  total?: number;
  migrated: number;
  failed: number;
  skipped: number;
  finished: boolean;
}

export interface LiveProgress {
  runId: number;
  mode: RunMode;
  state: 'running' | 'paused' | 'finished' | 'stopped' | 'cancelled';
  pid: number;
  startedAt: number;
  updatedAt: number;
  /** Record types in the order they run */
  types: Partial<Record<RecordType, TypeProgress>>;
  current?: RecordType;
  http: Record<'source' | 'target', SideStats>;
  /** The latest failures, newest first */
  failures: Array<{type: RecordType; sourceId: string; label?: string; reason?: string; at: number}>;
  message?: string;
  hint?: string;
}

export function readLiveProgress(journal: Journal): LiveProgress | undefined {
  const raw = journal.getMeta('live');
  return raw ? (JSON.parse(raw) as LiveProgress) : undefined;
}

/** Whether the process that wrote the progress still runs (a killed run leaves 'running' behind). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createProgressRecorder(journal: Journal, limits: {source: number; target: number}, intervalMs = 500): EngineListener & {flush(): void} {
  const stamps: Record<'source' | 'target', number[]> = {source: [], target: []};
  let live: LiveProgress | undefined;
  let lastWrite = 0;
  const side = (name: string): 'source' | 'target' => (name === 'target' ? 'target' : 'source');

  const write = (force = false) => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastWrite < intervalMs) return;
    lastWrite = now;
    for (const name of ['source', 'target'] as const) {
      const list = stamps[name];
      while (list.length && list[0]! < now - 60_000) list.shift();
      live.http[name].requestsLastMinute = list.length;
      if (live.http[name].waitUntil && live.http[name].waitUntil! < now) delete live.http[name].waitUntil;
    }
    live.updatedAt = now;
    journal.setMeta('live', JSON.stringify(live));
  };

  const listener = (event: EngineEvent) => {
    if (event.type === 'run_started') {
      const previous = readLiveProgress(journal);
      const resumed = event.resumed && previous?.runId === event.runId ? previous : undefined;
      live = {
        runId: event.runId,
        mode: event.mode,
        state: 'running',
        pid: process.pid,
        startedAt: resumed?.startedAt ?? Date.now(),
        updatedAt: Date.now(),
        types: resumed?.types ?? {},
        http: {
          source: {requestsLastMinute: 0, limitPerMinute: limits.source, retries: 0, requests: 0},
          target: {requestsLastMinute: 0, limitPerMinute: limits.target, retries: 0, requests: 0},
        },
        failures: [],
      };
      write(true);
      return;
    }
    if (!live) return;
    switch (event.type) {
      case 'type_started': {
        const entry = (live.types[event.recordType] ??= {migrated: 0, failed: 0, skipped: 0, finished: false});
        if (event.total !== undefined) entry.total = event.total;
        live.current = event.recordType;
        break;
      }
      case 'record': {
        const entry = (live.types[event.recordType] ??= {migrated: 0, failed: 0, skipped: 0, finished: false});
        entry[event.status]++;
        if (event.status === 'failed') {
          live.failures.unshift({type: event.recordType, sourceId: event.sourceId, label: event.label, reason: event.reason, at: Date.now()});
          live.failures.length = Math.min(live.failures.length, 20);
        }
        break;
      }
      case 'type_finished': {
        const entry = live.types[event.recordType];
        if (entry) entry.finished = true;
        break;
      }
      case 'paused':
        live.state = event.paused ? 'paused' : 'running';
        write(true);
        return;
      case 'http': {
        const http = event.event;
        const stats = live.http[side(http.side)];
        if (http.type === 'request') {
          stats.requests++;
          stamps[side(http.side)].push(Date.now());
        } else if (http.type === 'rate_wait') stats.waitUntil = http.untilMs;
        else if (http.type === 'retry') stats.retries++;
        else if (http.type === 'live_limit' || http.type === 'shared_budget') stats.limitPerMinute = http.requestsPerMinute;
        break;
      }
      case 'run_finished':
        live.state = event.status === 'finished' ? 'finished' : event.status === 'cancelled' ? 'cancelled' : 'stopped';
        live.message = event.message;
        live.hint = event.hint;
        live.current = undefined;
        write(true);
        return;
      default:
        break;
    }
    write();
  };
  return Object.assign(listener, {flush: () => write(true)});
}
