// The referral links kept across files (referred user -> who referred them, their account
// ids, when it started): rewards need them, and a million referrals as JS strings cost
// hundreds of MB. The links sit in an unlinked temporary file, appended as they come (one
// write a megabyte); memory holds only each referred id's 64-bit fingerprint and where its
// link starts in the file (12 bytes a slot, keyset.ts, which moves them to disk past its
// budget), plus a 1 MB read cache. Against
// SQLite's temporary database (the earlier way) a link costs less than half the CPU to keep
// and about two thirds to read back (bench/referral-bench.ts).
import fs from 'node:fs';
import {KeySet, openScratchFile} from './keyset.js';

export interface ReferralLink {
  referrerId: string;
  referrerAccountId: string;
  referredAccountId: string;
  start: number | undefined;
}

/**
 * Reads go through a direct-mapped cache of 4 KB blocks (1 MB): rewards mostly follow their
 * referrals' order, so one read serves the dozens of links a block holds; in random order
 * it is one read a reward. A link crossing a block's end is read alone.
 */
const BLOCK = 4096;
const CACHED_BLOCKS = 256;
/** Offsets are kept in 4-byte units in a 32-bit slot: 16 GB of links. */
const ALIGN = 4;

export interface ReferralIndexOptions {
  /** Referrals expected (sizes the fingerprint table once) */
  expected?: number;
  /** Fingerprints kept in memory before they move to disk (keyset.ts) */
  inMemory?: number;
  /** Bytes gathered before each write to the file (tests make it small) */
  writeBuffer?: number;
}

export class ReferralIndex {
  private readonly keys: KeySet;
  private fd: number | undefined;
  /** Bytes in the file so far; `buffer` holds what follows, not yet written */
  private flushed = 0;
  private buffer: Buffer;
  private used = 0;
  private readonly cache = Buffer.allocUnsafe(BLOCK * CACHED_BLOCKS);
  /** The block each cache slot holds (-1: none) */
  private readonly cached = new Float64Array(CACHED_BLOCKS).fill(-1);
  private readBuffer = Buffer.allocUnsafe(BLOCK);

  constructor(options: ReferralIndexOptions = {}) {
    this.keys = new KeySet(options.expected ?? 1024, true, options.inMemory);
    this.buffer = Buffer.allocUnsafe(options.writeBuffer ?? 1 << 20);
  }

  get size() {
    return this.keys.size;
  }

  has(referredId: string): boolean {
    return this.keys.has(referredId);
  }

  set(referredId: string, link: ReferralLink) {
    this.open();
    // At most 3 bytes a UTF-16 unit, the header and the padding.
    const size = 27 + 3 * (link.referrerId.length + link.referrerAccountId.length + link.referredAccountId.length);
    if (size > this.buffer.length - this.used) this.flush();
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size);
    const offset = this.flushed + this.used;
    // Where the record will start is known before it is encoded, so one lookup both checks
    // and adds (once the keys are on disk, a lookup is a read a run). A user is referred
    // once: when the key is already there, the first link stands and nothing is written.
    if (!this.keys.addValue(referredId, offset / ALIGN)) return;
    this.used = encode(link, this.buffer, this.used);
  }

  get(referredId: string): ReferralLink | undefined {
    const slot = this.keys.valueFor(referredId);
    if (slot === -1) return undefined;
    const offset = slot * ALIGN;
    if (offset >= this.flushed) return decode(this.buffer, offset - this.flushed);
    const block = Math.floor(offset / BLOCK);
    const slotAt = (block % CACHED_BLOCKS) * BLOCK;
    if (this.cached[block % CACHED_BLOCKS] !== block) {
      this.cached[block % CACHED_BLOCKS] = block;
      this.readAt(this.cache, slotAt, Math.min(BLOCK, this.flushed - block * BLOCK), block * BLOCK);
    }
    const within = offset - block * BLOCK;
    // Records are ALIGN-aligned, so a record's length field never straddles a block's end.
    const length = this.cache.readUInt32LE(slotAt + within);
    if (within + length <= BLOCK) return decode(this.cache, slotAt + within);
    if (length > this.readBuffer.length) this.readBuffer = Buffer.allocUnsafe(length);
    this.readAt(this.readBuffer, 0, length, offset);
    return decode(this.readBuffer, 0);
  }

  close() {
    this.keys.close();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.used = 0;
    this.cached.fill(-1);
  }

  private open() {
    this.fd ??= openScratchFile('ferry-links-');
  }

  private flush() {
    // The block the file ended in may be cached short: what follows goes into it now.
    const last = Math.floor(this.flushed / BLOCK);
    if (this.cached[last % CACHED_BLOCKS] === last) this.cached[last % CACHED_BLOCKS] = -1;
    let written = 0;
    while (written < this.used) written += fs.writeSync(this.fd!, this.buffer, written, this.used - written, this.flushed + written);
    this.flushed += this.used;
    this.used = 0;
  }

  private readAt(into: Buffer, at: number, length: number, position: number) {
    let read = 0;
    while (read < length) {
      const got = fs.readSync(this.fd!, into, at + read, length - read, position + read);
      if (got === 0) throw new Error(`the referral links file ended at byte ${position + read}, ${length - read} bytes short`);
      read += got;
    }
  }
}

// A record: total length (u32), start (f64, NaN when none), then three strings each as a
// u32 byte length and UTF-8 bytes; padded to ALIGN.
function encode(link: ReferralLink, buffer: Buffer, start: number): number {
  buffer.writeDoubleLE(link.start ?? Number.NaN, start + 4);
  let at = writeText(buffer, start + 12, link.referrerId);
  at = writeText(buffer, at, link.referrerAccountId);
  at = writeText(buffer, at, link.referredAccountId);
  const end = Math.ceil((at - start) / ALIGN) * ALIGN + start;
  buffer.writeUInt32LE(end - start, start);
  return end;
}

function writeText(buffer: Buffer, at: number, text: string): number {
  const length = buffer.write(text, at + 4, 'utf8');
  buffer.writeUInt32LE(length, at);
  return at + 4 + length;
}

function decode(buffer: Buffer, at: number): ReferralLink {
  const start = buffer.readDoubleLE(at + 4);
  // No closure here: under tsx each one made per call costs a __name call too.
  let from = at + 16;
  let to = from + buffer.readUInt32LE(from - 4);
  const referrerId = buffer.toString('utf8', from, to);
  from = to + 4;
  to = from + buffer.readUInt32LE(to);
  const referrerAccountId = buffer.toString('utf8', from, to);
  from = to + 4;
  to = from + buffer.readUInt32LE(to);
  const referredAccountId = buffer.toString('utf8', from, to);
  return {referrerId, referrerAccountId, referredAccountId, start: Number.isNaN(start) ? undefined : start};
}
