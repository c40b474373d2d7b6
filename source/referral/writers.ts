// Buffered, back-pressure-aware writers: Advocate-ready CSV/JSONL split at the
// per-file row limit, and the full error report. Rows are written as they are
// validated, so memory does not grow with the file.
import fs from 'node:fs';
import path from 'node:path';

export type OutputFormat = 'csv' | 'jsonl';

const BUFFER_BYTES = 256 * 1024;
type Utf8Buffer = Buffer & {utf8Write(text: string, offset: number): number};

/**
 * Text is encoded straight into a 256 KB buffer, which is handed to the stream when
 * full; the caller awaits only when the stream is full too (backpressure). Encoding
 * row by row into the buffer is cheaper than joining rows into one big string first:
 * that string is a deep tree V8 must flatten before encoding it.
 */
export class BufferedFile {
  private readonly stream: fs.WriteStream;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES) as Utf8Buffer;
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
      this.used += this.buffer.utf8Write(text, this.used);
      return pending;
    }
    // utf8Write directly: Buffer#write's argument handling cost more than the copy.
    this.used += this.buffer.utf8Write(text, this.used);
    return undefined;
  }

  /**
   * One CSV line, the same text as csvLine(values), encoded straight into the buffer:
   * plain ASCII cells are copied a character at a time and integers written digit by
   * digit, so a row makes no intermediate strings. Cells needing quotes or holding
   * non-ASCII text take csvCell and utf8Write.
   */
  writeCsvRow(values: ArrayLike<unknown>): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    let pending: Promise<void> | undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const text = value === undefined || value === null ? '' : typeof value === 'number' && Number.isSafeInteger(value) ? undefined : typeof value === 'string' ? value : String(value);
      // Room for the cell at its worst: every character doubled and quoted, 3 bytes each; a comma; a newline.
      const worst = text === undefined ? 24 : text.length * 6 + 8;
      if (worst > BUFFER_BYTES - this.used) {
        const flushed = this.flush();
        if (flushed) pending = pending ? pending.then(() => flushed) : flushed;
        if (worst > BUFFER_BYTES) {
          // A giant cell goes to the stream as it is, after what the buffer held.
          const room = this.stream.write((i ? ',' : '') + csvCell(text));
          if (!room) {
            const drained = new Promise<void>((resolve) => this.stream.once('drain', resolve));
            pending = pending ? pending.then(() => drained) : drained;
          }
          continue;
        }
      }
      const buffer = this.buffer;
      if (i) buffer[this.used++] = 44; // ,
      if (text === undefined) this.used = writeInteger(buffer, this.used, value as number);
      else if (text.length) this.used = writePlainCell(buffer, this.used, text);
    }
    if (this.used >= BUFFER_BYTES) {
      const flushed = this.flush();
      if (flushed) pending = pending ? pending.then(() => flushed) : flushed;
    }
    this.buffer[this.used++] = 10; // \n
    return pending;
  }

  /**
   * Makes room for a row of at most `bytes` bytes, written next with ascii/utf8/json/tsv.
   * Returns a promise only when a full stream must drain; callers check fits() first.
   */
  room(bytes: number): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    return bytes > BUFFER_BYTES - this.used ? this.flush() : undefined;
  }

  /** Whether a row of `bytes` bytes at most can be written through room() (else: write() its text). */
  static fits(bytes: number): boolean {
    return bytes <= BUFFER_BYTES;
  }

  /** ASCII text that needs no escaping: JSON punctuation and member names. */
  ascii(text: string): void {
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.used = at;
  }

  /** Any text, UTF-8 encoded as it is (at most 3 bytes a UTF-16 unit). */
  utf8(text: string): void {
    this.used += this.buffer.utf8Write(text, this.used);
  }

  /** What JSON.stringify writes for a scalar cell value (jsonWorst bytes at most); nothing for undefined. */
  json(value: unknown): void {
    if (value === undefined) return;
    if (typeof value === 'string') {
      const buffer = this.buffer;
      let at = this.used;
      buffer[at++] = 34; // "
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        // Escapes, quotes, backslashes and non-ASCII (lone surrogates included) go the general way.
        if (code < 32 || code > 126 || code === 34 || code === 92) return this.utf8(JSON.stringify(value));
        buffer[at++] = code;
      }
      buffer[at++] = 34;
      this.used = at;
    } else if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) this.used = writeInteger(this.buffer, this.used, value);
      else this.ascii(Number.isFinite(value) ? numberText(value) : 'null');
    } else this.utf8(JSON.stringify(value));
  }

  /** A keys.txt cell: the value's text with tabs and line breaks as spaces (tsvWorst bytes at most). */
  tsv(value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.used = writeInteger(this.buffer, this.used, value);
      return;
    }
    const text = typeof value === 'string' ? value : String(value);
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || code === 9 || code === 10 || code === 13) return this.utf8(text.replace(/[\t\n\r]/g, ' '));
      buffer[at++] = code;
    }
    this.used = at;
  }

  /** A 9-byte binary record: tag byte and a 64-bit fingerprint (keys.bin). */
  writeFingerprint(tag: number, h1: number, h2: number): Promise<void> | undefined {
    if (this.failure) throw this.failure;
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
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES) as Utf8Buffer; // the stream still holds the old one
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

/** The most bytes json(value) writes: \uXXXX for every unit of a string at worst. Objects are not cells: they take the string path. */
export function jsonWorst(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return value.length * 6 + 2;
  return typeof value === 'object' && value !== null ? Infinity : 32;
}

/** The most bytes tsv(value) writes. */
export function tsvWorst(value: unknown): number {
  return typeof value === 'string' ? value.length * 3 : value === undefined || value === null ? 0 : 32;
}

const NEEDS_QUOTES = /[",\r\n]/;
const ZEROS = ['', '0000000', '000000', '00000', '0000', '000', '00', '0', ''];

/**
 * String(value), quicker for epoch milliseconds: a 13-digit number is not a small
 * integer, and converting it costs several times more than two small ones.
 */
export function numberText(value: number): string {
  if (value >= 1e9 && value < 1e15 && Number.isInteger(value)) {
    const high = Math.floor(value / 1e8);
    const low = value - high * 1e8;
    if (low >= 0 && low < 1e8) {
      const tail = String(low);
      return String(high) + ZEROS[tail.length]! + tail;
    }
  }
  return String(value);
}

/** A cell copied byte for byte when it is ASCII needing no quotes; else csvCell's text, UTF-8 encoded. */
function writePlainCell(buffer: Utf8Buffer, at: number, text: string): number {
  let end = at;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || code === 34 || code === 44 || code === 13 || code === 10) return at + buffer.utf8Write(csvCell(text), at);
    buffer[end++] = code;
  }
  return end;
}

/** String(value) for a safe integer, as ASCII digits. */
function writeInteger(buffer: Buffer, at: number, value: number): number {
  if (value < 0) {
    buffer[at++] = 45; // -
    value = -value;
  }
  if (value < 1e9) return writeSmall(buffer, at, value | 0);
  // Above int32: the high part, then the low nine digits zero-padded, both in int32 arithmetic.
  const high = Math.floor(value / 1e9);
  let low = (value - high * 1e9) | 0;
  at = writeSmall(buffer, at, high | 0);
  for (let position = at + 8; position >= at; position--) {
    buffer[position] = 48 + (low % 10);
    low = (low / 10) | 0;
  }
  return at + 9;
}

function writeSmall(buffer: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
  for (let position = at + digits - 1, rest = value; position >= at; position--, rest = (rest / 10) | 0) buffer[position] = 48 + (rest % 10);
  return at + digits;
}

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return numberText(value);
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
    if (typeof value === 'number') line += numberText(value);
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
  write<R>(shape: {csv: (row: R) => unknown[]; json: (row: R) => unknown; jsonLine?: (row: R) => string; writeJson?: (file: BufferedFile, row: R) => Promise<void> | undefined}, row: R): Promise<void> | undefined {
    if (!this.file || this.rowsInFile >= this.maxRows) return this.nextFile().then(() => this.write(shape, row));
    const pending =
      this.format === 'csv' ? this.file.writeCsvRow(shape.csv(row))
      : shape.writeJson ? shape.writeJson(this.file, row)
      : this.file.write(shape.jsonLine ? shape.jsonLine(row) : JSON.stringify(shape.json(row)) + '\n');
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
