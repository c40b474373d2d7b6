// Load the written files into Advocate one job at a time, in dependency order
// (users before the referrals that name them), with side effects off, polling each
// job for live progress and fetching its error file to show beside local errors.
import {parse as parseCsv} from 'csv-parse/sync';
import type {AdvocateImportApi as AdvocateClient, AdvocateJob} from '../contracts/advocate.js';
import type {OutputFile} from './engine.js';
import type {ImportType} from './fields.js';
import {HISTORY_PARAMS} from './outputs.js';

const ORDER: ImportType[] = ['users', 'referralHistory', 'rewardHistory', 'userEvents', 'rewardBalances', 'deleteUsers'];

export interface LoadProgress {
  file: string;
  jobType: string;
  status: AdvocateJob['status'] | 'UPLOADING' | 'VALIDATING';
  recordsProcessed: number;
  /** Rows ferry wrote to the file (the job API reports no total) */
  total: number;
  errors: number;
}

export interface LoadedFile {
  output: OutputFile;
  jobId?: string;
  status: AdvocateJob['status'] | 'REJECTED';
  recordsProcessed: number;
  errors: number;
  /** From Advocate's error file, or its validation answer when rejected */
  errorRows: Array<{row: number; message: string}>;
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
}

export async function loadOutputs(outputs: OutputFile[], client: AdvocateClient, options: LoadOptions = {}): Promise<LoadedFile[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sorted = [...outputs].sort((a, b) => ORDER.indexOf(a.importType) - ORDER.indexOf(b.importType));
  const results: LoadedFile[] = [];
  for (const output of sorted) {
    if (options.signal?.aborted) break;
    const report = (status: LoadProgress['status'], job?: AdvocateJob) =>
      options.onProgress?.({file: output.path, jobType: output.jobType, status, recordsProcessed: job?.stats?.recordsProcessed ?? 0, total: output.rows, errors: job?.stats?.errors ?? 0});
    report('UPLOADING');
    const fileRef = await client.upload(output.path);
    report('VALIDATING');
    const input = {type: output.jobType, fileRef, name: `ferry ${output.importType}`, params: HISTORY_PARAMS};
    const validation = await client.validateJobCreation(input);
    if (validation.errors.length) {
      results.push({output, status: 'REJECTED', recordsProcessed: 0, errors: validation.errors.length, errorRows: validation.errors.map((message) => ({row: 0, message}))});
      continue;
    }
    let job = await client.createJob(input);
    const started = Date.now();
    // PENDING until the job ends (COMPLETED or ABORTED): the public schema has no running state.
    while (job.status === 'PENDING') {
      report(job.status, job);
      if (Date.now() - started > (options.timeoutMs ?? 45 * 60_000)) throw new Error(`Advocate job ${job.id} did not finish in time; check it in the Advocate portal (Jobs).`);
      await sleep(options.pollMs ?? 2000);
      job = (await client.job(job.id)) ?? job;
    }
    report(job.status, job);
    const errorRows = job.downloadErrorUrl ? readErrorFile(await client.errorFile(job.downloadErrorUrl)) : [];
    const note = validation.checked ? undefined : 'Advocate has no validateJobCreation here: the file was not checked before the job; the job reports its own errors.';
    results.push({output, jobId: job.id, status: job.status, recordsProcessed: job.stats?.recordsProcessed ?? 0, errors: job.stats?.errors ?? 0, errorRows, ...(note ? {note} : {})});
  }
  return results;
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
