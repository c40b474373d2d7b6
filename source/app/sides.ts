// Opens the source and target of a plan: connector, resolved credentials, one
// paced HTTP client per side, and the sessions the engine talks to.
import type {ApiBudget, Connector, ConnectorSettings, SourceSession, TargetSession} from '../contracts/connector.js';
import {customBudget} from '../platform/budget.js';
import {createHttpClient} from '../platform/http-client.js';
import type {HttpClient, HttpEvent} from '../contracts/http.js';
import type {Endpoint, Plan} from '../plan/plan.js';
import {findConnector} from './registry.js';
import {credentialTokenStore, resolveCredentials} from '../plan/credentials.js';
import {PlanError} from '../contracts/errors.js';
import {describePlainHttpToHttpsPort} from '../platform/network-errors.js';
import type {Clock} from '../platform/rate-gate.js';
import {ensureDemoServices} from './demo-services.js';

export interface Side {
  connector: Connector;
  endpoint: Endpoint;
  settings: ConnectorSettings;
  http: HttpClient;
  requestsPerMinute: number;
}

export interface OpenSideOptions {
  env?: NodeJS.ProcessEnv;
  onHttp?: (event: HttpEvent) => void;
  clock?: Clock;
  signal?: AbortSignal;
  /** Connection tests: an unreachable server is said at once, not after the run's retries */
  failFastOnUnreachable?: boolean;
  /** The plan's options, handed to the connector (see ConnectorSettings.options) */
  planOptions?: Plan['options'];
}

export function openSide(endpoint: Endpoint, side: 'source' | 'target', options: OpenSideOptions = {}): Side {
  const connector = findConnector(endpoint.platform);
  if (!connector) throw new PlanError(`${side}.platform "${endpoint.platform}" is not a platform ferry knows.`, `${side}.platform`);
  const credentials = resolveCredentials(endpoint, side, options.env);
  const settings: ConnectorSettings = {baseUrl: endpoint.url, authKind: endpoint.authKind, credentials, ...(options.planOptions ? {options: options.planOptions} : {})};
  const tier = connector.tiers[endpoint.tier] ?? connector.tiers[connector.defaultTier]!;
  const budget = endpoint.requestsPerMinute ? customBudget(tier, endpoint.requestsPerMinute) : tier;
  const http = createHttpClient({
    side,
    platform: connector.label,
    baseUrl: endpoint.url,
    budget,
    headers: connector.rateLimitHeaders,
    authHeaders: connector.authHeaders(settings),
    authorizer: connector.authorizer?.(settings, credentialTokenStore(options.env), options.clock ? () => options.clock!.now() : undefined),
    secrets: connector.credentials.filter((spec) => spec.secret).map((spec) => credentials[spec.key]).filter((v): v is string => Boolean(v)),
    // A TLS port's 400 to a plain-HTTP request is a wrong URL, not the platform's complaint.
    describeError: (status, body) => describePlainHttpToHttpsPort(status, body, endpoint.url) ?? connector.describeError(status, body),
    clock: options.clock,
    onEvent: options.onHttp,
    featureGates: connector.featureGates,
    statusRules: connector.statusRules,
    signal: options.signal,
    failFastOnUnreachable: options.failFastOnUnreachable,
    timeoutMs: requestTimeoutMs(options.env ?? process.env),
  });
  return {connector, endpoint, settings, http, requestsPerMinute: budget.requestsPerMinute};
}

export function openSides(plan: Plan, options: OpenSideOptions = {}) {
  const source = openSide(plan.source, 'source', {...options, planOptions: plan.options});
  const target = openSide(plan.target, 'target', {...options, planOptions: plan.options});
  const sourceSession: SourceSession = source.connector.openSource(source.settings, source.http);
  const targetSession: TargetSession = target.connector.openTarget(target.settings, target.http);
  return {source, target, sourceSession, targetSession};
}

/**
 * The sides of a folder's plan: in a demo folder its emulators are brought back first
 * (ensureDemoServices), so every command there works as it did when the demo ran.
 */
export async function openFolderSides(dir: string, plan: Plan, options: OpenSideOptions = {}) {
  const demo = await ensureDemoServices(dir, plan, options.env ?? process.env);
  return {...openSides(demo.plan, {...options, env: demo.env}), plan: demo.plan, env: demo.env, release: demo.release};
}

/** FERRY_HTTP_TIMEOUT_MS: how long one request may take before it counts as unanswered (default 120 s). */
function requestTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FERRY_HTTP_TIMEOUT_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 1000) throw new PlanError(`FERRY_HTTP_TIMEOUT_MS must be a number of milliseconds, 1000 or more (it is "${raw}").`);
  return ms;
}
