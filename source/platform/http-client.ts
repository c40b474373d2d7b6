// One HTTP layer for every connector: requests are paced under the API budget the
// connector declares, transient failures retry with capped backoff, 429s honour
// Retry-After, and one table decides what each failure means for the run.
import got, {type Method, RequestError} from 'got';
import PQueue from 'p-queue';
import type {HttpAction, HttpClient, HttpEvent, HttpRequest, HttpResponse, StatusRule, Transport} from '../contracts/http.js';
import type {ApiBudget, Authorizer, RateLimitHeaders} from '../contracts/connector.js';
import {CancelledError, FeatureUnavailableError, HttpRecordError, PossiblyAppliedError, RunStopError, maskSecrets} from '../contracts/errors.js';
import {RateGate, realClock, type Clock} from './rate-gate.js';
import {describeNetworkError} from './network-errors.js';


export function isRepeatable(request: Pick<HttpRequest, 'method' | 'repeatable'>): boolean {
  return request.repeatable ?? !(request.method === 'POST' || request.method === 'PATCH');
}




/**
 * The table from HTTP status to action, as data: the first rule that matches decides, and
 * anything no rule covers fails the record. A connector puts its own rules first
 * (Connector.statusRules, e.g. "this platform's 400 on uploads is transient").
 */
export const STATUS_TABLE: readonly StatusRule[] = [
  {status: [200, 299], action: 'success'},
  {status: 401, action: 'stop_run'},
  {status: 403, action: 'stop_run'},
  {status: 429, action: 'rate_limited'},
  // On a write that creates something, 409 means "already exists": retrying cannot change that,
  // so the attempt fails and the once-only step finds the record an earlier send made.
  {status: 409, writesOnly: true, action: 'fail_record'},
  {status: 408, action: 'retry'},
  {status: 409, action: 'retry'},
  {status: 423, action: 'retry'},
  {status: [500, 599], action: 'retry'},
];

export function classifyStatus(status: number, request?: Pick<HttpRequest, 'method' | 'repeatable' | 'endpoint'>, rules: readonly StatusRule[] = STATUS_TABLE): HttpAction {
  for (const rule of rules) {
    const [from, to] = Array.isArray(rule.status) ? rule.status : [rule.status, rule.status];
    if (status < from || status > to) continue;
    if (rule.writesOnly && (!request || isRepeatable(request))) continue;
    if (rule.endpoint && rule.endpoint !== request?.endpoint) continue;
    return rule.action;
  }
  return 'fail_record';
}

export interface HttpClientOptions {
  side: string;
  platform: string;
  baseUrl: string;
  budget: ApiBudget;
  headers: RateLimitHeaders;
  authHeaders: Record<string, string>;
  /** Credentials that expire (OAuth): asked for headers before every request, and to renew once on a 401 */
  authorizer?: Authorizer;
  /** Credential values to mask in every message (auth headers are masked anyway) */
  secrets?: string[];
  describeError: (status: number, body: unknown) => string;
  clock?: Clock;
  /** Attempts for transient failures (first try included) */
  maxAttempts?: number;
  /** Longest Retry-After honoured before the run stops (resumable later) */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  onEvent?: (event: HttpEvent) => void;
  /** Ends rate-limit waits, backoffs and queued requests at once when the run is cancelled */
  signal?: AbortSignal;
  /** Send the request (replaceable in tests) */
  transport?: Transport;
  /** The connector's status rules, tried before STATUS_TABLE */
  statusRules?: readonly StatusRule[];
  /** Sub-limit names (HttpRequest.endpoint) of plan-gated features, with the feature's name: a 403 there (or a 404 to a GET) means the plan lacks it */
  featureGates?: Record<string, string>;
  /** For connection tests: a server that cannot be reached (refused, no such host, TLS refused) stops at once instead of being retried */
  failFastOnUnreachable?: boolean;
}


const gotTransport: Transport = async (request) => {
  const response = await got(request.absoluteUrl, {
    method: request.method as Method,
    searchParams: cleanParams(request.searchParams),
    json: request.json,
    body: request.form ?? request.body,
    headers: request.headers,
    responseType: 'buffer',
    throwHttpErrors: false,
    retry: {limit: 0},
    followRedirect: true,
    timeout: {request: request.timeoutMs},
  });
  const raw = response.body;
  let body: unknown = raw;
  if (request.responseType !== 'buffer' || response.statusCode >= 300) {
    const text = raw.toString('utf8');
    try {
      body = text.length ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
  }
  return {status: response.statusCode, headers: response.headers, body, url: response.url};
};

function cleanParams(params: HttpRequest['searchParams']): Record<string, string | number | boolean> | undefined {
  if (!params) return undefined;
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) clean[key] = value;
  return clean;
}

function headerValue(headers: HttpResponse['headers'], name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const NETWORK_RETRY = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_SOCKET']);
/** Failures that prove the request never reached the server: no connection was made. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? realClock;
  const maxAttempts = options.maxAttempts ?? 6;
  const statusTable = [...(options.statusRules ?? []), ...STATUS_TABLE];
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 15 * 60_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const transport = options.transport ?? gotTransport;
  const signal = options.signal;
  const sleep = (ms: number) => abortable(clock.sleep(ms), signal);
  const gate = new RateGate(options.budget, {now: clock.now, sleep});
  const queue = new PQueue({concurrency: options.budget.concurrency ?? 8});
  let secrets = secretsOf(options.authHeaders, options.secrets);
  const maskedHeaders = new Set(Object.values(options.authHeaders));
  /** Renewed credentials are masked in messages as the first ones are. */
  const authorize = async (): Promise<Record<string, string>> => {
    if (!options.authorizer) return options.authHeaders;
    const headers = await options.authorizer.headers();
    const fresh = Object.values(headers).filter((value) => !maskedHeaders.has(value));
    if (fresh.length) {
      fresh.forEach((value) => maskedHeaders.add(value));
      secrets = [...new Set([...secrets, ...secretsOf(headers)])].sort((a, b) => b.length - a.length);
    }
    return headers;
  };
  const emit = (event: HttpEvent) => options.onEvent?.(event);
  let liveLimitSeen: number | undefined;

  const absolute = (url: string) => (/^https?:\/\//.test(url) ? url : options.baseUrl.replace(/\/$/, '') + url);

  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    let lastReason = '';
    let renewedAfter401 = false;
    for (let attemptNo = 1; ; attemptNo++) {
      if (signal?.aborted) throw new CancelledError();
      const startedAt = await gate.acquire(request.endpoint);
      const auth = await authorize();
      let response: HttpResponse;
      try {
        response = await transport({
          ...request,
          absoluteUrl: absolute(request.url),
          headers: {...auth, ...request.headers},
          timeoutMs,
        });
      } catch (error) {
        const code = (error as RequestError).code ?? '';
        const network = describeNetworkError(error, {url: absolute(request.url), side: options.side});
        const reason = maskSecrets(network.message, secrets);
        const retryable = NETWORK_RETRY.has(code) || (error as Error).name === 'TimeoutError' || code === 'ETIMEDOUT';
        // A connection test must say "unreachable" in seconds, not after a minute of retries.
        if (!retryable || (options.failFastOnUnreachable && network.permanent)) throw new RunStopError(`${options.platform}: ${reason}`, maskSecrets(network.hint, secrets));
        // The write may have been applied and only its answer lost: the caller's once-only
        // step looks on the target before anything is sent again.
        if (!isRepeatable(request) && !NEVER_SENT.has(code)) throw new PossiblyAppliedError(`${request.what ? `${request.what}: ` : ''}${options.platform} did not answer (${reason})`, 0, undefined);
        if (attemptNo >= maxAttempts) {
          if (NEVER_SENT.has(code)) throw new RunStopError(`${options.platform}: ${reason}`, `${maskSecrets(network.hint, secrets)} Then run again: the migration resumes where it stopped.`);
          throw new HttpRecordError(`${options.platform} did not answer after ${attemptNo} attempts (${reason})`, 0, undefined);
        }
        emit({type: 'retry', side: options.side, attempt: attemptNo, reason});
        await sleep(backoffMs(attemptNo));
        continue;
      }
      emit({type: 'request', side: options.side, status: response.status, method: request.method, endpoint: request.endpoint});
      observeLiveLimit(response);
      observeRemaining(response, startedAt);
      if (request.accept?.includes(response.status)) return response;
      // A plan-gated feature (Help Center, say) the account lacks: its records are skipped, the run goes on.
      const feature = request.endpoint ? options.featureGates?.[request.endpoint] : undefined;
      if (feature && (response.status === 403 || (response.status === 404 && request.method === 'GET')))
        throw new FeatureUnavailableError(`${feature} is not available on the ${options.side} account (${options.platform} answered ${response.status} to ${request.method} ${request.url.split('?')[0]})`);
      // An expired access token: renew once and send again (a 401 means nothing was applied).
      // A second 401 is a real refusal and stops the run below.
      if (response.status === 401 && options.authorizer && !renewedAfter401) {
        renewedAfter401 = true;
        if (await options.authorizer.refresh(auth)) {
          attemptNo--;
          continue;
        }
      }
      const action = classifyStatus(response.status, request, statusTable);
      if (action === 'success') return response;
      const message = maskSecrets(options.describeError(response.status, response.body), secrets);
      lastReason = `${response.status} ${message}`;
      if (action === 'rate_limited') {
        const waitMs = retryAfterMs(response) ?? resetWaitMs(response) ?? backoffMs(attemptNo);
        if (waitMs > maxRetryAfterMs)
          throw new RunStopError(`${options.platform} asked to wait ${Math.round(waitMs / 60000)} minutes (rate limit).`, 'Run again later: the migration resumes where it stopped.');
        gate.pauseFor(waitMs);
        emit({type: 'rate_wait', side: options.side, untilMs: clock.now() + waitMs, reason: message});
        // A 429 is the server pacing us, not a failure of the record: it does not use up attempts.
        attemptNo--;
        continue;
      }
      if (action === 'retry' && !isRepeatable(request)) {
        // A 5xx or a timeout from a server or a proxy in front of it says nothing about whether
        // the write was applied behind it.
        throw new PossiblyAppliedError(`${request.what ? `${request.what}: ` : ''}${options.platform} answered ${lastReason}`, response.status, response.body);
      }
      if (action === 'retry' && attemptNo < maxAttempts) {
        const waitMs = Math.max(retryAfterMs(response) ?? 0, backoffMs(attemptNo));
        emit({type: 'retry', side: options.side, attempt: attemptNo, reason: lastReason});
        await sleep(Math.min(waitMs, maxRetryAfterMs));
        continue;
      }
      if (action === 'stop_run') {
        const fix =
          response.status === 401
            ? `The ${options.side} credentials were rejected: check them on the Connect screen or in the environment variables the plan names.`
            : `The ${options.side} account lacks the rights for ${request.method} ${request.url}: use an administrator's credentials.`;
        throw new RunStopError(`${options.platform}: ${response.status} ${message}`, fix);
      }
      const what = request.what ? `${request.what}: ` : '';
      const tail = action === 'retry' ? ` (after ${attemptNo} attempts)` : '';
      throw new HttpRecordError(`${what}${options.platform} answered ${response.status} ${message}${tail}`, response.status, response.body);
    }
  }

  function retryAfterMs(response: HttpResponse): number | undefined {
    const raw = headerValue(response.headers, options.headers.retryAfter) ?? headerValue(response.headers, 'retry-after');
    if (raw === undefined) return undefined;
    const seconds = Number(raw);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(raw);
    return Number.isFinite(date) ? Math.max(0, date - clock.now()) : undefined;
  }

  /** Milliseconds until the window's reset time the platform sent (a Unix time in seconds), if it is ahead. */
  function resetWaitMs(response: HttpResponse): number | undefined {
    const at = Number(headerValue(response.headers, options.headers.resetAt));
    if (!options.headers.resetAt || !Number.isFinite(at) || at <= 0) return undefined;
    const waitMs = at * 1000 - clock.now();
    return waitMs > 0 ? waitMs : undefined;
  }

  /** Requests a minute from a header that counts over `windowSeconds` (Intercom's 10-second windows). */
  const perMinute = (value: number) => value * (60 / (options.headers.windowSeconds ?? 60));

  function observeLiveLimit(response: HttpResponse) {
    const limit = perMinute(Number(headerValue(response.headers, options.headers.limit)));
    if (!Number.isFinite(limit) || limit <= 0 || limit === liveLimitSeen) return;
    liveLimitSeen = limit;
    // The account's real limit wins over the declared tier when it is lower.
    if (limit < gate.requestsPerMinute) {
      gate.setRequestsPerMinute(limit);
      emit({type: 'live_limit', side: options.side, requestsPerMinute: limit});
    }
  }

  let sharedSaid = 0;
  /** Less remaining than ferry spent: another app uses the budget, and ferry paces to what remains. */
  function observeRemaining(response: HttpResponse, startedAt: number) {
    if (!options.headers.remaining) return;
    const remaining = Number(headerValue(response.headers, options.headers.remaining));
    if (!Number.isFinite(remaining)) return;
    const limit = Number(headerValue(response.headers, options.headers.limit));
    const others = gate.observeRemaining(remaining, startedAt, Number.isFinite(limit) && limit > 0 ? limit : undefined, (options.headers.windowSeconds ?? 60) * 1000);
    // Said when it moves by a twentieth of the limit (not on every answer), and when it ends.
    if (others === sharedSaid || (others > 0 && Math.abs(others - sharedSaid) < gate.requestsPerMinute / 20)) return;
    sharedSaid = others;
    emit({type: 'shared_budget', side: options.side, othersPerMinute: Math.round(others), requestsPerMinute: Math.round(gate.effectiveRequestsPerMinute)});
  }

  return {
    request<T>(request: HttpRequest) {
      return queue.add(() => attempt(request)) as Promise<HttpResponse<T>>;
    },
  };
}

/** Capped exponential backoff with a little jitter: 1 s, 2 s, 4 s … at most 60 s. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 1000 * 2 ** (attempt - 1));
  return base + Math.floor(Math.random() * 250);
}

/** Every form a credential takes in the auth headers: the header, its token, and Basic's parts. */
function secretsOf(authHeaders: Record<string, string>, extra: string[] = []): string[] {
  const found = [...extra];
  for (const value of Object.values(authHeaders)) {
    found.push(value);
    const [scheme, ...rest] = value.split(' ');
    const token = rest.join(' ');
    if (!token) continue;
    found.push(token);
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      found.push(decoded, ...decoded.split(':').slice(1));
    }
  }
  // Longest first, so a token inside a longer secret is masked as a whole.
  return found.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** A wait that ends with CancelledError as soon as the signal fires. */
function abortable(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, {once: true});
    wait.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
