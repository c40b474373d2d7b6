// Id sets for duplicate and cross-file checks that stay small at a million rows:
// each key is kept as a 64-bit fingerprint (two 32-bit hashes) in an open-addressing
// table, 8 bytes a slot at most four fifths full (10-20 bytes a key instead of ~100 for a
// Set<string>; about 10 when the table was sized for the file up front). The two halves sit
// side by side, so a lookup touches one cache line. The table's size need not be a power of
// two: a slot is picked from the hash's high bits (multiply, then shift).
// The low bit of the second half is forced to 1 (0 marks an empty slot): two different
// ids collide with probability ~n²/2^64 (about 5e-8 at one million ids).

export class KeySet {
  /** Pairs (h1, h2 | 1); a zero second half is an empty slot */
  private slots: Int32Array;
  /** With values: one 32-bit value a slot, beside the pair (ReferralIndex's file offsets) */
  private values: Uint32Array | undefined;
  /** The slot the last find() stopped at */
  private at = 0;
  private count = 0;
  // has() then add() of the same id is the common pattern: hash it once.
  private lastKey: string | undefined;
  private lastH1 = 0;
  private lastH2 = 0;

  /** `capacity`: keys expected (sizing it up front spares the doubling's old and new tables side by side). */
  constructor(capacity = 1024, withValues = false) {
    const size = Math.max(16, Math.ceil((capacity * 5) / 4));
    this.slots = new Int32Array(size * 2);
    if (withValues) this.values = new Uint32Array(size);
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
    if ((this.count + 1) * 5 > (this.slots.length >> 1) * 4) this.grow(); // over 4/5 full
    this.hash(key);
    return !this.find(true);
  }

  /** Adds the key with its value (a set made withValues); false when the key was already there. */
  addValue(key: string, value: number): boolean {
    if (!this.add(key)) return false;
    this.values![this.at] = value;
    return true;
  }

  /** The value added with the key, or -1 when the key is absent. */
  valueFor(key: string): number {
    this.hash(key);
    return this.find(false) ? this.values![this.at]! : -1;
  }

  /** The fingerprint of the key last looked up or added (to record it without hashing again). */
  fingerprintOf(key: string): [number, number] {
    this.hash(key);
    return [this.lastH1 >>> 0, this.lastH2 >>> 0];
  }

  /** Adds a key already reduced to its fingerprint (read back from keys.bin). */
  addFingerprint(h1: number, h2: number): boolean {
    if ((this.count + 1) * 5 > (this.slots.length >> 1) * 4) this.grow(); // over 4/5 full
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
    const size = slots.length >> 1;
    let index = home(h1, size);
    while (true) {
      const at = index << 1;
      const stored = slots[at + 1]!;
      if (stored === 0) {
        this.at = index;
        if (insert) {
          slots[at] = h1;
          slots[at + 1] = h2;
          this.count++;
        }
        return false;
      }
      if (stored === h2 && slots[at] === h1) {
        this.at = index;
        return true;
      }
      index = index + 1 === size ? 0 : index + 1;
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
    const oldValues = this.values;
    const slots = new Int32Array(old.length * 2);
    const values = oldValues && new Uint32Array(oldValues.length * 2);
    const size = slots.length >> 1;
    for (let from = 0; from < old.length; from += 2) {
      const h2 = old[from + 1]!;
      if (h2 === 0) continue;
      const h1 = old[from]!;
      let index = home(h1, size);
      while (slots[(index << 1) + 1] !== 0) index = index + 1 === size ? 0 : index + 1;
      slots[index << 1] = h1;
      slots[(index << 1) + 1] = h2;
      if (values) values[index] = oldValues![from >> 1]!;
    }
    this.slots = slots;
    this.values = values;
  }
}

/** The first slot to try: the hash scaled to the table's size (its high bits decide). */
function home(h1: number, size: number): number {
  return Math.min(size - 1, Math.floor(((h1 >>> 0) * size) / 4_294_967_296));
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
