// What the Run screen refuses, and why, before anything is spawned: a key that does
// nothing in the current state says so, and a run that cannot start says why on
// the screen instead of in a log file.
import type {Journal, RunMode} from '../../engine/journal.js';
import {runIsLive, type RunView} from './state.js';
import {parseStartTime} from './runner.js';

/** The engine's words when a delta cannot start (Engine.execute throws the same RunStopError). */
export const DELTA_NEEDS_FULL = 'A delta migration needs a finished full migration first: run a full migration (mode full), then delta runs pick up what changed since it started.';

/** The engine's own check: a delta reads changes since the bookmark only a finished full (or delta) run leaves. */
export function deltaCanStart(journal: Journal): boolean {
  return journal.getMeta('delta_bookmark') !== undefined;
}

/** What a key that does nothing now would have done, and why it does not. */
export function runKeyRefusal(command: string, run: RunView, mode: RunMode): string | undefined {
  const live = runIsLive(run);
  if ((command === 'start' || command === 'startAt') && live) return `A ${run.scheduled?.mode ?? run.live?.mode ?? ''} run is going on: wait for it, or pause (p) or cancel (c) it.`;
  if ((command === 'start' || command === 'startAt') && mode === 'delta' && run.deltaReady === false) return DELTA_NEEDS_FULL;
  if (command === 'mode' && live) return `The live run is a ${run.live?.mode ?? run.scheduled?.mode} run; the mode can change once it ends.`;
  if (command === 'pause' && !live) return 'No run is going on: nothing to pause.';
  if (command === 'pause' && run.scheduled) return 'The run has not started yet: cancel the wait (c) instead.';
  if (command === 'cancel' && !live) return 'No run is going on: nothing to cancel.';
  return undefined;
}


/**
 * A typed start time, checked as typed: unreadable or already past is said at once
 * (a past time would start the run now while the screen says it waits).
 */
export function startTimeProblem(text: string, now: Date): {at: number} | {problem: string} {
  const at = parseStartTime(text, now);
  const shown = text.trim();
  if (at === undefined) return {problem: `"${shown}" is not a start time: type HH:MM (00:00 to 23:59) or a date and time such as ${laterExample(now)}.`};
  if (at <= now.getTime()) return {problem: `${shown} is in the past (it is now ${now.toLocaleString()}): type a later time, or Esc and s to start now.`};
  return {at};
}

function laterExample(now: Date): string {
  const later = new Date(now.getTime() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T22:00`;
}
