// Load the written files into Advocate one job at a time, in dependency order (users
// before the referrals that name them), with side effects off, exactly once across kills
// and lost answers (load-journal.ts): jobs an earlier run left open are settled first by
// asking Advocate; then each file is sent without the rows an earlier job loaded, as a
// once-only step whose marker name finds the job again; a row is loaded when the job says so.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {randomUUID} from 'node:crypto';
import {parse as parseCsvStream} from 'csv-parse';
import {parse as parseCsv} from 'csv-parse/sync';
import type {AdvocateImportApi as AdvocateClient, AdvocateJob} from '../contracts/advocate.js';
import {onceFor} from '../engine/once.js';
import {takeWriterLock} from '../engine/writer-lock.js';
import type {OutputFile} from './results.js';
import type {ImportType} from './fields.js';
import {KeySet} from './keyset.js';
import {JOB_STEP_TYPE, LoadJournal, type JobRow} from './load-journal.js';
import {HISTORY_PARAMS} from './outputs.js';

const ORDER: ImportType[] = ['users', 'referralHistory', 'rewardHistory', 'userEvents', 'rewardBalances', 'deleteUsers'];
/** How far before its recorded send time a job is looked for: the server's clock may differ from ours. */
const CLOCK_MARGIN_MS = 15 * 60_000;

export interface LoadProgress {
  file: string;
  jobType: string;
  status: AdvocateJob['status'] | 'UPLOADING' | 'VALIDATING' | 'FINDING';
  recordsProcessed: number;
  /** Rows in the file sent (the job API reports no total) */
  total: number;
  errors: number;
}

export interface LoadedFile {
  output: OutputFile;
  /** The file the job sent: the output's rows not loaded before (under load/) */
  sentFile?: string;
  jobId?: string;
  /** NOTHING_TO_SEND: every row of the file was loaded by an earlier job of this folder */
  status: AdvocateJob['status'] | 'REJECTED' | 'NOTHING_TO_SEND';
  recordsProcessed: number;
  errors: number;
  /** From Advocate's error file (row = position in the file sent), or its validation answer when rejected */
  errorRows: Array<{row: number; message: string}>;
  /** Rows of this file the journal counts as loaded by this job */
  loaded?: number;
  /** Rows of the output left out because an earlier job loaded them */
  alreadyLoaded?: number;
  /** A job an earlier, interrupted run sent, settled by asking Advocate */
  resumed?: boolean;
  /** Said when Advocate could not check the file before the job (the job still reports its own errors) */
  note?: string;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  pollMs?: number;
  /** Longest wait for one job (Advocate says an import can take up to 30 minutes) */
  timeoutMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  /** The output folder's journal; without one, a journal in memory (nothing survives the process) */
  journal?: LoadJournal;
  /** Where the files actually sent are kept (default: load/ beside the first output) */
  batchDir?: string;
  /** Called after Advocate accepted a job and before its id is journalled (tests kill the process here) */
  afterJobAccepted?: (importType: ImportType) => void;
}

export async function loadOutputs(outputs: OutputFile[], client: AdvocateClient, options: LoadOptions = {}): Promise<LoadedFile[]> {
  const journal = options.journal ?? new LoadJournal(':memory:');
  // Two loads of one folder at once would both send its rows: the second stops and names the first.
  let release: (() => void) | undefined;
  try {
    release = takeWriterLock(journal, 'ferry referral load');
    const results: LoadedFile[] = [];
    // A job an earlier run sent may have run on Advocate: settle it before sending anything.
    for (const job of journal.openJobs()) {
      if (options.signal?.aborted) return results;
      results.push({...(await runJob(journal, job, client, options)), resumed: true});
    }
    journal.abandonPrepared();
    const sorted = [...outputs].sort((a, b) => ORDER.indexOf(a.importType) - ORDER.indexOf(b.importType));
    const occurrences = new Map<ImportType, Occurrences>();
    for (const output of sorted) {
      if (options.signal?.aborted) break;
      const counter = occurrences.get(output.importType) ?? new Occurrences();
      occurrences.set(output.importType, counter);
      const batchDir = options.batchDir ?? path.join(path.dirname(output.path), 'load');
      const batch = await prepareBatch(journal, output, batchDir, counter);
      if (!batch.job) {
        results.push({output, status: 'NOTHING_TO_SEND', recordsProcessed: 0, errors: 0, errorRows: [], loaded: 0, alreadyLoaded: batch.skipped});
        continue;
      }
      results.push({...(await runJob(journal, batch.job, client, options, output)), alreadyLoaded: batch.skipped});
    }
    return results;
  } finally {
    release?.();
    if (!options.journal) journal.close();
  }
}

/** Sends (or finds) one job, follows it to its end and settles its rows in the journal. */
async function runJob(journal: LoadJournal, job: JobRow, client: AdvocateClient, options: LoadOptions, output?: OutputFile): Promise<LoadedFile> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // The output the rows came from (a job resumed from an earlier run knows only the file it sent).
  const sent: OutputFile = output ?? {importType: job.importType, jobType: job.jobType, path: job.file, rows: job.rows};
  const report = (status: LoadProgress['status'], found?: AdvocateJob) =>
    options.onProgress?.({file: output?.path ?? job.file, jobType: job.jobType, status, recordsProcessed: found?.stats?.recordsProcessed ?? 0, total: job.rows, errors: found?.stats?.errors ?? 0});
  const input = {type: job.jobType, name: job.marker, params: HISTORY_PARAMS};
  let fileRef: string | undefined;
  let note: string | undefined;
  if (job.state === 'prepared') {
    report('UPLOADING');
    fileRef = await client.upload(job.file);
    report('VALIDATING');
    const validation = await client.validateJobCreation({...input, fileRef});
    if (validation.errors.length) {
      journal.refuse(job.key, validation.errors);
      return {output: sent, sentFile: job.file, status: 'REJECTED', recordsProcessed: 0, errors: validation.errors.length, errorRows: validation.errors.map((message) => ({row: 0, message})), loaded: 0, alreadyLoaded: 0};
    }
    if (!validation.checked) note = 'Advocate has no validateJobCreation here: the file was not checked before the job; the job reports its own errors.';
  } else if (!job.jobId) report('FINDING');
  let accepted: AdvocateJob | undefined;
  const once = onceFor(journal.stepStore(job.key), JOB_STEP_TYPE, job.key);
  const jobId = await once(
    'createJob',
    async () => {
      fileRef ??= await client.upload(job.file);
      accepted = await client.createJob({...input, fileRef});
      options.afterJobAccepted?.(job.importType);
      return accepted.id;
    },
    // Query.jobs has no name filter: jobs of the type created since it was sent, matched by the marker name.
    async () => (await client.findJob(job.jobType, job.marker, (journal.job(job.key)!.sentAt ?? Date.now()) - CLOCK_MARGIN_MS))?.id,
  );
  const started = Date.now();
  let found = accepted?.id === jobId ? accepted : await client.job(jobId);
  // PENDING until the job ends (COMPLETED or ABORTED): the public schema has no running state.
  while (found?.status === 'PENDING') {
    journal.noteProgress(job.key, found.status, found.stats?.recordsProcessed ?? 0, found.stats?.errors ?? 0);
    report(found.status, found);
    if (Date.now() - started > (options.timeoutMs ?? 45 * 60_000)) throw new Error(`Advocate job ${jobId} did not finish in time; check it in the Advocate portal (Jobs), then run the same command again: ferry resumes it.`);
    await sleep(options.pollMs ?? 2000);
    found = await client.job(jobId);
  }
  if (!found) throw new Error(`Advocate does not know job ${jobId} (sent as "${job.marker}"): the journal keeps its rows unsettled; check the Advocate portal (Jobs).`);
  report(found.status, found);
  const errorRows = found.downloadErrorUrl ? readErrorFile(await client.errorFile(found.downloadErrorUrl)) : [];
  const lines = await rowsAt(job.file, new Set(errorRows.map((row) => row.row)));
  const rejected = errorRows.filter((row) => row.row > 0).map((row) => ({position: row.row, reason: row.message, line: lines.get(row.row) ?? ''}));
  const counted = found.stats?.errors ?? 0;
  const named = new Set(rejected.map((row) => row.position)).size;
  // The error file's columns are not documented (advocate.md, Unsure): say when it names fewer rows than the job counted.
  if (counted > named) note = [note, `Advocate counted ${counted} errors but its error file names ${named} rows: the others count as loaded; check the job ${jobId} in the Advocate portal.`].filter(Boolean).join(' ');
  journal.settle(job.key, {status: found.status, processed: found.stats?.recordsProcessed ?? 0, errors: found.stats?.errors ?? 0, rejected, note});
  // Counted from the journal, as the CLI's and the console's totals are.
  const loaded = journal.jobCounts(job.key).loaded;
  return {output: sent, sentFile: job.file, jobId, status: found.status, recordsProcessed: found.stats?.recordsProcessed ?? 0, errors: found.stats?.errors ?? 0, errorRows, loaded, alreadyLoaded: 0, ...(note ? {note} : {})};
}

/** Rows of one type whose identity repeats (two equal rewards): the n-th of them is its own row. */
class Occurrences {
  private readonly seen = new KeySet();
  private readonly repeats = new Map<string, number>();
  key(identity: string, counted: boolean): string {
    if (!counted) return identity;
    if (this.seen.add(identity)) return identity + '#1';
    const n = (this.repeats.get(identity) ?? 1) + 1;
    this.repeats.set(identity, n);
    return `${identity}#${n}`;
  }
}

/** The rows of the output not loaded yet, written to the file the job will send and queued in the journal. */
async function prepareBatch(journal: LoadJournal, output: OutputFile, dir: string, occurrences: Occurrences): Promise<{job?: JobRow; skipped: number}> {
  const csv = output.path.endsWith('.csv');
  fs.mkdirSync(dir, {recursive: true});
  const job = journal.prepareJob({importType: output.importType, jobType: output.jobType, marker: `ferry ${output.importType} ${randomUUID()}`, fileFor: (key) => path.join(dir, key + (csv ? '.csv' : '.jsonl'))});
  const out = fs.createWriteStream(job.file);
  const queued: Array<{key: string; position: number}> = [];
  let position = 0;
  let skipped = 0;
  const write = (text: string) => (out.write(text) ? undefined : new Promise<void>((resolve) => out.once('drain', resolve)));
  for await (const row of readRows(output.path, csv)) {
    if (row.header) {
      await write(row.raw);
      continue;
    }
    const key = occurrences.key(rowIdentity(output.importType, row.value), COUNTED.has(output.importType));
    if (journal.isLoaded(output.importType, key)) {
      skipped++;
      continue;
    }
    position++;
    await write(row.raw.endsWith('\n') ? row.raw : row.raw + '\n');
    queued.push({key, position});
    if (queued.length >= 5000) journal.queueRows(job.key, output.importType, queued.splice(0));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  if (queued.length) journal.queueRows(job.key, output.importType, queued);
  if (!position) {
    journal.dropPrepared(job.key);
    fs.rmSync(job.file, {force: true});
    return {skipped};
  }
  journal.setJobRows(job.key, position);
  return {job: journal.job(job.key)!, skipped};
}

/** Types whose rows have no identity of their own: equal rows are counted, not merged. */
const COUNTED = new Set<ImportType>(['rewardHistory', 'userEvents', 'rewardBalances']);

/**
 * What makes a row the same row in a later run: a user's id, the referred user of a referral
 * (referred once), a reward's holder, referral, date, amount, unit and name (previous.ts
 * rewardKey, so catch-up reads these keys back).
 */
export function rowIdentity(type: ImportType, value: Record<string, any>): string {
  const get = (name: string): unknown => (name in value ? value[name] : name.split('.').reduce<any>((node, part) => node?.[part], value));
  const text = (name: string) => {
    const v = get(name);
    return v === undefined || v === null ? '' : String(v);
  };
  switch (type) {
    case 'users':
    case 'deleteUsers':
      return text('id');
    case 'referralHistory':
      return text('referredUser.id');
    case 'rewardHistory': {
      const reward = (Array.isArray(value.rewards) ? value.rewards[0] : undefined) ?? {};
      const referred = text('referredUser.id');
      const holder = reward.userId === undefined ? '' : String(reward.userId);
      const part = (v: unknown) => (v === undefined || v === null ? '' : String(v));
      // rewardKey: [userId, friend ?? '', dateGiven, assignedCredit, unit, name]; without a friend column the referral is the holder's own.
      return [holder, referred === holder ? '' : referred, part(reward.dateGiven), part(reward.assignedCredit), part(reward.unit), part(reward.name)].join('\u001f');
    }
    case 'userEvents':
      return [text('userId'), text('event.key'), text('event.dateTriggered')].join('\u001f');
    case 'rewardBalances':
      return [text('userId'), text('unit'), text('valueToRedeem')].join('\u001f');
  }
}

type Row = {header: true; raw: string} | {header: false; raw: string; value: Record<string, any>};

/** The rows of a file ferry wrote, each with its exact text (CSV records may span lines). */
async function* readRows(file: string, csv: boolean): AsyncGenerator<Row> {
  if (!csv) {
    const lines = readline.createInterface({input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity});
    for await (const line of lines) if (line.trim()) yield {header: false, raw: line + '\n', value: JSON.parse(line)};
    return;
  }
  let headers: string[] | undefined;
  for await (const {record, raw} of fs.createReadStream(file).pipe(parseCsvStream({raw: true, bom: true})) as AsyncIterable<{record: string[]; raw: string}>) {
    if (!headers) {
      headers = record;
      yield {header: true, raw: raw.endsWith('\n') ? raw : raw + '\n'};
      continue;
    }
    const value: Record<string, string> = {};
    for (let i = 0; i < headers.length; i++) value[headers[i]!] = record[i] ?? '';
    yield {header: false, raw, value};
  }
}

/** The text of the rows at these positions (1 = the first data row) of a file sent. */
async function rowsAt(file: string, positions: Set<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (!positions.size || !fs.existsSync(file)) return found;
  let position = 0;
  for await (const row of readRows(file, file.endsWith('.csv'))) {
    if (row.header) continue;
    if (positions.has(++position)) found.set(position, row.raw.replace(/\r?\n$/, ''));
    if (found.size === positions.size) break;
  }
  return found;
}

/** Advocate's error file: a CSV whose columns name the row and the reason. */
export function readErrorFile(text: string): Array<{row: number; message: string}> {
  const records = parseCsv(text, {columns: true, skip_empty_lines: true, relax_column_count: true}) as Array<Record<string, string>>;
  return records.map((record) => {
    const rowKey = Object.keys(record).find((key) => /row|line/i.test(key));
    const messageKey = Object.keys(record).find((key) => /error|message|reason/i.test(key));
    return {row: Number(rowKey ? record[rowKey] : 0) || 0, message: messageKey ? record[messageKey]! : JSON.stringify(record)};
  });
}
