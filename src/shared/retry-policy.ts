/**
 * oauthkit's one retry policy, for token requests (`OAuth2Client`) and API requests (`ApiClient`).
 *
 * **What is retried.** A request is sent again only when the failure is transient and sending it
 * twice is harmless:
 * - no answer because the connection failed (`NetworkError`) — never a time-out, which already
 *   cost the caller the whole time limit;
 * - token requests: an answer with a 5xx or 429 status ({@link isRetryableTokenStatus}); a code
 *   exchange is never retried, since an authorization code is single-use;
 * - API requests: an answer with 408, 429, 500, 502, 503 or 504 ({@link isRetryableApiStatus}), for
 *   idempotent methods ({@link isIdempotentMethod}); POST and PATCH only when the caller opts in.
 *
 * **How often.** At most {@link RetryLimits.retries} extra attempts (default 2).
 *
 * **How long to wait** after attempt number `attempt` (0 for the first) failed ({@link retryDelay}):
 * `min(maxDelayMs, max(retryAfter, backoff))`, where `backoff` is exponential with full jitter,
 * a random wait in `[0, min(maxDelayMs, minDelayMs × 2^attempt))` (defaults 200 ms and 10 s), and
 * `retryAfter` is the server's `Retry-After` (seconds or an HTTP date), 0 when it sent none. The
 * server's wait is a floor: coming back sooner would only be refused again. The backoff stays a
 * floor too, so a server that keeps answering `Retry-After: 0` is not hammered. `maxDelayMs`
 * bounds every wait, `Retry-After` included, so that no caller waits longer than it allowed.
 *
 * **When not to wait after all** ({@link retryDelayWithin}): a `Retry-After` longer than
 * `maxDelayMs`, or a wait that would end past the caller's time limit (`timeoutMs` bounds the
 * whole call, waits included). Coming back earlier than the server asked would only be refused
 * again, and waiting past the limit only to fail is worse than failing now: the last answer is
 * returned at once instead (a 429 keeps `retryable` and its `retryAfterMs`).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2
 * @module
 */
import { type BackoffBounds, backoffDelay } from './_backoff.js';

/** The numbers of the policy: how many retries, and the bounds of every wait. */
export interface RetryLimits extends BackoffBounds {
  /** Extra attempts after the first one. */
  retries: number;
}

/** The limits used when the caller sets none: 2 retries, backoff from 200 ms, no wait over 10 s. */
export const DEFAULT_RETRY_LIMITS: Readonly<RetryLimits> = Object.freeze({
  retries: 2,
  minDelayMs: 200,
  maxDelayMs: 10_000,
});

/** Fills in the defaults of {@link RetryLimits}; negative numbers count as 0. */
export function resolveRetryLimits(options: Partial<RetryLimits> = {}): RetryLimits {
  return {
    retries: Math.max(0, options.retries ?? DEFAULT_RETRY_LIMITS.retries),
    minDelayMs: Math.max(0, options.minDelayMs ?? DEFAULT_RETRY_LIMITS.minDelayMs),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_RETRY_LIMITS.maxDelayMs),
  };
}

/**
 * The wait in ms before the next attempt, once attempt number `attempt` (0 for the first) failed:
 * `min(maxDelayMs, max(retryAfterMs ?? 0, jittered backoff))` (see the module documentation).
 * `random` returns a number in [0, 1); injectable for tests.
 */
export function retryDelay(
  attempt: number,
  limits: BackoffBounds,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelay(attempt, limits, random);
  return Math.min(limits.maxDelayMs, Math.max(retryAfterMs ?? 0, backoff));
}

/**
 * {@link retryDelay}, or `undefined` not to retry: the server's `Retry-After` is longer than
 * `maxDelayMs`, or the wait would not end before the caller's deadline, `remainingMs` from now.
 */
export function retryDelayWithin(
  attempt: number,
  limits: BackoffBounds,
  retryAfterMs: number | undefined,
  remainingMs: number,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > limits.maxDelayMs) return undefined;
  const delay = retryDelay(attempt, limits, retryAfterMs, random);
  return delay < remainingMs ? delay : undefined;
}

/** Whether another attempt is allowed once attempt number `attempt` (0 for the first) failed. */
export function hasRetryLeft(attempt: number, limits: RetryLimits): boolean {
  return attempt < limits.retries;
}

/** Statuses an API request is retried on: time-outs, rate limits and transient server errors. */
const RETRYABLE_API_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether an API answer with this status is worth another attempt (408, 429, 500, 502, 503, 504). */
export function isRetryableApiStatus(status: number): boolean {
  return RETRYABLE_API_STATUSES.has(status);
}

/**
 * Whether a token endpoint answer with this status is worth another attempt: any 5xx or 429.
 * Other 4xx are the server's verdict on the grant (RFC 6749 §5.2) and stay the same on a replay.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function isRetryableTokenStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Whether a method is idempotent, so that sending it twice does no harm (GET, HEAD, OPTIONS, PUT,
 * DELETE); POST and PATCH are not.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2
 */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}
