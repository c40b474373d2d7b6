// Paces request starts under a declared per-minute budget: evenly spaced slots
// rather than bursts, so a server's moving window never sees more than the limit.
// Every sub-limit (endpoint) has its own spacing; a request takes the later slot.
import type {ApiBudget} from '../contracts/connector.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** How long a sample of another app's use counts: the largest of the recent ones is paced to,
 * so a steady consumer's jitter never lets ferry exceed what remains. */
const SHARED_SAMPLE_MS = 10_000;
/** Never paced below this share of the limit because of others (a stale sample cannot stop a run). */
const SHARED_FLOOR = 0.05;
/** While another app shares the budget, this share of the limit is left unused: its requests come
 * in bursts (a timer late, then two at once) that a window at exactly the limit would answer with 429. */
const SHARED_MARGIN = 0.02;

export class RateGate {
  private nextGlobal = 0;
  private readonly nextByEndpoint = new Map<string, number>();
  private perMinute: number;
  /** Account-wide slots ferry took in the last minute (start, weight): what the server's window holds of ours. */
  private readonly spent: Array<{at: number; weight: number}> = [];
  /** Others' use of the account's window, as seen in responses (time seen, units a minute). */
  private readonly others: Array<{at: number; units: number}> = [];
  private shared = 0;

  constructor(
    private readonly budget: ApiBudget,
    private readonly clock: Clock,
  ) {
    this.perMinute = budget.requestsPerMinute;
  }

  get requestsPerMinute() {
    return this.perMinute;
  }

  /** The pace in use: the limit, less what other apps use of the account's budget. */
  get effectiveRequestsPerMinute() {
    return this.paceWith(this.shared);
  }

  private paceWith(others: number) {
    return Math.max(this.perMinute * SHARED_FLOOR, this.perMinute - others - (others > 0 ? this.perMinute * SHARED_MARGIN : 0));
  }

  /** Units a minute other apps use of the account's budget, as last adopted (0: ferry has it all). */
  get othersPerMinute() {
    return this.shared;
  }

  setRequestsPerMinute(limit: number) {
    this.perMinute = limit;
  }

  /** Waits until this request may start. A sub-limited request first waits for its
   * endpoint's slot and only then takes an account-wide one, so a far-off endpoint slot
   * never holds back requests to other endpoints. Slots are reserved in call order. A request
   * to an endpoint the budget weighs (Help Scout's writes count as 2) takes that many slots. */
  async acquire(endpoint?: string): Promise<number> {
    const endpointLimit = endpoint ? this.budget.endpoints?.[endpoint] : undefined;
    if (endpoint && endpointLimit !== undefined) {
      const now = this.clock.now();
      const slot = Math.max(now, this.nextByEndpoint.get(endpoint) ?? 0);
      this.nextByEndpoint.set(endpoint, slot + gapMs(endpointLimit));
      if (slot > now) await this.clock.sleep(slot - now);
    }
    const now = this.clock.now();
    const slot = Math.max(now, this.nextGlobal);
    const weight = (endpoint && this.budget.weights?.[endpoint]) || 1;
    this.nextGlobal = slot + gapMs(this.effectiveRequestsPerMinute) * weight;
    this.spent.push({at: slot, weight});
    while (this.spent.length && this.spent[0]!.at <= slot - 60_000 - WINDOW_SLACK_MS) this.spent.shift();
    if (slot > now) await this.clock.sleep(slot - now);
    return slot;
  }

  /**
   * The server's rate-limit headers on the answer to a request ferry started at `startedAt`: `remaining`
   * of `limit` (units per `windowMs`, a minute unless the platform counts shorter windows; the gate's
   * limit when the server sends none). What the window holds beyond ferry's own starts of the window
   * before is another app's use, and ferry paces to what remains. Returns the units a minute others
   * use, as now adopted.
   */
  observeRemaining(remaining: number, startedAt: number, limit?: number, windowMs = 60_000): number {
    const scale = 60_000 / windowMs;
    const windowLimit = limit ?? this.perMinute / scale;
    if (!Number.isFinite(remaining) || remaining < 0 || !Number.isFinite(windowLimit) || windowLimit <= 0) return this.shared;
    let own = 0;
    for (const start of this.spent) if (start.at > startedAt - windowMs && start.at <= startedAt) own += start.weight;
    const now = this.clock.now();
    this.others.push({at: now, units: Math.max(0, windowLimit - remaining - own) * scale});
    while (this.others.length && this.others[0]!.at < now - SHARED_SAMPLE_MS) this.others.shift();
    // The account's limit may be above ferry's (a lower custom limit): others only matter past the gap.
    const seen = Math.max(...this.others.map((sample) => sample.units));
    const shared = Math.max(0, seen - Math.max(0, windowLimit * scale - this.perMinute));
    if (shared > this.shared) {
      // The slot already given out was spaced for the old pace: the next one keeps the new spacing.
      const last = this.spent.at(-1);
      if (last) this.nextGlobal = Math.max(this.nextGlobal, last.at + gapMs(this.paceWith(shared)) * last.weight);
    }
    this.shared = shared;
    return this.shared;
  }

  /** The server asked us to wait (429): nothing starts before then. */
  pauseFor(ms: number) {
    const until = this.clock.now() + ms;
    this.nextGlobal = Math.max(this.nextGlobal, until);
  }
}

/** Slack per minute-window: requests paced exactly at the limit can arrive a few ms
 * inside the server's 60-second window and draw a 429, so every window is stretched
 * by a quarter second (under 0.5% of the rate at any limit). */
export const WINDOW_SLACK_MS = 250;

export function gapMs(perMinute: number | undefined): number {
  if (perMinute === undefined || !Number.isFinite(perMinute) || perMinute <= 0) return 0;
  return (60_000 + WINDOW_SLACK_MS) / perMinute;
}
