// Id sets for duplicate and cross-file checks that stay small at a million rows:
// each key is kept as a 64-bit fingerprint (two 32-bit hashes) in an open-addressing
// table, 8 bytes a slot at most three quarters full (11-21 bytes a key instead of ~100 for a
// Set<string>; linear probing stays short at that load). The two halves sit side by side, so a lookup touches one cache line.
// The low bit of the second half is forced to 1 (0 marks an empty slot): two different
// ids collide with probability ~n²/2^64 (about 5e-8 at one million ids).

export class KeySet {
  /** Pairs (h1, h2 | 1); a zero second half is an empty slot */
  private slots: Int32Array;
  private count = 0;
  // has() then add() of the same id is the common pattern: hash it once.
  private lastKey: string | undefined;
  private lastH1 = 0;
  private lastH2 = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, Math.ceil((capacity * 4) / 3))));
    this.slots = new Int32Array(size * 2);
  }

  get size() {
    return this.count;
  }

  has(key: string): boolean {
    this.hash(key);
    return this.find(false);
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if ((this.count + 1) * 8 > this.slots.length * 3) this.grow(); // over 3/4 of slots.length / 2
    this.hash(key);
    return !this.find(true);
  }

  /** The fingerprint of the key last looked up or added (to record it without hashing again). */
  fingerprintOf(key: string): [number, number] {
    this.hash(key);
    return [this.lastH1 >>> 0, this.lastH2 >>> 0];
  }

  /** Adds a key already reduced to its fingerprint (read back from keys.bin). */
  addFingerprint(h1: number, h2: number): boolean {
    if ((this.count + 1) * 8 > this.slots.length * 3) this.grow(); // over 3/4 of slots.length / 2
    this.lastKey = undefined;
    this.lastH1 = h1 | 0;
    this.lastH2 = h2 | 0;
    return !this.find(true);
  }

  /** Whether the last hashed key is present; with `insert`, adds it when absent. */
  private find(insert: boolean): boolean {
    const slots = this.slots;
    const h1 = this.lastH1;
    const h2 = this.lastH2 | 1;
    const mask = (slots.length >> 1) - 1;
    let index = h1 & mask;
    while (true) {
      const at = index << 1;
      const stored = slots[at + 1]!;
      if (stored === 0) {
        if (insert) {
          slots[at] = h1;
          slots[at + 1] = h2;
          this.count++;
        }
        return false;
      }
      if (stored === h2 && slots[at] === h1) return true;
      index = (index + 1) & mask;
    }
  }

  /** Hashes once per distinct key in a row (a key is often checked and then added). */
  private hash(key: string) {
    if (key === this.lastKey) return;
    hashKey(key);
    this.lastKey = key;
    this.lastH1 = hashed1;
    this.lastH2 = hashed2;
  }

  private grow() {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let from = 0; from < old.length; from += 2) {
      const h2 = old[from + 1]!;
      if (h2 === 0) continue;
      const h1 = old[from]!;
      let index = h1 & mask;
      while (slots[(index << 1) + 1] !== 0) index = (index + 1) & mask;
      slots[index << 1] = h1;
      slots[(index << 1) + 1] = h2;
    }
    this.slots = slots;
  }
}

// The last hashKey() result: module scratch rather than a returned tuple, so the hot
// path of the key set allocates nothing per row.
let hashed1 = 0;
let hashed2 = 0;

/** FNV-1a and a multiplicative hash over the UTF-16 code units, in one pass. */
function hashKey(key: string): void {
  let h1 = 0x811c9dc5 | 0;
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
  hashed1 = h1 | 0;
  hashed2 = h2 | 0;
}

export function fingerprint(key: string): [number, number] {
  hashKey(key);
  return [hashed1 >>> 0, hashed2 >>> 0];
}
