import { ConfigurationError } from '../errors/configuration-error.js';
import { REDACTED, redactHeaders, redactInspect, secretForms } from '../errors/redact.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { sleep } from '../shared/sleep.js';
import { VERSION } from '../shared/version.js';
import { Transport } from '../transport/transport.js';
import { toTransportError } from '../transport/transport-error.js';
import { lowerCaseKeys, prepareRequest } from './_prepared-request.js';
import { notSentError, RateLimitGate } from './_rate-limit-gate.js';
import {
  type AnyResponse,
  bodyContext,
  bufferedData,
  DEFAULT_MAX_RESPONSE_BYTES,
  discardBody,
  isBuffered,
  readErrorResponse,
} from './_read-body.js';
import { RequestDeadline } from './_request-deadline.js';
import {
  hasRetryLeft,
  isRetryableFailure,
  isRetryableMethod,
  isRetryableStatus,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelayWithin,
} from './_retry.js';
import { checkToken, createTokenGetter, type TokenGetter } from './_token-getter.js';
import { resolveBaseUrl } from './_url.js';
import { type PaginateOptions, paginate } from './paginate.js';
import type { ApiClientOptions, ApiMethodOptions, ApiRequestOptions, ApiResponse } from './types.js';

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
  readonly #maxResponseBytes: number;
  readonly #retry: RetryPolicy;
  readonly #gate = new RateLimitGate();
  readonly #headers: Record<string, string>;
  // The client's headers with the last token: most requests send exactly these (undici only reads them).
  #signed: { token: string; headers: Record<string, string> } | undefined;
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
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!(this.#maxResponseBytes >= 0))
      throw new ConfigurationError('ApiClient `maxResponseBytes` must be a number of bytes');
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

  /** `headers` with `Authorization: Bearer token`; the client's own headers signed once per token. */
  #withToken(headers: Record<string, string>, token: string): Record<string, string> {
    if (headers !== this.#headers) return { ...headers, authorization: `Bearer ${token}` };
    const signed = this.#signed;
    if (signed !== undefined && signed.token === token) return signed.headers;
    this.#signed = { token, headers: { ...headers, authorization: `Bearer ${token}` } };
    return this.#signed.headers;
  }

  /** Sends one request and returns the parsed answer; throws an `ApiError` (or subclass) for non-2xx. */
  async request<T = unknown>(options: ApiRequestOptions): Promise<ApiResponse<T>> {
    const {
      method,
      path,
      url,
      body,
      replayable,
      headers: baseHeaders,
    } = prepareRequest(this.#origin, this.#basePath, this.#headers, options);
    const signal = options.signal;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const responseType = options.responseType ?? 'json';
    const maxBytes = options.maxResponseBytes ?? this.#maxResponseBytes;
    const policy = this.#retry;
    const mayRetry = replayable && policy.retries > 0 && isRetryableMethod(method, policy, options.retry);
    const { onRequest, onResponse, errorMessages } = this.#options;
    const gate = this.#gate;
    // The one time limit of the whole call, every attempt and wait included: no timer of its own.
    const deadline = new RequestDeadline(timeoutMs, method, url, signal);
    let attempt = 0;
    let refreshed = false;
    let rejectedToken: string | undefined;
    let handedOff = false;
    try {
      for (;;) {
        let probe = false;
        if (!gate.open) {
          deadline.waitingFor = 'rate-limit';
          const refusalsLeft = mayRetry ? policy.retries - attempt : 0;
          const pass = await gate.wait(deadline, refusalsLeft, (waitMs, reason) =>
            notSentError({ method, url, timeoutMs }, waitMs, reason),
          );
          probe = pass.probe;
          attempt += pass.refusals;
        }
        try {
          deadline.waitingFor = 'token';
          const got = this.#getToken(signal, rejectedToken);
          // A cached token comes as a string: awaiting it would cost a turn of the microtask queue.
          const token = checkToken(typeof got === 'string' ? got : await got);
          rejectedToken = undefined;
          deadline.check();
          const headers = this.#withToken(baseHeaders, token);
          const context = bodyContext(method, url, maxBytes, token);
          // Hooks get headers scrubbed of the token by content too; nobody listening, nothing scanned.
          if (onRequest !== undefined) {
            onRequest({ method, url, attempt, headers: redactHeaders(headers, secretForms([token])) });
          }
          deadline.waitingFor = 'headers';
          let response: AnyResponse;
          try {
            const sent = {
              origin: this.#origin,
              path,
              method,
              headers,
              body: body === undefined ? null : body.body,
              signal: deadline,
              // Backstops of the deadline, which the sweeper enforces; a stream's body is the caller's to
              // pace (an idle limit only). One value per client, not the time left: undici keeps a
              // connection's timer while the value stays the same, and makes a new one when it changes.
              headersTimeout: timeoutMs,
              bodyTimeout: timeoutMs,
            };
            // Every answer but a stream is read whole by the transport, within the context's limits.
            response =
              responseType === 'stream'
                ? await this.#transport.request(sent)
                : await this.#transport.requestBuffered(sent, context);
          } catch (error) {
            const mapped = toTransportError(error, { method, url, timeoutMs, signal });
            const delay = failureRetryDelay(mapped, mayRetry, attempt, policy, deadline);
            if (delay === undefined) throw mapped;
            await sleep(delay, signal);
            attempt++;
            continue;
          }
          const status = response.statusCode;
          if (onResponse !== undefined) {
            onResponse({
              method,
              url,
              attempt,
              status,
              headers: redactHeaders(response.headers, secretForms([token])),
            });
          }
          if (status >= 200 && status < 300) {
            if (!isBuffered(response)) {
              // The caller reads the stream at its own pace; its signal still aborts it.
              deadline.untrack();
              handedOff = true;
              response.body.once('close', () => deadline.release());
              return {
                status,
                headers: response.headers,
                data: response.body as T,
                url: this.#origin + path,
              };
            }
            let data: unknown;
            try {
              data = bufferedData(response, responseType, context);
            } catch (error) {
              const mapped = toTransportError(error, { method, url, timeoutMs, signal });
              // A body cut short (a reset mid-body) is as transient as a refused connection.
              const delay = failureRetryDelay(mapped, mayRetry, attempt, policy, deadline);
              if (delay === undefined) throw mapped;
              await sleep(delay, signal);
              attempt++;
              continue;
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
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          const delay =
            mayRetry && hasRetryLeft(attempt, policy) && isRetryableStatus(status)
              ? retryDelayWithin(attempt, policy, retryAfterMs, deadline.at - performance.now())
              : undefined;
          // The server's wait holds every request to the origin, this one's retry included.
          const gated = status === 429 && retryAfterMs !== undefined && retryAfterMs > 0;
          if (gated) gate.close(delay ?? Math.min(retryAfterMs, policy.maxDelayMs), probe);
          if (delay !== undefined) {
            await discardBody(response);
            if (!gated) await sleep(delay, signal);
            attempt++;
            continue;
          }
          deadline.waitingFor = 'body';
          throw await readErrorResponse(response, { ...context, errorMessages }, (error) => {
            if (deadline.aborted) return deadline.reason;
            const mapped = toTransportError(error, { method, url, timeoutMs, signal });
            return mapped === error ? undefined : mapped;
          });
        } finally {
          if (probe) gate.settle();
        }
      }
    } finally {
      if (!handedOff) deadline.release();
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
}

/** The wait before another attempt after `error` (a refused connection, a body cut short), or `undefined` to give up. */
function failureRetryDelay(
  error: unknown,
  mayRetry: boolean,
  attempt: number,
  policy: RetryPolicy,
  deadline: RequestDeadline,
): number | undefined {
  return mayRetry && hasRetryLeft(attempt, policy) && isRetryableFailure(error)
    ? retryDelayWithin(attempt, policy, undefined, deadline.at - performance.now())
    : undefined;
}
