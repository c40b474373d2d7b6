// What the Freshservice emulator's route files share: the context, the guard each route declares,
// Freshworks' validation answer, and page/per_page pagination with the link header.
import {linkPaginate, validationError} from '../freshworks/emulator-kit.js';
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

export {PAGING, validationError} from '../freshworks/emulator-kit.js';
export const DAY = 24 * 3600 * 1000;

export const notFound: EmulatorReply = {status: 404, json: {code: 'not_found', message: 'Requested resource not found'}};

/** Freshservice's lists wrap their array in `key`: the Freshworks kit's Link pager, "The maximum number of
 * objects that can be retrieved per page is 100. Invalid values and values greater than 100 will result in an error." */
export function paginate(request: EmulatorRequest, items: unknown[], key: string, base: string, fixedPerPage?: number): EmulatorReply {
  return linkPaginate(request, items, base, {key, fixedPerPage});
}

type Test = (item: Record<string, unknown>) => boolean;

/**
 * A query as Filter Tickets/Requesters take it: "a:1 AND b:'x' OR c:>'2024-01-01'", grouped with
 * parentheses ("(A OR B) AND C"); AND binds tighter than OR, as in the reference's examples.
 */
export function parseQuery(raw: string | null, known: (name: string) => 'date' | 'value' | undefined): Test | EmulatorReply {
  const text = (raw ?? '').trim();
  if (!/^".*"$/s.test(text) || text.length > 514) return validationError([{field: 'query', message: 'It should be a valid query enclosed in double quotes, at most 512 characters', code: 'invalid_value'}]);
  const tokens: Array<'(' | ')' | 'AND' | 'OR' | Test> = [];
  const inner = text.slice(1, -1);
  const CLAUSE = /^(\w+)\s*:\s*([<>]?)\s*(?:'((?:[^'\\]|\\.)*)'|(\d+|true|false|null))/;
  for (let at = 0; at < inner.length; ) {
    const rest = inner.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest[0] === '(' || rest[0] === ')') {
      tokens.push(rest[0]);
      at++;
      continue;
    }
    const word = /^(AND|OR)(?=[\s(]|$)/.exec(rest);
    if (word) {
      tokens.push(word[1] as 'AND' | 'OR');
      at += word[0].length;
      continue;
    }
    const match = CLAUSE.exec(rest);
    if (!match) return validationError([{field: 'query', message: `Could not understand "${rest}"`, code: 'invalid_value'}]);
    const [, name, op, quoted, bare] = match;
    const kind = known(name!);
    if (!kind) return validationError([{field: name!, message: '[:invalid_field]', code: 'invalid_value'}]);
    const value = quoted !== undefined ? quoted.replace(/\\'/g, "'") : bare!;
    tokens.push((item) => {
      const actual = item[name!];
      if (kind === 'date' && op === '>') return Date.parse(String(actual)) >= Date.parse(value);
      if (kind === 'date' && op === '<') return Date.parse(String(actual)) < Date.parse(value) + DAY;
      if (op === '>') return Number(actual) >= Number(value);
      if (op === '<') return Number(actual) <= Number(value);
      if (Array.isArray(actual)) return actual.map(String).includes(value);
      return String(actual ?? null).toLowerCase() === value.toLowerCase();
    });
    at += match[0].length;
  }
  // expression := term (OR term)*; term := factor (AND factor)*; factor := clause | ( expression )
  let next = 0;
  const expression = (): Test | undefined => {
    const terms = [term()];
    while (tokens[next] === 'OR') next++, terms.push(term());
    return terms.every(Boolean) ? (item) => terms.some((test) => test!(item)) : undefined;
  };
  const term = (): Test | undefined => {
    const factors = [factor()];
    while (tokens[next] === 'AND') next++, factors.push(factor());
    return factors.every(Boolean) ? (item) => factors.every((test) => test!(item)) : undefined;
  };
  const factor = (): Test | undefined => {
    const token = tokens[next++];
    if (typeof token === 'function') return token;
    if (token !== '(') return undefined;
    const inside = expression();
    return tokens[next++] === ')' ? inside : undefined;
  };
  const test = expression();
  if (!test || next !== tokens.length) return validationError([{field: 'query', message: 'Could not understand the grouping of the query (AND, OR and parentheses)', code: 'invalid_value'}]);
  return test;
}

