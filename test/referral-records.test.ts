import test from 'ava';
import {openRecords, type OpenOptions} from '../source/referral/records.js';
import type {Sniffed} from '../source/referral/sniff.js';
import {tempDir, writeCsv} from './referral-helpers.js';

// The fast record scanner must give exactly what csv-parse alone gives: the same
// records, line numbers and errors, whatever the input and wherever chunks split.

const sniffed = (delimiter = ',', headerRecordIndex = 0): Sniffed => ({encoding: 'utf-8', bomBytes: 0, delimiter, headerRecordIndex, headers: [], notes: []});

async function collect(file: string, options: OpenOptions, delimiter = ',', headerAt = 0) {
  const rows: string[][] = [];
  const lines: number[] = [];
  try {
    for await (const batch of openRecords(file, sniffed(delimiter, headerAt), options)) {
      rows.push(...batch.rows);
      lines.push(...batch.lines);
    }
    return {rows, lines};
  } catch (error) {
    const failure = error as {code?: string; lines?: number; lastGoodLine?: number};
    return {rows, lines, error: {code: failure.code, lines: failure.lines, lastGoodLine: failure.lastGoodLine}};
  }
}

/** A small, seeded generator so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const PIECES = ['a', 'bc', 'é', '€', ' ', ',', ';', '"', '""', '\n', '\r\n', '\r', 'x@example.com', '"q, "" \n r"'];
const WELL_FORMED = ['a', 'bc', 'é', ',', '\n', '"q, "" \n r"', '""', 'x@example.com'];

function text(next: () => number, pieces: string[], count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}

test('random well-formed and malformed inputs give the same records, lines and errors as csv-parse', async (t) => {
  const dir = tempDir();
  const next = random(20261122);
  for (let round = 0; round < 250; round++) {
    const body = round % 2 ? text(next, WELL_FORMED, 80) : text(next, PIECES, 60);
    const crlf = round % 3 === 0;
    const content = `Email,Name\n${crlf ? body.replace(/\r?\n/g, '\r\n') : body}`.replace(/^Email,Name\n/, crlf ? 'Email,Name\r\n' : 'Email,Name\n');
    const file = writeCsv(dir, `case-${round}.csv`, content);
    const expected = await collect(file, {csvParseOnly: true});
    for (const chunkBytes of [1, 7, 64 * 1024]) {
      const actual = await collect(file, {chunkBytes});
      t.deepEqual(actual, expected, `round ${round}, chunks of ${chunkBytes}: ${JSON.stringify(content)}`);
    }
  }
});

test('semicolon and tab delimiters, title lines and empty lines are handled like csv-parse', async (t) => {
  const dir = tempDir();
  const cases: Array<[string, string, number]> = [
    ['Export of users\n\nEmail;Name\na@x.io;"A; B"\n\nb@x.io;C\n', ';', 1],
    ['Email\tName\r\na@x.io\t"multi\r\nline"\r\nb@x.io\tB', '\t', 0],
    ['Email,Name\na@x.io,"unclosed\nb@x.io,B\n', ',', 0],
    ['Email,Name\na@x.io,5" screen\nb@x.io,B\n', ',', 0],
    ['Email,Name\na@x.io,"A" B\nb@x.io,B\n', ',', 0],
    ['Email,Name\r\na@x.io,A\nb@x.io,B\r\n', ',', 0],
  ];
  for (const [index, [content, delimiter, headerAt]] of cases.entries()) {
    const file = writeCsv(dir, `fixed-${index}.csv`, content);
    const expected = await collect(file, {csvParseOnly: true}, delimiter, headerAt);
    for (const chunkBytes of [1, 5, 64 * 1024]) t.deepEqual(await collect(file, {chunkBytes}, delimiter, headerAt), expected, JSON.stringify(content));
  }
});

test('a long well-formed file is split by the fast path with true line numbers', async (t) => {
  const dir = tempDir();
  let content = 'Email,Notes\n';
  for (let i = 0; i < 5000; i++) content += i % 100 === 0 ? `u${i}@x.io,"two\nlines"\n` : `u${i}@x.io,"a, ""b"""\n`;
  const file = writeCsv(dir, 'long.csv', content);
  const {rows, lines, error} = await collect(file, {chunkBytes: 4096});
  t.is(error, undefined);
  t.is(rows.length, 5000);
  t.deepEqual(rows[1], ['u1@x.io', 'a, "b"']);
  t.deepEqual(rows[100], ['u100@x.io', 'two\nlines']);
  t.is(lines[4999], 1 + 5000 + 50, 'one header line, one line per row, 50 inner newlines');
});

test('every fixture and the demo export read the same through the fast path as through csv-parse', async (t) => {
  const {sniffFile} = await import('../source/referral/sniff.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const {DEMO, FIXTURES} = await import('./referral-helpers.js');
  const files = [...fs.readdirSync(FIXTURES).map((name) => path.join(FIXTURES, name)), ...['users.csv', 'referrals.csv', 'rewards.csv'].map((name) => path.join(DEMO, name))];
  let compared = 0;
  for (const file of files) {
    const sniff = await sniffFile(file);
    if (!sniff.ok) continue;
    const read = async (options: OpenOptions) => {
      const rows: string[][] = [];
      const lines: number[] = [];
      try {
        for await (const batch of openRecords(file, sniff.sniffed, options)) rows.push(...batch.rows), lines.push(...batch.lines);
        return {rows, lines};
      } catch (error) {
        return {rows, lines, error: (error as {code?: string}).code, at: (error as {lines?: number}).lines};
      }
    };
    const expected = await read({csvParseOnly: true});
    t.deepEqual(await read({}), expected, path.basename(file));
    const chunkBytes = file.startsWith(FIXTURES) ? 3 : 997; // the demo files are larger: odd-sized chunks still split records anywhere
    t.deepEqual(await read({chunkBytes}), expected, `${path.basename(file)} in ${chunkBytes}-byte chunks`);
    compared++;
  }
  t.true(compared >= 15);
});
