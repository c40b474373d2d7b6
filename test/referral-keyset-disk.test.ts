import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {KeySet} from '../source/referral/keyset.js';
import {runImport} from '../source/referral/engine.js';

// Past its budget a key set moves its keys to sorted runs on disk, so memory stays bounded
// whatever the row count. It must then answer exactly as an unbounded set would.

test('a key set past its budget answers as a Set would: present, absent, added twice, with values', (t) => {
  const set = new KeySet(16, true, 500);
  const truth = new Map<string, number>();
  let state = 99;
  const random = (n: number) => ((state = (state * 1_103_515_245 + 12_345) & 0x7fffffff), state % n);
  for (let i = 0; i < 20_000; i++) {
    const key = `id-${random(12_000)}`;
    const fresh = !truth.has(key);
    t.is(set.addValue(key, i), fresh, key);
    if (fresh) truth.set(key, i);
    if (i % 7 === 0) {
      const probe = `id-${random(14_000)}`;
      t.is(set.has(probe), truth.has(probe), probe);
      t.is(set.valueFor(probe), truth.get(probe) ?? -1, probe);
    }
  }
  t.is(set.size, truth.size);
  let wrong = 0;
  for (const [key, value] of truth) if (!set.has(key) || set.valueFor(key) !== value) wrong++;
  t.is(wrong, 0);
  // Fingerprints read back from keys.bin meet the same keys.
  const copy = new KeySet(16, false, 700);
  for (const key of truth.keys()) {
    const [h1, h2] = set.fingerprintOf(key);
    t.true(copy.addFingerprint(h1, h2));
  }
  for (const key of truth.keys()) t.false(copy.add(key), key);
  t.is(copy.size, truth.size);
  set.close();
  copy.close();
});

test('an import whose id tables moved to disk finds the same problems and writes the same files', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-ids-disk-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const users = 3000;
  const lines = (header: string, rows: string[]) => header + '\n' + rows.join('\n') + '\n';
  const userRows: string[] = [];
  for (let i = 0; i < users; i++) userRows.push(`user${i}@example.com,First${i},Last${i}`);
  for (let i = 0; i < 40; i++) userRows.push(`user${i * 61}@example.com,Again${i},Twice`); // duplicates, long after the first
  const referralRows: string[] = [];
  for (let i = 0; i < 1500; i++) referralRows.push(`user${i}@example.com,user${i + 1500}@example.com,2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
  for (let i = 0; i < 30; i++) referralRows.push(`user${i * 7}@example.com,user${1500 + i * 37}@example.com,2024-02-01`); // referred twice
  for (let i = 0; i < 30; i++) referralRows.push(`stranger${i}@example.com,user${i}@example.com,2024-02-01`); // unknown advocate
  const rewardRows: string[] = [];
  for (let i = 0; i < 1500; i++) rewardRows.push(`user${i % 1500}@example.com,user${(i % 1500) + 1500}@example.com,$${(i % 40) + 1}.00,USD,2024-03-01`);
  for (let i = 0; i < 30; i++) rewardRows.push(`user${i}@example.com,user${i + 2990}@example.com,$5.00,USD,2024-03-01`); // no such referral
  const files = {users: path.join(dir, 'users.csv'), referrals: path.join(dir, 'referrals.csv'), rewards: path.join(dir, 'rewards.csv')};
  fs.writeFileSync(files.users, lines('Email,First Name,Last Name', userRows));
  fs.writeFileSync(files.referrals, lines('Advocate Email,Friend Email,Referred Date', referralRows));
  fs.writeFileSync(files.rewards, lines('Advocate Email,Friend Email,Amount,Currency,Date Given', rewardRows));

  const run = async (name: string, idsInMemory?: {users: number; referrals: number}) => {
    const outDir = path.join(dir, name);
    const result = await runImport({files, outDir, format: 'csv', idsInMemory});
    const written = Object.fromEntries(fs.readdirSync(outDir).filter((file) => file !== 'summary.json').map((file) => [file, fs.readFileSync(path.join(outDir, file), 'utf8')]));
    return {result, written};
  };
  const inMemory = await run('memory');
  const onDisk = await run('disk', {users: 200, referrals: 100});
  // The checks found something to compare.
  t.true((inMemory.result.byCode.DUPLICATE_ID ?? 0) >= 70, JSON.stringify(inMemory.result.byCode));
  t.true((inMemory.result.byCode.UNKNOWN_USER ?? 0) >= 30);
  t.true((inMemory.result.byCode.UNKNOWN_REFERRAL ?? 0) >= 30);
  t.deepEqual(onDisk.result.byCode, inMemory.result.byCode);
  for (const kind of ['users', 'referrals', 'rewards'] as const) {
    const {valid, invalid, rowsRead} = onDisk.result.files[kind]!;
    t.deepEqual({valid, invalid, rowsRead}, {valid: inMemory.result.files[kind]!.valid, invalid: inMemory.result.files[kind]!.invalid, rowsRead: inMemory.result.files[kind]!.rowsRead}, kind);
  }
  t.deepEqual(Object.keys(onDisk.written).sort(), Object.keys(inMemory.written).sort());
  for (const file of Object.keys(inMemory.written)) t.is(onDisk.written[file], inMemory.written[file], file);
});
