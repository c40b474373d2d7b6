// Mapped columns the conversion drops (one rule for the run and the screens), and
// advice in the words of where it is read (console steps or CLI flags).
import fs from 'node:fs';
import test from 'ava';
import {droppedColumns, summariseDropped} from '../source/referral/dropped.js';
import {ADVICE, advise} from '../source/referral/advice.js';
import {runImport} from '../source/referral/engine.js';
import {createReferralActions} from '../source/referral/actions.js';
import {toEpochMs} from '../source/referral/convert.js';
import {sniffFile} from '../source/referral/sniff.js';
import {findPreset, presetNote, PRESETS, type FileMapping} from '../source/referral/mapping.js';
import {nextBadRow, previewNav} from '../views/referral/preview-nav.js';
import type {PreviewRow} from '../source/referral/engine.js';
import {tempDir, writeCsv} from './referral-helpers.js';

const mapping = (customFields: Record<string, string>): FileMapping => ({columns: {id: 'Email', accountId: 'Email', email: 'Email'}, customFields, excludeRules: []});

test('droppedColumns: a bad custom field name and custom fields past 100 are left out; a missing header is not a drop', (t) => {
  const headers = ['Email', 'Tier', 'Loyalty Tier', ...Array.from({length: 101}, (_, i) => `c${i}`)];
  const many = Object.fromEntries(Array.from({length: 101}, (_, i) => [`c${i}`, `c${i}`]));
  const dropped = droppedColumns(headers, mapping({'loyalty tier': 'Loyalty Tier', tier: 'Tier', gone: 'Not There', ...many}));
  t.deepEqual(
    dropped.map((drop) => [drop.field, drop.column]),
    [
      ['customFields.loyalty tier', 'Loyalty Tier'],
      ['customFields.c99', 'c99'], // tier and c0..c98 are the first 100 good ones
      ['customFields.c100', 'c100'],
    ],
  );
  t.regex(dropped[0]!.message, /must be 1-64 letters, digits or _; the column is left out/);
  t.regex(dropped[1]!.message, /over Advocate's 100 custom fields/);
  t.deepEqual(droppedColumns(['Email', 'Tier'], mapping({tier: 'Tier'})), []);
  // The screens show one line per reason, however many columns share it.
  const wide = Array.from({length: 5000}, (_, i) => `c${i}`);
  const lines = summariseDropped(droppedColumns(wide, mapping(Object.fromEntries(wide.map((h) => [h, h])))), 2);
  t.deepEqual(lines, ['customFields.c100 ← "c100", customFields.c101 ← "c101", … and 4,898 more: over Advocate\'s 100 custom fields']);
});

test('the run reports exactly the columns droppedColumns names, with its message, and writes none of them', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email,Tier,Loyalty Tier\nana@example.com,gold,2\n');
  const map = mapping({tier: 'Tier', 'loyalty tier': 'Loyalty Tier'});
  const expected = droppedColumns(['Email', 'Tier', 'Loyalty Tier'], map);
  const out = tempDir();
  const result = await runImport({files: {users}, mappings: {users: map}, outDir: out});
  const reported = result.issues.filter((issue) => issue.code === 'CUSTOM_FIELD_NAME');
  t.deepEqual(
    reported.map((issue) => [issue.column, issue.message]),
    expected.map((drop) => [drop.column, drop.message]),
  );
  t.is(result.files.users!.valid, 1, 'the row itself still goes');
  const written = fs.readFileSync(result.outputs[0]!.path, 'utf8');
  t.regex(written, /customFields\.tier/);
  t.notRegex(written, /loyalty/i);
});

test('advice: one table, each entry in both forms; the CLI names flags, the console its steps', (t) => {
  for (const [id, forms] of Object.entries(ADVICE)) {
    t.truthy(forms.cli && forms.console, id);
    t.notRegex(forms.console, /(^|\s)--[a-z]/, `${id}: no CLI flag in the console's form`);
  }
  t.regex(advise('dateFormat', 'cli'), /--date-format/);
  const mentionMe = findPreset('mention-me')!;
  t.regex(presetNote(mentionMe, 'cli'), /day-first.*--date-format.*--time-zone/);
  t.regex(presetNote(mentionMe, 'console'), /day-first.*"Date format" on the Files step.*"Time zone"/);
  t.notRegex(presetNote(mentionMe, 'console'), /--/);
  t.regex(advise('dateFormat', 'console'), /"Date format" on the Files step/);
  const cli = toEpochMs('03/04/2024');
  const console = toEpochMs('03/04/2024', {audience: 'console'});
  t.regex((cli as {reason: string}).reason, /--date-format/);
  t.regex((console as {reason: string}).reason, /"Date format" on the Files step/);
  t.notRegex((console as {reason: string}).reason, /--/);
});

test('advice reaches the console through the actions (row reasons and file notes), and the CLI through runImport', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email;Created\nana@example.com;03/04/2024\n');
  const oneColumn = writeCsv(dir, 'one.csv', 'Email Created\nana@example.com 2024\n');
  const actions = createReferralActions({outDir: tempDir()});
  const request = {files: {users}, importTypes: ['users' as const], mappings: {}, deleteOptions: {preserveEmptyAccounts: true, doNotTrack: false}};
  const viaConsole = await actions.validate(request, {});
  const viaCli = await runImport({files: {users}});
  const message = (result: typeof viaCli) => result.issues.find((issue) => issue.code === 'INVALID_DATE')?.message ?? '';
  t.regex(message(viaConsole), /Date format/);
  t.notRegex(message(viaConsole), /--date-format/);
  t.regex(message(viaCli), /--date-format/);
  const sniffed = await sniffFile(oneColumn, {audience: 'console'});
  t.true(sniffed.ok && sniffed.sniffed.notes.some((note) => /"Delimiter" on the Files step/.test(note)));
  const inspected = await actions.inspect('users', oneColumn);
  t.true(inspected.ok && inspected.notes.some((note) => /"Delimiter" on the Files step/.test(note)));
  // The console's read options reach the run: the same date parses with its pattern.
  const withPattern = await actions.validate({...request, conversion: {dateFormat: 'DD/MM/YYYY'}}, {});
  t.is(message(withPattern), '');
});

const row = (n: number, bad: boolean): PreviewRow => ({row: n, line: n + 1, cells: {}, issues: bad ? [{file: 'users', row: n, line: n + 1, column: 'c', code: 'INVALID_EMAIL', severity: 'error', message: 'x', value: ''}] : []});

test('preview n/N: the next and previous red row, from the shared list reducer', (t) => {
  const rows = [row(1, false), row(2, true), row(3, false), row(4, false), row(5, true)];
  t.is(nextBadRow(rows, 0, 1), 1);
  t.is(nextBadRow(rows, 1, 1), 4);
  t.is(nextBadRow(rows, 4, 1), undefined);
  t.is(nextBadRow(rows, 4, -1), 1);
  let nav = previewNav(undefined, rows, 2, {type: 'bad', by: 1});
  nav = previewNav(nav, rows, 2, {type: 'bad', by: 1});
  t.is(nav.cursor, 4);
  t.is(nav.top, 3, 'the window follows the row');
  t.is(previewNav(nav, rows, 2, {type: 'home'}).cursor, 0);
  t.is(previewNav(undefined, rows, 2, {type: 'end'}).cursor, 4);
});
