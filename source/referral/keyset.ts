// Id sets for duplicate and cross-file checks that stay small at a million rows:
// each key is kept as a 64-bit fingerprint (two 32-bit hashes) in an open-addressing
// table, about 16 bytes a key instead of ~100 for a Set<string>. Two different ids
// collide with probability ~n²/2^65 (about 3e-8 at one million ids).

export class KeySet {
  private high: Uint32Array;
  private low: Uint32Array;
  private used: Uint8Array;
  private count = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.used = new Uint8Array(size);
  }

  get size() {
    return this.count;
  }

  has(key: string): boolean {
    return this.slot(key, false) >= 0;
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    return this.slot(key, true) === -2;
  }

  /** Returns slot index when found, -2 when inserted, -1 when absent. */
  // has() then add() of the same id is the common pattern: hash it once.
  private lastKey: string | undefined;
  private lastH1 = 0;
  private lastH2 = 0;

  protected slot(key: string, insert: boolean): number {
    if (key !== this.lastKey) {
      fingerprintInto(key, this);
      this.lastKey = key;
    }
    const h1 = this.lastH1;
    const h2 = this.lastH2;
    const mask = this.used.length - 1;
    let index = h1 & mask;
    while (this.used[index]) {
      if (this.high[index] === h1 && this.low[index] === h2) return index;
      index = (index + 1) & mask;
    }
    if (!insert) return -1;
    this.used[index] = 1;
    this.high[index] = h1;
    this.low[index] = h2;
    this.count++;
    return -2;
  }

  /** The fingerprint of the key last looked up or added (to record it without hashing again). */
  fingerprintOf(key: string): [number, number] {
    if (key !== this.lastKey) return fingerprint(key);
    return [this.lastH1, this.lastH2];
  }

  /** Adds a key already reduced to its fingerprint (read back from keys.bin). */
  addFingerprint(h1: number, h2: number): boolean {
    this.lastKey = undefined;
    this.setHash(h1 >>> 0, h2 >>> 0);
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const mask = this.used.length - 1;
    let index = this.lastH1 & mask;
    while (this.used[index]) {
      if (this.high[index] === this.lastH1 && this.low[index] === this.lastH2) return false;
      index = (index + 1) & mask;
    }
    this.used[index] = 1;
    this.high[index] = this.lastH1;
    this.low[index] = this.lastH2;
    this.count++;
    return true;
  }

  /** @internal */
  setHash(h1: number, h2: number) {
    this.lastH1 = h1;
    this.lastH2 = h2;
  }

  protected grow() {
    const {high, low, used} = this;
    const size = used.length * 2;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.used = new Uint8Array(size);
    const mask = size - 1;
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      let index = high[i]! & mask;
      while (this.used[index]) index = (index + 1) & mask;
      this.used[index] = 1;
      this.high[index] = high[i]!;
      this.low[index] = low[i]!;
    }
  }
}

function fingerprintInto(key: string, set: KeySet) {
  const [h1, h2] = fingerprint(key);
  set.setHash(h1, h2);
}

/** FNV-1a and a multiplicative hash over the UTF-16 code units, in one pass. */
export function fingerprint(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  return [h1 >>> 0, h2 >>> 0];
}
