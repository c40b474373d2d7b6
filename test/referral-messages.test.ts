// Rule 5 of issue 19: each message says what is really wrong.
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import {tempDir, writeCsv} from './referral-helpers.js';

test('a repeated header is said, with the column that is read', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'User ID,Email,User ID\nu1,a@example.com,zzz\n');
  const result = await runImport({files: {users}});
  t.true(result.files.users!.notes.some((note) => /"User ID" appears more than once \(columns 1 and 3\): only column 1 is read/.test(note)), result.files.users!.notes.join(' | '));
});

test('rewards without a referrals file say why their valid rows were not written', async (t) => {
  const dir = tempDir();
  const rewards = writeCsv(dir, 'rewards.csv', 'Advocate Email,Amount,Currency\na@example.com,$10.00,USD\nb@example.com,$5.00,USD\n');
  const result = await runImport({files: {rewards}, outDir: tempDir()});
  t.is(result.files.rewards!.valid, 2);
  t.true(result.files.rewards!.notes.some((note) => /2 valid rewards were not written to reward history: .*there is no referrals file/.test(note)), result.files.rewards!.notes.join(' | '));
});

test('"dollars" as a unit is refused as a currency name; a 0 redeemed is not blamed; points may redeem 0', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email\na@example.com\nb@example.com\n');
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\n');
  const rewards = writeCsv(dir, 'rewards.csv', 'Advocate Email,Friend Email,Amount,Unit,Amount Redeemed\na@example.com,b@example.com,10,dollars,0\na@example.com,b@example.com,500,POINTS,0\n');
  const result = await runImport({files: {users, referrals, rewards}});
  const rewardIssues = result.issues.filter((issue) => issue.file === 'rewards');
  t.deepEqual(rewardIssues.map((issue) => [issue.row, issue.column, issue.code]), [[1, 'Unit', 'INVALID_UNIT']]);
  t.regex(rewardIssues[0]!.message, /"dollars" names a currency, not a reward unit/);
  t.is(result.files.rewards!.valid, 1, 'the POINTS reward with 0 redeemed passes, as cash rows with 0 do');
});

test('C$10.00 is 1000 in CAD', async (t) => {
  const {toMinorUnits} = await import('../source/referral/convert.js');
  t.deepEqual(toMinorUnits('C$10.00'), {ok: true, value: {value: 1000, currency: 'CAD'}});
  t.deepEqual(toMinorUnits('A$5'), {ok: true, value: {value: 500, currency: 'AUD'}});
  t.deepEqual(toMinorUnits('$1,234.56'), {ok: true, value: {value: 123456, currency: 'USD'}});
});

test('with the friend column mapped, an empty friend cell is named instead of "map the friend column"', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email\na@example.com\nb@example.com\nc@example.com\n');
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\n');
  const rewards = writeCsv(dir, 'rewards.csv', 'Advocate Email,Friend Email,Amount,Currency\nc@example.com,,$10.00,USD\n');
  const mapped = await runImport({files: {users, referrals, rewards}});
  const message = mapped.issues.find((issue) => issue.code === 'UNKNOWN_REFERRAL')!.message;
  t.regex(message, /this row's friend cell is empty/);
  t.notRegex(message, /map the friend column/);
  const unmappedRewards = writeCsv(dir, 'rewards2.csv', 'Advocate Email,Amount,Currency\nc@example.com,$10.00,USD\n');
  const unmapped = await runImport({files: {users, referrals, rewards: unmappedRewards}});
  t.regex(unmapped.issues.find((issue) => issue.code === 'UNKNOWN_REFERRAL')!.message, /map the friend column/);
});

test('only email-shaped ids are lower-cased', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'User ID,Email\nAbC@Corp,x@example.com\nAnn@Example.COM,ann@example.com\n');
  const out = tempDir();
  const result = await runImport({files: {users}, outDir: out, format: 'jsonl'});
  const fs = await import('node:fs');
  const lines = fs.readFileSync(result.outputs[0]!.path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as {id: string});
  t.deepEqual(lines.map((line) => line.id), ['AbC@Corp', 'ann@example.com']);
});

test('a money column mixing 25 and $1,234.56 is an alert before anything is written; --major-units or --minor-units settles it', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email\na@example.com\nb@example.com\nc@example.com\n');
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\na@example.com,c@example.com\n');
  const rewards = writeCsv(dir, 'rewards.csv', 'Advocate Email,Friend Email,Amount,Currency\na@example.com,b@example.com,$1,234.56,USD\na@example.com,c@example.com,25,USD\n'.replace('$1,234.56', '"$1,234.56"'));
  const out = tempDir();
  const stopped = await runImport({files: {users, referrals, rewards}, outDir: out});
  t.is(stopped.files.rewards!.status, 'stopped');
  t.is(stopped.files.rewards!.alert!.code, 'MIXED_AMOUNTS');
  t.regex(stopped.files.rewards!.alert!.message, /mixes plain numbers \("25"\) and amounts with decimals or a currency \("\$1,234\.56"\).*--minor-units/);
  t.false(stopped.outputs.some((output) => output.importType === 'rewardHistory'), 'nothing written for the rewards');
  const major = await runImport({files: {users, referrals, rewards}, outDir: tempDir(), conversion: {majorUnits: true}});
  t.is(major.files.rewards!.valid, 2);
  const minor = await runImport({files: {users, referrals, rewards}, outDir: tempDir(), conversion: {majorUnits: false}});
  t.is(minor.files.rewards!.valid, 2);
});
