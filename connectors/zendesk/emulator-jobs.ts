// Bulk ticket import as Zendesk runs it: POST /api/v2/imports/tickets/create_many takes up to 100
// tickets and answers at once with a queued job status; the job runs in the background whether or
// not a client follows it, and GET /api/v2/job_statuses/{id} shows its progress and, when it is
// completed, one result per ticket in the request's order (`index`): the ticket's id, or the reason
// Zendesk refused that ticket alone. GET /api/v2/job_statuses lists the last 100 jobs.
// Facts and sources: docs/platforms/zendesk.md "Bulk ticket import".
import {randomBytes} from 'node:crypto';
import type {ZdTicket} from './api-shapes.js';
import {ApiError, badRequest, notFound, type ApiRegistrar} from './emulator-http.js';
import {ok, type Body} from './emulator-bodies.js';

/** "Accepts an array of up to 100 ticket objects" (ticket_import reference). */
export const IMPORT_MANY_MAX = 100;
/** "Zendesk only logs the last 100 jobs" (job_statuses, as quoted in docs/platforms/zendesk.md). */
const JOBS_KEPT = 100;

export interface JobResult {
  index: number;
  id?: number;
  status: 'Created' | 'Failed';
  success: boolean;
  external_id?: string | null;
  error?: string;
  details?: string;
}

export interface JobStatus {
  id: string;
  job_type: string;
  url: string;
  total: number;
  progress: number;
  status: 'queued' | 'working' | 'completed' | 'failed';
  message: string | null;
  results: JobResult[] | null;
}

export interface ImportJobOptions {
  importTicket(input: Body, callerId: number): ZdTicket;
  now(): number;
  /** Saves the account after a job wrote (the demo folder's state) */
  afterJob?: () => void;
  /** How long a job waits in the queue before it runs (default 20 ms) */
  jobDelayMs?: number;
  baseUrl?: () => string;
}

export function registerImportJobs(api: ApiRegistrar, options: ImportJobOptions): {setDelay(ms: number): void} {
  const jobs = new Map<string, JobStatus>();
  let delayMs = options.jobDelayMs ?? 20;

  function run(job: JobStatus, tickets: Body[], callerId: number) {
    job.status = 'working';
    const results: JobResult[] = [];
    for (const [index, input] of tickets.entries()) {
      try {
        const ticket = options.importTicket(input, callerId);
        results.push({index, id: ticket.id, status: 'Created', success: true, external_id: ticket.external_id});
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        results.push({index, status: 'Failed', success: false, error: errorCode(error.body), details: describe(error.body)});
      }
      job.progress = index + 1;
    }
    job.results = results;
    job.status = 'completed';
    job.message = `Completed at ${new Date(options.now()).toISOString()}`;
    options.afterJob?.();
  }

  api(
    'POST',
    '/api/v2/imports/tickets/create_many',
    (request, caller) => {
      const tickets = request.json?.tickets;
      if (!Array.isArray(tickets) || !tickets.length) throw badRequest('InvalidValue', 'Missing "tickets" array in the request body');
      if (tickets.length > IMPORT_MANY_MAX) throw badRequest('TooManyValues', `Too many tickets: the limit is ${IMPORT_MANY_MAX} a request`);
      const id = randomBytes(16).toString('hex');
      const job: JobStatus = {id, job_type: 'Bulk Import Tickets', url: `${options.baseUrl?.() ?? ''}/api/v2/job_statuses/${id}.json`, total: tickets.length, progress: 0, status: 'queued', message: null, results: null};
      jobs.set(id, job);
      while (jobs.size > JOBS_KEPT) jobs.delete(jobs.keys().next().value!);
      // The job runs after the answer, on its own: a client that goes away does not stop it.
      setTimeout(() => run(job, tickets as Body[], caller.user.id), delayMs).unref?.();
      return ok({job_status: {...job}});
    },
    {admin: true},
  );
  api('GET', '/api/v2/job_statuses/:id', (request) => {
    const job = jobs.get(String(request.params.id));
    if (!job) throw notFound();
    return ok({job_status: job});
  });
  api('GET', '/api/v2/job_statuses', () => ok({job_statuses: [...jobs.values()].reverse()}));
  return {setDelay: (ms) => void (delayMs = ms)};
}

function errorCode(body: unknown): string {
  return String((body as {error?: unknown} | undefined)?.error ?? 'Failed');
}

/** A refusal's field details in one line, as a job result's `details` carries them. */
function describe(body: unknown): string {
  const shaped = body as {description?: string; details?: Record<string, Array<{description: string}>>} | undefined;
  const details = Object.values(shaped?.details ?? {}).flat().map((entry) => entry.description);
  return details.length ? details.join('; ') : (shaped?.description ?? 'Failed');
}
