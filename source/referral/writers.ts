// Buffered, back-pressure-aware writers: Advocate-ready CSV/JSONL split at the
// per-file row limit, and the full error report. Rows are written as they are
// validated, so memory does not grow with the file.
import fs from 'node:fs';
import path from 'node:path';

export type OutputFormat = 'csv' | 'jsonl';

/** Text is gathered into one string of about this many characters, then handed to the stream in one write. */
const CHUNK_CHARS = 256 * 1024;
const BINARY_BYTES = 64 * 1024;

/**
 * Rows are appended to one pending string (cheap: V8 joins them lazily) and handed
 * to the stream, encoded once, when it is large; the caller awaits only when the
 * stream is full (backpressure). A file holds either text or binary records.
 */
export class BufferedFile {
  private readonly stream: fs.WriteStream;
  private pending = '';
  private binary: Buffer | undefined;
  private used = 0;
  private failure: Error | undefined;

  constructor(readonly filePath: string) {
    fs.mkdirSync(path.dirname(filePath), {recursive: true});
    this.stream = fs.createWriteStream(filePath, {highWaterMark: 1024 * 1024});
    this.stream.on('error', (error) => (this.failure = error));
  }

  /** Returns a promise only when the text was handed to a full stream (await it then). */
  write(text: string): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.pending += text;
    return this.pending.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** A 9-byte binary record: tag byte and a 64-bit fingerprint (keys.bin). */
  writeFingerprint(tag: number, h1: number, h2: number): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    const pending = this.pending || BINARY_BYTES - this.used < 9 ? this.flush() : undefined;
    const buffer = (this.binary ??= Buffer.allocUnsafe(BINARY_BYTES));
    buffer[this.used] = tag;
    buffer.writeUInt32LE(h1, this.used + 1);
    buffer.writeUInt32LE(h2, this.used + 5);
    this.used += 9;
    return pending;
  }

  private flush(): Promise<void> | undefined {
    let room = true;
    if (this.pending) {
      room = this.stream.write(this.pending);
      this.pending = '';
    }
    if (this.used) {
      room = this.stream.write(this.binary!.subarray(0, this.used)) && room;
      this.binary = undefined; // the stream still holds the old one
      this.used = 0;
    }
    return room ? undefined : new Promise<void>((resolve) => this.stream.once('drain', resolve));
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
