// What the Intercom emulator's route files share: the store, how a request is checked, Intercom's
// Error List (`{"type": "error.list", "request_id", "errors": [{code, message, field?}]}`, the Error
// object of the API reference), cursor pages and the search query language.
import {randomUUID} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest, Handler} from '../shared/emulator-kit.js';
import type {IntercomStore} from './emulator-store.js';

export interface EmulatorContext {
  store: IntercomStore;
  /** Milliseconds before a new record shows in search results (unknown for the real service) */
  searchLagMs: number;
  /** The token's admin */
  adminId(): string;
  base(request: EmulatorRequest): string;
}

/** Query parameters and body fields an endpoint documents; anything else is refused. */
export type Guard = {query?: readonly string[]; body?: readonly string[]};
export type Api = (handler: Handler, guard?: Guard) => Handler;

export function errorList(status: number, code: string, message: string, field?: string): EmulatorReply {
  return {status, json: {type: 'error.list', request_id: randomUUID(), errors: [{code, message, ...(field ? {field} : {})}]}};
}

export const notFound = (what = 'Resource Not Found') => errorList(404, 'not_found', what);
export const invalid = (field: string, message: string) => errorList(400, 'parameter_invalid', message, field);
export const missing = (field: string) => errorList(400, 'parameter_not_found', `${field} is required`, field);

export const body = (request: EmulatorRequest): Record<string, any> => (request.json && typeof request.json === 'object' && !Array.isArray(request.json) ? request.json : {});
export const isInt = (value: unknown) => typeof value === 'number' && Number.isInteger(value);

/** Ids compare as numbers when both are digits (conversations, admins) and as text otherwise (24-hex-digit contacts). */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

const encodeCursor = (id: string) => Buffer.from(JSON.stringify([id])).toString('base64');
function decodeCursor(cursor: string): string | undefined {
  try {
    const [id] = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as unknown[];
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One cursor page (List contacts, List conversations, both searches): the records after the cursor's id, in `order`. */
/** `key`: where the records are (`data`; `conversations` in a conversation.list). */
export function cursorPage<T extends {id: string}>(items: T[], perPageRaw: unknown, cursor: unknown, order: 'asc' | 'desc', render: (item: T) => unknown, key: 'data' | 'conversations' = 'data'): EmulatorReply {
  const perPage = perPageRaw === undefined || perPageRaw === null ? 20 : Number(perPageRaw);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) return invalid('per_page', 'per_page must be an integer between 1 and 150');
  const sign = order === 'asc' ? 1 : -1;
  const sorted = [...items].sort((a, b) => compareIds(a.id, b.id) * sign);
  let start = 0;
  if (cursor !== undefined && cursor !== null && cursor !== '') {
    const after = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
    if (after === undefined) return invalid('starting_after', 'starting_after is not a valid cursor');
    start = sorted.findIndex((item) => compareIds(item.id, after) * sign > 0);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + perPage);
  const last = page[page.length - 1];
  const more = start + perPage < sorted.length;
  const number = Math.floor(start / perPage) + 1;
  return {
    status: 200,
    json: {type: key === 'data' ? 'list' : 'conversation.list', [key]: page.map(render), total_count: items.length, pages: {type: 'pages', page: number, per_page: perPage, total_pages: Math.max(1, Math.ceil(sorted.length / perPage)), ...(more && last ? {next: {page: number + 1, starting_after: encodeCursor(last.id)}} : {})}},
  };
}

/** Numbered pages (companies, collections, articles): `pages.page`, `total_pages`. */
export function numberedPage<T>(items: T[], request: EmulatorRequest, render: (item: T) => unknown, maxPerPage = 150, defaultPerPage = 15): EmulatorReply {
  const page = Number(request.query.get('page') ?? '1');
  const perPage = Number(request.query.get('per_page') ?? String(defaultPerPage));
  if (!Number.isInteger(page) || page < 1) return invalid('page', 'page must be a positive integer');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > maxPerPage) return invalid('per_page', `per_page must be an integer between 1 and ${maxPerPage}`);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return {status: 200, json: {type: 'list', data: items.slice((page - 1) * perPage, page * perPage).map(render), total_count: items.length, pages: {type: 'pages', page, per_page: perPage, total_pages: totalPages, ...(page < totalPages ? {next: null} : {})}}};
}

export type Query = {field?: string; operator: string; value: unknown};

/**
 * The search query language ("Search contacts", "Search conversations"): a single filter
 * {field, operator, value} or a group {operator: AND|OR, value: [...]}; operators =, !=, IN, NIN,
 * <, >, ~ (contains), !~, ^ (starts with), $ (ends with). Fields are the caller's.
 */
export function matcher<T>(query: unknown, fields: Record<string, (item: T) => unknown>, byElement: readonly string[] = []): ((item: T) => boolean) | EmulatorReply {
  if (!query || typeof query !== 'object') return missing('query');
  const q = query as Query;
  if (q.operator === 'AND' || q.operator === 'OR') {
    if (!Array.isArray(q.value) || !q.value.length) return invalid('query', 'a group needs a value array of filters');
    const parts = q.value.map((sub) => matcher(sub, fields, byElement));
    const bad = parts.find((part) => typeof part !== 'function');
    if (bad) return bad as EmulatorReply;
    const tests = parts as Array<(item: T) => boolean>;
    return q.operator === 'AND' ? (item) => tests.every((test) => test(item)) : (item) => tests.some((test) => test(item));
  }
  const read = q.field ? fields[q.field] : undefined;
  if (!read) return invalid('query', `field ${q.field ?? '(none)'} is not searchable`);
  const value = q.value;
  const text = (x: unknown) => (x === null || x === undefined ? '' : String(x));
  // `source.body` is matched "against every element of the value separately": its words, one at a time.
  const has = (x: unknown) => (Array.isArray(x) ? x.map(String) : byElement.includes(q.field!) ? text(x).replace(/<[^>]*>/g, ' ').split(/[^\p{L}\p{N}]+/u).filter(Boolean) : [text(x)]);
  const tests: Record<string, (x: unknown) => boolean> = {
    '=': (x) => has(x).includes(text(value)),
    '!=': (x) => !has(x).includes(text(value)),
    IN: (x) => Array.isArray(value) && value.some((v) => has(x).includes(String(v))),
    NIN: (x) => Array.isArray(value) && !value.some((v) => has(x).includes(String(v))),
    '>': (x) => Number(x) > Number(value),
    '<': (x) => Number(x) < Number(value),
    '~': (x) => text(x).includes(text(value)),
    '!~': (x) => !text(x).includes(text(value)),
    '^': (x) => text(x).startsWith(text(value)),
    $: (x) => text(x).endsWith(text(value)),
  };
  const test = tests[q.operator];
  if (!test) return invalid('query', `operator ${q.operator} is not supported`);
  return (item) => test(read(item));
}
