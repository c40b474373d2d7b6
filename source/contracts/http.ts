// The HTTP contract between connectors and ferry's HTTP layer (source/platform/http-client.ts):
// what a request says, what an answer is, and the events the layer reports. Types only.
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to the base URL (e.g. "/api/v2/tickets.json") or an absolute URL */
  url: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: Buffer | string;
  /** Multipart body (Node's FormData) */
  form?: FormData;
  headers?: Record<string, string>;
  /** 'buffer' for downloads; default parses JSON (an empty body gives undefined) */
  responseType?: 'json' | 'buffer';
  /** Budget sub-limit this call counts against, as declared in ApiBudget.endpoints */
  endpoint?: string;
  /** Statuses that are answers, not errors (e.g. 404 for a lookup) */
  accept?: number[];
  /** Record-level context for messages, e.g. "ticket 123" */
  what?: string;
  /**
   * Whether sending this request twice does no harm. GET, PUT and DELETE are; POST and PATCH
   * are not, unless the caller says so (an upload nobody uses, say). A request that is not
   * is never re-sent blind once it may have reached the server: see PossiblyAppliedError.
   */
  repeatable?: boolean;
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  url: string;
}

export interface HttpClient {
  request<T = any>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export type HttpAction = 'success' | 'retry' | 'rate_limited' | 'fail_record' | 'stop_run';

export type HttpEvent =
  | {type: 'request'; side: string; status: number; method: string; endpoint?: string}
  | {type: 'rate_wait'; side: string; untilMs: number; reason: string}
  | {type: 'retry'; side: string; attempt: number; reason: string}
  | {type: 'live_limit'; side: string; requestsPerMinute: number}
  /** Another app uses `othersPerMinute` of the account's budget: ferry paces at `requestsPerMinute`, what remains */
  | {type: 'shared_budget'; side: string; othersPerMinute: number; requestsPerMinute: number};

export type Transport = (request: HttpRequest & {absoluteUrl: string; headers: Record<string, string>; timeoutMs: number}) => Promise<HttpResponse>;

/** One row of the status table (source/platform/http-client.ts STATUS_TABLE). */
export interface StatusRule {
  /** One status, or an inclusive range */
  status: number | [number, number];
  /** Only for requests that are not repeatable (creates) */
  writesOnly?: boolean;
  /** Only for this budget endpoint (HttpRequest.endpoint) */
  endpoint?: string;
  action: HttpAction;
}
