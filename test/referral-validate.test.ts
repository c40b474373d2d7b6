import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import type {IssueCode} from '../source/referral/fields.js';
import {DEMO, tempDir, writeCsv} from './referral-helpers.js';

const codesOf = (result: Awaited<ReturnType<typeof runImport>>) => new Set(result.issues.map((issue) => issue.code));

test('users: each inline row error is reported on its row and cell', async (t) => {
  const dir = tempDir();
  const users = writeCsv(
    dir,
    'users.csv',
    [
      'Email,First Name,Signup Date,Locale,Referable,customFields.tier,customFields.bad-name',
      'ok@example.com,Ok,2024-01-05T10:00:00Z,en_US,true,gold,x',
      ',Empty,2024-01-05T10:00:00Z,en_US,true,gold,x',
      'not-an-email,Bad,2024-01-05T10:00:00Z,en_US,true,gold,x',
      'date@example.com,Date,someday,en_US,true,gold,x',
      'loc@example.com,Loc,2024-01-05T10:00:00Z,klingon,true,gold,x',
      'bool@example.com,Bool,2024-01-05T10:00:00Z,en_US,perhaps,gold,x',
      `long@example.com,Long,2024-01-05T10:00:00Z,en_US,true,${'x'.repeat(1100)},x`,
      'OK@example.com,Dup,2024-01-05T10:00:00Z,en_US,true,gold,x',
    ].join('\n'),
  );
  const result = await runImport({files: {users}});
  const byRow = (row: number) => result.issues.filter((issue) => issue.row === row).map((issue) => `${issue.code}@${issue.column}`);
  t.deepEqual(byRow(2), ['REQUIRED_VALUE_EMPTY@Email']);
  t.deepEqual(byRow(3), ['INVALID_EMAIL@Email']);
  t.deepEqual(byRow(4), ['INVALID_DATE@Signup Date']);
  t.deepEqual(byRow(5), ['INVALID_LOCALE@Locale']);
  t.deepEqual(byRow(6), ['INVALID_BOOLEAN@Referable']);
  t.deepEqual(byRow(7), ['CUSTOM_FIELD_VALUE@customFields.tier']);
  t.deepEqual(byRow(8), ['DUPLICATE_ID@Email'], 'ids compare case-insensitively when they are emails');
  const header = result.issues.find((issue) => issue.code === 'CUSTOM_FIELD_NAME');
  t.is(header?.column, 'customFields.bad-name');
  t.is(header?.row, 0);
  t.is(result.files.users!.valid, 1);
  t.is(result.files.users!.invalid, 7);
});

test('rewards: amounts, units and points are checked', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email\na@example.com\nb@example.com\n');
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email,Referred Date\na@example.com,b@example.com,2024-01-01T00:00:00Z\n');
  const rewards = writeCsv(
    dir,
    'rewards.csv',
    [
      'Advocate Email,Friend Email,Amount,Currency,Date Given',
      'a@example.com,b@example.com,$10.00,,2024-01-02T00:00:00Z',
      'a@example.com,b@example.com,ten,USD,2024-01-02T00:00:00Z',
      'a@example.com,b@example.com,10,US Dollars,2024-01-02T00:00:00Z',
      'a@example.com,b@example.com,12.5,POINT,2024-01-02T00:00:00Z',
      'a@example.com,b@example.com,500,POINT,2024-01-02T00:00:00Z',
      'a@example.com,b@example.com,15.00,,2024-01-02T00:00:00Z',
    ].join('\n'),
  );
  const out = tempDir();
  const result = await runImport({files: {users, referrals, rewards}, outDir: out, format: 'jsonl'});
  const codes = result.issues.filter((issue) => issue.file === 'rewards').map((issue) => `${issue.row}:${issue.code}`);
  t.deepEqual(codes, ['2:NOT_AN_INTEGER', '3:INVALID_UNIT', '4:NOT_AN_INTEGER', '6:INVALID_UNIT']);
  const lines = fs.readFileSync(path.join(out, 'reward-history-001.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  t.is(lines.length, 2);
  t.deepEqual(lines[0].rewards[0], {type: 'CREDIT', unit: 'CASH/USD', assignedCredit: 1000, dateGiven: Date.parse('2024-01-02T00:00:00Z'), userId: 'a@example.com', accountId: 'a@example.com'});
  t.deepEqual(lines[0].referrerUser, {id: 'a@example.com', accountId: 'a@example.com'});
  t.deepEqual(lines[0].referredUser, {id: 'b@example.com', accountId: 'b@example.com'});
  t.is(lines[0].programId, 'referral-program');
  t.is(lines[1].rewards[0].assignedCredit, 500);
  t.is(lines[1].rewards[0].unit, 'POINTS');
});

test('cross-file errors: unknown users, self-referral, reward before its referral, unknown referral', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email,Signup Date\na@example.com,2024-01-01T00:00:00Z\nb@example.com,2024-01-01T00:00:00Z\nc@example.com,bad date\nd@example.com,2024-01-01T00:00:00Z\n');
  const referrals = writeCsv(
    dir,
    'referrals.csv',
    [
      'Advocate Email,Friend Email,Referred Date',
      'a@example.com,b@example.com,2024-02-01T00:00:00Z',
      'ghost@example.com,a@example.com,2024-02-01T00:00:00Z',
      'd@example.com,d@example.com,2024-02-01T00:00:00Z',
      'a@example.com,c@example.com,2024-02-01T00:00:00Z',
      'a@example.com,b@example.com,2024-03-01T00:00:00Z',
    ].join('\n'),
  );
  const rewards = writeCsv(
    dir,
    'rewards.csv',
    [
      'Advocate Email,Friend Email,Amount,Currency,Date Given',
      'a@example.com,b@example.com,$10.00,USD,2024-02-02T00:00:00Z',
      'a@example.com,b@example.com,$10.00,USD,2024-01-15T00:00:00Z',
      'a@example.com,zed@example.com,$10.00,USD,2024-02-02T00:00:00Z',
      'nobody@example.com,b@example.com,$10.00,USD,2024-02-02T00:00:00Z',
    ].join('\n'),
  );
  const result = await runImport({files: {users, referrals, rewards}});
  const of = (file: string) => result.issues.filter((issue) => issue.file === file).map((issue) => `${issue.row}:${issue.code}`);
  t.deepEqual(of('referrals'), ['2:UNKNOWN_USER', '3:SELF_REFERRAL', '4:UNKNOWN_USER', '5:DUPLICATE_ID']);
  t.regex(result.issues.find((i) => i.file === 'referrals' && i.row === 4)!.message, /has errors in the users file/);
  t.deepEqual(of('rewards'), ['2:REWARD_BEFORE_REFERRAL', '3:UNKNOWN_REFERRAL', '4:UNKNOWN_USER', '4:UNKNOWN_REFERRAL']);
  t.is(result.byCode.UNKNOWN_USER, 3);
  t.is(result.files.rewards!.valid, 1);
});

test('without a users file, referrals are not checked against users and a note says so', async (t) => {
  const dir = tempDir();
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email\na@example.com,b@example.com\n');
  const result = await runImport({files: {referrals}});
  t.is(result.totalIssues, 0);
  t.true(result.files.referrals!.notes.some((note) => /not checked against users/.test(note)));
});

test('the error list is capped; the report has every issue', async (t) => {
  const dir = tempDir();
  const rows = ['Email'];
  for (let i = 0; i < 250; i++) rows.push(`broken-${i}`);
  const users = writeCsv(dir, 'users.csv', rows.join('\n'));
  const out = tempDir();
  const result = await runImport({files: {users}, reportDir: out, errorListLimit: 100});
  t.is(result.issues.length, 100);
  t.is(result.totalIssues, 250);
  t.is(result.issuesLeftOut, 150);
  const report = fs.readFileSync(result.reportPath!, 'utf8').trim().split('\n');
  t.is(report[0], 'file,row,line,column,code,severity,message,value');
  t.is(report.length, 251);
  t.true(report[250]!.startsWith('users,250,251,Email,INVALID_EMAIL,error,'));
  const summary = JSON.parse(fs.readFileSync(result.summaryPath!, 'utf8'));
  t.is(summary.invalid, 250);
  t.is(summary.byCode.INVALID_EMAIL, 250);
});

test('outputs are split at the per-file row limit, with Advocate headers in each part', async (t) => {
  const dir = tempDir();
  const rows = ['Email,First Name'];
  for (let i = 0; i < 25; i++) rows.push(`u${i}@example.com,N${i}`);
  const users = writeCsv(dir, 'users.csv', rows.join('\n'));
  const out = tempDir();
  const result = await runImport({files: {users}, outDir: out, maxRowsPerFile: 10, importTypes: ['users', 'deleteUsers'], deleteUsers: {preserveEmptyAccounts: true, doNotTrack: true}});
  const userParts = result.outputs.filter((o) => o.importType === 'users');
  t.deepEqual(userParts.map((o) => [path.basename(o.path), o.rows]), [['users-001.csv', 10], ['users-002.csv', 10], ['users-003.csv', 5]]);
  for (const part of userParts) t.true(fs.readFileSync(part.path, 'utf8').startsWith('id,accountId,email,firstName,'));
  const deletion = result.outputs.filter((o) => o.importType === 'deleteUsers');
  t.is(deletion[0]!.jobType, 'MUTATION/DELETE_USER');
  t.is(fs.readFileSync(deletion[0]!.path, 'utf8').split('\n')[1], 'u0@example.com,u0@example.com,true,true');
});

test('user events and reward balances are derived from conversions and redemptions', async (t) => {
  const dir = tempDir();
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email,Referred Date,Converted Date\na@example.com,b@example.com,2024-01-01T00:00:00Z,2024-01-03T00:00:00Z\na@example.com,c@example.com,2024-01-01T00:00:00Z,\n');
  const rewards = writeCsv(dir, 'rewards.csv', 'Advocate Email,Friend Email,Amount,Currency,Amount Redeemed,Date Redeemed\na@example.com,b@example.com,$10.00,USD,$4.00,2024-02-01T00:00:00Z\n');
  const out = tempDir();
  const result = await runImport({files: {referrals, rewards}, outDir: out, importTypes: ['userEvents', 'rewardBalances', 'referralHistory'], eventKey: 'purchase'});
  const events = fs.readFileSync(result.outputs.find((o) => o.importType === 'userEvents')!.path, 'utf8').trim().split('\n');
  t.deepEqual(events, ['accountId,userId,event.key,event.dateTriggered', `b@example.com,b@example.com,purchase,${Date.parse('2024-01-03T00:00:00Z')}`]);
  const balances = fs.readFileSync(result.outputs.find((o) => o.importType === 'rewardBalances')!.path, 'utf8').trim().split('\n');
  t.deepEqual(balances, ['accountId,userId,unit,valueToRedeem', 'a@example.com,a@example.com,CASH/USD,400']);
});

test('the demo export contains a deliberate mistake of every kind', async (t) => {
  const result = await runImport({files: {users: path.join(DEMO, 'users.csv'), referrals: path.join(DEMO, 'referrals.csv'), rewards: path.join(DEMO, 'rewards.csv')}, errorListLimit: 100_000});
  const expected: IssueCode[] = ['REQUIRED_VALUE_EMPTY', 'INVALID_DATE', 'NOT_AN_INTEGER', 'INVALID_UNIT', 'INVALID_EMAIL', 'INVALID_LOCALE', 'CUSTOM_FIELD_NAME', 'CUSTOM_FIELD_VALUE', 'DUPLICATE_ID', 'UNKNOWN_USER', 'SELF_REFERRAL', 'REWARD_BEFORE_REFERRAL', 'UNKNOWN_REFERRAL'];
  const found = codesOf(result);
  for (const code of expected) t.true(found.has(code), `demo data lacks ${code}`);
  t.true(result.files.users!.rowsRead >= 3000);
  t.true(result.files.referrals!.valid > 1000);
  t.true(result.files.rewards!.valid > 1000);
  t.false(result.hasStoppingErrors);
});

test('affiliates are filtered out by a rule', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email,Advocate Type\na@example.com,customer\nb@example.com,Affiliate\n');
  const result = await runImport({files: {users}, mappings: {users: {columns: {id: 'Email', accountId: 'Email', email: 'Email'}, customFields: {}, excludeRules: [{column: 'Advocate Type', pattern: '^affiliate$', reason: 'affiliate'}]}}});
  t.is(result.files.users!.valid, 1);
  t.is(result.files.users!.filtered, 1);
});
