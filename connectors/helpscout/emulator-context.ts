// What the Help Scout emulator's route files share: the store, how a request is checked, HAL pages,
// sorting and date parameters, and Help Scout's error body (application/vnd.error+json: logRef, message, _embedded.errors[{path,
// message, rejectedValue, source}], as printed on developer.helpscout.com/mailbox-api/overview/errors).
import {randomUUID} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest, Handler} from '../shared/emulator-kit.js';
import type {HelpScoutStore} from './emulator-store.js';

export interface EmulatorContext {
  store: HelpScoutStore;
  tagIndexLagMs: number;
  userId(request: EmulatorRequest): number;
  base(request: EmulatorRequest): string;
}

/** What a route accepts: its query parameters, body fields, whether it writes, and its largest body in bytes (default 100 kB). */
export type Guard = {query?: readonly string[]; body?: readonly string[]; write?: boolean; maxBytes?: number};

export function vndError(status: number, message: string, errors: Array<{path: string; message: string; source?: string; rejectedValue?: unknown}> = []): EmulatorReply {
  return {
    status,
    headers: {'content-type': 'application/vnd.error+json'},
    json: {
      logRef: randomUUID(),
      message,
      ...(errors.length ? {_embedded: {errors: errors.map((error) => ({source: 'JSON', ...error, _links: {about: {href: 'http://developer.helpscout.net/mailbox-api/overview/errors'}}}))}} : {}),
      _links: {about: {href: 'http://developer.helpscout.net/mailbox-api/overview/errors'}},
    },
  };
}


const PAGE_SIZE = 50;
export const CONVERSATIONS_PAGE_SIZE = 25;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export type Api = (handler: Handler, guard?: Guard) => Handler;

/** HAL page of 50 (List Conversations: 25, overview/pagination): `_embedded.<key>`, `page`, `_links` (List Mailboxes). */
export function halPage<T>(request: EmulatorRequest, key: string, items: T[], base: string, size = PAGE_SIZE): EmulatorReply {
  const page = Number(request.query.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1) return vndError(400, 'Bad request', [{path: 'page', message: 'must be greater than or equal to 1', source: 'QUERY', rejectedValue: request.query.get('page')}]);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const self = `${base}${request.path}`;
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(n));
    return {href: `${self}?${query}`};
  };
  return {
    status: 200,
    headers: {'content-type': 'application/hal+json'},
    json: {
      _embedded: {[key]: items.slice((page - 1) * size, page * size)},
      page: {size, totalElements: items.length, totalPages, number: page},
      _links: {self: link(page), first: link(1), last: link(totalPages), ...(page < totalPages ? {next: link(page + 1)} : {}), page: {href: `${self}{?page}`, templated: true}},
    },
  };
}

export const notFound = () => vndError(404, 'Resource not found');
export const created = (id: number, location: string): EmulatorReply => ({status: 201, headers: {'resource-id': String(id), location}, body: ''});
export const invalid = (path: string, message: string, rejectedValue?: unknown) => vndError(400, 'Bad request', [{path, message, ...(rejectedValue !== undefined ? {rejectedValue} : {})}]);
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function sorted<T extends Record<string, any>>(items: T[], request: EmulatorRequest, fields: Record<string, (item: T) => string | number>, defaults: [string, 'asc' | 'desc']): T[] | EmulatorReply {
  const field = request.query.get('sortField') ?? defaults[0];
  const order = request.query.get('sortOrder') ?? defaults[1];
  const key = fields[field];
  if (!key) return invalid('sortField', `Expected one of these: ${Object.keys(fields).map((f) => `'${f}'`).join(', ')}`, field);
  if (order !== 'asc' && order !== 'desc') return invalid('sortOrder', "Expected one of these: 'asc', 'desc'", order);
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.id - b.id) * sign;
  });
}

export function since(request: EmulatorRequest): number | EmulatorReply | undefined {
  const raw = request.query.get('modifiedSince');
  if (raw === null) return undefined;
  if (!ISO.test(raw)) return invalid('modifiedSince', "The value must be a valid ISO 8601 date with the format yyyy-MM-dd'T'HH:mm:ss'Z'", raw);
  return Date.parse(raw);
}

