// Every paginated read remembers where it has been: a server that hands back a position it
// already gave (a cursor, a page number, a next link) would otherwise be read forever.
export class PageLoopGuard {
  private readonly seen = new Set<string>();
  constructor(
    private readonly platform: string,
    private readonly what: string,
  ) {}

  /** Throws when this position was visited before; an absent position (the end) is ignored. */
  visit(position: string | number | undefined) {
    if (position === undefined) return;
    const key = String(position);
    if (this.seen.has(key)) throw new Error(`${this.platform} pagination loop: ${this.what} returned the same page position "${key}" twice; stopping instead of reading forever.`);
    this.seen.add(key);
  }
}
