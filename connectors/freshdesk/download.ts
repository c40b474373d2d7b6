// Attachment downloads. Freshdesk's `attachment_url` is a presigned storage URL (S3 query-string
// auth, X-Amz-Signature): the storage refuses a request that also carries the account's
// Authorization header with 400 "only one auth mechanism allowed" (Aaronontheweb/freshdesk-cli
// issue #122 and PR #129). So the bytes are fetched with no credentials at all, following
// redirects, with TLS verification left on; the API key is only ever sent to the account's own
// host, and only when that host itself asks for it (older helpdesk-hosted attachment links).
import type {HttpClient} from '../../source/contracts/http.js';
import {HttpRecordError, RecordError} from '../../source/contracts/errors.js';
import {backoffMs} from '../../source/platform/http-client.js';

export type PlainFetch = (url: string, init: {redirect: 'follow'; signal: AbortSignal}) => Promise<Response>;

export interface DownloadOptions {
  /** The account's base URL: the only host the API key may be sent to */
  accountBaseUrl: string;
  /** The account's authenticated client (credentials, pacing) */
  http: HttpClient;
  what: string;
  fetch?: PlainFetch;
  attempts?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Network failures worth another try; a host that does not resolve will not resolve in a second. */
const TRANSIENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED']);

export async function downloadAttachment(url: string, options: DownloadOptions): Promise<Buffer> {
  const plainFetch = options.fetch ?? ((target, init) => fetch(target, init));
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await plainFetch(url, {redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 120_000)});
    } catch (error) {
      const code = String((error as {cause?: {code?: string}}).cause?.code ?? (error as {code?: string}).code ?? (error as Error).name);
      if ((TRANSIENT.has(code) || code === 'TimeoutError') && attempt < attempts) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw new HttpRecordError(`${options.what}: the download failed (${code}: ${(error as Error).message})`, 0, undefined);
    }
    if (response.ok) return Buffer.from(await response.arrayBuffer());
    const text = (await response.text().catch(() => '')).slice(0, 300);
    if ((response.status === 429 || response.status >= 500) && attempt < attempts) {
      await sleep(Math.max(backoffMs(attempt), Number(response.headers.get('retry-after') ?? 0) * 1000));
      continue;
    }
    // Only the account's own host gets the API key, and only when it asked for credentials.
    if ((response.status === 401 || response.status === 403) && sameHost(url, options.accountBaseUrl)) {
      const authed = await options.http.request<Buffer>({method: 'GET', url, responseType: 'buffer', what: options.what, accept: [401, 403]});
      if (authed.status < 300) return authed.body;
    }
    if (response.status === 403 && /X-Amz-Expires|Expires=/i.test(url))
      throw new RecordError(`${options.what}: the storage link expired (403); run again to read the ticket afresh with new links`);
    throw new HttpRecordError(`${options.what}: the download answered ${response.status}${text ? ` ${text}` : ''}`, response.status, text);
  }
}

function sameHost(url: string, base: string): boolean {
  try {
    return new URL(url, base).host === new URL(base).host;
  } catch {
    return false;
  }
}
