// Time left, per record type and for the whole run, from the journal's counts as the
// run moves. An estimate is renewed only when records settle: while nothing moves
// (a rate-limit wait) it counts down instead of climbing as the rate decays; while the
// run is paused it stands still, and the pause is left out of the rate afterwards.
import type {RecordType} from '../../contracts/model.js';

export interface EtaTrack {
  /** (epoch ms, records settled) over the last ~20 s */
  samples: Array<[number, number]>;
  /** When this type should be done, as of the last time records settled */
  finishAt?: number;
  /** When the run was paused: the time left is frozen at this instant */
  pausedAt?: number;
}

export const RATE_WINDOW_MS = 20_000;

/** Adds a sample; renews the finish time only when records settled since the last one. */
export function trackEta(previous: EtaTrack | undefined, at: number, done: number, total: number | undefined, paused = false): EtaTrack {
  if (paused) return {samples: [], finishAt: previous?.finishAt, pausedAt: previous?.pausedAt ?? at};
  if (previous?.pausedAt !== undefined) {
    // Resumed: the finish moves by the pause, and the rate starts afresh (the pause settled nothing).
    const finishAt = previous.finishAt === undefined ? undefined : previous.finishAt + Math.max(0, at - previous.pausedAt);
    return {samples: [[at, done]], finishAt};
  }
  const samples = [...(previous?.samples ?? [])];
  const last = samples[samples.length - 1];
  if (!last || last[0] !== at) samples.push([at, done]);
  while (samples.length > 2 && samples[0]![0] < at - RATE_WINDOW_MS) samples.shift();
  const moved = !last || done > last[1];
  if (!moved) return {samples, finishAt: previous?.finishAt};
  const rate = rateOf(samples);
  const finishAt = rate && total !== undefined ? at + (Math.max(0, total - done) / rate) * 1000 : previous?.finishAt;
  return {samples, finishAt};
}

/** Records per second over the samples; undefined until two samples differ. */
export function rateOf(samples: Array<[number, number]>): number | undefined {
  if (samples.length < 2) return undefined;
  const [t0, d0] = samples[0]!;
  const [t1, d1] = samples[samples.length - 1]!;
  return t1 > t0 && d1 > d0 ? ((d1 - d0) * 1000) / (t1 - t0) : undefined;
}

/** Milliseconds left for one type (never below zero, frozen while paused); undefined while unknown. */
export function remainingMs(track: EtaTrack | undefined, now: number): number | undefined {
  return track?.finishAt === undefined ? undefined : Math.max(0, track.finishAt - (track.pausedAt ?? now));
}

export type OverallEta = {ms: number} | {waitingFor: RecordType};

/**
 * The whole run's time left: types run one after another, so it is the sum of the
 * unfinished types' times. While a type still to come has no estimate, the whole run
 * has none either: it says which type it waits for rather than a part passed off as the
 * whole. Types with no total (records pulled in as references) take their referrers' time.
 */
export function overallRemaining(types: Array<{type: RecordType; finished: boolean; remaining?: number; total?: number}>): OverallEta | undefined {
  const open = types.filter((t) => !t.finished && t.total !== undefined);
  const unknown = open.find((t) => t.remaining === undefined);
  if (unknown) return {waitingFor: unknown.type};
  return {ms: open.reduce((sum, t) => sum + t.remaining!, 0)};
}
