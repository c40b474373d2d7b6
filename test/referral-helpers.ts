// Shared by the referral tests: temporary folders and small CSV files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo-data/referral/fixtures');
export const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo-data/referral');

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, {recursive: true, force: true});
});

/** A temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'ferry-referral-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function writeCsv(dir: string, name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Collects a writable stream's output (for the CLI). */
export function sink(): NodeJS.WritableStream & {text(): string} {
  const chunks: string[] = [];
  const stream = {
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    text: () => chunks.join(''),
  };
  return stream as unknown as NodeJS.WritableStream & {text(): string};
}
