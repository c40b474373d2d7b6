// The lock the Request Tracker tests share (test/helpers/file-lock.ts): one holder at a time across
// processes, and a holder that dies, even by SIGKILL, leaves no lock behind for anyone to take over.
import test from 'ava';
import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {holdFileLock} from './helpers/file-lock.js';

const lockFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'ferry-lock-')), 'lock');

test('a second holder waits until the first releases', async (t) => {
  const file = lockFile();
  const releaseFirst = await holdFileLock(file, 60_000);
  let second: (() => void) | undefined;
  const waiting = holdFileLock(file, 60_000).then((release) => (second = release));
  // However long the machine takes, the second is not granted while the first holds it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.is(second, undefined);
  releaseFirst();
  await waiting;
  t.truthy(second);
  second!();
});

test('a holder killed with SIGKILL leaves the lock free; nothing has to take it over', async (t) => {
  const file = lockFile();
  const helper = new URL('./helpers/file-lock.ts', import.meta.url).pathname;
  const holder = spawn(process.execPath, ['--import=tsx', '-e', `import(${JSON.stringify(helper)}).then(({holdFileLock}) => holdFileLock(${JSON.stringify(file)}, 60000)).then(() => { console.log('held'); setInterval(() => {}, 1000); })`], {stdio: ['ignore', 'pipe', 'inherit']});
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
  });
  let taken = false;
  const next = holdFileLock(file, 60_000).then((release) => ((taken = true), release));
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.false(taken, 'held by the other process');
  holder.kill('SIGKILL');
  const release = await next;
  t.true(taken);
  release();
});

test('a lock not free within the wait is refused with what happened', async (t) => {
  const file = lockFile();
  const release = await holdFileLock(file, 60_000);
  await t.throwsAsync(holdFileLock(file, 1000), {message: /was not taken within 1 s/});
  release();
});
