// A fault-injecting HTTP proxy for loopback tests and bench/chaos.ts: it stands between
// ferry and an emulator and, drawn from a seeded generator, answers 5xx without forwarding,
// resets the connection before forwarding, forwards and then drops the answer (the write is
// applied, its answer lost), answers 429 storms, or forwards and never answers (a timeout).
// The emulators' own /__emulator/ hooks pass untouched. Rules can also target requests
// deterministically (e.g. "lose the answer of the first 3 POST /api/v2/tickets").
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type FaultKind = 'error5xx' | 'resetBefore' | 'lostAnswer' | 'rateLimit' | 'timeout' | 'unauthorized' | 'forbidden';
export const FAULT_KINDS: FaultKind[] = ['error5xx', 'resetBefore', 'lostAnswer', 'rateLimit', 'timeout'];

export interface FaultRule {
  /** Which requests: method and a path pattern */
  method?: string;
  path?: RegExp;
  /** ...whose body matches (e.g. one field's label) */
  body?: RegExp;
  fault: FaultKind;
  /** Apply to the first N matching requests only (default: all) */
  times?: number;
  /** Let this many matching requests pass before the rule applies */
  skip?: number;
}

export interface FaultProxyOptions {
  upstream: string;
  seed?: number;
  /** Chance of each fault per request (0-1), drawn independently of the rules */
  rates?: Partial<Record<FaultKind, number>>;
  /** Only requests this accepts get random faults (e.g. writes only) */
  only?: (method: string, path: string) => boolean;
  rules?: FaultRule[];
  /** How long a "timeout" holds the connection before closing it */
  holdMs?: number;
  /** A 429 starts a storm: this many following requests get 429 too */
  stormLength?: number;
}

export interface FaultProxy {
  url: string;
  /** Faults injected so far, by kind */
  injected: Record<FaultKind, number>;
  /** Requests forwarded to the upstream (including those whose answer was then lost) */
  forwarded: number;
  setRates(rates: Partial<Record<FaultKind, number>>): void;
  addRule(rule: FaultRule): void;
  clearRules(): void;
  close(): Promise<void>;
}

/** mulberry32: small, fast and deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed ?? 1);
  const upstream = new URL(options.upstream);
  let rates = {...options.rates};
  const rules = (options.rules ?? []).map((rule) => ({...rule, left: rule.times ?? Infinity, skipped: 0}));
  const injected = Object.fromEntries([...FAULT_KINDS, 'unauthorized', 'forbidden'].map((kind) => [kind, 0])) as Record<FaultKind, number>;
  let storm = 0;
  let forwarded = 0;
  const held = new Set<http.ServerResponse>();
  const agent = new http.Agent({keepAlive: true});

  const pick = (method: string, path: string, body: Buffer): FaultKind | undefined => {
    for (const rule of rules) {
      if (rule.left <= 0 || (rule.method && rule.method !== method) || (rule.path && !rule.path.test(path)) || (rule.body && !rule.body.test(body.toString('utf8')))) continue;
      if (rule.skipped < (rule.skip ?? 0)) {
        rule.skipped++;
        continue;
      }
      rule.left--;
      return rule.fault;
    }
    if (storm > 0) {
      storm--;
      return 'rateLimit';
    }
    if (options.only && !options.only(method, path)) return undefined;
    for (const kind of FAULT_KINDS) {
      const rate = rates[kind] ?? 0;
      if (rate > 0 && random() < rate) {
        if (kind === 'rateLimit') storm = options.stormLength ?? 3;
        return kind;
      }
    }
    return undefined;
  };

  const forward = (request: http.IncomingMessage, body: Buffer) =>
    new Promise<{status: number; headers: http.IncomingHttpHeaders; body: Buffer}>((resolve, reject) => {
      forwarded++;
      const outgoing = http.request(
        {host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: {...request.headers, host: upstream.host}, agent},
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => resolve({status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks)}));
          answer.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = (request.url ?? '/').split('?')[0]!;
      const fault = path.startsWith('/__emulator/') ? undefined : pick(request.method ?? 'GET', path, body);
      if (fault) injected[fault]++;
      try {
        switch (fault) {
          case 'resetBefore':
            request.socket.destroy();
            return;
          case 'error5xx':
            response.writeHead(503, {'content-type': 'application/json'}).end(JSON.stringify({code: 'service_unavailable', message: 'injected by the fault proxy'}));
            return;
          case 'rateLimit':
            response.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'}).end(JSON.stringify({message: 'injected 429 by the fault proxy'}));
            return;
          case 'unauthorized':
            response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({code: 'invalid_credentials', message: 'You have to be logged in to perform this action.'}));
            return;
          case 'forbidden':
            response.writeHead(403, {'content-type': 'application/json'}).end(JSON.stringify({error: 'Forbidden', description: 'You do not have access to this page.'}));
            return;
          case 'lostAnswer':
            await forward(request, body);
            request.socket.destroy();
            return;
          case 'timeout':
            await forward(request, body);
            held.add(response);
            setTimeout(() => {
              held.delete(response);
              request.socket.destroy();
            }, options.holdMs ?? 5000).unref();
            return;
          default: {
            const answer = await forward(request, body);
            const headers = {...answer.headers};
            delete headers['transfer-encoding'];
            delete headers.connection;
            response.writeHead(answer.status, {...headers, 'content-length': String(answer.body.length)}).end(answer.body);
          }
        }
      } catch (error) {
        if (!response.headersSent) response.writeHead(502, {'content-type': 'application/json'}).end(JSON.stringify({message: `fault proxy: ${(error as Error).message}`}));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    injected,
    get forwarded() {
      return forwarded;
    },
    setRates: (next) => void (rates = {...next}),
    addRule: (rule) => void rules.push({...rule, left: rule.times ?? Infinity, skipped: 0}),
    clearRules: () => void rules.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.socket?.destroy();
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
