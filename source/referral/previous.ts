// Catch-up after cut-over: each run that writes Advocate files also writes keys.txt,
// one line per row it produced. A later run given those folders skips what they
// already hold, so the second, smaller export adds only what happened since.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type {FileKind} from './fields.js';
import {KeySet} from './keyset.js';
import type {OutputRow} from './outputs.js';
import {BufferedFile} from './writers.js';

export interface PreviousImport {
  users: KeySet;
  referrals: Map<string, {referrerId: string; referrerAccountId: string; referredAccountId: string; start: number | undefined}>;
  rewards: KeySet;
  /** Folders read */
  sources: string[];
}

export function emptyPrevious(): PreviousImport {
  return {users: new KeySet(), referrals: new Map(), rewards: new KeySet(), sources: []};
}

/** Identity of a reward: who, for which referral, when, how much of what. */
export function rewardKey(values: OutputRow['values']): string {
  return [values.userId, values.referredUserId ?? '', values.dateGiven ?? '', values.assignedCredit, values.unit ?? '', values.name ?? ''].join('\u001f');
}

const SEPARATORS = /[\t\n\r]/;
function clean(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return SEPARATORS.test(text) ? text.replace(/[\t\n\r]/g, ' ') : text;
}

export class KeysWriter {
  private readonly file: BufferedFile;
  constructor(readonly filePath: string) {
    this.file = new BufferedFile(filePath);
  }

  add(kind: FileKind, values: OutputRow['values'], referral: OutputRow['referral']): Promise<void> | undefined {
    if (kind === 'users') return this.file.write(`U\t${clean(values.id)}\n`);
    if (kind === 'referrals')
      return this.file.write(`R\t${clean(values['referredUser.id'])}\t${clean(values['referredUser.accountId'])}\t${clean(values['referrerUser.id'])}\t${clean(values['referrerUser.accountId'])}\t${clean(values.dateReferralStarted)}\n`);
    return referral ? this.file.write(`W\t${clean(rewardKey(values))}\n`) : undefined;
  }

  close() {
    return this.file.close();
  }
}

/** Reads keys.txt from each earlier output folder (or a keys.txt path). */
export async function loadPrevious(locations: string[]): Promise<PreviousImport> {
  const previous = emptyPrevious();
  for (const location of locations) {
    const file = fs.existsSync(location) && fs.statSync(location).isDirectory() ? path.join(location, 'keys.txt') : location;
    if (!fs.existsSync(file)) throw new Error(`${file} does not exist: give the --out folder of the earlier convert or load`);
    const lines = readline.createInterface({input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity});
    for await (const line of lines) {
      const [tag, ...parts] = line.split('\t');
      if (tag === 'U') previous.users.add(parts[0]!);
      else if (tag === 'R') previous.referrals.set(parts[0]!, {referredAccountId: parts[1]!, referrerId: parts[2]!, referrerAccountId: parts[3]!, start: parts[4] ? Number(parts[4]) : undefined});
      else if (tag === 'W') previous.rewards.add(parts.join('\t'));
    }
    previous.sources.push(file);
  }
  return previous;
}
