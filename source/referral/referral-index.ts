// The referral links kept across files (referred user -> who referred them, their account
// ids, when it started): rewards need them, and a million referrals as JS strings cost
// hundreds of MB. Membership is a fingerprint set in memory (16 bytes a referral); the links
// themselves sit in SQLite's private temporary database on disk (removed when closed; the OS
// temp folder's own cleanup after a kill), read only when a reward asks.
import Database from 'better-sqlite3';
import {KeySet} from './keyset.js';

export interface ReferralLink {
  referrerId: string;
  referrerAccountId: string;
  referredAccountId: string;
  start: number | undefined;
}

const FLUSH_EVERY = 10_000;
/** Rows per INSERT statement (5 parameters each, well under SQLite's 32,766) */
const BATCH = 200;

export class ReferralIndex {
  private readonly keys = new KeySet();
  private db: Database.Database | undefined;
  private insert: Database.Statement | undefined;
  private select: Database.Statement | undefined;
  private many: Database.Statement | undefined;
  private pending: Array<[string, string, string, string, number | null]> = [];

  get size() {
    return this.keys.size;
  }

  has(referredId: string): boolean {
    return this.keys.has(referredId);
  }

  set(referredId: string, link: ReferralLink) {
    if (!this.keys.add(referredId)) return; // a user is referred once: the first link stands
    this.open();
    this.pending.push([referredId, link.referrerId, link.referrerAccountId, link.referredAccountId, link.start ?? null]);
    if (this.pending.length >= FLUSH_EVERY) this.flush();
  }

  get(referredId: string): ReferralLink | undefined {
    if (!this.keys.has(referredId)) return undefined;
    if (this.pending.length) this.flush();
    const row = this.select!.get(referredId) as {referrer: string; referrer_account: string; referred_account: string; start: number | null} | undefined;
    return row ? {referrerId: row.referrer, referrerAccountId: row.referrer_account, referredAccountId: row.referred_account, start: row.start ?? undefined} : undefined;
  }

  close() {
    this.db?.close();
    this.db = undefined;
  }

  private open() {
    if (this.db) return;
    // SQLite's private temporary database (an empty file name): on disk in the temp folder once
    // its 2 MB page cache is full, deleted when closed or when the process ends.
    this.db = new Database('');
    this.db.pragma('cache_size = -2000');
    this.db.exec('CREATE TABLE links (referred TEXT PRIMARY KEY, referrer TEXT NOT NULL, referrer_account TEXT NOT NULL, referred_account TEXT NOT NULL, start INTEGER) WITHOUT ROWID');
    this.insert = this.db.prepare('INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT referrer, referrer_account, referred_account, start FROM links WHERE referred = ?');
  }

  private flush() {
    const rows = this.pending;
    this.pending = [];
    const insert = this.insert!;
    // Many rows a statement: each call into SQLite costs more than the row it inserts.
    this.many ??= this.db!.prepare(`INSERT OR IGNORE INTO links VALUES ${Array.from({length: BATCH}, () => '(?, ?, ?, ?, ?)').join(', ')}`);
    const many = this.many;
    this.db!.transaction(() => {
      let at = 0;
      for (; at + BATCH <= rows.length; at += BATCH) many.run(rows.slice(at, at + BATCH).flat());
      for (; at < rows.length; at++) insert.run(rows[at]);
    })();
  }
}

