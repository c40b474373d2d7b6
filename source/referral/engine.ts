// The import run: users, then referrals, then rewards, each streamed once. Rows are
// converted and checked as they arrive, written straight to the Advocate files and
// the error report; only id fingerprints cross files in memory, up to a budget (keyset.ts; links: referral-index.ts).
import fs from 'node:fs';
import path from 'node:path';
import {ADVOCATE_MAX_ROWS_PER_FILE, FILE_KINDS, type FileKind, type ImportType, type Issue, type IssueCode} from './fields.js';
import {KeySet} from './keyset.js';
import {ReferralIndex} from './referral-index.js';
import {autoMap, findPreset, mergeMapping, type ConversionOptions, type FileMapping, type MappingFile} from './mapping.js';
import {IMPORT_TYPE_SOURCE, JOB_TYPES, openWriters, type OutputRow, type TypedWriter} from './outputs.js';
import {emptyPrevious, KeysWriter, type PreviousImport} from './previous.js';
import {CHECKS, commitRow, excludedBy, hasError, header, rememberRejected, type CrossFileState, type Report} from './checks.js';
import {detachIssue, IssueLog} from './report.js';
import {droppedColumns} from './dropped.js';
import type {Audience} from './advice.js';
import {detach, openRecords} from './records.js';
import {MAX_CELL_CHARS, MAX_RECORD_CHARS, sniffFile, type Sniffed} from './sniff.js';
import {compileMapping, convertRow, type CellIssue, type CompiledMapping} from './validate.js';
import type {OutputFormat} from './writers.js';
import type {FileSummary, FormulaLike, OutputFile, RunResult} from './results.js';

export type ImportFiles = Partial<Record<FileKind, string>>;

export interface PreviewRow {
  row: number;
  line: number;
  /** Converted values by Advocate field (display strings) */
  cells: Record<string, string>;
  issues: Issue[];
}

export interface Progress {
  kind: FileKind;
  rowsRead: number;
  valid: number;
  invalid: number;
  done: boolean;
}

export interface RunOptions {
  files: ImportFiles;
  importTypes?: ImportType[];
  /** Complete mappings (from the Map columns screen); otherwise automatic + preset + mapping file */
  mappings?: Partial<Record<FileKind, FileMapping>>;
  preset?: string;
  mappingFile?: MappingFile;
  conversion?: Partial<ConversionOptions>;
  /** Where Advocate files go; nothing is written when absent */
  outDir?: string;
  /** Where errors.csv and summary.json go (defaults to outDir) */
  reportDir?: string;
  format?: OutputFormat;
  maxRowsPerFile?: number;
  errorListLimit?: number;
  previewRows?: number;
  deleteUsers?: {preserveEmptyAccounts: boolean; doNotTrack: boolean};
  eventKey?: string;
  delimiter?: string;
  /** Who reads the messages: advice names CLI flags or the console's steps (advice.ts) */
  audience?: Audience;
  /** Catch-up: what earlier runs already produced */
  previous?: PreviousImport;
  onSniffed?: (kind: FileKind, sniffed: Sniffed, mapping: FileMapping) => void;
  onPreview?: (kind: FileKind, rows: PreviewRow[]) => void;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** Ids each cross-file table keeps in memory before moving them to disk (tests and bench/ make it small) */
  idsInMemory?: {users: number; referrals: number};
}
/** Past these the tables move to disk: together about 100 MB, so a run stays under 250 MB at any size (README, bench). */
const IDS_IN_MEMORY = {users: 5_500_000, referrals: 3_000_000};

export type {FileSummary, FormulaLike, OutputFile, RunResult} from './results.js';

/** Rows in the first preview event: a screen's worth. */
const FIRST_SCREEN = 30;

export function defaultImportTypes(files: ImportFiles): ImportType[] {
  const types: ImportType[] = [];
  if (files.users) types.push('users');
  if (files.referrals) types.push('referralHistory');
  if (files.rewards) types.push('rewardHistory');
  return types;
}

export async function runImport(options: RunOptions): Promise<RunResult> {
  const preset = findPreset(options.preset ?? options.mappingFile?.preset);
  const conversion: ConversionOptions = {programId: 'referral-program', ...preset?.options, ...options.mappingFile?.options, ...stripUndefined(options.conversion ?? {}), audience: options.audience};
  const types = options.importTypes ?? defaultImportTypes(options.files);
  const reportDir = options.reportDir ?? options.outDir;
  const log = new IssueLog(options.errorListLimit ?? 1000, reportDir ? path.join(reportDir, 'errors.csv') : undefined);
  const previous = options.previous ?? emptyPrevious();
  const keys = options.outDir ? new KeysWriter(path.join(options.outDir, 'keys.txt')) : undefined;
  const inMemory = options.idsInMemory ?? IDS_IN_MEMORY;
  const state: CrossFileState = {users: new KeySet(1024, false, inMemory.users), usersKnown: previous.users.size > 0, referrals: new ReferralIndex({inMemory: inMemory.referrals}), referralsKnown: previous.referrals.size > 0, rejectedUsers: new KeySet(1024, false, inMemory.users), rejectedReferrals: new KeySet(1024, false, inMemory.referrals)};
  const result: RunResult = {files: {}, issues: [], totalIssues: 0, issuesLeftOut: 0, byCode: {}, outputs: [], hasStoppingErrors: false};

  for (const kind of FILE_KINDS) {
    const file = options.files[kind];
    if (!file) continue;
    if (options.signal?.aborted) break;
    const summary = await processFile(kind, file, {options, conversion, preset, types, log, state, previous, keys, result});
    result.files[kind] = summary;
    if (summary.status === 'stopped') result.hasStoppingErrors = true;
    if (kind === 'users' && summary.status === 'ok') state.usersKnown = true;
    if (kind === 'referrals' && summary.status === 'ok') state.referralsKnown = true;
  }
  await keys?.close();
  for (const set of [state.users, state.referrals, state.rejectedUsers, state.rejectedReferrals]) set.close();
  await log.close();
  result.issues = log.kept;
  result.totalIssues = log.total;
  result.issuesLeftOut = log.total - log.kept.length;
  result.byCode = log.byCode;
  result.reportPath = log.reportPath;
  result.keysPath = keys?.filePath;
  if (reportDir) result.summaryPath = await log.writeSummary(path.join(reportDir, 'summary.json'), result);
  return result;
}

interface Context {
  options: RunOptions;
  conversion: ConversionOptions;
  preset: ReturnType<typeof findPreset>;
  types: ImportType[];
  log: IssueLog;
  state: CrossFileState;
  previous: PreviousImport;
  keys: KeysWriter | undefined;
  result: RunResult;
}

async function processFile(kind: FileKind, file: string, ctx: Context): Promise<FileSummary> {
  const {options, log} = ctx;
  const summary: FileSummary = {kind, path: file, status: 'ok', rowsRead: 0, valid: 0, invalid: 0, filtered: 0, alreadyLoaded: 0, warnings: 0, byCode: {}, notes: [], headers: [], formulaLike: {count: 0, first: []}};
  const count = (issue: Issue) => {
    summary.byCode[issue.code] = (summary.byCode[issue.code] ?? 0) + 1;
    return log.add(issue);
  };
  const stop = async (code: Issue['code'], message: string, line = 0) => {
    summary.status = 'stopped';
    summary.alert = {file: kind, row: 0, line, column: '', code, severity: 'alert', message, value: ''};
    await count(summary.alert);
    return summary;
  };

  const sniff = await sniffFile(file, {delimiter: options.delimiter, audience: options.audience});
  if (!sniff.ok) return stop(sniff.code, sniff.message);
  const {sniffed} = sniff;
  summary.notes.push(...sniffed.notes);
  summary.headers = sniffed.headers;
  const mapping = options.mappings?.[kind] ?? mergeMapping(autoMap(kind, sniffed.headers, ctx.preset), ctx.options.mappingFile?.[kind]);
  summary.mapping = mapping;
  options.onSniffed?.(kind, sniffed, mapping);
  const compiled = compileMapping(kind, sniffed.headers, mapping);
  if (compiled.missingRequired.length || compiled.missingHeaders.length) {
    const parts = [
      ...compiled.missingRequired.map((field) => `no column for required field ${field.name} (${field.label})`),
      ...compiled.missingHeaders.map((header) => `mapped column "${header}" is not in the file`),
    ];
    return stop('MISSING_HEADER', `${summariseList(parts, 10, '; ')}. Headers found: ${summariseList(sniffed.headers, 10) || '(none)'}.`, sniffed.headerRecordIndex + 1);
  }
  // The same answer the Columns and Preview steps show (dropped.ts).
  const dropped = droppedColumns(sniffed.headers, mapping, options.audience);
  for (const drop of dropped) await count({file: kind, row: 0, line: sniffed.headerRecordIndex + 1, column: drop.column, field: drop.field, code: drop.code, severity: 'error', message: drop.message, value: drop.name});
  if (dropped.length) compiled.custom = compiled.custom.filter((c) => !dropped.some((drop) => drop.name === c.name));
  if (kind !== 'users' && !ctx.state.usersKnown) summary.notes.push('No users file: referrals and rewards are not checked against users.');
  // A repeated header: only its first column is read, said rather than ignored silently.
  const seenHeaders = new Map<string, number>();
  sniffed.headers.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!key) return;
    const first = seenHeaders.get(key);
    if (first === undefined) seenHeaders.set(key, index);
    else summary.notes.push(`The header "${name}" appears more than once (columns ${first + 1} and ${index + 1}): only column ${first + 1} is read.`);
  });
  // Mixed money forms (25 beside $1,234.56) in the sample: an alert before anything is written.
  if (kind === 'rewards' && ctx.conversion.majorUnits === undefined) {
    const probe: CompiledMapping = {...compiled, amountForms: {}};
    for (const cells of sniffed.sampleRows ?? []) {
      const mixed = convertRow(probe, cells, ctx.conversion).issues.find((issue) => issue.code === 'MIXED_AMOUNTS');
      if (mixed) return stop('MIXED_AMOUNTS', `the column "${mixed.column}" mixes plain numbers ("${probe.amountForms[mixed.field]!.plain}") and amounts with decimals or a currency ("${probe.amountForms[mixed.field]!.decorated}"): ${ctx.options.audience === 'console' ? 'say on the Files step ("How to read the values") whether plain numbers are major units' : 'say how plain numbers read: --major-units (25 = 25.00) or --minor-units (25 = 0.25)'}. Nothing was written for this file.`, sniffed.headerRecordIndex + 1);
    }
  }
  if (kind === 'rewards') ctx.state.friendMapped = compiled.fields.some((f) => f.field.name === 'referredUserId');
  // Id tables sized once for the rows the file holds: growing doubles them with the old and new side by side.
  const expectedRows = estimateRows(file, sniffed);
  const inMemory = ctx.options.idsInMemory ?? IDS_IN_MEMORY;
  if (kind === 'users' && ctx.state.users.size === 0 && expectedRows) ctx.state.users = new KeySet(expectedRows, false, inMemory.users);
  if (kind === 'referrals' && ctx.state.referrals.size === 0 && expectedRows) {
    ctx.state.referrals.close();
    ctx.state.referrals = new ReferralIndex({expected: expectedRows, inMemory: inMemory.referrals});
  }
  let unattached = 0;

  const writers: TypedWriter[] = options.outDir
    ? openWriters(ctx.types, kind, options.outDir, options.format ?? 'csv', options.maxRowsPerFile ?? ADVOCATE_MAX_ROWS_PER_FILE, {
        programId: ctx.conversion.programId,
        eventKey: options.eventKey ?? 'referral_converted',
        preserveEmptyAccounts: options.deleteUsers?.preserveEmptyAccounts ?? false,
        doNotTrack: options.deleteUsers?.doNotTrack ?? false,
        customFieldNames: compiled.custom.map((c) => c.name),
      })
    : [];
  const preview: PreviewRow[] = [];
  const previewLimit = options.previewRows ?? 200;
  let previewSent = false;
  const progress = (done: boolean) => options.onProgress?.({kind, rowsRead: summary.rowsRead, valid: summary.valid, invalid: summary.invalid, done});
  const width = sniffed.headers.length;
  const check = CHECKS[kind];
  // Hot loop: no closures per row (they cost allocations and, under tsx, a __name call each).
  let row = 0;
  let line = 0;
  let issues: Issue[] = [];
  const report: Report = (code, field, message, value) => issues.push({file: kind, row, line, column: header(compiled, field), field, code, severity: 'error', message, value});
  const cellIssues: CellIssue[] = [];
  const output: OutputRow = {values: {}, custom: {}, referral: undefined};
  const onFallback = (offset: number) => summary.notes.push(`Invalid UTF-8 after byte ${offset}: the rest was read as Windows-1252.`);
  // The cells that reach Advocate's files, checked for formula-like text (one character each: cheap).
  const mappedCells = [...compiled.fields.map((f) => ({index: f.index, header: f.header})), ...compiled.custom.map((c) => ({index: c.index, header: c.header}))].filter((cell, i, all) => all.findIndex((other) => other.index === cell.index) === i);

  try {
    for await (const batch of openRecords(file, sniffed, {onFallback})) {
      if (options.signal?.aborted) break;
      for (let b = 0; b < batch.rows.length; b++) {
        const cells = batch.rows[b]!;
        if (isBlank(cells)) continue; // a row of delimiters only
        line = batch.lines[b]!;
        row = ++summary.rowsRead;
        if (issues.length) issues = [];
        if (cells.length !== width)
          issues.push({file: kind, row, line, column: '', code: 'RAGGED_ROW', severity: 'warning', message: `row has ${cells.length} cells, the header has ${width}${cells.length < width ? ': missing cells are empty' : ': extra cells are ignored'}`, value: ''});
        if (batch.mayHoldNul) reportNul(cells, sniffed.headers, issues, kind, row, line);
        if (tooLong(cells, sniffed.headers, issues, kind, row, line)) {
          // The row fails on its own; its giant cell is not converted, previewed or kept.
          for (let i = 0; i < issues.length; i++) await count(issues[i]!);
          summary.invalid++;
          continue;
        }
        if (compiled.exclude.length && excludedBy(compiled, cells)) {
          summary.filtered++;
          summary.rowsRead--;
          continue;
        }
        for (let m = 0; m < mappedCells.length; m++) {
          const text = cells[mappedCells[m]!.index];
          if (text !== undefined && looksLikeFormula(text)) noteFormula(summary.formulaLike, row, line, mappedCells[m]!.header, text);
        }
        const converted = convertRow(compiled, cells, ctx.conversion, cellIssues);
        for (let i = 0; i < converted.issues.length; i++) {
          const cell = converted.issues[i]!;
          issues.push({file: kind, row, line, column: cell.column, field: cell.field, code: cell.code, severity: 'error', message: cell.message, value: cell.value});
        }
        const outcome = check(converted.values, ctx, report);
        const invalid = issues.length > 0 && hasError(issues);
        if (outcome !== undefined && outcome.alreadyLoaded && !invalid) {
          summary.alreadyLoaded++;
          summary.rowsRead--;
          continue;
        }
        for (let i = 0; i < issues.length; i++) {
          const pending = count(issues[i]!);
          if (pending) await pending;
          if (issues[i]!.severity === 'warning') summary.warnings++;
        }
        if (invalid) {
          summary.invalid++;
          rememberRejected(kind, converted.values, ctx.state);
        } else {
          summary.valid++;
          // One reused object: writers read it synchronously and the loop awaits them before the next row.
          output.values = converted.values;
          output.custom = converted.custom;
          output.referral = outcome?.referral;
          if (kind === 'rewards' && !output.referral) unattached++;
          commitRow(kind, converted.values, ctx.state, outcome);
          for (let w = 0; w < writers.length; w++) {
            const {builder, writer} = writers[w]!;
            if (!builder.accepts(output)) continue;
            const pending = writer.write(builder, output);
            if (pending) await pending;
          }
          const pending = ctx.keys?.add(kind, converted.values, output.referral, ctx.state.users);
          if (pending) await pending;
        }
        if (!previewSent && preview.length < previewLimit) {
          preview.push({row, line, cells: displayCells(compiled, converted.values, converted.custom, cells), issues: issues.length ? issues.map(detachIssue) : []});
          // The first screenful goes out at once; the rest of the preview when it is complete.
          if (preview.length === FIRST_SCREEN && previewLimit > FIRST_SCREEN) options.onPreview?.(kind, preview.slice());
          if (preview.length === previewLimit) {
            previewSent = true;
            options.onPreview?.(kind, preview);
          }
        }
        if (row % 5000 === 0) progress(false);
      }
    }
  } catch (error) {
    for (const {writer} of writers) await writer.discard();
    const csv = error as {code?: string; lines?: number; lastGoodLine?: number; message: string};
    // Only a quoted cell can hold a line break: a record still open across lines means a quote is open.
    const quoteOpen = csv.lines !== undefined && csv.lastGoodLine !== undefined && csv.lines - csv.lastGoodLine > 1;
    const line = (csv.code === 'CSV_QUOTE_NOT_CLOSED' || quoteOpen) && csv.lastGoodLine !== undefined ? csv.lastGoodLine + 1 : (csv.lines ?? 0);
    const limit = MAX_RECORD_CHARS.toLocaleString('en-US');
    const message =
      csv.code === 'CSV_QUOTE_NOT_CLOSED' ? `a quoted value starting near line ${line} is never closed (the file ends inside it)`
      : csv.code === 'CSV_MAX_RECORD_SIZE' && quoteOpen ? `a quoted value starting near line ${line} is still open after ${limit} characters: probably an unclosed quote`
      : csv.code === 'CSV_MAX_RECORD_SIZE' ? `line ${line} has a cell longer than ${limit} characters (no quote is open): not a referral export, or a damaged one`
      : csv.code?.startsWith('CSV_') || csv.code?.startsWith('INVALID_') ? `${csv.message} (line ${line})`
      : `the file could not be read to the end: ${csv.message}`;
    await stop(csv.code?.startsWith('CSV_') || csv.code?.startsWith('INVALID_') ? 'CSV_PARSE_ERROR' : 'FILE_IO_REF', message, line);
    if (!previewSent) options.onPreview?.(kind, preview);
    progress(true);
    return summary;
  }
  for (const {type, writer} of writers) {
    await writer.close();
    writer.files.forEach((filePath, index) => ctx.result.outputs.push({importType: type, jobType: JOB_TYPES[type], path: filePath, rows: writer.rowsPerFile[index]!}));
  }
  if (!previewSent) options.onPreview?.(kind, preview);
  for (const [field, forms] of Object.entries(compiled.amountForms))
    if (forms.mixedAfter) summary.notes.push(`${header(compiled, field)} holds plain numbers (first "${forms.plain}", read as the smallest unit) and, further on, "${forms.mixedAfter}": check the plain ones, or run again saying how plain numbers read.`);
  if (unattached && ctx.types.includes('rewardHistory'))
    summary.notes.push(`${unattached.toLocaleString('en-US')} valid reward${unattached === 1 ? ' was' : 's were'} not written to reward history: Advocate imports a reward inside its referral, and ${ctx.state.referralsKnown ? 'no referral in the referrals file matches' : 'there is no referrals file (give it, or the earlier output folder with --previous)'}.`);
  if (summary.rowsRead === 0 && summary.alreadyLoaded === 0 && summary.filtered === 0) summary.notes.push('The file has a header but no data rows.');
  progress(true);
  return summary;
}

/** The data rows a file holds, from its size and the sample's row length (a little over, so the tables need not grow). */
function estimateRows(file: string, sniffed: Sniffed): number | undefined {
  const sample = sniffed.sampleRows ?? [];
  if (sample.length < 10) return undefined;
  let chars = 0;
  for (const cells of sample) for (const cell of cells) chars += cell.length + 1;
  // A sample of short rows at the top of a huge file cannot claim gigabytes: a table is never sized past its budget (keyset.ts).
  return Math.ceil((fs.statSync(file).size / (chars / sample.length)) * 1.05);
}

function displayCells(compiled: CompiledMapping, values: OutputRow['values'], custom: Record<string, string>, cells: string[]): Record<string, string> {
  const shown: Record<string, string> = {};
  // A failing cell shows what the file said; a converted one what Advocate will get.
  // Preview rows outlive their chunk: copies (see detach).
  for (const {field, index} of compiled.fields) shown[field.name] = detach(values[field.name] !== undefined ? String(values[field.name]) : (cells[index] ?? ''));
  for (const {name, index} of compiled.custom) shown[`customFields.${name}`] = detach(custom[name] ?? cells[index] ?? '');
  return shown;
}

/** Text a spreadsheet would run: it starts with = + - @, a tab or a CR (plain signed numbers are numbers, not formulas). */
export function looksLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64 && first !== 9 && first !== 13) return false;
  return !/^[-+]\d[\d.,]*$/.test(text);
}

const FORMULA_EXAMPLES = 5;
function noteFormula(found: FormulaLike, row: number, line: number, column: string, value: string) {
  found.count++;
  if (found.first.length < FORMULA_EXAMPLES) found.first.push({row, line, column, value: detach(value.length > 60 ? value.slice(0, 60) + '…' : value)});
}

/** A cell over MAX_CELL_CHARS fails its row (rule: an over-long cell fails its row, not the file). */
function tooLong(cells: string[], headers: string[], issues: Issue[], kind: FileKind, row: number, line: number): boolean {
  let found = false;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.length <= MAX_CELL_CHARS) continue;
    issues.push({file: kind, row, line, column: headers[i] ?? '', code: 'VALUE_TOO_LONG', severity: 'error', message: `the cell is ${cells[i]!.length.toLocaleString('en-US')} characters long; ferry reads cells of at most ${MAX_CELL_CHARS.toLocaleString('en-US')}: this row is left out`, value: detach(cells[i]!.slice(0, 60)) + '…'});
    found = true;
  }
  return found;
}

/** A NUL byte is damage to the row it is in: the row is reported, not the whole file refused. */
function reportNul(cells: string[], headers: string[], issues: Issue[], kind: FileKind, row: number, line: number) {
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.indexOf('\0') === -1) continue;
    issues.push({file: kind, row, line, column: headers[i] ?? '', code: 'INVALID_CHARACTER', severity: 'error', message: 'the cell holds a NUL byte (\\0): the export is damaged here; fix or remove this row', value: detach(cells[i]!.replace(/\0/g, '\\0').slice(0, 80))});
    return;
  }
}

/** The first `shown` items and "… and N more": a 5,000-column header is not listed whole. */
export function summariseList(items: string[], shown: number, separator = ', '): string {
  if (items.length <= shown) return items.join(separator);
  return `${items.slice(0, shown).join(separator)}${separator}… and ${(items.length - shown).toLocaleString('en-US')} more`;
}

function isBlank(cells: string[]): boolean {
  const first = cells[0]!;
  if (first.length && first.charCodeAt(0) > 32) return false; // the usual row, decided at once
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim()) return false;
  return true;
}

function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export {IMPORT_TYPE_SOURCE};
