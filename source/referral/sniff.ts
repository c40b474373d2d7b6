// Reading a legacy export safely: only regular files; look at the first 64 KB to tell text from binary,
// pick the encoding (BOM, UTF-16, UTF-8 or Windows-1252), the delimiter and the
// header row (title lines above it are skipped), then stream the whole file once
// in constant memory (records.ts).
import {isUtf8} from 'node:buffer';
import fs from 'node:fs';
import {parse as parseSync} from 'csv-parse/sync';
import type {AlertCode} from './fields.js';
import {advise, type Audience} from './advice.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Sniffed {
  encoding: TextEncoding;
  bomBytes: number;
  delimiter: string;
  /** 0-based index of the header among non-empty records */
  headerRecordIndex: number;
  headers: string[];
  notes: string[];
  /** The first records after the header, from the sample (at most 1,000): checks that must come before anything is written */
  sampleRows?: string[][];
}

export type SniffOutcome = {ok: true; sniffed: Sniffed} | {ok: false; code: AlertCode; message: string};

const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];
/** A cell longer than this fails its row (VALUE_TOO_LONG): no field Advocate takes is anywhere near it. */
export const MAX_CELL_CHARS = 1_000_000;
/**
 * A record longer than this stops the file (an unclosed quote, or not an export at all): up to
 * it, a record is read whole (about 32 MB at most) so one over-long cell fails only its row.
 */
export const MAX_RECORD_CHARS = 16_000_000;
/** Advocate takes 100 custom fields; a header far wider than any real export is refused by name. */
export const MAX_HEADER_COLUMNS = 10_000;

/**
 * Only regular files are read: a folder, a FIFO (opening one blocks until a writer
 * comes), a device such as /dev/zero (endless), or a socket is refused by what it
 * is, before it is opened. A symlink to a regular file is fine.
 */
async function refuseNonRegular(path: string): Promise<string | undefined> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(path);
  } catch (error) {
    return `${path} ${describeOpenError(error)}.`;
  }
  if (stat.isFile()) return undefined;
  const link = await fs.promises.lstat(path).then((own) => own.isSymbolicLink(), () => false);
  return `${path} ${link ? 'is a link to' : 'is'} ${notARegularFile(stat)}.`;
}

/** What the path is, as a noun phrase: "a folder, not a file". */
function notARegularFile(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder, not a file';
  if (stat.isFIFO()) return 'a named pipe (FIFO), not a file: save the export to a regular file first';
  if (stat.isCharacterDevice()) return 'a character device (like /dev/zero), not a file';
  if (stat.isBlockDevice()) return 'a block device, not a file';
  if (stat.isSocket()) return 'a socket, not a file';
  return 'something other than a regular file';
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'is a symbolic link loop';
  return `cannot be read (${code ?? (error as Error).message})`;
}

function countCells(line: string, delimiter: string): number {
  return countOutsideQuotes(line, delimiter) + 1;
}

export async function sniffFile(path: string, options: {delimiter?: string; encoding?: TextEncoding; audience?: Audience} = {}): Promise<SniffOutcome> {
  const refused = await refuseNonRegular(path);
  if (refused) return {ok: false, code: 'FILE_IO_REF', message: refused};
  let sample: Buffer;
  let size: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after the check, opening it must not hang.
    const handle = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return {ok: false, code: 'FILE_IO_REF', message: `${path} is ${notARegularFile(stat)}.`};
      size = stat.size;
      const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
      const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
      sample = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return {ok: false, code: 'FILE_IO_REF', message: `${path} ${describeOpenError(error)}.`};
  }
  if (size === 0) return {ok: false, code: 'MISSING_HEADER', message: 'The file is empty: there is no header row.'};

  const notes: string[] = [];
  const detected = detectEncoding(sample);
  if ('binary' in detected) return {ok: false, code: 'FILE_IO_REF', message: detected.binary};
  const encoding = options.encoding ?? detected.encoding;
  const bomBytes = detected.bomBytes;
  if (encoding !== 'utf-8') notes.push(`Read as ${encoding === 'windows-1252' ? 'Windows-1252 (not valid UTF-8)' : encoding.toUpperCase()}.`);
  if (bomBytes && encoding === 'utf-8') notes.push('UTF-8 byte order mark removed.');

  let text = new TextDecoder(encoding).decode(sample.subarray(bomBytes));
  if (sample.length < size) {
    const lastNewline = text.lastIndexOf('\n');
    // The whole sample is one unfinished line: a header this wide is not a referral export.
    if (lastNewline === -1 && text.trim())
      return {ok: false, code: 'CSV_PARSE_ERROR', message: `The header is too wide: its first line is longer than ${SAMPLE_BYTES / 1024} KB (${countCells(text, options.delimiter ?? detectDelimiter(text)).toLocaleString('en-US')}+ columns so far); ferry reads headers of at most ${MAX_HEADER_COLUMNS.toLocaleString('en-US')} columns.`};
    text = text.slice(0, Math.max(lastNewline, 0)); // drop the cut-off last line
  }
  if (!text.trim()) return {ok: false, code: 'MISSING_HEADER', message: 'The file has no content: there is no header row.'};

  const delimiter = options.delimiter ?? detectDelimiter(text);
  const records = sampleRecords(text, delimiter);
  const widths = records.map((record) => record.length);
  const modal = mode(widths.filter((w) => w > 1)) ?? 1;
  if (modal === 1) notes.push(`Only one column found: ${advise('delimiter', options.audience)}.`);
  if (delimiter !== ',') notes.push(`Delimiter: ${delimiter === '\t' ? 'tab' : delimiter}.`);
  // The header is the first record that fills most of the usual width: title lines above it have one cell.
  const needed = modal === 1 ? 1 : Math.max(2, Math.ceil(modal / 2));
  const headerRecordIndex = Math.max(0, records.findIndex((record) => record.filter((cell) => cell.trim()).length >= needed));
  if (headerRecordIndex > 0) notes.push(`Header row found on record ${headerRecordIndex + 1}; ${headerRecordIndex} line(s) above it skipped.`);
  const headers = (records[headerRecordIndex] ?? []).map((h) => h.trim());
  if (headers.length > MAX_HEADER_COLUMNS)
    return {ok: false, code: 'CSV_PARSE_ERROR', message: `The header is too wide: ${headers.length.toLocaleString('en-US')} columns; ferry reads headers of at most ${MAX_HEADER_COLUMNS.toLocaleString('en-US')} (Advocate takes 100 custom fields).`};
  return {ok: true, sniffed: {encoding, bomBytes, delimiter, headerRecordIndex, headers, notes, sampleRows: records.slice(headerRecordIndex + 1, headerRecordIndex + 1001)}};
}

function detectEncoding(sample: Buffer): {encoding: TextEncoding; bomBytes: number} | {binary: string} {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return {encoding: 'utf-8', bomBytes: 3};
  if (sample[0] === 0xff && sample[1] === 0xfe) return {encoding: 'utf-16le', bomBytes: 2};
  if (sample[0] === 0xfe && sample[1] === 0xff) return {encoding: 'utf-16be', bomBytes: 2};
  const magic = sample.subarray(0, 4).toString('latin1');
  if (magic.startsWith('PK\x03\x04')) return {binary: 'This is a ZIP archive or Excel workbook, not a CSV: save or export it as CSV first (password-protected ZIPs, as Talkable sends, must be unzipped).'};
  if (magic.startsWith('%PDF')) return {binary: 'This is a PDF, not a CSV: export the report as CSV.'};
  if (sample[0] === 0x1f && sample[1] === 0x8b) return {binary: 'This is a gzip file: decompress it first.'};
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (byte === 0) (i % 2 ? nulOdd++ : nulEven++);
    else if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  }
  const half = sample.length / 2;
  // UTF-16 without a BOM: ASCII text leaves a zero in every other byte.
  if (nulOdd > half * 0.3 && nulEven < half * 0.02) return {encoding: 'utf-16le', bomBytes: 0};
  if (nulEven > half * 0.3 && nulOdd < half * 0.02) return {encoding: 'utf-16be', bomBytes: 0};
  // A stray NUL in a text export is damage to one row (reported there, see utf8Chunks); many are a binary file.
  const nul = nulEven + nulOdd;
  if ((nul > 4 && nul > sample.length * 0.001) || control > sample.length * 0.05) return {binary: 'This looks like a binary file, not a CSV text export.'};
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(sample, {stream: true});
    return {encoding: 'utf-8', bomBytes: 0};
  } catch {
    return {encoding: 'windows-1252', bomBytes: 0};
  }
}

/** Count each candidate outside quotes per line; the one with the most consistent non-zero count wins. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim()).slice(0, 40);
  let best = ',';
  let bestScore = 0;
  for (const candidate of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate)).filter((n) => n > 0);
    const modal = mode(counts);
    if (modal === undefined) continue;
    const score = counts.filter((n) => n === modal).length * (candidate === ',' || candidate === '\t' ? 1.1 : 1);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && value > (best ?? 0))) [best, bestCount] = [value, count];
  return best;
}

function sampleRecords(text: string, delimiter: string): string[][] {
  let cut = text;
  for (let attempt = 0; attempt < 5 && cut; attempt++) {
    try {
      return (parseSync(cut, {delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 60}) as string[][]);
    } catch {
      cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n', cut.length - 2))); // an unclosed quote in the sample tail
    }
  }
  return text.split(/\r?\n/).filter((line) => line.trim()).slice(0, 60).map((line) => line.split(delimiter));
}

/**
 * The file as UTF-8 bytes, chunk by chunk, for csv-parse. Valid UTF-8 passes through
 * untouched (checked natively with buffer.isUtf8); if invalid bytes turn up after the
 * sample (frictionless#1755) the rest is read as Windows-1252 and `onFallback` says
 * where. UTF-16 and Windows-1252 files are decoded and re-encoded.
 */
export async function* utf8Chunks(path: string, sniffed: Sniffed, onFallback?: (byteOffset: number) => void, chunkBytes = 64 * 1024, onNul?: () => void): AsyncGenerator<Buffer> {
  // Opened non-blocking and checked again: a path swapped for a FIFO or device since the sniff is refused, not read.
  const handle = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new Error(`${path} is no longer a regular file`);
  }
  const stream = handle.createReadStream({start: sniffed.bomBytes, highWaterMark: chunkBytes}); // small batches die young (cheap GC)
  if (sniffed.encoding !== 'utf-8') {
    const decoder = new TextDecoder(sniffed.encoding);
    for await (const chunk of stream) {
      const text = Buffer.from(decoder.decode(chunk as Buffer, {stream: true}));
      if (onNul && text.indexOf(0) !== -1) onNul();
      yield text;
    }
    const tail = decoder.decode();
    if (tail) yield Buffer.from(tail);
    return;
  }
  const lenient = new TextDecoder('windows-1252');
  let carry: Buffer | undefined;
  let offset = sniffed.bomBytes;
  let fellBack = false;
  for await (const raw of stream) {
    const chunk: Buffer = carry ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    // memchr: costs nothing on clean files; the rows of a file with a NUL are checked one by one.
    if (onNul && chunk.indexOf(0) !== -1) onNul();
    if (fellBack) {
      yield Buffer.from(lenient.decode(chunk));
      carry = undefined;
      continue;
    }
    const end = completeUtf8End(chunk);
    carry = end < chunk.length ? chunk.subarray(end) : undefined;
    const body = chunk.subarray(0, end);
    if (isUtf8(body)) yield body;
    else {
      fellBack = true;
      onFallback?.(offset);
      yield Buffer.from(lenient.decode(body));
    }
    offset += body.length;
  }
  if (carry) yield Buffer.from(lenient.decode(carry)); // a truncated sequence at the very end
}

/** Index after the last complete UTF-8 sequence, so a chunk never splits a character. */
function completeUtf8End(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (byte < 0x80) return chunk.length;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back >= need ? chunk.length : chunk.length - back;
  }
  return chunk.length;
}
