// Id sets for duplicate and cross-file checks that stay small at a million rows:
// each key is kept as a 64-bit fingerprint (two 32-bit hashes) in an open-addressing
// table, 8 bytes a slot at most four fifths full (10-20 bytes a key instead of ~100 for a
// Set<string>; about 10 when the table was sized for the file up front). The two halves sit
// side by side, so a lookup touches one cache line. The table's size need not be a power of
// two: a slot is picked from the hash's high bits (multiply, then shift).
// The low bit of the second half is forced to 1 (0 marks an empty slot): two different
// ids collide with probability ~n²/2^64 (about 5e-8 at one million ids).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Keys a set holds in memory before it moves them to disk (about 10 bytes each at 4/5 load). */
export const DEFAULT_KEYS_IN_MEMORY = 1_000_000;

export class KeySet {
  /** Pairs (h1, h2 | 1); a zero second half is an empty slot */
  private slots: Int32Array;
  /** With values: one 32-bit value a slot, beside the pair (ReferralIndex's file offsets) */
  private values: Uint32Array | undefined;
  /** The slot the last find() stopped at */
  private at = 0;
  private count = 0;
  /** Keys moved to disk, each run sorted (memory stays bounded whatever the row count) */
  private readonly runs: SortedRun[] = [];
  private onDisk = 0;
  /** Where the last key was found on disk (runs index, entry), for valueFor */
  private foundRun = -1;
  private foundEntry = -1;
  // has() then add() of the same id is the common pattern: hash it once.
  private lastKey: string | undefined;
  private lastH1 = 0;
  private lastH2 = 0;
  private readonly maxSlots: number;

  /**
   * `capacity`: keys expected (sizing it up front spares the doubling's old and new tables side by side).
   * `inMemory`: past this many keys the table is written to disk as a sorted run and emptied.
   */
  constructor(capacity = 1024, withValues = false, readonly inMemory = DEFAULT_KEYS_IN_MEMORY) {
    this.maxSlots = Math.max(16, Math.ceil((inMemory * 5) / 4) + 1);
    const size = Math.min(this.maxSlots, Math.max(16, Math.ceil((Math.min(capacity, inMemory) * 5) / 4)));
    this.slots = new Int32Array(size * 2);
    if (withValues) this.values = new Uint32Array(size);
  }

  get size() {
    return this.count + this.onDisk;
  }

  has(key: string): boolean {
    this.hash(key);
    return this.find(false) || this.onRuns();
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    this.hash(key);
    return this.insert();
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
    if (this.find(false)) return this.values![this.at]!;
    return this.onRuns() ? this.runs[this.foundRun]!.valueAt(this.foundEntry) : -1;
  }

  /** The fingerprint of the key last looked up or added (to record it without hashing again). */
  fingerprintOf(key: string): [number, number] {
    this.hash(key);
    return [this.lastH1 >>> 0, this.lastH2 >>> 0];
  }

  /** fingerprintOf without the pair: leaves it in `hashed1`/`hashed2` (a row's hot path allocates nothing). */
  hashInto(key: string): void {
    this.hash(key);
    hashed1 = this.lastH1;
    hashed2 = this.lastH2;
  }

  /** Adds a key already reduced to its fingerprint (read back from keys.bin). */
  addFingerprint(h1: number, h2: number): boolean {
    this.lastKey = undefined;
    this.lastH1 = h1 | 0;
    this.lastH2 = h2 | 0;
    return this.insert();
  }

  /** Lets go of the runs on disk (their files are already unlinked). */
  close() {
    for (const run of this.runs) run.close();
    this.runs.length = 0;
  }

  /** Inserts the last hashed key unless present; true when added. */
  private insert(): boolean {
    if (this.runs.length && (this.find(false) || this.onRuns())) return false;
    if (this.count + 1 > this.inMemory) {
      if (this.find(false)) return false;
      this.spill();
    } else if ((this.count + 1) * 5 > (this.slots.length >> 1) * 4) this.grow(); // over 4/5 full
    return !this.find(true);
  }

  /** Whether the last hashed key is in a run on disk (one positioned read a run). */
  private onRuns(): boolean {
    const runs = this.runs;
    if (!runs.length) return false;
    const h1 = this.lastH1 >>> 0;
    const h2 = (this.lastH2 | 1) >>> 0;
    for (let r = 0; r < runs.length; r++) {
      const entry = runs[r]!.find(h1, h2);
      if (entry !== -1) {
        this.foundRun = r;
        this.foundEntry = entry;
        return true;
      }
    }
    return false;
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
    const size = Math.min(this.maxSlots, old.length); // old.length is twice the old size
    const slots = new Int32Array(size * 2);
    const values = oldValues && new Uint32Array(size);
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

  /**
   * Writes every key in memory to a new sorted run and empties the table. A key's home slot
   * rises with its hash, so the table is sorted but for short clusters: it is taken a range
   * of home slots at a time, each sorted on its own (a few hundred KB, never a second table).
   */
  private spill() {
    const slots = this.slots;
    const size = slots.length >> 1;
    // The key being added stays the last hashed one: the value lookups below hash others.
    const [keptKey, keptH1, keptH2] = [this.lastKey, this.lastH1, this.lastH2];
    const writer = new RunWriter(this.count, this.values !== undefined);
    const chunk = 1 << 16;
    const words = new Uint32Array(chunk * 4); // a range's keys, and those its clusters carried past it
    const keys = new BigUint64Array(words.buffer);
    for (let from = 0; from < size; from += chunk) {
      const to = Math.min(size, from + chunk);
      let n = 0;
      // Keys whose home is in [from, to): from `from` to the end of the cluster `to` falls in, wrapping at the end.
      for (let step = 0; step < size; step++) {
        const index = (from + step) % size;
        const stored = slots[(index << 1) + 1]!;
        if (from + step >= to && stored === 0) break;
        if (stored === 0) continue;
        const h1 = slots[index << 1]!;
        const slotHome = home(h1, size);
        if (slotHome < from || slotHome >= to) continue;
        if (n * 2 + 2 > words.length) throw new Error('a key table cluster longer than its range: the table is not what spill assumes');
        words[n * 2] = stored; // low half: h2
        words[n * 2 + 1] = h1; // high half: h1
        n++;
      }
      keys.subarray(0, n).sort();
      for (let i = 0; i < n; i++) {
        const h2 = words[i * 2]!;
        const h1 = words[i * 2 + 1]!;
        let value = 0;
        if (this.values) {
          this.lastH1 = h1 | 0;
          this.lastH2 = h2 | 0;
          this.find(false);
          value = this.values[this.at]!;
        }
        writer.add(h1, h2, value);
      }
    }
    this.runs.push(writer.finish());
    this.onDisk += this.count;
    this.count = 0;
    [this.lastKey, this.lastH1, this.lastH2] = [keptKey, keptH1, keptH2];
    slots.fill(0);
  }
}

/** An unlinked temporary file: gone with the process, even a killed one. */
export function openScratchFile(prefix: string): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const fd = fs.openSync(path.join(dir, 'data'), 'w+', 0o600);
  fs.rmSync(dir, {recursive: true, force: true});
  return fd;
}

/** Entries a fence covers: one positioned read of 2 KB finds a key among them. */
const RUN_BLOCK = 256;

/**
 * Keys written in ascending order (h1, then h2, unsigned) as little-endian 64-bit words
 * [h2, h1], then each key's value (u32) when the set has values; every RUN_BLOCK-th key is
 * kept in memory as a fence (8 bytes per 256 keys).
 */
class RunWriter {
  private readonly fd = openScratchFile('ferry-keys-');
  private readonly buffer = new Uint32Array(1 << 16);
  private readonly valueBuffer: Uint32Array | undefined;
  private used = 0;
  private written = 0;
  private readonly fenceH1: Uint32Array;
  private readonly fenceH2: Uint32Array;

  constructor(private readonly count: number, withValues: boolean) {
    if (withValues) this.valueBuffer = new Uint32Array(1 << 15);
    const fences = Math.ceil(count / RUN_BLOCK);
    this.fenceH1 = new Uint32Array(fences);
    this.fenceH2 = new Uint32Array(fences);
  }

  add(h1: number, h2: number, value: number) {
    const index = this.written + this.used;
    if (index % RUN_BLOCK === 0) {
      this.fenceH1[index / RUN_BLOCK] = h1;
      this.fenceH2[index / RUN_BLOCK] = h2;
    }
    this.buffer[this.used * 2] = h2;
    this.buffer[this.used * 2 + 1] = h1;
    if (this.valueBuffer) this.valueBuffer[this.used] = value;
    if (++this.used * 2 === this.buffer.length) this.flush();
  }

  finish(): SortedRun {
    this.flush();
    if (this.written !== this.count) throw new Error(`a key run holds ${this.written} keys, ${this.count} expected`);
    return new SortedRun(this.fd, this.count, this.valueBuffer !== undefined, this.fenceH1, this.fenceH2);
  }

  private flush() {
    if (!this.used) return;
    writeAll(this.fd, new Uint8Array(this.buffer.buffer, 0, this.used * 8), this.written * 8);
    if (this.valueBuffer) writeAll(this.fd, new Uint8Array(this.valueBuffer.buffer, 0, this.used * 4), this.count * 8 + this.written * 4);
    this.written += this.used;
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number) {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function readAll(fd: number, into: Uint8Array, position: number) {
  let done = 0;
  while (done < into.length) {
    const got = fs.readSync(fd, into, done, into.length - done, position + done);
    if (got === 0) throw new Error(`a key run ended at byte ${position + done}, ${into.length - done} bytes short`);
    done += got;
  }
}

class SortedRun {
  private readonly block = new Uint32Array(RUN_BLOCK * 2);
  private readonly value = new Uint32Array(1);

  constructor(
    private fd: number | undefined,
    readonly count: number,
    private readonly withValues: boolean,
    private readonly fenceH1: Uint32Array,
    private readonly fenceH2: Uint32Array,
  ) {}

  /** The key's entry number, or -1 (h1 and h2 unsigned, h2 with its low bit set). */
  find(h1: number, h2: number): number {
    const fenceH1 = this.fenceH1;
    const fenceH2 = this.fenceH2;
    // The last fence at or below the key.
    let low = 0;
    let high = fenceH1.length - 1;
    if (high < 0 || h1 < fenceH1[0]! || (h1 === fenceH1[0]! && h2 < fenceH2[0]!)) return -1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      const f1 = fenceH1[middle]!;
      if (f1 < h1 || (f1 === h1 && fenceH2[middle]! <= h2)) low = middle;
      else high = middle - 1;
    }
    const first = low * RUN_BLOCK;
    const n = Math.min(RUN_BLOCK, this.count - first);
    const block = this.block;
    readAll(this.fd!, new Uint8Array(block.buffer, 0, n * 8), first * 8);
    let from = 0;
    let to = n - 1;
    while (from <= to) {
      const middle = (from + to) >> 1;
      const k2 = block[middle * 2]!;
      const k1 = block[middle * 2 + 1]!;
      if (k1 === h1 && k2 === h2) return first + middle;
      if (k1 < h1 || (k1 === h1 && k2 < h2)) from = middle + 1;
      else to = middle - 1;
    }
    return -1;
  }

  valueAt(entry: number): number {
    if (!this.withValues) throw new Error('this key run keeps no values');
    readAll(this.fd!, new Uint8Array(this.value.buffer), this.count * 8 + entry * 4);
    return this.value[0]!;
  }

  close() {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The first slot to try: the hash scaled to the table's size (its high bits decide). */
function home(h1: number, size: number): number {
  return Math.min(size - 1, Math.floor(((h1 >>> 0) * size) / 4_294_967_296));
}

// The last hashKey() result: module scratch rather than a returned tuple, so the hot
// path of the key set allocates nothing per row (importers read the live bindings).
export let hashed1 = 0;
export let hashed2 = 0;

/** FNV-1a and a multiplicative hash over the UTF-16 code units, in one pass: fingerprint(key) left in hashed1/hashed2. */
export function hashKey(key: string): void {
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
