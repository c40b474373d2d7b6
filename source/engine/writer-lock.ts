// One writer per migration folder. Two `ferry run` processes on one folder would both adopt
// the same run and write over each other, so a run first takes the folder's writer lock:
// the holder's pid (and, on Linux, the process's start time, so a reused pid is not taken
// for the holder) kept in the journal and set in one SQLite IMMEDIATE transaction, so two
// processes can never both win. A lock whose holder is dead (kill -9) is taken over.
import {readFileSync} from 'node:fs';
import type {Journal} from './journal.js';
import {isAlive} from './live-progress.js';
import {RunStopError} from '../contracts/errors.js';

export interface WriterInfo {
  pid: number;
  /** Clock ticks after boot when the process started (/proc/PID/stat), where known */
  startTicks?: number;
  since: string;
  command: string;
}

const KEY = 'writer';

function startTicksOf(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function holds(info: WriterInfo): boolean {
  if (!isAlive(info.pid)) return false;
  const ticks = startTicksOf(info.pid);
  return info.startTicks === undefined || ticks === undefined || ticks === info.startTicks;
}

/** The live process writing this folder, if any. */
/** Any SQLite journal with a meta table: the migration journal, the referral load journal. */
export type LockableJournal = Pick<Journal, 'db' | 'getMeta' | 'setMeta'>;

export function currentWriter(journal: LockableJournal): WriterInfo | undefined {
  const raw = journal.getMeta(KEY);
  if (!raw) return undefined;
  const info = JSON.parse(raw) as WriterInfo;
  return holds(info) ? info : undefined;
}

/** Takes the folder's writer lock for this process, or says who holds it. Returns the release. */
export function takeWriterLock(journal: LockableJournal, command: string): () => void {
  const me: WriterInfo = {pid: process.pid, startTicks: startTicksOf(process.pid), since: new Date().toISOString(), command};
  const holder = journal.db
    .transaction((): WriterInfo | undefined => {
      const other = currentWriter(journal);
      if (other && other.pid !== process.pid) return other;
      journal.setMeta(KEY, JSON.stringify(me));
      return undefined;
    })
    .immediate();
  if (holder)
    throw new RunStopError(
      `Another ferry process (pid ${holder.pid}, ${holder.command}, since ${holder.since}) is writing this migration folder.`,
      'Only one run writes a folder at a time: follow it in the console (ferry, in this folder) or with ferry status, or wait for it to end.',
    );
  return () => {
    journal.db
      .transaction(() => {
        const raw = journal.getMeta(KEY);
        if (raw && (JSON.parse(raw) as WriterInfo).pid === process.pid) journal.setMeta(KEY, null);
      })
      .immediate();
  };
}
