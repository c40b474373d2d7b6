// Advocate (ex-SaaSquatch) bulk import client: upload a file, validate it, create the
// job, poll it, fetch its error file. Every fact it relies on, with its source, is in
// docs/platforms/advocate.md; its GraphQL documents are in graphql.ts. Auth is HTTP Basic with an empty user and the
// tenant API key as password (docs.saasquatch.com/api: `curl -u :{api_key}`).
// No published rate limit: a modest budget, and 429s back off via source/platform/http-client.ts.
import fs from 'node:fs';
import path from 'node:path';
import {createHttpClient} from '../../source/platform/http-client.js';
import type {HttpClient, HttpEvent, Transport} from '../../source/contracts/http.js';
import {CREATE_JOB, JOB, JOBS, VALIDATE_JOB_CREATION} from './graphql.js';

import type {AdvocateImportApi, AdvocateJob, AdvocateSettings, JobInput, ValidationAnswer} from '../../source/contracts/advocate.js';

export const ADVOCATE_DEFAULT_BASE_URL = 'https://app.referralsaasquatch.com';

export type {AdvocateJob, AdvocateSettings, JobInput, ValidationAnswer} from '../../source/contracts/advocate.js';

/** A GraphQL answer with errors and no usable data. */
export class AdvocateGraphQLError extends Error {
  constructor(readonly messages: string[]) {
    super(`Advocate GraphQL: ${messages.join('; ')}`);
  }
}

export class AdvocateClient implements AdvocateImportApi {
  private readonly http: HttpClient;
  /** For files on another host (presigned storage): the API key never leaves Advocate's own origin. */
  private readonly anonymous: HttpClient;
  constructor(
    readonly settings: AdvocateSettings,
    options: {onEvent?: (event: HttpEvent) => void; transport?: Transport; requestsPerMinute?: number} = {},
  ) {
    if (!/^[A-Za-z0-9_-]+$/.test(settings.tenant)) throw new Error(`"${settings.tenant}" is not a tenant alias (Settings › General › Tenant details)`);
    const common = {
      side: 'Advocate',
      platform: 'Advocate',
      baseUrl: settings.baseUrl ?? ADVOCATE_DEFAULT_BASE_URL,
      budget: {requestsPerMinute: options.requestsPerMinute ?? 120, concurrency: 2},
      headers: {retryAfter: 'retry-after'},
      describeError: describeAdvocateError,
      onEvent: options.onEvent,
      transport: options.transport,
      maxAttempts: 4,
    };
    this.http = createHttpClient({...common, authHeaders: {authorization: 'Basic ' + Buffer.from(':' + settings.apiKey).toString('base64')}});
    this.anonymous = createHttpClient({...common, authHeaders: {}, secrets: [settings.apiKey]});
  }

  private get prefix() {
    return `/api/v1/${encodeURIComponent(this.settings.tenant)}`;
  }

  /** POST /api/v1/{tenant}/export/upload, the file as the multipart field `file` (streamed from disk). */
  async upload(filePath: string): Promise<string> {
    const form = new FormData();
    const blob = await fs.openAsBlob(filePath);
    form.append('file', blob, path.basename(filePath));
    // An upload no job refers to does nothing: sending it twice is harmless.
    const response = await this.http.request<{fileRef: string}>({method: 'POST', url: `${this.prefix}/export/upload`, form, what: path.basename(filePath), repeatable: true});
    if (!response.body?.fileRef) throw new Error('Advocate did not return a fileRef for the upload');
    return response.body.fileRef;
  }

  /** GraphQL answers errors with HTTP 200 and an `errors` list (saasquatch-java-sdk GraphQLApiResponse). */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    // A query only reads and may be repeated; a mutation (createJob) is never re-sent blind.
    const repeatable = !/^\s*mutation\b/.test(query);
    const response = await this.http.request<{data?: T | null; errors?: Array<{message: string}>}>({method: 'POST', url: `${this.prefix}/graphql`, json: {query, variables}, repeatable});
    const body = response.body ?? {};
    const messages = (body.errors ?? []).map((e) => e.message);
    if (messages.length && (!body.data || Object.values(body.data as object).every((v) => v === null))) throw new AdvocateGraphQLError(messages);
    if (!body.data) throw new AdvocateGraphQLError(['the answer has neither data nor errors']);
    return body.data;
  }

  /** The public schema's check of a JobInput (Query.validateJobCreation); a tenant without it is told apart from a failed check. */
  async validateJobCreation(jobInput: JobInput): Promise<ValidationAnswer> {
    try {
      const data = await this.graphql<{validateJobCreation: {errors: string[]}}>(VALIDATE_JOB_CREATION, {jobInput});
      return {checked: true, errors: data.validateJobCreation.errors};
    } catch (error) {
      const unknownField = error instanceof AdvocateGraphQLError && error.messages.some((m) => /validateJobCreation/.test(m) && /undefined|cannot query|unknown|not exist/i.test(m));
      if (unknownField) return {checked: false, errors: []};
      throw error;
    }
  }

  async createJob(jobInput: JobInput): Promise<AdvocateJob> {
    const data = await this.graphql<{createJob: AdvocateJob}>(CREATE_JOB, {jobInput});
    return data.createJob;
  }

  async job(id: string): Promise<AdvocateJob | null> {
    const data = await this.graphql<{job: AdvocateJob | null}>(JOB, {id});
    return data.job;
  }

  /**
   * The job of this type named `name`, created at or after `since` (ms), if Advocate has one:
   * how a job whose createJob answer was lost (or whose id a kill kept from the journal) is
   * found before anything is sent again. Query.jobs filters by type and creation date only
   * (JobFilterInput), so the name is matched here, page by page.
   */
  async findJob(type: string, name: string, since: number): Promise<AdvocateJob | undefined> {
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
      const data = await this.graphql<{jobs: {data: AdvocateJob[]; count: number}}>(JOBS, {filter: {type_eq: type, dateCreated_gte: since}, limit, offset});
      const found = data.jobs.data.find((job) => job.name === name);
      if (found) return found;
      if (data.jobs.data.length < limit) return undefined;
    }
  }

  /** The job's error file (CSV with the row and the reason); credentials go only to Advocate's own origin. */
  async errorFile(url: string): Promise<string> {
    const base = new URL(this.settings.baseUrl ?? ADVOCATE_DEFAULT_BASE_URL);
    const target = new URL(url, base);
    const client = target.origin === base.origin ? this.http : this.anonymous;
    const response = await client.request<Buffer>({method: 'GET', url: target.href, responseType: 'buffer'});
    return Buffer.isBuffer(response.body) ? response.body.toString('utf8') : String(response.body ?? '');
  }
}

export function describeAdvocateError(status: number, body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const {message, apiErrorCode} = body as {message?: string; apiErrorCode?: string};
    return `${apiErrorCode ? apiErrorCode + ': ' : ''}${message ?? ''}`;
  }
  if (status === 401) return 'the API key was rejected';
  return typeof body === 'string' ? body.slice(0, 200) : `HTTP ${status}`;
}
