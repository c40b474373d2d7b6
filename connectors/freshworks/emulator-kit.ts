// The emulators' shared Freshworks part: what Freshdesk's and Freshservice's emulators do the same
// way, as both services document it. Link-header pages (page ≥ 1, per_page ≤ 100: "Invalid values
// and values greater than 100 will result in an error"), the validation error body ({description:
// "Validation failed", errors[{field, message, code}]}), invalid_field for any parameter or field
// the endpoint does not list ("If any additional field is included in the request payload … this
// error will occur"), multipart bodies read as both read them (tags[], custom_fields[name]), and
// the store's id sequence and attachment bytes. The connectors never import this file.
import {createHash} from 'node:crypto';
import {attachmentBytes} from '../../demo-data/account.js';
import {basicAuth, MovingWindowLimiter, type EmulatorReply, type EmulatorRequest, type Handler} from '../shared/emulator-kit.js';

export const PAGING = ['page', 'per_page'];

export interface FieldError {
  field: string;
  message: string;
  code: string;
}

export function validationError(errors: FieldError[], status = 400): EmulatorReply {
  return {status, json: {description: 'Validation failed', errors}};
}

export interface ParamSpec {
  query?: string[];
  body?: string[];
}

/** 400 invalid_field for parameters or body fields the endpoint does not document; undefined when all are known. */
export function unexpectedFields(request: EmulatorRequest, spec: ParamSpec): EmulatorReply | undefined {
  const unknown: string[] = [];
  if (spec.query) for (const key of new Set(request.query.keys())) if (!spec.query.includes(key)) unknown.push(key);
  if (spec.body) {
    const names = request.form ? [...Object.keys(request.form.fields), ...request.form.files.map((file) => file.field)].map((name) => name.replace(/\[.*$/, '')) : Object.keys((request.json as object | undefined) ?? {});
    for (const name of new Set(names)) if (!spec.body.includes(name)) unknown.push(name);
  }
  if (!unknown.length) return undefined;
  return validationError(unknown.map((field) => ({field, message: 'Unexpected/invalid field in request', code: 'invalid_field'})));
}

type Body = Record<string, unknown>;

/** JSON body, or a multipart form flattened the way both read it (tags[], custom_fields[name]);
 * `numeric`: the form fields each service reads as numbers. */
export function bodyOf(request: EmulatorRequest, numeric: ReadonlySet<string>): {body: Body; files: NonNullable<EmulatorRequest['form']>['files']} {
  if (!request.form) return {body: (request.json as Body) ?? {}, files: []};
  const body: Body = {};
  for (const [key, values] of Object.entries(request.form.fields)) {
    const nested = /^(\w+)\[(\w*)\]$/.exec(key);
    if (nested && nested[2] === '') body[nested[1]!] = values;
    else if (nested) body[nested[1]!] = {...(body[nested[1]!] as Body), [nested[2]!]: values[0]};
    else body[key] = numeric.has(key) ? Number(values[0]) : values[0] === 'true' ? true : values[0] === 'false' ? false : values[0];
  }
  return {body, files: request.form.files.filter((file) => file.field === 'attachments[]')};
}

export interface LinkPageOptions {
  /** Freshservice wraps the array ({"tickets": [...]}); Freshdesk answers it bare */
  key?: string;
  /** A list that ignores per_page (Filter Tickets and Filter Requesters: 30 a page) */
  fixedPerPage?: number;
  /** A page cap answered with a validation error (Freshdesk's List Tickets: 300 pages) */
  cap?: {pages: number; message: string};
}

/** One page of a list, with a `link` header naming the next page while there is one. The link keeps
 * the request's own parameters (so it is accepted where the request was) with the next page number. */
export function linkPaginate(request: EmulatorRequest, items: unknown[], base: string, options: LinkPageOptions = {}): EmulatorReply {
  const page = Number(request.query.get('page') ?? '1');
  const perPage = options.fixedPerPage ?? Number(request.query.get('per_page') ?? '30');
  if (!Number.isInteger(page) || page < 1) return validationError([{field: 'page', message: 'It should be a Positive Integer', code: 'invalid_value'}]);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return validationError([{field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value'}]);
  if (options.cap && page > options.cap.pages) return validationError([{field: 'page', message: options.cap.message, code: 'invalid_value'}]);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  // Like the services, the last allowed page of a capped list still links to the next, which answers the cap error.
  if (page * perPage < items.length) {
    const next = new URLSearchParams(request.query);
    next.set('page', String(page + 1));
    headers.link = `<${base}${request.path}?${next.toString()}>; rel="next"`;
  }
  return {status: 200, headers, json: options.key === undefined ? slice : {[options.key]: slice}};
}

export interface StoredAttachment {
  id: number;
  name: string;
  content_type: string;
  size: number;
  created_at: string;
  /** Uploaded bytes; seeded attachments make theirs from the seed on demand */
  bytes?: Buffer;
  seed?: number;
  /** Freshdesk's inline images: the token of their /inline/attachment URL */
  inlineToken?: string;
}

/** The part of both emulator stores that is the same: one account-wide id sequence and the attachments. */
export abstract class FreshworksStoreBase {
  readonly attachments = new Map<number, StoredAttachment>();
  /** Attachment hashes: a cache, made again on demand (not kept in a state file) */
  protected readonly shaCache = new Map<number, string>();
  private next = 1000;

  /** A fresh id above every id in use (ids are one account-wide sequence per object). */
  newId(): number {
    return ++this.next;
  }

  /** The seed's own id where it is a number (so a seeded account keeps its ids), else a fresh one. */
  protected claim(id: string | undefined): number {
    const numeric = id && /^\d+$/.test(id) ? Number(id) : this.newId();
    if (numeric > this.next) this.next = numeric;
    return numeric;
  }

  bytesOf(attachment: StoredAttachment): Buffer {
    return attachment.bytes ?? attachmentBytes(attachment.seed ?? attachment.id, attachment.size);
  }

  sha256Of(attachment: StoredAttachment): string {
    let sha = this.shaCache.get(attachment.id);
    if (!sha) this.shaCache.set(attachment.id, (sha = createHash('sha256').update(this.bytesOf(attachment)).digest('hex')));
    return sha;
  }
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'field';
}

export function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A seed for an attachment's made-up bytes, from its source id. */
export function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/** Who an API key belongs to: its agent, and whether that agent is an administrator. */
export interface KeyOwner {
  agentId: number;
  admin: boolean;
}

/** What a route declares: admin only, its budget sub-limit, the parameters and fields it accepts, its credits. */
export interface FreshworksGuard extends ParamSpec {
  admin?: boolean;
  endpoint?: string;
  /** Credits the call uses (Freshservice: an include costs more); 1 otherwise */
  credits?: (request: EmulatorRequest) => number;
}

export interface FreshworksApiOptions<G extends FreshworksGuard> {
  /** Requests a minute for the account (the plan's, or a test's override) and the plan's own figure */
  requestsPerMinute: number;
  tierRequestsPerMinute: number;
  /** The plan's sub-limits by budget endpoint; an override scales them with the account limit */
  endpoints?: Record<string, number>;
  limitsOff: boolean;
  keys: ReadonlyMap<string, KeyOwner>;
  /** A service's own refusal after auth and rights (Freshservice: a module the plan lacks) */
  refuse?: (guard: G) => EmulatorReply | undefined;
}

/** Every API route of either emulator: the rate limit (X-RateLimit-* on every answer, 429 with
 * Retry-After), then the key (401), then admin rights (403), then the service's own refusal, then
 * invalid_field for what the route does not list. The 429 body is not documented verbatim [U]: it
 * follows Freshworks' {code, message} shape. */
export function freshworksApi<G extends FreshworksGuard>(options: FreshworksApiOptions<G>): (handler: Handler, guard?: G) => Handler {
  const scale = options.requestsPerMinute / options.tierRequestsPerMinute;
  const limiter = new MovingWindowLimiter(options.requestsPerMinute);
  const endpointLimiters = new Map(Object.entries(options.endpoints ?? {}).map(([name, limit]) => [name, new MovingWindowLimiter(Math.max(1, Math.round(limit * scale)))]));
  return (handler, guard = {} as G) => async (request) => {
    const headers: Record<string, string> = {};
    if (!options.limitsOff) {
      const wait = Math.max(limiter.take(), guard.endpoint ? (endpointLimiters.get(guard.endpoint)?.take() ?? 0) : 0);
      headers['x-ratelimit-total'] = String(limiter.limit);
      headers['x-ratelimit-remaining'] = String(limiter.remaining());
      headers['x-ratelimit-used-currentrequest'] = String(guard.credits?.(request) ?? 1);
      if (wait > 0) return {status: 429, headers: {...headers, 'retry-after': String(wait)}, json: {code: 'rate_limit_exceeded', message: `You have exceeded the limit of requests per minute. Retry after ${wait} seconds.`}};
    }
    const owner = options.keys.get(basicAuth(request.headers)?.user ?? '');
    let reply: EmulatorReply;
    if (!owner) reply = {status: 401, json: {code: 'invalid_credentials', message: 'You have to be logged in to perform this action.'}};
    else if (guard.admin && !owner.admin) reply = {status: 403, json: {code: 'access_denied', message: 'You are not authorized to perform this action.'}};
    else reply = options.refuse?.(guard) ?? unexpectedFields(request, guard) ?? (await handler(request));
    return {...reply, headers: {...headers, ...reply.headers}};
  };
}
