import { ConfigurationError } from '../errors/configuration-error.js';
import { errorFromResponse } from '../errors/from-response.js';
import { NetworkError } from '../errors/network-error.js';
import { REDACTED, redactHeaders, redactInspect, secretForms } from '../errors/redact.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { sleep } from '../shared/sleep.js';
import { VERSION } from '../shared/version.js';
import { Transport, type TransportResponse } from '../transport/transport.js';
import { toTransportError } from '../transport/transport-error.js';
import { appendQueryString, buildQueryString } from './_query-string.js';
import { discardBody, readBody } from './_read-body.js';
import { prepareBody } from './_request-body.js';
import {
  hasRetryLeft,
  isRetryableMethod,
  isRetryableStatus,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from './_retry.js';
import { checkToken, createTokenGetter, type TokenGetter } from './_token-getter.js';
import { resolveBaseUrl, resolvePath } from './_url.js';
import { type PaginateOptions, paginate } from './paginate.js';
import type {
  ApiClientOptions,
  ApiMethodOptions,
  ApiRequestOptions,
  ApiResponse,
  HttpMethod,
} from './types.js';

/**
 * Calls a REST API with a bearer token: keep-alive connections, retries with backoff, one token
 * refresh and replay on 401, typed errors, and lazy pagination. Provider SDKs build on it.
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'https://app.misoca.jp/api/v3', auth: tokens });
 * const { data } = await api.get<Contact[]>('/contacts', { query: { page: 1 } });
 * for await (const invoice of api.paginate('/invoices', { strategy: linkHeaderPagination() })) { ... }
 * await api.close();
 */
export class ApiClient {
  readonly #origin: string;
  readonly #basePath: string;
  readonly #getToken: TokenGetter;
  readonly #canRefresh: boolean;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #headers: Record<string, string>;
  readonly #options: ApiClientOptions;
  readonly #transport: Transport;

  constructor(options: ApiClientOptions) {
    const base = resolveBaseUrl(options.baseUrl, options.allowInsecureHttp ?? false);
    this.#origin = base.origin;
    this.#basePath = base.basePath;
    this.#transport = new Transport(base.origin);
    ({ getToken: this.#getToken, canRefresh: this.#canRefresh } = createTokenGetter(options.auth));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.#timeoutMs > 0))
      throw new ConfigurationError('ApiClient `timeoutMs` must be a positive number of ms');
    this.#retry = resolveRetryPolicy(options.retry);
    this.#headers = { accept: 'application/json', 'user-agent': options.userAgent ?? `oauthkit/${VERSION}` };
    if (options.headers) Object.assign(this.#headers, lowerCaseKeys(options.headers));
    this.#options = options;
    redactInspect(this, () => ({
      baseUrl: this.#origin + this.#basePath,
      auth: REDACTED,
      timeoutMs: this.#timeoutMs,
      retry: this.#retry,
    }));
  }

  /** Sends one request and returns the parsed answer; throws an `ApiError` (or subclass) for non-2xx. */
  async request<T = unknown>(options: ApiRequestOptions): Promise<ApiResponse<T>> {
    const method = options.method.toUpperCase() as HttpMethod;
    const pathname = resolvePath(this.#origin, this.#basePath, options.path);
    const path =
      options.query === undefined ? pathname : appendQueryString(pathname, buildQueryString(options.query));
    const queryAt = pathname.indexOf('?');
    const url = this.#origin + (queryAt === -1 ? pathname : pathname.slice(0, queryAt));
    const prepared = options.body === undefined ? undefined : prepareBody(options.body);
    const replayable = prepared === undefined || prepared.replayable;
    let baseHeaders = this.#headers;
    if (options.headers !== undefined || prepared?.contentType !== undefined) {
      baseHeaders = { ...baseHeaders };
      if (prepared?.contentType !== undefined) baseHeaders['content-type'] = prepared.contentType;
      if (options.headers !== undefined) Object.assign(baseHeaders, lowerCaseKeys(options.headers));
    }
    const signal = options.signal;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const policy = this.#retry;
    const mayRetry = replayable && policy.retries > 0 && isRetryableMethod(method, policy, options.retry);
    const { onRequest, onResponse } = this.#options;
    let attempt = 0;
    let refreshed = false;
    let rejectedToken: string | undefined;
    for (;;) {
      const token = checkToken(await this.#getToken(signal, rejectedToken));
      rejectedToken = undefined;
      const headers = { ...baseHeaders, authorization: `Bearer ${token}` };
      // Hooks get headers scrubbed of the token by content too; nobody listening, nothing scanned.
      if (onRequest !== undefined) {
        onRequest({ method, url, attempt, headers: redactHeaders(headers, secretForms([token])) });
      }
      let response: TransportResponse;
      try {
        response = await this.#transport.request({
          origin: this.#origin,
          path,
          method,
          headers,
          body: prepared === undefined ? null : prepared.body,
          signal: signal ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        const mapped = toTransportError(error, { method, url, timeoutMs, signal });
        if (mayRetry && hasRetryLeft(attempt, policy) && isRetryable(mapped)) {
          await sleep(retryDelay(attempt, policy, undefined), signal);
          attempt++;
          continue;
        }
        throw mapped;
      }
      const status = response.statusCode;
      if (onResponse !== undefined) {
        const shown = redactHeaders(response.headers, secretForms([token]));
        onResponse({ method, url, attempt, status, headers: shown });
      }
      if (status >= 200 && status < 300) {
        let data: unknown;
        try {
          data = await readBody(response, options.responseType ?? 'json', { method, url, token });
        } catch (error) {
          throw toTransportError(error, { method, url, timeoutMs, signal });
        }
        return { status, headers: response.headers, data: data as T, url: this.#origin + path };
      }
      // One forced refresh per request, never a loop: a second 401 is the API's answer.
      if (status === 401 && this.#canRefresh && !refreshed && replayable) {
        await discardBody(response);
        refreshed = true;
        rejectedToken = token;
        continue;
      }
      if (mayRetry && hasRetryLeft(attempt, policy) && isRetryableStatus(status)) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
        await discardBody(response);
        await sleep(retryDelay(attempt, policy, retryAfterMs), signal);
        attempt++;
        continue;
      }
      throw await this.#errorFrom(response, method, url, token, timeoutMs, signal);
    }
  }

  /** `GET path`. */
  get<T = unknown>(path: string, options: ApiMethodOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>({ ...options, method: 'GET', path });
  }

  /** `POST path` (not retried unless `retry: true` or `retryPost`). */
  post<T = unknown>(path: string, options: ApiMethodOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>({ ...options, method: 'POST', path });
  }

  /** `PUT path`. */
  put<T = unknown>(path: string, options: ApiMethodOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>({ ...options, method: 'PUT', path });
  }

  /** `PATCH path` (not retried unless `retry: true` or `retryPost`). */
  patch<T = unknown>(path: string, options: ApiMethodOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>({ ...options, method: 'PATCH', path });
  }

  /** `DELETE path`. */
  delete<T = unknown>(path: string, options: ApiMethodOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>({ ...options, method: 'DELETE', path });
  }

  /**
   * Iterates over the items of every page, asking for the next page only when the consumer
   * reaches the end of the current one.
   */
  paginate<T>(path: string, options: PaginateOptions<T>): AsyncIterable<T> {
    return paginate<T>((request) => this.request({ ...request, method: 'GET' }), path, options);
  }

  /** Closes the keep-alive connections. The client cannot be used afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #errorFrom(
    response: TransportResponse,
    method: string,
    url: string,
    token: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Error> {
    let bodyText: string;
    try {
      bodyText = await response.body.text();
    } catch (error) {
      const mapped = toTransportError(error, { method, url, timeoutMs, signal });
      if (mapped !== error || signal?.aborted) return mapped as Error;
      bodyText = '';
    }
    return errorFromResponse({
      method,
      url,
      status: response.statusCode,
      headers: response.headers,
      bodyText,
      errorMessages: this.#options.errorMessages,
      secrets: [token],
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }
}

// Only broken connections are retried: a timeout already cost `timeoutMs`, and trying again would
// multiply the caller's wait.
function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) result[name.toLowerCase()] = headers[name] as string;
  return result;
}
