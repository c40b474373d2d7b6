// What every platform emulator needs: a loopback HTTP server with a small router,
// a moving-window rate limiter per account, body parsing (JSON and multipart),
// and request statistics. Platform specifics (auth, shapes, errors) stay in each
// connector's own emulator.
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Raw body bytes */
  raw: Buffer;
  /** Parsed JSON body when the content type is JSON */
  json?: any;
  /** Parsed multipart form: fields and files */
  form?: {fields: Record<string, string[]>; files: Array<{field: string; fileName: string; contentType: string; data: Buffer}>};
  params: Record<string, string>;
}

export interface EmulatorReply {
  status: number;
  json?: unknown;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

export type Handler = (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

export class Router {
  private readonly routes: Array<{method: string; pattern: RegExp; keys: string[]; handler: Handler}> = [];

  /** Path patterns like "/api/v2/tickets/:id.json" */
  on(method: string, path: string, handler: Handler) {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, key: string) => {
          keys.push(key);
          return '([^/]+?)';
        }) +
        '$',
    );
    this.routes.push({method, pattern, keys, handler});
    return this;
  }

  match(method: string, path: string): {handler: Handler; params: Record<string, string>} | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => (params[key] = decodeURIComponent(found[index + 1]!)));
      return {handler: route.handler, params};
    }
    return pathMatched ? 'method' : undefined;
  }
}

/** Moving one-minute window, as the platforms document their per-minute limits. */
export class MovingWindowLimiter {
  private readonly stamps: number[] = [];
  constructor(
    public limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records the request and returns 0, or the seconds to wait when over the limit. */
  take(now = Date.now()): number {
    while (this.stamps.length && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) return Math.max(1, Math.ceil((this.stamps[0]! + this.windowMs - now) / 1000));
    this.stamps.push(now);
    return 0;
  }

  remaining(now = Date.now()): number {
    while (this.stamps.length && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    return Math.max(0, this.limit - this.stamps.length);
  }
}

export interface StartedServer {
  url: string;
  stats(): {requests: number; byStatus: Record<number, number>};
  close(): Promise<void>;
}

export async function startServer(
  router: Router,
  options: {
    port?: number;
    maxBodyBytes?: number;
    notFound?: (r: EmulatorRequest) => EmulatorReply;
    /** The answer to a body over maxBodyBytes, in the platform's own error shape */
    tooLarge?: (limit: number) => EmulatorReply;
    /** Paths whose body is a file whatever its Content-Type says (uploads): left unparsed */
    rawBodyPaths?: RegExp;
    /** Awaited after every request that may write (not GET or HEAD) and before its answer is sent (state files) */
    afterWrite?: () => Promise<void>;
  },
): Promise<StartedServer> {
  const byStatus: Record<number, number> = {};
  let requests = 0;
  const maxBody = options.maxBodyBytes ?? 100 * 1024 * 1024;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size <= maxBody) chunks.push(chunk as Buffer);
      }
    } catch {
      return; // the client went away mid-body (a killed ferry): nothing to answer, nothing applied
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    const request: EmulatorRequest = {method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks), params: {}};
    let reply: EmulatorReply;
    try {
      if (size > maxBody) reply = options.tooLarge?.(maxBody) ?? {status: 413, json: {error: 'RequestTooLarge', description: `Request body is larger than ${maxBody} bytes`}};
      else {
        if (!options.rawBodyPaths?.test(request.path)) parseBody(request);
        const found = router.match(request.method, request.path);
        if (found === 'method') reply = {status: 405, json: {error: 'MethodNotAllowed'}};
        else if (!found) reply = options.notFound?.(request) ?? {status: 404, json: {error: 'RecordNotFound', description: 'Not found'}};
        else {
          request.params = found.params;
          reply = await found.handler(request);
        }
      }
    } catch (error) {
      reply = {status: (error as {status?: number}).status ?? 500, json: {error: (error as {status?: number}).status ? "BadRequest" : "InternalError", description: String((error as Error).message)}};
    }
    // The answer tells the client its write happened (or, after an error, that it may have):
    // it must be kept before it is sent. Rate limits and failed sign-ins answer before any handler runs.
    if (options.afterWrite && request.method !== 'GET' && request.method !== 'HEAD' && reply.status !== 429 && reply.status !== 401) {
      try {
        await options.afterWrite();
      } catch (error) {
        reply = {status: 500, json: {error: 'InternalError', description: `The emulator could not save its state: ${(error as Error).message}`}};
      }
    }
    requests++;
    byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
    const headers: Record<string, string> = {...reply.headers};
    let body: Buffer | string = '';
    if (reply.json !== undefined) {
      body = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    } else if (reply.body !== undefined) body = reply.body;
    res.writeHead(reply.status, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 5000;
  // A port another program holds (a reopened demo's remembered one) rejects, so the caller can take
  // another; without the listener the 'error' event took the whole demo host down.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({requests, byStatus: {...byStatus}}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(request: EmulatorRequest) {
  const type = String(request.headers['content-type'] ?? '');
  if (!request.raw.length) return;
  if (type.includes('application/json')) {
    try {
      request.json = JSON.parse(request.raw.toString('utf8'));
    } catch {
      throw Object.assign(new Error('Invalid JSON body'), {status: 400});
    }
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (boundary) request.form = parseMultipart(request.raw, boundary[1] ?? boundary[2]!);
  }
}

/** Binary-safe multipart/form-data parser (enough for attachments and fields). */
export function parseMultipart(raw: Buffer, boundary: string): NonNullable<EmulatorRequest['form']> {
  const fields: Record<string, string[]> = {};
  const files: NonNullable<EmulatorRequest['form']>['files'] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, body, CRLF
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const fileName = /filename="([^"]*)"/i.exec(head)?.[1];
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
    if (fileName !== undefined) files.push({field: name, fileName, contentType, data: Buffer.from(data)});
    else (fields[name] ??= []).push(data.toString('utf8'));
    start = next;
  }
  return {fields, files};
}

export function basicAuth(headers: http.IncomingHttpHeaders): {user: string; password: string} | undefined {
  const value = headers.authorization;
  if (!value?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(value.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return {user: decoded.slice(0, colon), password: decoded.slice(colon + 1)};
}
