// Issue 10 rule 8: only regular files are read (anything else is refused by what it
// is, before it is opened), messages say what is really wrong, long lists are summarised.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import {sniffFile} from '../source/referral/sniff.js';
import {tempDir, writeCsv} from './referral-helpers.js';

/** Long enough for a 16 MB line on a machine at load 30 (5 s was not): only a read that blocks takes it. */
const HANG_BOUND_MS = 5 * 60_000;

/** Fails the test instead of hanging it when a read blocks (a FIFO opened for reading waits for a writer). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms: it blocked`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopped(file: string) {
  const result = await within(HANG_BOUND_MS, runImport({files: {users: file}}));
  return result.files.users!;
}

test('a folder is refused by name', async (t) => {
  const summary = await stopped(tempDir());
  t.is(summary.alert?.code, 'FILE_IO_REF');
  t.regex(summary.alert!.message, /is a folder, not a file/);
});

test('a named pipe is refused by name, without opening it (which would block)', async (t) => {
  const fifo = path.join(tempDir(), 'export.csv');
  execFileSync('mkfifo', [fifo]);
  const summary = await stopped(fifo);
  t.is(summary.alert?.code, 'FILE_IO_REF');
  t.regex(summary.alert!.message, /named pipe \(FIFO\), not a file/);
  const inspected = await within(HANG_BOUND_MS, sniffFile(fifo));
  t.false(inspected.ok);
});

test('a symlink to /dev/zero is a character device, not "empty"', async (t) => {
  const link = path.join(tempDir(), 'users.csv');
  fs.symlinkSync('/dev/zero', link);
  const summary = await stopped(link);
  t.is(summary.alert?.code, 'FILE_IO_REF');
  t.regex(summary.alert!.message, /is a link to a character device/);
  t.notRegex(summary.alert!.message, /empty/);
});

test('a socket is refused by name', async (t) => {
  const socketPath = path.join(tempDir(), 'users.csv');
  const server = net.createServer().listen(socketPath);
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => server.close());
  const summary = await stopped(socketPath);
  t.regex(summary.alert!.message, /is a socket, not a file/);
});

test('a symlink to a regular file is read as the file', async (t) => {
  const dir = tempDir();
  const real = writeCsv(dir, 'real.csv', 'Email,First Name\nana@example.com,Ana\n');
  const link = path.join(dir, 'link.csv');
  fs.symlinkSync(real, link);
  const result = await runImport({files: {users: link}});
  t.is(result.files.users!.status, 'ok');
  t.is(result.files.users!.valid, 1);
});

test('a 2 MB cell fails its row, not the file; the rows around it are read', async (t) => {
  const file = writeCsv(tempDir(), 'users.csv', `Email,First Name\nana@example.com,Ana\nbo@example.com,${'x'.repeat(2_000_000)}\ncy@example.com,"${'y'.repeat(2_000_000)}"\ndee@example.com,Dee\n`);
  const result = await runImport({files: {users: file}});
  const summary = result.files.users!;
  t.is(summary.status, 'ok');
  t.is(summary.valid, 2);
  t.is(summary.invalid, 2);
  t.deepEqual(result.issues.map((issue) => [issue.row, issue.column, issue.code]), [[2, 'First Name', 'VALUE_TOO_LONG'], [3, 'First Name', 'VALUE_TOO_LONG']]);
  t.regex(result.issues[0]!.message, /2,000,000 characters long; ferry reads cells of at most 1,000,000: this row is left out/);
});

test('a line longer than 16,000,000 characters without a quote still stops the file by name', async (t) => {
  const file = writeCsv(tempDir(), 'users.csv', `Email,First Name\nana@example.com,Ana\nbo@example.com,${'x'.repeat(16_500_000)}\n`);
  const summary = await stopped(file);
  t.is(summary.alert?.code, 'CSV_PARSE_ERROR');
  t.regex(summary.alert!.message, /has a cell longer than 16,000,000 characters \(no quote is open\)/);
  t.notRegex(summary.alert!.message, /unclosed quote/);
});

test('a quote opened and never closed is still called an unclosed quote', async (t) => {
  const file = writeCsv(tempDir(), 'users.csv', `Email,First Name\nana@example.com,"Ana\n${'bo@example.com,Bo\n'.repeat(120_000)}`);
  const summary = await stopped(file);
  t.is(summary.alert?.code, 'CSV_PARSE_ERROR');
  t.regex(summary.alert!.message, /unclosed quote|never closed/);
  t.regex(summary.alert!.message, /line 2\b/);
});

test('one NUL byte is an error on its row, not a binary file; the other rows are read', async (t) => {
  const dir = tempDir();
  const rows = ['Email,First Name'];
  for (let i = 0; i < 50; i++) rows.push(`user${i}@example.com,Name${i}`);
  rows[20] = 'user19@example.com,Na\0me19';
  const result = await runImport({files: {users: writeCsv(dir, 'users.csv', rows.join('\n') + '\n')}});
  const summary = result.files.users!;
  t.is(summary.status, 'ok');
  t.is(summary.valid, 49);
  t.is(summary.invalid, 1);
  const nul = result.issues.find((issue) => issue.code === 'INVALID_CHARACTER');
  t.is(nul?.row, 20);
  t.is(nul?.column, 'First Name');
  t.regex(nul!.message, /NUL byte/);
});

test('a NUL after the first chunk is found too (rows of later chunks are checked)', async (t) => {
  const rows = ['Email,First Name'];
  for (let i = 0; i < 5000; i++) rows.push(`user${i}@example.com,Name${i}`);
  rows[4990] = 'user4989@example.com,\0'; // data row 4990
  const result = await runImport({files: {users: writeCsv(tempDir(), 'users.csv', rows.join('\n') + '\n')}});
  t.deepEqual(result.issues.map((issue) => [issue.row, issue.code]), [[4990, 'INVALID_CHARACTER']]);
});

test('a file that is mostly binary is still refused as binary', async (t) => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 7 === 0 ? 0 : 65 + (i % 26);
  const summary = await stopped(writeCsv(tempDir(), 'users.csv', bytes));
  t.is(summary.alert?.code, 'FILE_IO_REF');
  t.regex(summary.alert!.message, /binary/);
});

test('a 20,000-column header is called too wide, not "no content"', async (t) => {
  const header = Array.from({length: 20_000}, (_, i) => `column${i}`).join(',');
  const summary = await stopped(writeCsv(tempDir(), 'users.csv', `${header}\n${'x,'.repeat(19_999)}x\n`));
  t.regex(summary.alert!.message, /header is too wide/);
  t.notRegex(summary.alert!.message, /no content/);
});

test('a header with more columns than ferry reads (all in the first 64 KB) is called too wide', async (t) => {
  const header = Array.from({length: 12_000}, (_, i) => String.fromCharCode(97 + (i % 26))).join(',');
  const summary = await stopped(writeCsv(tempDir(), 'users.csv', `${header}\n`));
  t.regex(summary.alert!.message, /header is too wide: 12,000 columns/);
});

test('a 5,000-column header is summarised in the alert, never listed whole', async (t) => {
  const header = Array.from({length: 5000}, (_, i) => `c${i}`).join(',');
  const summary = await stopped(writeCsv(tempDir(), 'users.csv', `${header}\n${'1,'.repeat(4999)}1\n`));
  t.is(summary.alert?.code, 'MISSING_HEADER');
  t.regex(summary.alert!.message, /Headers found: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, … and 4,990 more\./);
  t.false(summary.alert!.message.includes('c10,'));
  t.true(summary.alert!.message.length < 400, `${summary.alert!.message.length} characters`);
});
