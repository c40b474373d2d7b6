// Time left, per record type and for the whole run, from the journal's counts as the
// run moves. An estimate is renewed only when records settle: while nothing moves
// (a rate-limit wait, a pause) it counts down instead of climbing as the rate decays.
import type {RecordType} from '../../contracts/model.js';

export interface EtaTrack {
  /** (epoch ms, records settled) over the last ~20 s */
  samples: Array<[number, number]>;
  /** When this type should be done, as of the last time records settled */
  finishAt?: number;
}

export const RATE_WINDOW_MS = 20_000;

/** Adds a sample; renews the finish time only when records settled since the last one. */
export function trackEta(previous: EtaTrack | undefined, at: number, done: number, total: number | undefined): EtaTrack {
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

/** Milliseconds left for one type (never below zero); undefined while unknown. */
export function remainingMs(track: EtaTrack | undefined, now: number): number | undefined {
  return track?.finishAt === undefined ? undefined : Math.max(0, track.finishAt - now);
}

/**
 * The whole run's time left: types run one after another, so it is the sum of the
 * unfinished types' times. "atLeast" when a type still to come has no estimate yet.
 */
export function overallRemaining(
  types: Array<{type: RecordType; finished: boolean; remaining?: number}>,
): {ms: number; atLeast: boolean} | undefined {
  const open = types.filter((t) => !t.finished);
  if (!open.length) return {ms: 0, atLeast: false};
  const known = open.filter((t) => t.remaining !== undefined);
  if (!known.length) return undefined;
  return {ms: known.reduce((sum, t) => sum + t.remaining!, 0), atLeast: known.length < open.length};
}
