import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runImport} from '../source/referral/engine.js';
import {tempDir} from './referral-helpers.js';

const ROWS = 200_000;

async function bigUsersFile(dir: string): Promise<string> {
  const file = path.join(dir, 'big-users.csv');
  const out = fs.createWriteStream(file);
  let chunk = 'Email,First Name,Last Name,Signup Date,Locale,customFields.notes\n';
  for (let i = 0; i < ROWS; i++) {
    // Every 10,000th row is broken, so the error count is known; some values carry quoted newlines.
    const email = i % 10_000 === 9_999 ? `broken-${i}` : `user${i}@example.com`;
    chunk += `${email},First${i},"Last, ${i}",2024-01-01T00:00:00+00:00,en_US,${i % 1000 === 0 ? '"two\nlines"' : 'plain'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
  return file;
}

test.serial('a 200,000-row file streams in bounded memory, with the preview first and a live count', async (t) => {
  const dir = tempDir();
  const file = await bigUsersFile(dir);
  const size = fs.statSync(file).size;
  const out = tempDir();
  let previewAtRows: number | undefined;
  let rowsSeen = 0;
  const progressSeen: number[] = [];
  let peakHeap = 0;
  const baseline = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  const result = await runImport({
    files: {users: file},
    outDir: out,
    previewRows: 30,
    onPreview: (_kind, rows) => {
      previewAtRows ??= rowsSeen;
      t.is(rows.length, 30);
    },
    onProgress: (progress) => {
      rowsSeen = progress.rowsRead;
      progressSeen.push(progress.rowsRead);
    },
  });
  clearInterval(sampler);
  t.is(result.files.users!.rowsRead, ROWS);
  t.is(result.files.users!.invalid, ROWS / 10_000);
  t.is(result.files.users!.valid, ROWS - ROWS / 10_000);
  t.is(previewAtRows, 0, 'the first screenful arrives before the first progress tick');
  t.true(progressSeen.length >= ROWS / 5000, 'the count is updated as rows are read');
  t.true(progressSeen.every((value, index) => index === 0 || value >= progressSeen[index - 1]!));
  // The file is ~15 MB and the output larger; the heap must not grow with either.
  t.true(size > 12_000_000);
  t.true(peakHeap - baseline < 120 * 1024 * 1024, `heap grew by ${Math.round((peakHeap - baseline) / 1e6)} MB`);
  const broken = result.issues.find((issue) => issue.value === 'broken-9999');
  t.truthy(broken);
  // Quoted newlines before row 10,000: rows 1, 1001, … 9001 each add a line (10 of them), plus the header.
  t.is(broken!.line, 10_000 + 1 + 10);
  const written = fs.readFileSync(result.outputs[0]!.path, 'utf8');
  t.is(written.split('\n').filter((line) => line.startsWith('user')).length, ROWS - ROWS / 10_000);
});
