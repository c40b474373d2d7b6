// Buffered, back-pressure-aware writers: Advocate-ready CSV/JSONL split at the
// per-file row limit, and the full error report. Rows are written as they are
// validated, so memory does not grow with the file.
import fs from 'node:fs';
import path from 'node:path';

export type OutputFormat = 'csv' | 'jsonl';

const BUFFER_BYTES = 256 * 1024;

/**
 * Text is encoded straight into a 256 KB buffer (no joining of many small strings),
 * which is handed to the stream when full; the caller awaits only then.
 */
export class BufferedFile {
  private readonly stream: fs.WriteStream;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private failure: Error | undefined;

  constructor(readonly filePath: string) {
    fs.mkdirSync(path.dirname(filePath), {recursive: true});
    this.stream = fs.createWriteStream(filePath, {highWaterMark: 1024 * 1024});
    this.stream.on('error', (error) => (this.failure = error));
  }

  /** Returns a promise only when the buffer was handed to a full stream (await it then). */
  write(text: string): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    // Worst case three bytes per UTF-16 unit.
    if (text.length * 3 > BUFFER_BYTES - this.used) {
      const pending = this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        const direct = this.stream.write(text);
        return direct ? pending : Promise.all([pending, new Promise<void>((resolve) => this.stream.once('drain', resolve))]).then(() => undefined);
      }
      this.used += this.buffer.write(text, this.used);
      return pending;
    }
    this.used += this.buffer.write(text, this.used);
    return undefined;
  }

  /** A 9-byte binary record: tag byte and a 64-bit fingerprint (keys.bin). */
  writeFingerprint(tag: number, h1: number, h2: number): Promise<void> | undefined {
    const pending = BUFFER_BYTES - this.used < 9 ? this.flush() : undefined;
    this.buffer[this.used] = tag;
    this.buffer.writeUInt32LE(h1, this.used + 1);
    this.buffer.writeUInt32LE(h2, this.used + 5);
    this.used += 9;
    return pending;
  }

  private flush(): Promise<void> | undefined {
    if (!this.used) return undefined;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.used = 0;
    if (this.stream.write(full)) return undefined;
    return new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line; appends to a flat string rather than building per-cell arrays (hot path). */
export function csvLine(values: unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i) line += ',';
    const value = values[i];
    if (value === undefined || value === null) continue;
    if (typeof value === 'number') line += value;
    else if (typeof value === 'string') line += NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    else line += csvCell(value);
  }
  return line + '\n';
}

/** One import type's output: `<name>-001.csv`, `<name>-002.csv` … each at most `maxRows` rows. */
export class SplitWriter {
  private file: BufferedFile | undefined;
  private rowsInFile = 0;
  private part = 0;
  readonly files: string[] = [];
  readonly rowsPerFile: number[] = [];
  rows = 0;

  constructor(
    private readonly dir: string,
    readonly name: string,
    readonly format: OutputFormat,
    private readonly headers: string[],
    private readonly maxRows: number,
  ) {}

  /** Returns a promise only when a new part is opened or the buffer flushes. */
  write<R>(shape: {csv: (row: R) => unknown[]; json: (row: R) => unknown}, row: R): Promise<void> | undefined {
    if (!this.file || this.rowsInFile >= this.maxRows) return this.nextFile().then(() => this.write(shape, row));
    const pending = this.file.write(this.format === 'csv' ? csvLine(shape.csv(row)) : JSON.stringify(shape.json(row)) + '\n');
    this.rowsInFile++;
    this.rowsPerFile[this.part - 1] = this.rowsInFile;
    this.rows++;
    return pending;
  }

  private async nextFile() {
    await this.file?.close();
    this.part++;
    const filePath = path.join(this.dir, `${this.name}-${String(this.part).padStart(3, '0')}.${this.format}`);
    this.file = new BufferedFile(filePath);
    this.files.push(filePath);
    this.rowsInFile = 0;
    if (this.format === 'csv') await this.file.write(csvLine(this.headers));
  }

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  /** Removes what was written (a file that hit a stopping error must not look importable). */
  async discard(): Promise<void> {
    await this.close();
    for (const file of this.files) fs.rmSync(file, {force: true});
    this.files.length = 0;
    this.rowsPerFile.length = 0;
    this.rows = 0;
  }
}
