// What the Front emulator's route files share: the store, how a request is checked, Front's error
// body and its pages (see docs/platforms/front.md).
import {createHmac} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';
import type {FrontStore} from './emulator-store.js';

export interface EmulatorContext {
  store: FrontStore;
  base(request: EmulatorRequest): string;
  now(): number;
}

/** The query parameters and body fields an endpoint documents; anything else is refused. */
export type Guard = {query?: readonly string[]; body?: readonly string[]};

const TITLES: Record<number, string> = {400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict', 413: 'Payload too large', 429: 'Too many requests', 500: 'Internal server error'};

/** Front's error body: `{"_error": {"status", "title", "message", "details"}}`. */
export function frontError(status: number, message: string, details?: string[]): EmulatorReply {
  return {status, json: {_error: {status, title: TITLES[status] ?? 'Error', message, ...(details?.length ? {details} : {})}}};
}

export const notFound = (what: string) => frontError(404, `${what} not found`);

/** Default and largest page sizes (List endpoints: `limit`, maximum 100). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

/** page_token: the offset, signed so a token the emulator did not hand out is refused like Front's opaque ones. */
const SECRET = 'front-emulator';
const sign = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex').slice(0, 16);
function tokenFor(offset: number, scope: string): string {
  const text = `${offset}:${scope}`;
  return Buffer.from(`${text}:${sign(text)}`).toString('base64url');
}
function offsetOf(token: string, scope: string): number | undefined {
  const [offset, tokenScope, signature] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  if (tokenScope !== scope || signature !== sign(`${offset}:${tokenScope}`)) return undefined;
  const n = Number(offset);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A page of `_results` with `_pagination.next` (the next page's URL with its page_token) and `_links.self`. */
export function frontPage<T>(request: EmulatorRequest, items: T[], base: string): EmulatorReply {
  const rawLimit = request.query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return frontError(400, `limit must be an integer between 1 and ${MAX_LIMIT}`);
  const token = request.query.get('page_token');
  const offset = token === null ? 0 : offsetOf(token, request.path);
  if (offset === undefined) return frontError(400, 'Invalid page_token');
  const slice = items.slice(offset, offset + limit);
  let next: string | null = null;
  if (offset + limit < items.length) {
    const query = new URLSearchParams(request.query);
    query.set('page_token', tokenFor(offset + limit, request.path));
    next = `${base}${request.path}?${query}`;
  }
  return {status: 200, json: {_pagination: {next}, _links: {self: `${base}${request.path}${request.query.size ? `?${request.query}` : ''}`}, _results: slice}};
}

export function list<T>(items: T[], base: string, path: string): EmulatorReply {
  return {status: 200, json: {_links: {self: `${base}${path}`}, _results: items}};
}
