// Issue 10 rule 7: a CSV meant for a person (errors.csv) defuses formula cells; the
// Advocate import files keep every value exact; the preview and `ferry referral
// validate` warn about formula-like values with a count and the first rows.
import fs from 'node:fs';
import test from 'ava';
import React from 'react';
import {parse as parseCsv} from 'csv-parse/sync';
import {referralCommand} from '../source/cli/referral.js';
import {runImport} from '../source/referral/engine.js';
import {tempDir, sink, writeCsv} from './referral-helpers.js';

const {render} = await import('ink-testing-library');
const {PreviewTable} = await import('../views/referral/PreviewTable.js');

const EVIL = ['=1+1', '@SUM(A1)', '+cmd|calc', '-2+3', '\tTAB', '\rCR'];
/** The ones conversion does not trim (leading white space is trimmed from every value, as before). */
const EXACT = EVIL.slice(0, 4);

/** Users whose first names are formulas, and whose locales are wrong (so each lands in errors.csv with its value). */
function evilUsers(dir: string): string {
  const lines = ['Email,First Name,Locale'];
  EVIL.forEach((value, i) => lines.push(`u${i}@example.com,"${value}",${value === '-2+3' ? 'en_US' : '"' + value + '"'}`));
  return writeCsv(dir, 'users.csv', lines.join('\n') + '\n');
}

test('errors.csv defuses every formula cell; Advocate CSV and JSONL keep the values exact', async (t) => {
  const dir = tempDir();
  const users = evilUsers(dir);
  const out = tempDir();
  const result = await runImport({files: {users}, outDir: out});
  const report = parseCsv(fs.readFileSync(result.reportPath!, 'utf8'), {columns: true}) as Array<Record<string, string>>;
  const values = report.filter((row) => row.code === 'INVALID_LOCALE').map((row) => row.value);
  t.is(values.length, 5);
  for (const value of values) t.is(value[0], "'", `${JSON.stringify(value)} starts with a quote mark`);
  t.true(values.includes("'=1+1") && values.includes("'@SUM(A1)") && values.includes("'+cmd|calc"));
  // Messages quote the value too ("…" is not a locale): no cell of the report may start a formula.
  for (const row of report) for (const cell of Object.values(row)) t.false(/^[=+\-@\t\r]/.test(cell), `report cell ${JSON.stringify(cell)}`);

  const advocate = parseCsv(fs.readFileSync(result.outputs[0]!.path, 'utf8'), {columns: true}) as Array<Record<string, string>>;
  t.deepEqual(advocate.map((row) => row.firstName), ['-2+3'], 'the one valid row keeps its name exactly');
  const jsonOut = tempDir();
  const everyone = writeCsv(dir, 'valid.csv', ['Email,First Name', ...EXACT.map((value, i) => `u${i}@example.com,"${value}"`)].join('\n') + '\n');
  const jsonl = await runImport({files: {users: everyone}, outDir: jsonOut, format: 'jsonl'});
  const names = fs.readFileSync(jsonl.outputs[0]!.path, 'utf8').trim().split('\n').map((line) => JSON.parse(line).firstName);
  t.deepEqual(names, EXACT, 'JSONL: exact');
  const csvOut = tempDir();
  const csv = await runImport({files: {users: everyone}, outDir: csvOut});
  t.deepEqual((parseCsv(fs.readFileSync(csv.outputs[0]!.path, 'utf8'), {columns: true}) as Array<Record<string, string>>).map((row) => row.firstName), EXACT, 'CSV: exact');
});

test('the validation result counts formula-like values and keeps the first rows; plain negative numbers do not count', async (t) => {
  const dir = tempDir();
  const lines = ['Email,First Name,customFields.balance'];
  for (let i = 0; i < 8; i++) lines.push(`u${i}@example.com,"=HYPERLINK(""http://x/${i}"")",-5.00`);
  const result = await runImport({files: {users: writeCsv(dir, 'users.csv', lines.join('\n') + '\n')}});
  const found = result.files.users!.formulaLike;
  t.is(found.count, 8);
  t.deepEqual(found.first.map((cell) => [cell.row, cell.line, cell.column]), [1, 2, 3, 4, 5].map((row) => [row, row + 1, 'First Name']));
  t.is(found.first[0]!.value, '=HYPERLINK("http://x/0")');
});

test('ferry referral validate prints the formula warning with a count and the first rows (and --json carries it)', async (t) => {
  const dir = tempDir();
  const users = writeCsv(dir, 'users.csv', 'Email,First Name\na@example.com,=1+1\nb@example.com,Bo\nc@example.com,@SUM(A1)\n');
  const stdout = sink();
  await referralCommand(['validate', '--users', users], {stdout, stderr: sink(), env: {}});
  t.regex(stdout.text(), /warning: 2 value\(s\) start like a spreadsheet formula/);
  t.regex(stdout.text(), /row 1 \(line 2\) \[First Name\]: "=1\+1"/);
  t.regex(stdout.text(), /row 3 \(line 4\) \[First Name\]: "@SUM\(A1\)"/);
  const json = sink();
  await referralCommand(['validate', '--users', users, '--json'], {stdout: json, stderr: sink(), env: {}});
  t.is(JSON.parse(json.text()).files[0].formulaLike.count, 2);
});

test('the preview shows the formula warning', (t) => {
  const view = render(
    <PreviewTable
      kind="users"
      kinds={['users']}
      columns={['id', 'firstName']}
      rows={[{row: 1, line: 2, cells: {id: 'a@example.com', firstName: '=1+1'}, issues: []}]}
      issues={[]}
      issuesLeftOut={0}
      formulaLike={{count: 3, first: [{row: 1, line: 2, column: 'First Name', value: '=1+1'}]}}
      width={160}
      onNav={() => {}}
      onSwitchFile={() => {}}
      onNext={() => {}}
      onBack={() => {}}
    />,
  );
  t.regex(view.lastFrame()!, /3 value\(s\) look like spreadsheet formulas/);
  t.regex(view.lastFrame()!, /row 1 \[First Name\] "=1\+1"/);
  view.unmount();
});
