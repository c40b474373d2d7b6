import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import {autoMap, findPreset, PRESETS} from '../source/referral/mapping.js';
import {FIXTURES, tempDir, writeCsv} from './referral-helpers.js';

const fixture = (name: string) => path.join(FIXTURES, name);

test('there are presets for Friendbuy, Mention Me and Extole', (t) => {
  t.deepEqual(PRESETS.map((p) => p.name).sort(), ['extole', 'friendbuy', 'mention-me']);
  t.is(findPreset('Mention Me')?.name, 'mention-me');
  t.is(findPreset('unknown'), undefined);
});

test('automatic mapping matches names and aliases, email doubling as ids', (t) => {
  const mapping = autoMap('users', ['E-mail', 'First name', 'Surname', 'Created At', 'Language', 'customFields.tier']);
  t.deepEqual(mapping.columns, {id: 'E-mail', accountId: 'E-mail', email: 'E-mail', firstName: 'First name', lastName: 'Surname', dateCreated: 'Created At', locale: 'Language'});
  t.deepEqual(mapping.customFields, {tier: 'customFields.tier'});
  const referrals = autoMap('referrals', ['Referring User - User ID', 'Referred User - User ID']);
  t.is(referrals.columns['referrerUser.accountId'], 'Referring User - User ID');
  t.is(referrals.columns['referredUser.id'], 'Referred User - User ID');
});

test('Friendbuy rewards report: major-unit amounts, only distributed rewards', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Customer Email,Customer ID\nana@example.com,C1\nbo@example.com,C2\n');
  const referrals = writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email,Date\nana@example.com,bo@example.com,2024-01-09T12:00:00-05:00\n');
  const out = tempDir();
  const result = await runImport({files: {users, referrals, rewards: fixture('friendbuy-rewards.csv')}, preset: 'friendbuy', outDir: out, format: 'jsonl'});
  t.is(result.totalIssues, 0);
  t.is(result.files.rewards!.filtered, 1, 'the Rejected reward is left out');
  const reward = JSON.parse(fs.readFileSync(result.outputs.find((o) => o.importType === 'rewardHistory')!.path, 'utf8').trim());
  t.is(reward.rewards[0].assignedCredit, 1000);
  t.is(reward.rewards[0].unit, 'CASH/USD');
  t.is(reward.rewards[0].name, 'Account Credit');
  t.is(reward.rewards[0].dateGiven, Date.parse('2024-01-10T17:00:00Z'));
  const user = JSON.parse(fs.readFileSync(result.outputs.find((o) => o.importType === 'users')!.path, 'utf8').split('\n')[0]!);
  t.deepEqual(user.customFields, {friendbuyCustomerId: 'C1'});
});

test('Mention Me CRM feed: day-first London dates, referrer from "Referred By"', async (t) => {
  const dir = tempDir();
  const out = tempDir();
  const feed = fixture('mention-me-crm.csv');
  const users = writeCsv(dir, 'customers.csv', 'Customer Firstname,Customer Surname,Customer Email,Merchant Customer ID,Customer Recognised Date,Opted In To Marketing Email\nAna,Ames,ana@example.com,M1,02/01/2024 09:00,0\nBo,Ng,bo@example.com,M2,05/07/2024 09:30,1\n');
  const result = await runImport({files: {users, referrals: feed}, preset: 'mention-me', outDir: out, format: 'jsonl', importTypes: ['users', 'referralHistory']});
  t.is(result.totalIssues, 0);
  const referral = JSON.parse(fs.readFileSync(result.outputs.find((o) => o.importType === 'referralHistory')!.path, 'utf8').trim());
  t.deepEqual(referral.referrerUser, {id: 'ana@example.com', accountId: 'ana@example.com'});
  t.deepEqual(referral.referredUser, {id: 'bo@example.com', accountId: 'bo@example.com'});
  t.is(referral.dateReferralStarted, Date.parse('2024-01-04T18:00:00Z'), 'January: London is UTC');
  t.is(referral.dateConverted, Date.parse('2024-01-11T10:00:00Z'));
  const [ana, bo] = fs.readFileSync(result.outputs.find((o) => o.importType === 'users')!.path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  t.is(ana.dateCreated, Date.parse('2024-01-02T09:00:00Z'));
  t.is(bo.dateCreated, Date.parse('2024-07-05T08:30:00Z'), 'July: London is UTC+1');
  t.is(bo.lastName, 'Ng');
  t.deepEqual(bo.customFields, {merchantCustomerId: 'M2', optedInToMarketingEmail: '1'});
});

test('Extole advocates report: affiliates filtered out, person ids kept as custom fields', async (t) => {
  const out = tempDir();
  const result = await runImport({files: {users: fixture('extole-advocates.csv')}, preset: 'extole', outDir: out, format: 'jsonl'});
  t.is(result.files.users!.valid, 1);
  t.is(result.files.users!.filtered, 1);
  const user = JSON.parse(fs.readFileSync(result.outputs[0]!.path, 'utf8').trim());
  t.is(user.id, 'ana@example.com');
  t.is(user.imageUrl, 'https://img.example.com/a.png');
  t.deepEqual(user.customFields, {extolePersonId: 'P1', partnerUserId: 'U1'});
});

test('a mapping file overrides the automatic mapping', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Member No,Mail\nM1,a@example.com\n');
  const out = tempDir();
  const result = await runImport({files: {users}, mappingFile: {users: {columns: {id: 'Member No', accountId: 'Member No'}}}, outDir: out});
  const lines = fs.readFileSync(result.outputs[0]!.path, 'utf8').split('\n');
  t.true(lines[1]!.startsWith('M1,M1,'));
});
