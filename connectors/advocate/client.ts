// Advocate (ex-SaaSquatch) bulk import client: upload a file, validate it, create the
// job, poll it, fetch its error file. Auth is HTTP Basic with an empty user and the
// tenant API key as password (docs.saasquatch.com/api: `curl -u :{api_key}`).
// No published rate limit: a modest budget, and 429s back off via source/http.ts.
import fs from 'node:fs';
import path from 'node:path';
import {createHttpClient, type HttpClient, type HttpEvent, type Transport} from '../../source/http.js';

export const ADVOCATE_DEFAULT_BASE_URL = 'https://app.referralsaasquatch.com';

export interface AdvocateSettings {
  tenant: string;
  apiKey: string;
  baseUrl?: string;
}

export interface AdvocateJob {
  id: string;
  type: string;
  name: string;
  status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'ABORTED';
  stats: {recordsProcessed: number; errors: number; total?: number};
  downloadUrl: string | null;
  downloadErrorUrl: string | null;
}

export interface JobInput {
  type: string;
  fileRef: string;
  name?: string;
  params?: Record<string, unknown>;
  outputFormat?: 'CSV' | 'JSONL';
}

export interface ValidationAnswer {
  success: boolean;
  validationErrors: Array<{message: string; code?: string}>;
}

const JOB_FIELDS = 'id type name status stats { recordsProcessed errors total } downloadUrl downloadErrorUrl';

export class AdvocateClient {
  private readonly http: HttpClient;
  constructor(
    readonly settings: AdvocateSettings,
    options: {onEvent?: (event: HttpEvent) => void; transport?: Transport; requestsPerMinute?: number} = {},
  ) {
    if (!/^[A-Za-z0-9_-]+$/.test(settings.tenant)) throw new Error(`"${settings.tenant}" is not a tenant alias (Settings › General › Tenant details)`);
    this.http = createHttpClient({
      side: 'Advocate',
      platform: 'Advocate',
      baseUrl: settings.baseUrl ?? ADVOCATE_DEFAULT_BASE_URL,
      budget: {requestsPerMinute: options.requestsPerMinute ?? 120, concurrency: 2},
      headers: {retryAfter: 'retry-after'},
      authHeaders: {authorization: 'Basic ' + Buffer.from(':' + settings.apiKey).toString('base64')},
      describeError: describeAdvocateError,
      onEvent: options.onEvent,
      transport: options.transport,
      maxAttempts: 4,
    });
  }

  private get prefix() {
    return `/api/v1/${encodeURIComponent(this.settings.tenant)}`;
  }

  /** Streams the file from disk as a multipart `file` field. */
  async upload(filePath: string): Promise<string> {
    const form = new FormData();
    const blob = await fs.openAsBlob(filePath);
    form.append('file', blob, path.basename(filePath));
    const response = await this.http.request<{fileRef: string}>({method: 'POST', url: `${this.prefix}/export/upload`, form, what: path.basename(filePath)});
    if (!response.body?.fileRef) throw new Error('Advocate did not return a fileRef for the upload');
    return response.body.fileRef;
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await this.http.request<{data?: T; errors?: Array<{message: string}>}>({method: 'POST', url: `${this.prefix}/graphql`, json: {query, variables}});
    const body = response.body ?? {};
    if (body.errors?.length && !body.data) throw new Error(`Advocate GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    if (body.errors?.length && body.data && Object.values(body.data as object).every((v) => v === null)) throw new Error(`Advocate GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  }

  async validateJobInput(jobInput: JobInput): Promise<ValidationAnswer> {
    const data = await this.graphql<{validateJobInput: ValidationAnswer}>('mutation ($jobInput: JobInput!) { validateJobInput(jobInput: $jobInput) { success validationErrors { code message } } }', {jobInput});
    return data.validateJobInput;
  }

  async createJob(jobInput: JobInput): Promise<AdvocateJob> {
    const data = await this.graphql<{createJob: AdvocateJob}>(`mutation ($jobInput: JobInput!) { createJob(jobInput: $jobInput) { ${JOB_FIELDS} } }`, {jobInput});
    return data.createJob;
  }

  async job(id: string): Promise<AdvocateJob | null> {
    const data = await this.graphql<{job: AdvocateJob | null}>(`query ($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, {id});
    return data.job;
  }

  /** The job's error file (CSV with the row and the reason). */
  async errorFile(url: string): Promise<string> {
    const response = await this.http.request<Buffer>({method: 'GET', url, responseType: 'buffer'});
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
