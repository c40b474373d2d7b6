// A local stand-in for Advocate's documented bulk import API (docs.saasquatch.com/developer/bulk-import):
//   POST /api/v1/{tenant}/export/upload        multipart `file` or raw body -> {fileRef}
//   POST /api/v1/{tenant}/graphql              any query schema.graphql allows: validateJobCreation, createJob, job(id), jobs
//   GET  /api/v1/{tenant}/export/{jobId}/errors.csv   the job's error file (downloadErrorUrl)
// Auth is HTTP Basic with an empty user and the API key as password (curl -u :KEY);
// a wrong key gets 401 in the error shape of saasquatch-docs content/api/errors.md.
// Line rules follow saasquatch/schema (UserImportLine, ReferralImportLine, UserEventImportLine).
import {randomUUID} from 'node:crypto';
import {parse as parseCsv} from 'csv-parse/sync';
import {execute, GraphQLError, parse, validate as validateQuery} from 'graphql';
import {advocateSchema} from './graphql.js';
import {Router, basicAuth, startServer, type EmulatorReply, type EmulatorRequest, type StartedServer} from '../shared/emulator-kit.js';

export interface AdvocateEmulatorOptions {
  tenant: string;
  apiKey: string;
  port?: number;
  /** Rows a job processes per tick, so polling sees progress */
  rowsPerTick?: number;
  tickMs?: number;
}

export interface EmulatedJob {
  id: string;
  type: string;
  name: string;
  /** The public schema's JobStatus: a job is PENDING until it ends */
  status: 'PENDING' | 'COMPLETED' | 'ABORTED';
  fileRef: string;
  params: Record<string, unknown>;
  stats: {recordsProcessed: number; errors: number; total: number};
  errorRows: Array<{row: number; message: string}>;
  dateCreated: number;
  dateCompleted?: number;
}

export interface TenantState {
  users: Map<string, Record<string, unknown>>;
  /** referred user id -> referral line (with its rewards) */
  referrals: Map<string, {referrerId: string; programId: string; rewards: unknown[]; dateConverted?: number}>;
  events: Array<{userId: string; key: string}>;
  redemptions: Array<{userId: string; unit: string; value: number}>;
  /** Side effects that ran because the job did not switch them off */
  sideEffects: {webhooks: number; programs: number; analytics: number};
  jobs: Map<string, EmulatedJob>;
  files: Map<string, Buffer>;
}

export interface RunningAdvocateEmulator extends StartedServer {
  baseUrl: string;
  state: TenantState;
}

const JOB_TYPES = new Set(['MUTATION/USER', 'MUTATION/DELETE_USER', 'MUTATION/REFERRAL', 'MUTATION/USER_EVENT', 'MUTATION/REDEEMABLE_REWARD_BALANCE']);
const REQUIRED_CSV: Record<string, string[]> = {
  'MUTATION/USER': ['id', 'accountId'],
  'MUTATION/DELETE_USER': ['accountId', 'id'],
  'MUTATION/USER_EVENT': ['accountId', 'userId', 'event.key'],
  'MUTATION/REFERRAL': ['programId', 'referrerUser.id', 'referredUser.id'],
  'MUTATION/REDEEMABLE_REWARD_BALANCE': ['accountId', 'userId', 'unit', 'valueToRedeem'],
};

export async function startAdvocateEmulator(options: AdvocateEmulatorOptions): Promise<RunningAdvocateEmulator> {
  const state: TenantState = {users: new Map(), referrals: new Map(), events: [], redemptions: [], sideEffects: {webhooks: 0, programs: 0, analytics: 0}, jobs: new Map(), files: new Map()};
  const timers = new Set<NodeJS.Timeout>();
  let server: StartedServer | undefined;
  const router = new Router();

  const authorized = (request: EmulatorRequest): EmulatorReply | undefined => {
    const auth = basicAuth(request.headers);
    if (!auth || auth.password !== options.apiKey) return {status: 401, json: {message: 'Unauthorized: a valid API key is required (HTTP Basic, empty user, API key as password)', statusCode: 401, apiErrorCode: 'UNAUTHORIZED'}};
    if (request.params.tenant !== options.tenant) return {status: 404, json: {message: `Tenant ${request.params.tenant} not found`, statusCode: 404, apiErrorCode: 'TENANT_NOT_FOUND'}};
    return undefined;
  };

  router.on('POST', '/api/v1/:tenant/export/upload', (request) => {
    const denied = authorized(request);
    if (denied) return denied;
    const file = request.form?.files.find((f) => f.field === 'file');
    const data = file?.data ?? request.raw;
    if (!data.length) return {status: 400, json: {message: 'No file uploaded', statusCode: 400, apiErrorCode: 'BAD_REQUEST'}};
    const name = (file?.fileName ?? 'upload.csv').replace(/[^\w.-]/g, '_');
    const fileRef = `imports/${options.tenant}/${randomUUID().slice(0, 12)}_${name}`;
    state.files.set(fileRef, Buffer.from(data));
    return {status: 200, json: {fileRef}};
  });

  router.on('GET', '/api/v1/:tenant/export/:jobId/errors.csv', (request) => {
    const denied = authorized(request);
    if (denied) return denied;
    const job = state.jobs.get(request.params.jobId!);
    if (!job) return {status: 404, json: {message: 'Job not found', statusCode: 404, apiErrorCode: 'NOT_FOUND'}};
    const body = 'row,error\n' + job.errorRows.map((e) => `${e.row},"${e.message.replace(/"/g, '""')}"`).join('\n') + (job.errorRows.length ? '\n' : '');
    return {status: 200, body, headers: {'content-type': 'text/csv; charset=utf-8'}};
  });

  // Every query is parsed and validated against schema.graphql (built from the public schema)
  // and executed by graphql-js, so an unknown field, argument, enum value or input field fails
  // as on the real service. Errors come back with HTTP 200 and GraphQL's {errors:[{message,
  // locations}]} shape: SaaSquatch's own Java SDK says a GraphQL request "will still usually
  // succeed" at the HTTP level even when it causes an error (saasquatch-java-sdk,
  // output/GraphQLApiResponse.java). A body that is not a GraphQL request at all is a 400.
  const resolvers = {
    job: ({id}: {id: string}) => {
      const job = state.jobs.get(id);
      return job ? publicJob(job) : null;
    },
    jobs: ({filter, limit, offset}: {filter?: JobFilter | null; limit: number; offset: number}) => {
      // Newest first, as the portal's job list; the filter is JobFilterInput's (no name filter).
      const all = [...state.jobs.values()].reverse().filter((job) => matchesFilter(job, filter ?? undefined));
      const data = all.slice(offset, offset + limit).map(publicJob);
      return {data, count: data.length, totalCount: all.length};
    },
    validateJobCreation: ({jobInput}: {jobInput: Record<string, unknown>}) => ({errors: validate(jobInput)}),
    createJob: ({jobInput}: {jobInput: Record<string, unknown>}) => {
      const errors = validate(jobInput);
      if (errors.length) throw new GraphQLError(errors.join('; '));
      return publicJob(createJob(jobInput));
    },
  };
  router.on('POST', '/api/v1/:tenant/graphql', async (request) => {
    const denied = authorized(request);
    if (denied) return denied;
    const body = request.json as {query?: unknown; variables?: unknown; operationName?: unknown} | undefined;
    if (!body || typeof body.query !== 'string') return {status: 400, json: {message: 'A GraphQL request is a JSON body with a "query" string', statusCode: 400, apiErrorCode: 'BAD_REQUEST'}};
    let document;
    try {
      document = parse(body.query);
    } catch (error) {
      return {status: 200, json: {errors: [(error as GraphQLError).toJSON()]}};
    }
    const invalid = validateQuery(advocateSchema(), document);
    if (invalid.length) return {status: 200, json: {errors: invalid.map((error) => error.toJSON())}};
    const result = await execute({schema: advocateSchema(), document, rootValue: resolvers, variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined, operationName: typeof body.operationName === 'string' ? body.operationName : undefined});
    return {status: 200, json: {...(result.errors ? {errors: result.errors.map((error) => error.toJSON())} : {}), data: result.data ?? null}};
  });

  /** validateJobCreation's errors: strings, as the schema's ValidateJobCreationResult has them. */
  function validate(input: Record<string, any>): string[] {
    const errors: string[] = [];
    if (!JOB_TYPES.has(input.type)) errors.push(`INVALID_TYPE: Unknown job type ${input.type}`);
    const data = state.files.get(String(input.fileRef ?? ''));
    if (!data) errors.push(`FILE_IO_REF: fileRef ${input.fileRef} cannot be read`);
    else if (JOB_TYPES.has(input.type)) {
      const parsed = readLines(data);
      if ('error' in parsed) errors.push(`CSV_PARSE_ERROR: ${parsed.error}`);
      else if (parsed.csv) {
        const missing = REQUIRED_CSV[input.type]!.filter((column) => !parsed.headers.includes(column) && !(column === 'programId' && parsed.headers.length));
        for (const column of missing) errors.push(`MISSING_HEADER: Missing required header ${column}`);
      }
    }
    return errors;
  }

  function createJob(input: Record<string, any>): EmulatedJob {
    const job: EmulatedJob = {id: randomUUID(), type: input.type, name: String(input.name ?? input.type), status: 'PENDING', fileRef: input.fileRef, params: input.params ?? {}, stats: {recordsProcessed: 0, errors: 0, total: 0}, errorRows: [], dateCreated: Date.now()};
    state.jobs.set(job.id, job);
    const parsed = readLines(state.files.get(job.fileRef)!) as {rows: Array<Record<string, unknown>>};
    job.stats.total = parsed.rows.length;
    let next = 0;
    const timer = setInterval(() => {
      const end = Math.min(parsed.rows.length, next + (options.rowsPerTick ?? 500));
      for (; next < end; next++) {
        const problem = applyLine(job, parsed.rows[next]!);
        job.stats.recordsProcessed++;
        if (problem) {
          job.stats.errors++;
          job.errorRows.push({row: next + 1, message: problem});
        }
      }
      if (next >= parsed.rows.length) {
        job.status = 'COMPLETED';
        job.dateCompleted = Date.now();
        clearInterval(timer);
        timers.delete(timer);
      }
    }, options.tickMs ?? 20);
    timers.add(timer);
    return job;
  }

  function sideEffects(job: EmulatedJob) {
    const evaluation = (job.params.importEvaluationOptions ?? {}) as Record<string, unknown>;
    for (const key of ['webhooks', 'programs', 'analytics'] as const) if (evaluation[key] !== false) state.sideEffects[key]++;
  }

  /** Applies one line; returns the error message for the error file, if any. */
  function applyLine(job: EmulatedJob, line: Record<string, any>): string | undefined {
    // Ids are strings in Advocate; a CSV cell such as 123 reads as a number here, so compare as text.
    const known = (id: unknown) => (typeof id === 'string' || typeof id === 'number') && state.users.has(String(id));
    switch (job.type) {
      case 'MUTATION/USER': {
        if (!line.id || !line.accountId) return 'id and accountId are required';
        if (line.locale !== undefined && !/^[a-z]{2}_[A-Z]{2}$/.test(line.locale)) return `Invalid locale ${line.locale}`;
        if (line.dateCreated !== undefined && !Number.isInteger(line.dateCreated)) return 'dateCreated must be an integer (ms since epoch)';
        for (const name of Object.keys(line.customFields ?? {})) if (!/^[a-zA-Z0-9_]{1,64}$/.test(name)) return `Invalid custom field name ${name}`;
        state.users.set(String(line.id), {...state.users.get(String(line.id)), ...line});
        sideEffects(job);
        return undefined;
      }
      case 'MUTATION/DELETE_USER':
        if (!state.users.delete(String(line.id))) return `User ${line.id} not found`;
        return undefined;
      case 'MUTATION/USER_EVENT':
        if (!known(line.userId)) return `User ${line.userId} not found`;
        if (!line.event?.key) return 'event.key is required';
        state.events.push({userId: line.userId, key: line.event.key});
        sideEffects(job);
        return undefined;
      case 'MUTATION/REDEEMABLE_REWARD_BALANCE':
        if (!known(line.userId)) return `User ${line.userId} not found`;
        if (!(typeof line.valueToRedeem === 'number' && line.valueToRedeem > 0)) return 'valueToRedeem must be a positive number';
        state.redemptions.push({userId: line.userId, unit: line.unit, value: line.valueToRedeem});
        return undefined;
      case 'MUTATION/REFERRAL': {
        const extra = Object.keys(line).filter((key) => !['referrerUser', 'referredUser', 'programId', 'dateReferralStarted', 'dateConverted', 'rewards'].includes(key));
        if (extra.length) return `additional properties not allowed: ${extra.join(', ')}`;
        if (!line.programId || !line.referrerUser?.id || !line.referredUser?.id) return 'programId, referrerUser and referredUser are required';
        if (!known(line.referrerUser.id)) return `Referrer ${line.referrerUser.id} not found`;
        if (!known(line.referredUser.id)) return `Referred user ${line.referredUser.id} not found`;
        for (const reward of line.rewards ?? []) {
          if (reward.type === 'CREDIT' && !(Number.isInteger(reward.assignedCredit) && reward.assignedCredit > 0)) return 'assignedCredit must be an integer above 0';
          for (const redemption of reward.redemptions ?? []) if (!Number.isInteger(redemption.quantityRedeemed)) return 'quantityRedeemed must be an integer';
        }
        const existing = state.referrals.get(line.referredUser.id);
        if (existing && existing.referrerId !== line.referrerUser.id) return `${line.referredUser.id} was already referred by ${existing.referrerId}`;
        // Rewards of the same referral accumulate: importing them twice gives them twice.
        if (existing) existing.rewards.push(...(line.rewards ?? []));
        else state.referrals.set(line.referredUser.id, {referrerId: line.referrerUser.id, programId: line.programId, rewards: [...(line.rewards ?? [])], dateConverted: line.dateConverted});
        sideEffects(job);
        return undefined;
      }
    }
    return `Unsupported job type ${job.type}`;
  }

  /** The job as GraphQL resolves it: Job's fields (schema.graphql); graphql-js returns only those asked for. */
  function publicJob(job: EmulatedJob) {
    const base = `${server!.url}/api/v1/${options.tenant}/export/${job.id}`;
    const done = job.status === 'COMPLETED';
    return {
      id: job.id,
      type: job.type,
      name: job.name,
      status: job.status,
      dateCreated: job.dateCreated,
      dateCompleted: job.dateCompleted ?? null,
      fileRef: job.fileRef,
      params: job.params,
      stats: {recordsProcessed: job.stats.recordsProcessed, errors: job.stats.errors},
      downloadUrl: () => null,
      downloadErrorUrl: () => (done && job.stats.errors > 0 ? `${base}/errors.csv` : null),
    };
  }

  server = await startServer(router, {port: options.port});
  const started = server;
  return {
    ...started,
    baseUrl: started.url,
    state,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await started.close();
    },
  };
}

interface JobFilter {
  AND?: JobFilter[];
  OR?: JobFilter[];
  id_eq?: string;
  id_in?: string[];
  type_eq?: string;
  type_ne?: string;
  dateCreated_gte?: number;
  dateCreated_lt?: number;
  dateCompleted_gte?: number;
  dateCompleted_lt?: number;
  status_eq?: string;
  status_ne?: string;
  status_in?: string[];
}

/** JobFilterInput (schema.graphql): every given condition holds; relative timeframes are not emulated and refused. */
function matchesFilter(job: EmulatedJob, filter: JobFilter | undefined): boolean {
  if (!filter) return true;
  if ((filter as Record<string, unknown>).dateCreated_timeframe !== undefined || (filter as Record<string, unknown>).dateCompleted_timeframe !== undefined) throw new GraphQLError('The emulator does not evaluate relative timeframes');
  const n = (value: unknown) => Number(value);
  if (filter.AND && !filter.AND.every((f) => matchesFilter(job, f))) return false;
  if (filter.OR && !filter.OR.some((f) => matchesFilter(job, f))) return false;
  if (filter.id_eq !== undefined && job.id !== filter.id_eq) return false;
  if (filter.id_in && !filter.id_in.includes(job.id)) return false;
  if (filter.type_eq !== undefined && job.type !== filter.type_eq) return false;
  if (filter.type_ne !== undefined && job.type === filter.type_ne) return false;
  if (filter.dateCreated_gte !== undefined && job.dateCreated < n(filter.dateCreated_gte)) return false;
  if (filter.dateCreated_lt !== undefined && job.dateCreated >= n(filter.dateCreated_lt)) return false;
  if (filter.dateCompleted_gte !== undefined && !(job.dateCompleted !== undefined && job.dateCompleted >= n(filter.dateCompleted_gte))) return false;
  if (filter.dateCompleted_lt !== undefined && !(job.dateCompleted !== undefined && job.dateCompleted < n(filter.dateCompleted_lt))) return false;
  if (filter.status_eq !== undefined && job.status !== filter.status_eq) return false;
  if (filter.status_ne !== undefined && job.status === filter.status_ne) return false;
  if (filter.status_in && !filter.status_in.includes(job.status)) return false;
  return true;
}

/** CSV (dotted headers become nested objects, numbers become numbers) or JSON lines. */
function readLines(data: Buffer): {rows: Array<Record<string, unknown>>; csv: boolean; headers: string[]} | {error: string} {
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{') {
    const rows: Array<Record<string, unknown>> = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.trim()) continue;
      try {
        rows.push(JSON.parse(lines[i]!));
      } catch {
        return {error: `Line ${i + 1} is not valid JSON`};
      }
    }
    return {rows, csv: false, headers: []};
  }
  let records: string[][];
  try {
    records = parseCsv(text, {relax_column_count: false, skip_empty_lines: true}) as string[][];
  } catch (error) {
    return {error: `CSV could not be parsed: ${(error as Error).message}`};
  }
  const [headers = [], ...body] = records;
  return {rows: body.map((cells) => nest(headers, cells)), csv: true, headers};
}

function nest(headers: string[], cells: string[]): Record<string, unknown> {
  const root: Record<string, any> = {};
  headers.forEach((header, index) => {
    const raw = cells[index] ?? '';
    if (raw === '') return;
    const value: unknown = /^-?\d+$/.test(raw) && raw.length < 16 ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    const path = header.split('.');
    // customFields.<name>, referralCodes.<programId> keep the rest of the header as one key.
    const keep = ['customFields', 'referralCodes', 'sharelinks', 'programShareLinks'].includes(path[0]!) ? [path[0]!, path.slice(1).join('.')] : path;
    let node = root;
    keep.forEach((key, depth) => {
      const isIndex = /^\d+$/.test(keep[depth + 1] ?? '');
      if (depth === keep.length - 1) node[key] = value;
      else node = node[key] ??= isIndex ? [] : {};
    });
  });
  return root;
}
