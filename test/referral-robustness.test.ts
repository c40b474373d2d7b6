import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import {sniffFile} from '../source/referral/sniff.js';
import {FIXTURES, tempDir, writeCsv} from './referral-helpers.js';

const fixture = (name: string) => path.join(FIXTURES, name);

async function users(file: string) {
  const out = tempDir();
  const result = await runImport({files: {users: file}, outDir: out});
  const written = result.outputs[0] ? fs.readFileSync(result.outputs[0].path, 'utf8') : '';
  return {result, summary: result.files.users!, written};
}

for (const [name, encoding] of [
  ['bom-utf8.csv', 'utf-8'],
  ['utf16le.csv', 'utf-16le'],
  ['utf16be.csv', 'utf-16be'],
  ['tab.tsv', 'utf-8'],
] as const) {
  test(`${name} reads as ${encoding} with the right headers and values`, async (t) => {
    const sniff = await sniffFile(fixture(name));
    t.true(sniff.ok);
    if (!sniff.ok) return;
    t.is(sniff.sniffed.encoding, encoding);
    t.deepEqual(sniff.sniffed.headers, ['Email', 'First Name', 'Signup Date']);
    const {summary, written} = await users(fixture(name));
    t.is(summary.valid, 2);
    t.true(written.includes('bo@example.com,bo@example.com,bo@example.com,Bø,'), 'non-ASCII survives');
    t.false(written.includes('\ufeff'), 'no BOM in the first header');
  });
}

test('Windows-1252 with ; delimiters is detected and decoded', async (t) => {
  const sniff = await sniffFile(fixture('windows-1252.csv'));
  t.true(sniff.ok && sniff.sniffed.encoding === 'windows-1252' && sniff.sniffed.delimiter === ';');
  const {written} = await users(fixture('windows-1252.csv'));
  t.true(written.includes('René'));
  t.true(written.includes('Zoë €'));
});

test('invalid UTF-8 after the 64 KB sample switches to Windows-1252 with a note', async (t) => {
  const dir = tempDir();
  const lines = ['Email,First Name'];
  for (let i = 0; i < 3000; i++) lines.push(`user${i}@example.com,Name${i}`);
  const head = Buffer.from(lines.join('\n') + '\n', 'utf8');
  const tail = Buffer.from('late@example.com,Ren\xe9\n', 'latin1');
  const file = writeCsv(dir, 'late-cp1252.csv', Buffer.concat([head, tail]));
  const {summary, written} = await users(file);
  t.is(summary.valid, 3001);
  t.true(written.includes('René'));
  t.true(summary.notes.some((note) => /Windows-1252/.test(note)));
});

test('semicolon files with decimal commas keep their amounts', async (t) => {
  const sniff = await sniffFile(fixture('semicolon-decimal-comma.csv'));
  t.true(sniff.ok && sniff.sniffed.delimiter === ';');
  const out = tempDir();
  const result = await runImport({files: {rewards: fixture('semicolon-decimal-comma.csv')}, outDir: out, format: 'jsonl'});
  // No referrals file: rewards cannot be attached to a referral, so no file is written, but values convert.
  t.is(result.files.rewards!.invalid, 0);
  t.deepEqual(result.outputs, []);
  const preview: number[] = [];
  await runImport({files: {rewards: fixture('semicolon-decimal-comma.csv')}, onPreview: (_kind, rows) => rows.forEach((row) => preview.push(Number(row.cells.assignedCredit)))});
  t.deepEqual(preview, [1000, 123450]);
});

test('quoted newlines stay in the value and line numbers stay true', async (t) => {
  const dir = tempDir();
  const file = writeCsv(dir, 'q.csv', 'Email,customFields.notes\na@example.com,"one\ntwo\nthree"\nbad-email,x\n');
  const result = await runImport({files: {users: file}});
  t.is(result.issues[0]!.row, 2);
  t.is(result.issues[0]!.line, 5, 'the second record ends on physical line 5');
  const {written} = await users(fixture('quoted-newline.csv'));
  t.true(written.includes('"line one\nline two, with a comma"'));
});

test('ragged rows are read with a warning and do not stop the file', async (t) => {
  const {result, summary} = await users(fixture('ragged.csv'));
  t.is(summary.status, 'ok');
  t.is(summary.valid, 2);
  t.deepEqual(result.issues.map((i) => [i.row, i.code, i.severity]), [[1, 'RAGGED_ROW', 'warning'], [2, 'RAGGED_ROW', 'warning']]);
});

test('title lines above the header are skipped', async (t) => {
  const {summary} = await users(fixture('title-rows.csv'));
  t.is(summary.valid, 1);
  t.true(summary.notes.some((note) => /2 line\(s\) above it skipped/.test(note)));
});

const stops: Array<[string, string, RegExp]> = [
  ['empty.csv', 'MISSING_HEADER', /empty/],
  ['binary.png', 'FILE_IO_REF', /binary/],
  ['archive.zip', 'FILE_IO_REF', /ZIP/],
  ['missing-id.csv', 'MISSING_HEADER', /required field id/],
  ['unclosed-quote.csv', 'CSV_PARSE_ERROR', /near line 2 is never closed/],
  ['does-not-exist.csv', 'FILE_IO_REF', /does not exist/],
];
for (const [name, code, message] of stops) {
  test(`${name} stops its file with ${code} and a clear message`, async (t) => {
    const {result, summary} = await users(fixture(name));
    t.is(summary.status, 'stopped');
    t.is(summary.alert?.code, code as never);
    t.regex(summary.alert!.message, message);
    t.true(result.hasStoppingErrors);
    t.deepEqual(result.outputs, [], 'nothing importable is left behind');
  });
}

test('a header without rows is not an error but says so', async (t) => {
  const {summary} = await users(fixture('header-only.csv'));
  t.is(summary.status, 'ok');
  t.true(summary.notes.some((note) => /no data rows/.test(note)));
});

test('cell text is data: paths and shell syntax are written as values, nothing is run or opened', async (t) => {
  const dir = tempDir();
  const marker = path.join(dir, 'pwned');
  const file = writeCsv(dir, 'evil.csv', `Email,First Name,Image URL\na@example.com,"$(touch ${marker})",../../../../etc/passwd\n`);
  const {written} = await users(file);
  t.false(fs.existsSync(marker));
  t.true(written.includes(`$(touch ${marker})`));
  t.true(written.includes('../../../../etc/passwd'));
});
