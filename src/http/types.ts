import type { AccessTokenSource } from '../tokens/access-token-source.js';

/** HTTP methods `ApiClient` sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One query value; `Date` is sent as an ISO 8601 string, `undefined`/`null` are skipped. */
export type QueryValue = string | number | boolean | bigint | Date | null | undefined;

/** Query parameters; an array becomes repeated keys (`a=1&a=2`). */
export type QueryParams = Readonly<Record<string, QueryValue | readonly QueryValue[]>>;

/** How the response body is read: parsed JSON (default), text, bytes, or a stream the caller consumes. */
export type ResponseType = 'json' | 'text' | 'bytes' | 'stream';

/**
 * Where `ApiClient` gets its bearer token: a `TokenManager` (or any {@link AccessTokenSource}),
 * a fixed token, or a function returning one.
 */
export type ApiAuth = AccessTokenSource | { accessToken: string } | (() => string | Promise<string>);

/** Retry policy of an `ApiClient`. */
export interface RetryOptions {
  /** Extra attempts after the first one. Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in ms. Default 200. */
  minDelayMs?: number;
  /**
   * Upper bound of any wait between attempts, in ms. Default 10000. A `Retry-After` longer than
   * this is not waited for: the request fails at once with the answer (`RateLimitError` for 429).
   */
  maxDelayMs?: number;
  /** Also retry POST and PATCH (only safe when the API deduplicates them). Default false. */
  retryPost?: boolean;
}

/**
 * Sent to `onRequest` before each attempt. Headers are redacted: credential headers whole, and the
 * bearer token wherever else it appears.
 */
export interface RequestEvent {
  method: string;
  /** Request URL without its query string. */
  url: string;
  /** 0 for the first attempt, then 1, 2, ... */
  attempt: number;
  headers: Record<string, string>;
}

/**
 * Sent to `onResponse` after each attempt that got an answer. Headers are redacted: credential
 * headers whole, and the bearer token wherever the server echoed it in another name or value.
 */
export interface ResponseEvent {
  method: string;
  url: string;
  attempt: number;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Options of the `ApiClient` constructor. */
export interface ApiClientOptions {
  /** Base URL every `path` is appended to, e.g. `https://app.misoca.jp/api/v3`. */
  baseUrl: string;
  auth: ApiAuth;
  /**
   * Time limit of a whole request, in ms: from the call until the body is read, every attempt and
   * every wait between attempts (backoff, `Retry-After`, the origin's 429 gate) included; a retry
   * whose wait would end past it is not made. Overrun at most about 100 ms. With `responseType:
   * 'stream'` it ends once the headers arrive; the stream then fails only when no chunk comes for
   * `timeoutMs`. Default 30000.
   */
  timeoutMs?: number;
  /**
   * Largest body read for `json`, `text` and `bytes`, in bytes; beyond it (or when `content-length`
   * says so up front) the request fails with `ResponseTooLargeError` and the rest is not read.
   * `stream` is unlimited. Default 33554432 (32 MiB).
   */
  maxResponseBytes?: number;
  retry?: RetryOptions;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Default `oauthkit/<version>`. */
  userAgent?: string;
  onRequest?: (event: RequestEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
  /** Allow a plain `http://` base URL on a host that is not loopback (tokens would travel in clear). */
  allowInsecureHttp?: boolean;
  /** Provider hook: the human-readable messages of an error body (default: common shapes). */
  errorMessages?: (body: unknown) => string[];
}

/** Body of a request: JSON-serialisable values are sent as JSON; strings, bytes and streams as they are. */
export type RequestBody = unknown;

/** Options of `ApiClient.request`. */
export interface ApiRequestOptions {
  method: HttpMethod | Lowercase<HttpMethod>;
  /** Appended to `baseUrl`; an absolute URL on the same origin is used as it is. */
  path: string;
  query?: QueryParams | undefined;
  body?: RequestBody;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  /** This request's total time limit, instead of the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  responseType?: ResponseType | undefined;
  /** This request's body size limit, instead of the client's `maxResponseBytes`. */
  maxResponseBytes?: number | undefined;
  /** Retry this POST/PATCH like an idempotent request. */
  retry?: boolean | undefined;
}

/** `request` options without `method` and `path`, for the `get`/`post`/... shortcuts. */
export type ApiMethodOptions = Omit<ApiRequestOptions, 'method' | 'path'>;

/** A successful answer. `data` is parsed per `responseType`. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
  /** The URL that was requested, query included. */
  url: string;
}
