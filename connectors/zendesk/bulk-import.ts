// Tickets into Zendesk in bulk: POST /api/v2/imports/tickets/create_many carries up to 100 tickets
// with their comments and answers with a job status, which ferry follows
// (GET /api/v2/job_statuses/{id}) until the job says, per ticket (`index`), its id or why Zendesk
// refused it. Facts and sources: docs/platforms/zendesk.md "Bulk ticket import".
//
// Exactly once: each ticket's import is the engine's once-only step, journalled "sent" before its
// batch goes. Before the request, every ticket of the batch keeps an empty job in the journal, then,
// once Zendesk answered, its job's id and index. A ticket whose answer or job status was lost (or
// whose process was killed) is looked for before it is sent again: its job is followed to its end
// (when its id was kept; otherwise every unfinished job the account lists is), then the ticket is
// found by its external_id, which is the marker. A ticket the job refused fails alone with Zendesk's
// reason; a retry sends only those.
import type {WriteContext} from '../../source/contracts/connector.js';
import {HttpRecordError, PossiblyAppliedError, RecordError, RunStopError} from '../../source/contracts/errors.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id} from '../../source/contracts/model.js';
import {ENDPOINT} from './source-session.js';

/** "Accepts an array of up to 100 ticket objects" (ticket_import reference). */
export const IMPORT_MANY_MAX = 100;
/** The journal key a ticket keeps its job under: "" before the request, "<job id>#<index>" after. */
export const JOB_KEY = 'import-job';

export interface ZdJobResult {
  index?: number;
  id?: number;
  status?: string;
  success?: boolean;
  error?: string;
  details?: string;
}
export interface ZdJobStatus {
  id: string;
  status: 'queued' | 'working' | 'completed' | 'failed' | string;
  total?: number | null;
  progress?: number | null;
  message?: string | null;
  job_type?: string;
  results?: ZdJobResult[] | null;
}

export interface BulkImportOptions {
  http: HttpClient;
  /** Tickets a request carries (at most IMPORT_MANY_MAX) */
  size?: number;
  /** How long a part-filled batch waits for more tickets before it goes */
  gatherMs?: number;
  /** Waits before each poll of a job's status; the last one repeats */
  pollMs?: number[];
  /** How long a job may stay queued or working before its tickets fail (default an hour) */
  maxWaitMs?: number;
  findByMarker(sourceKey: string): Promise<Id | undefined>;
}

interface Entry {
  ticket: Record<string, unknown>;
  context: WriteContext;
  resolve(id: Id): void;
  reject(error: unknown): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failed = (result: ZdJobResult) => result.success === false || result.status === 'Failed' || Boolean(result.error) || result.id === undefined;
const unfinished = (job: ZdJobStatus) => job.status === 'queued' || job.status === 'working';

export function bulkImporter(options: BulkImportOptions) {
  const {http} = options;
  const size = Math.min(options.size ?? IMPORT_MANY_MAX, IMPORT_MANY_MAX);
  const pollMs = options.pollMs ?? [1000, 2000, 4000, 8000];
  const queue: Entry[] = [];
  let timer: NodeJS.Timeout | undefined;

  function flush() {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) void send(queue.splice(0, size));
  }

  /** One ticket's import body ({ticket: ...}): resolves with its target id when its job created it. */
  function submit(body: {ticket: Record<string, unknown>}, context: WriteContext): Promise<Id> {
    return new Promise<Id>((resolve, reject) => {
      queue.push({ticket: body.ticket, context, resolve, reject});
      if (queue.length >= size) return flush();
      clearTimeout(timer);
      timer = setTimeout(flush, options.gatherMs ?? 200);
    });
  }

  /** The job to its end; undefined when Zendesk no longer knows it (statuses are kept a day at most). */
  async function follow(jobId: string): Promise<ZdJobStatus | undefined> {
    let waited = 0;
    for (let poll = 0; ; poll++) {
      const response = await http.request<{job_status: ZdJobStatus}>({method: 'GET', url: `/api/v2/job_statuses/${jobId}.json`, endpoint: ENDPOINT.other, what: `bulk import job ${jobId}`, accept: [404]});
      if (response.status === 404) return undefined;
      const job = response.body.job_status;
      if (!unfinished(job)) return job;
      // A job that never ends must not hold the run: its tickets fail, their steps stay "sent", and the next run looks again.
      if (waited >= (options.maxWaitMs ?? 60 * 60_000)) throw new RecordError(`bulk import job ${jobId} is still ${job.status} after ${Math.round(waited / 60_000)} minutes; run again to look for its tickets`);
      const pause = pollMs[Math.min(poll, pollMs.length - 1)]!;
      waited += pause;
      await sleep(pause);
    }
  }

  async function send(batch: Entry[]) {
    // Before the request: a kill from here on finds "" and waits for every unfinished job before it looks.
    for (const entry of batch) entry.context.remember?.(JOB_KEY, '');
    let job: ZdJobStatus;
    try {
      const response = await http.request<{job_status: ZdJobStatus}>({
        method: 'POST',
        url: '/api/v2/imports/tickets/create_many.json',
        json: {tickets: batch.map((entry) => entry.ticket)},
        endpoint: ENDPOINT.ticketsImport,
        what: `${batch.length} ticket(s) in one bulk import`,
      });
      job = response.body.job_status;
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const [index, entry] of batch.entries()) entry.context.remember?.(JOB_KEY, `${job.id}#${index}`);
    let done: ZdJobStatus | undefined;
    try {
      await sleep(pollMs[0]!);
      done = await follow(job.id);
    } catch (error) {
      // The job's status was lost: the job may have written them, so each ticket is looked for.
      const lost = error instanceof RunStopError || (error instanceof RecordError && !(error instanceof HttpRecordError)) ? error : new PossiblyAppliedError(`the status of bulk import job ${job.id} was lost (${(error as Error).message})`, 0, undefined);
      for (const entry of batch) entry.reject(lost);
      return;
    }
    for (const [index, entry] of batch.entries()) {
      const result = done?.results?.find((candidate) => candidate.index === index) ?? done?.results?.[index];
      if (result && !failed(result)) entry.resolve(String(result.id));
      else if (result) entry.reject(new HttpRecordError(`Zendesk refused the ticket in bulk import job ${job.id}: ${result.details ?? result.error ?? 'no reason given'}`, 422, result));
      // A failed job, or one Zendesk no longer knows: the ticket's marker says whether it was written.
      else entry.reject(new PossiblyAppliedError(`bulk import job ${job.id} ${done ? `ended "${done.status}"${done.message ? `: ${done.message}` : ''}` : 'is no longer known to Zendesk'} without a result for this ticket`, 0, done));
    }
  }

  /** Every job the account lists as queued or working, followed to its end. */
  async function settleUnfinished() {
    const response = await http.request<{job_statuses: ZdJobStatus[]}>({method: 'GET', url: '/api/v2/job_statuses.json', endpoint: ENDPOINT.other, what: 'bulk import jobs'});
    for (const job of response.body.job_statuses ?? []) if (unfinished(job)) await follow(job.id);
  }

  /**
   * Where a sent ticket is, before anything sends it again: its job first (it may still be queued,
   * and the ticket not yet findable), then its external_id.
   */
  async function lookup(context: WriteContext): Promise<Id | undefined> {
    const kept = context.recall?.(JOB_KEY);
    if (kept) {
      const [jobId, index] = kept.split('#');
      const job = await follow(jobId!);
      const result = job?.results?.find((candidate) => candidate.index === Number(index));
      if (result && !failed(result)) return String(result.id);
    } else if (kept === '') await settleUnfinished();
    return options.findByMarker(context.sourceKey);
  }

  return {submit, lookup, size};
}
