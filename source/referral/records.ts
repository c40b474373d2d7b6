// The records of a file after its header, for the import's hot loop. Well-formed
// CSV (the usual export: plain cells, quoted cells with "" escapes, LF or CRLF line
// ends) is split here, from each decoded chunk, which costs a fraction of a
// general parser. The moment anything else turns up (a quote inside a plain cell,
// text after a closing quote, a lone CR, mixed line ends, a huge record, an
// unclosed quote) the rest of the file, from the start of that record, goes to
// csv-parse with the same options as before, so its rules and its errors
// (CSV_QUOTE_NOT_CLOSED, CSV_MAX_RECORD_SIZE …) stay exactly the same.
import {Readable} from 'node:stream';
import {parse} from 'csv-parse';
import {MAX_RECORD_CHARS, utf8Chunks, type Sniffed} from './sniff.js';

export interface RecordBatch {
  rows: string[][];
  /** Physical line where each row ends (1-based) */
  lines: number[];
  /** A NUL byte was read by now: rows must be checked for one (clean files skip the check) */
  mayHoldNul?: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const END = -1;
/** Past this a record is left to csv-parse, which enforces MAX_RECORD_CHARS with its own error. */
const FAST_RECORD_CHARS = 64 * 1024;

type LineEnd = 'unknown' | 'lf' | 'crlf';

export interface ScanOutcome {
  /** Index of the first character not consumed (the start of an incomplete or unusual record) */
  next: number;
  /** true: the record at `next` is one the fast path does not decide; csv-parse takes over there */
  handOver: boolean;
}

/**
 * Cells are cut out of the decoded chunk with slice(), which V8 may answer with a view
 * onto the whole chunk. Whatever outlives its row (kept issues, preview rows, referral
 * links) goes through detach(), so a handful of kept values cannot pin every chunk.
 */
export function detach(text: string): string {
  // Joining forces a fresh flat copy; slicing it back leaves nothing pointing at the chunk.
  return text.length < 13 ? text : (text + ' ').slice(0, -1);
}

/**
 * Splits complete records out of `text`. Each record is pushed to `rows` and the
 * number of newlines inside its quoted cells to `innerNewlines`. `final`: no more
 * data follows, so a record may end at the end of the text.
 */
export class RecordScanner {
  lineEnd: LineEnd = 'unknown';

  constructor(private readonly delimiter: number) {}

  scan(text: string, final: boolean, rows: string[][], innerNewlines: number[]): ScanOutcome {
    const length = text.length;
    const delimiter = this.delimiter;
    let recordStart = 0;
    let pos = 0;
    let record: string[] = [];
    let inner = 0;
    while (recordStart < length) {
      let value: string;
      let after: number; // the character after the cell: delimiter, CR, LF or END
      let cellEnd: number;
      if (pos < length && text.charCodeAt(pos) === QUOTE) {
        let close = pos + 1;
        let escaped = false;
        for (;;) {
          close = text.indexOf('"', close);
          if (close === -1) return {next: recordStart, handOver: final || length - recordStart > FAST_RECORD_CHARS};
          if (close + 1 < length && text.charCodeAt(close + 1) === QUOTE) {
            escaped = true;
            close += 2;
            continue;
          }
          break;
        }
        if (close + 1 >= length && !final) return {next: recordStart, handOver: length - recordStart > FAST_RECORD_CHARS};
        value = text.slice(pos + 1, close);
        if (escaped) value = value.replaceAll('""', '"');
        if (value.indexOf('\n') !== -1) inner += countNewlines(value);
        cellEnd = close + 1;
        after = cellEnd < length ? text.charCodeAt(cellEnd) : END;
        if (after !== delimiter && after !== LF && after !== CR && after !== END) return {next: recordStart, handOver: true};
      } else {
        let end = pos;
        let code = END;
        while (end < length) {
          code = text.charCodeAt(end);
          if (code === delimiter || code === LF || code === CR || code === QUOTE) break;
          end++;
        }
        if (end === length) {
          if (!final) return {next: recordStart, handOver: length - recordStart > FAST_RECORD_CHARS};
          code = END;
        } else if (code === QUOTE) return {next: recordStart, handOver: true};
        value = end > pos ? text.slice(pos, end) : '';
        cellEnd = end;
        after = code;
      }
      record.push(value);
      if (after === delimiter) {
        pos = cellEnd + 1;
        continue;
      }
      let next: number;
      if (after === END) next = length;
      else if (after === LF) {
        if (this.lineEnd === 'crlf') return {next: recordStart, handOver: true};
        this.lineEnd = 'lf';
        next = cellEnd + 1;
      } else {
        if (cellEnd + 1 >= length && !final) return {next: recordStart, handOver: false};
        if (text.charCodeAt(cellEnd + 1) !== LF || this.lineEnd === 'lf') return {next: recordStart, handOver: true};
        this.lineEnd = 'crlf';
        next = cellEnd + 2;
      }
      if (next - recordStart > FAST_RECORD_CHARS) return {next: recordStart, handOver: true};
      rows.push(record);
      innerNewlines.push(inner);
      record = [];
      inner = 0;
      recordStart = pos = next;
    }
    return {next: length, handOver: false};
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** A delimiter the scanner can take: one ASCII character that is not a quote or a line end. */
function scannableDelimiter(delimiter: string): number | undefined {
  if (delimiter.length !== 1) return undefined;
  const code = delimiter.charCodeAt(0);
  return code < 128 && code !== QUOTE && code !== LF && code !== CR ? code : undefined;
}

export interface OpenOptions {
  onFallback?: (byteOffset: number) => void;
  /** Tests: read in small chunks (boundaries everywhere) or use csv-parse for everything */
  chunkBytes?: number;
  csvParseOnly?: boolean;
}

/**
 * The records after the header, in batches (one per chunk read). Line numbers are
 * counted here: one line per record plus the newlines inside quoted cells. csv-parse
 * errors are thrown as CsvError with `lines` (where it failed) and `lastGoodLine`
 * (where the last complete record ended), both counted from the top of the file.
 */
export async function* openRecords(path: string, sniffed: Sniffed, options: OpenOptions = {}): AsyncGenerator<RecordBatch> {
  let nulSeen = false;
  const chunks = utf8Chunks(path, sniffed, options.onFallback, options.chunkBytes, () => (nulSeen = true));
  const headerAt = sniffed.headerRecordIndex;
  let line = 0;
  let nonEmptySeen = 0;
  /** Title lines and the header are skipped, and empty records; the rest get their line. */
  const keep = (record: string[], newlinesInside: number, rows: string[][], lines: number[]) => {
    line += 1 + newlinesInside;
    const empty = record.length === 1 && record[0] === '';
    if (nonEmptySeen <= headerAt) {
      if (!empty) nonEmptySeen++;
      return;
    }
    if (empty) return;
    rows.push(record);
    lines.push(line);
  };
  const delimiter = options.csvParseOnly ? undefined : scannableDelimiter(sniffed.delimiter);
  try {
    let rest: Buffer | undefined;
    let lineEnd: LineEnd = 'unknown';
    if (delimiter !== undefined) {
      const scanner = new RecordScanner(delimiter);
      // Chunks end on whole UTF-8 characters (utf8Chunks), so each decodes on its own.
      let carry = '';
      const parsed: string[][] = [];
      const inside: number[] = [];
      while (true) {
        const step = await readChunk(chunks, line);
        const data = step.done ? carry : carry + step.value.toString('utf8');
        parsed.length = 0;
        inside.length = 0;
        const {next, handOver} = scanner.scan(data, step.done === true, parsed, inside);
        const rows: string[][] = [];
        const lines: number[] = [];
        for (let i = 0; i < parsed.length; i++) keep(parsed[i]!, inside[i]!, rows, lines);
        if (rows.length) yield {rows, lines, mayHoldNul: nulSeen};
        if (handOver) {
          rest = Buffer.from(data.slice(next), 'utf8');
          lineEnd = scanner.lineEnd;
          break;
        }
        if (step.done) return;
        carry = next < data.length ? data.slice(next) : '';
      }
    }
    for await (const batch of parseRest(rest, chunks, lineEnd, sniffed.delimiter, line, keep)) yield nulSeen ? {...batch, mayHoldNul: true} : batch;
  } finally {
    // The consumer may stop early (cancelled preview): release the file.
    await chunks.return(undefined);
  }
}

async function readChunk(chunks: AsyncGenerator<Buffer>, line: number): Promise<IteratorResult<Buffer>> {
  try {
    return await chunks.next();
  } catch (error) {
    throw Object.assign(error as Error, {lines: line + 1, lastGoodLine: line});
  }
}

/** csv-parse from `first` (the record the fast path handed over, or the whole file) to the end. */
async function* parseRest(
  first: Buffer | undefined,
  chunks: AsyncGenerator<Buffer>,
  lineEnd: LineEnd,
  delimiter: string,
  linesBefore: number,
  keep: (record: string[], newlinesInside: number, rows: string[][], lines: number[]) => void,
): AsyncGenerator<RecordBatch> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    // The line end already seen stays the line end, as it would have in one csv-parse run.
    ...(lineEnd === 'lf' ? {record_delimiter: '\n'} : lineEnd === 'crlf' ? {record_delimiter: '\r\n'} : {}),
  });
  async function* source() {
    if (first?.length) yield first;
    while (true) {
      const step = await chunks.next();
      if (step.done) return;
      yield step.value;
    }
  }
  const input = Readable.from(source(), {objectMode: false});
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let line = linesBefore;
  let failure: Error | undefined;
  let ended = false;
  // An event can fire while the consumer holds a batch: remember it, so no wake-up is lost.
  let signalled = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    signalled = true;
    wake?.();
  };
  parser.on('readable', signal);
  parser.on('end', () => ((ended = true), signal()));
  parser.on('error', (error) => ((failure = error), signal()));
  const counted = (record: string[], rows: string[][], lines: number[]) => {
    let inside = 0;
    for (let i = 0; i < record.length; i++) {
      const cell = record[i]!;
      if (cell.length > 0 && cell.indexOf('\n') !== -1) inside += countNewlines(cell);
    }
    keep(record, inside, rows, lines);
    line += 1 + inside;
  };
  try {
    while (true) {
      const rows: string[][] = [];
      const lines: number[] = [];
      let record: string[] | null;
      while ((record = parser.read() as string[] | null) !== null) counted(record, rows, lines);
      if (rows.length) yield {rows, lines};
      if (failure) {
        const relative = (failure as {lines?: number}).lines;
        throw Object.assign(failure, {lines: relative !== undefined ? linesBefore + relative : line + 1, lastGoodLine: line});
      }
      if (ended) return;
      if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
      signalled = false;
      wake = undefined;
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
