// Catch-up after cut-over: each run that writes Advocate files also records what it
// produced: keys.txt holds the referral links (rewards need their ids), keys.bin the
// 64-bit fingerprints of user ids and rewards (9 bytes a row, cheap at a million). A later run given those folders skips what they
// already hold, so the second, smaller export adds only what happened since.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type {FileKind} from './fields.js';
import {hashed1, hashed2, hashKey, KeySet} from './keyset.js';
import {LOAD_JOURNAL_FILE, LoadJournal} from './load-journal.js';
import {ReferralIndex} from './referral-index.js';
import type {OutputRow} from './outputs.js';
import {BufferedFile, tsvWorst} from './writers.js';

export interface PreviousImport {
  users: KeySet;
  referrals: ReferralIndex;
  rewards: KeySet;
  /** Folders read */
  sources: string[];
}

export function emptyPrevious(): PreviousImport {
  return {users: new KeySet(), referrals: new ReferralIndex(), rewards: new KeySet(), sources: []};
}

/** Identity of a reward: who, for which referral, when, how much of what. */
export function rewardKey(values: OutputRow['values']): string {
  // What [..].join('\u001f') gives, without the array (one a reward).
  return `${part(values.userId)}\u001f${part(values.referredUserId)}\u001f${part(values.dateGiven)}\u001f${part(values.assignedCredit)}\u001f${part(values.unit)}\u001f${part(values.name)}`;
}

function part(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
}

const SEPARATORS = /[\t\n\r]/;
function clean(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return SEPARATORS.test(text) ? text.replace(/[\t\n\r]/g, ' ') : text;
}

const TAG_USER = 0x55; // 'U'
const TAG_REWARD = 0x57; // 'W'

export class KeysWriter {
  private readonly file: BufferedFile;
  private readonly binary: BufferedFile;
  constructor(readonly filePath: string) {
    this.file = new BufferedFile(filePath);
    this.binary = new BufferedFile(filePath.replace(/\.txt$/, '') + '.bin');
  }

  /** `users`: the set the id was just added to, whose cached fingerprint spares a second hash. */
  add(kind: FileKind, values: OutputRow['values'], referral: OutputRow['referral'], users?: KeySet): Promise<void> | undefined {
    if (kind === 'users') {
      const id = String(values.id);
      if (users) users.hashInto(id);
      else hashKey(id);
      return this.binary.writeFingerprint(TAG_USER, hashed1 >>> 0, hashed2 >>> 0);
    }
    if (kind === 'referrals') {
      const referredId = values['referredUser.id'], referredAccountId = values['referredUser.accountId'];
      const referrerId = values['referrerUser.id'], referrerAccountId = values['referrerUser.accountId'];
      const started = values.dateReferralStarted;
      const worst = 8 + tsvWorst(referredId) + tsvWorst(referredAccountId) + tsvWorst(referrerId) + tsvWorst(referrerAccountId) + tsvWorst(started);
      if (!BufferedFile.fits(worst))
        return this.file.write(`R\t${clean(referredId)}\t${clean(referredAccountId)}\t${clean(referrerId)}\t${clean(referrerAccountId)}\t${clean(started)}\n`);
      // Encoded straight into the buffer (a line a referral: the hot path), the same text as above.
      const file = this.file;
      const pending = file.room(worst);
      file.ascii('R\t');
      file.tsv(referredId);
      file.ascii('\t');
      file.tsv(referredAccountId);
      file.ascii('\t');
      file.tsv(referrerId);
      file.ascii('\t');
      file.tsv(referrerAccountId);
      file.ascii('\t');
      file.tsv(started);
      file.ascii('\n');
      return pending;
    }
    if (!referral) return undefined;
    hashKey(rewardKey(values));
    return this.binary.writeFingerprint(TAG_REWARD, hashed1 >>> 0, hashed2 >>> 0);
  }

  async close() {
    await this.file.close();
    await this.binary.close();
  }
}

/**
 * Reads keys.txt from each earlier output folder (or a keys.txt path). A folder ferry loaded
 * from has a load journal: then only what Advocate's jobs loaded counts (the journal is the
 * truth; a file written is not a row loaded), and a load left unsettled must be settled first.
 */
export async function loadPrevious(locations: string[]): Promise<PreviousImport> {
  const previous = emptyPrevious();
  for (const location of locations) {
    const file = fs.existsSync(location) && fs.statSync(location).isDirectory() ? path.join(location, 'keys.txt') : location;
    if (!fs.existsSync(file)) throw new Error(`${file} does not exist: give the --out folder of the earlier convert or load`);
    const journalFile = path.join(path.dirname(file), LOAD_JOURNAL_FILE);
    const journal = fs.existsSync(journalFile) ? new LoadJournal(journalFile) : undefined;
    try {
      if (journal?.openJobs().length)
        throw new Error(`the load into Advocate from ${path.dirname(file)} was interrupted with a job not settled: run catch-up with --load (it asks Advocate what became of that job first), or the same "ferry referral load" in that folder again`);
      const lines = readline.createInterface({input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity});
      for await (const line of lines) {
        const [tag, ...parts] = line.split('\t');
        if (tag !== 'R' || (journal && !journal.isLoaded('referralHistory', parts[0]!))) continue;
        previous.referrals.set(parts[0]!, {referredAccountId: parts[1]!, referrerId: parts[2]!, referrerAccountId: parts[3]!, start: parts[4] ? Number(parts[4]) : undefined});
      }
      if (journal) {
        for (const id of journal.loadedKeys('users')) previous.users.add(id);
        // A reward's row key is its rewardKey and "#n" (the n-th equal reward).
        for (const key of journal.loadedKeys('rewardHistory')) previous.rewards.add(key.replace(/#\d+$/, ''));
        previous.sources.push(journalFile);
        continue;
      }
    } finally {
      journal?.close();
    }
    const binary = file.replace(/\.txt$/, '') + '.bin';
    if (fs.existsSync(binary)) {
      for await (const chunk of fs.createReadStream(binary, {highWaterMark: 9 * 8192})) {
        const bytes = chunk as Buffer;
        for (let at = 0; at + 9 <= bytes.length; at += 9) {
          const target = bytes[at] === TAG_USER ? previous.users : bytes[at] === TAG_REWARD ? previous.rewards : undefined;
          target?.addFingerprint(bytes.readUInt32LE(at + 1), bytes.readUInt32LE(at + 5));
        }
      }
    }
    previous.sources.push(file);
  }
  return previous;
}
