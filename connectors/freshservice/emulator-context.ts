// What the Freshservice emulator's route files share: the context, the guard each route declares,
// Freshworks' validation answer, and page/per_page pagination with the link header.
import type {EmulatorReply, EmulatorRequest, Handler} from '../shared/emulator-kit.js';
import type {FreshserviceStore} from './emulator-store.js';

export interface Guard {
  admin?: boolean;
  endpoint?: string;
  query?: string[];
  body?: string[];
  /** The module a plan may lack (403 require_feature) */
  itsm?: string;
  /** Credits the call uses (embedding costs more) */
  credits?: (request: EmulatorRequest) => number;
}
export type Api = (handler: Handler, guard?: Guard) => Handler;

export interface EmulatorContext {
  store: FreshserviceStore;
  features: {filterLagMs: number; itsm: boolean};
  base(request: EmulatorRequest): string;
  agentId(request: EmulatorRequest): number;
}

export const PAGING = ['page', 'per_page'];
export const DAY = 24 * 3600 * 1000;

export function validationError(errors: Array<{field: string; message: string; code: string}>, status = 400): EmulatorReply {
  return {status, json: {description: 'Validation failed', errors}};
}
export const notFound: EmulatorReply = {status: 404, json: {code: 'not_found', message: 'Requested resource not found'}};

/** "The maximum number of objects that can be retrieved per page is 100. Invalid values and values greater than 100 will result in an error." */
export function paginate(request: EmulatorRequest, items: unknown[], key: string, base: string, fixedPerPage?: number): EmulatorReply {
  const page = Number(request.query.get('page') ?? '1');
  const perPage = fixedPerPage ?? Number(request.query.get('per_page') ?? '30');
  if (!Number.isInteger(page) || page < 1) return validationError([{field: 'page', message: 'It should be a Positive Integer', code: 'invalid_value'}]);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return validationError([{field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value'}]);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URL(request.path, base);
    for (const [name, value] of request.query) if (name !== 'page') next.searchParams.append(name, value);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next.toString()}>;rel="next"`;
  }
  return {status: 200, headers, json: {[key]: slice}};
}

/** A query as Filter Tickets/Requesters take it: "a:1 AND b:'x' OR c:>'2024-01-01'" (no nesting). */
export function parseQuery(raw: string | null, known: (name: string) => 'date' | 'value' | undefined): ((item: Record<string, unknown>) => boolean) | EmulatorReply {
  const text = (raw ?? '').trim();
  if (!/^".*"$/s.test(text) || text.length > 514) return validationError([{field: 'query', message: 'It should be a valid query enclosed in double quotes, at most 512 characters', code: 'invalid_value'}]);
  const alternatives: Array<Array<(item: Record<string, unknown>) => boolean>> = [];
  for (const alternative of text.slice(1, -1).split(/\s+OR\s+/)) {
    const clauses: Array<(item: Record<string, unknown>) => boolean> = [];
    for (const part of alternative.split(/\s+AND\s+/)) {
      const match = /^\(?\s*(\w+)\s*:\s*([<>]?)\s*(?:'((?:[^'\\]|\\.)*)'|(\d+|true|false|null))\s*\)?$/.exec(part.trim());
      if (!match) return validationError([{field: 'query', message: `Could not understand "${part}"`, code: 'invalid_value'}]);
      const [, name, op, quoted, bare] = match;
      const kind = known(name!);
      if (!kind) return validationError([{field: name!, message: '[:invalid_field]', code: 'invalid_value'}]);
      const value = quoted !== undefined ? quoted.replace(/\\'/g, "'") : bare!;
      clauses.push((item) => {
        const actual = item[name!];
        if (kind === 'date' && op === '>') return Date.parse(String(actual)) >= Date.parse(value);
        if (kind === 'date' && op === '<') return Date.parse(String(actual)) < Date.parse(value) + DAY;
        if (op === '>') return Number(actual) >= Number(value);
        if (op === '<') return Number(actual) <= Number(value);
        if (Array.isArray(actual)) return actual.map(String).includes(value);
        return String(actual ?? null).toLowerCase() === value.toLowerCase();
      });
    }
    alternatives.push(clauses);
  }
  return (item) => alternatives.some((clauses) => clauses.every((clause) => clause(item)));
}

