// A recording fake HttpClient for the contract tests: it answers each request from a
// handler (usually with a vendor-documented example from test/fixtures/<platform>/) and
// keeps every request the connector built, so a test can compare method, path, query
// parameters and body field names with the vendor's documentation.
import {readFileSync} from 'node:fs';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {HttpClient, HttpRequest, HttpResponse} from '../../source/contracts/http.js';
import type {WriteContext} from '../../source/contracts/connector.js';
import type {Attachment, Id} from '../../source/contracts/model.js';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Seen {
  method: HttpRequest['method'];
  /** Path without host and without query string */
  path: string;
  /** Query parameters from the URL and searchParams together (undefined values dropped) */
  params: Record<string, string>;
  request: HttpRequest;
}

/** Path and query of a request, whether the query came in the URL or in searchParams. */
export function describe(request: HttpRequest): Seen {
  const url = new URL(request.url, 'https://vendor.invalid');
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  for (const [key, value] of Object.entries(request.searchParams ?? {})) if (value !== undefined) params[key] = String(value);
  return {method: request.method, path: url.pathname, params, request};
}

/** Zendesk accepts paths with and without ".json"; its reference pages print them without. */
export const withoutJson = (path: string) => path.replace(/\.json$/, '');

export function fakeHttp(answer: (seen: Seen) => FakeAnswer | undefined): {http: HttpClient; seen: Seen[]} {
  const seen: Seen[] = [];
  const http: HttpClient = {
    async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      const described = describe(request);
      seen.push(described);
      const reply = answer(described) ?? {status: 404, body: {}};
      const status = reply.status ?? 200;
      if (status >= 400 && !request.accept?.includes(status)) throw new HttpRecordError(`fake vendor answered ${status}`, status, reply.body);
      return {status, headers: reply.headers ?? {}, body: reply.body as T, url: request.url};
    },
  };
  return {http, seen};
}

export function fixture<T = any>(platform: 'zendesk' | 'freshdesk', name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${platform}/${name}`, import.meta.url), 'utf8')) as T;
}

/** A WriteContext that runs every step and serves `bytes` for every attachment. */
export function contractContext(sourceKey: string, bytes = Buffer.from('x')): WriteContext & {notes: string[]} {
  const notes: string[] = [];
  const done = new Map<string, Id>();
  return {
    sourceKey,
    notes,
    async once(step, create, lookup) {
      const known = done.get(step) ?? (lookup ? await lookup() : undefined);
      if (known) return known;
      const id = await create();
      done.set(step, id);
      return id;
    },
    attachmentBytes: async (_attachment: Attachment) => bytes,
    note: (text) => notes.push(text),
  };
}

/** Keys of `actual` that `documented` does not list. */
export function undocumentedKeys(actual: object, documented: Iterable<string>): string[] {
  const allowed = new Set(documented);
  return Object.keys(actual).filter((key) => !allowed.has(key));
}

/** Field names of a multipart body, with "[]"/"[sub]" suffixes removed. */
export function formFieldNames(form: FormData): string[] {
  return [...new Set([...form.keys()].map((key) => key.replace(/\[.*$/, '')))];
}
