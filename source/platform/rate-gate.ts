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

export class RateGate {
  private nextGlobal = 0;
  private readonly nextByEndpoint = new Map<string, number>();
  private perMinute: number;

  constructor(
    private readonly budget: ApiBudget,
    private readonly clock: Clock,
  ) {
    this.perMinute = budget.requestsPerMinute;
  }

  get requestsPerMinute() {
    return this.perMinute;
  }

  setRequestsPerMinute(limit: number) {
    this.perMinute = limit;
  }

  /** Waits until this request may start. A sub-limited request first waits for its
   * endpoint's slot and only then takes an account-wide one, so a far-off endpoint slot
   * never holds back requests to other endpoints. Slots are reserved in call order. A request
   * to an endpoint the budget weighs (Help Scout's writes count as 2) takes that many slots. */
  async acquire(endpoint?: string): Promise<void> {
    const endpointLimit = endpoint ? this.budget.endpoints?.[endpoint] : undefined;
    if (endpoint && endpointLimit !== undefined) {
      const now = this.clock.now();
      const slot = Math.max(now, this.nextByEndpoint.get(endpoint) ?? 0);
      this.nextByEndpoint.set(endpoint, slot + gapMs(endpointLimit));
      if (slot > now) await this.clock.sleep(slot - now);
    }
    const now = this.clock.now();
    const slot = Math.max(now, this.nextGlobal);
    this.nextGlobal = slot + gapMs(this.perMinute) * ((endpoint && this.budget.weights?.[endpoint]) || 1);
    if (slot > now) await this.clock.sleep(slot - now);
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
