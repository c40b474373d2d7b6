// A lock shared by the test processes of this machine (the real Request Tracker is one for all of
// them): flock(1) on a file, held by a child process for as long as its holder wants it. The kernel
// releases it when the holder dies, however it dies, so nothing ever takes over a "stale" lock.
// (The directory lock this replaces did: a waiting process that had read the holder's pid just
// before that holder released and exited could remove the lock a third process had taken in the
// meantime, and two test files then used RT at once, one of them resetting it under the other.)
import {spawn} from 'node:child_process';

/** Takes the lock on `file`, waiting up to `waitMs`; resolves with its release. */
export async function holdFileLock(file: string, waitMs: number): Promise<() => void> {
  const child = spawn('flock', ['--wait', String(Math.max(1, Math.ceil(waitMs / 1000))), file, '-c', 'echo locked; exec cat'], {stdio: ['pipe', 'pipe', 'ignore']});
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locked')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the lock ${file} was not taken within ${Math.round(waitMs / 1000)} s (flock exited ${code})`)));
  });
  // Held while this process lives, without keeping it alive: its end of the pipe closes when it exits.
  child.unref();
  for (const stream of [child.stdin, child.stdout] as Array<{unref?: () => void}>) stream.unref?.();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    child.stdin.end();
    child.kill();
  };
}
