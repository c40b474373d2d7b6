// A run at a chosen time, in its own detached process: it records itself in the
// journal (meta 'scheduled', so any console shows the wait), sleeps until the
// time and then runs. Removing the meta entry cancels the wait.
// Usage: node --import tsx scheduled-run.ts --dir D --mode demo|full|delta --at EPOCH_MS
import {Journal, type RunMode} from '../../engine/journal.js';
import {runMigration} from '../migration.js';

export interface ScheduledMeta {
  at: number;
  mode: RunMode;
  pid: number;
}

export function readScheduled(journal: Journal): ScheduledMeta | undefined {
  const raw = journal.getMeta('scheduled');
  return raw ? (JSON.parse(raw) as ScheduledMeta) : undefined;
}

/** `ferry schedule --dir D --mode M --at EPOCH_MS` (hidden; the console starts it detached). */
export async function waitThenRun(dir: string, mode: RunMode, at: number): Promise<number> {
  const journal = Journal.inFolder(dir);
  const mine = (): boolean => readScheduled(journal)?.pid === process.pid;
  try {
    journal.setMeta('scheduled', JSON.stringify({at, mode, pid: process.pid} satisfies ScheduledMeta));
    while (Date.now() < at) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(10, at - Date.now()))));
      if (!mine()) {
        process.stdout.write(`Scheduled ${mode} run cancelled before it started.\n`);
        return 0;
      }
    }
    journal.setMeta('scheduled', null);
  } finally {
    journal.close();
  }
  process.stdout.write(`Starting the scheduled ${mode} run (${new Date().toISOString()}).\n`);
  const result = await runMigration({dir, mode, env: process.env});
  process.stdout.write(`Scheduled ${mode} run ${result.status}${result.message ? `: ${result.message}` : ''}\n`);
  return result.status === 'finished' || result.status === 'cancelled' ? 0 : 1;
}
