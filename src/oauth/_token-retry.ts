import { NetworkError } from '../errors/network-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import {
  hasRetryLeft,
  isRetryableTokenStatus,
  resolveRetryLimits,
  retryDelayWithin,
} from '../shared/retry-policy.js';

/** What the retry policy needs to know about one failed token request. */
export interface TokenRetryInput {
  /** 1 for the first retry, 2 for the second, ... */
  retry: number;
  error: unknown;
  /** Server's Retry-After in milliseconds, when it sent one. */
  retryAfterMs?: number | undefined;
  /** Time left before the call's deadline, in ms: no wait may end past it. Unbounded if absent. */
  remainingMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Random number in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * How long to wait before retrying a token request, or `null` not to retry: oauthkit's one retry
 * policy (`shared/retry-policy.ts`) with the token endpoint's inputs — network errors, 5xx and 429
 * are retried, twice by default; the wait is the jittered backoff, or the server's `Retry-After`
 * when it is longer. No retry when `Retry-After` is over `maxDelayMs` or the wait would end past
 * the deadline (`remainingMs`): the error is the answer then.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function tokenRetryDelay(input: TokenRetryInput): number | null {
  const limits = resolveRetryLimits({
    ...(input.maxRetries === undefined ? {} : { retries: input.maxRetries }),
    ...(input.baseDelayMs === undefined ? {} : { minDelayMs: input.baseDelayMs }),
    ...(input.maxDelayMs === undefined ? {} : { maxDelayMs: input.maxDelayMs }),
  });
  const failed = input.retry - 1;
  if (!hasRetryLeft(failed, limits) || !isRetryableTokenError(input.error)) return null;
  const delay = retryDelayWithin(
    failed,
    limits,
    input.retryAfterMs,
    input.remainingMs ?? Number.POSITIVE_INFINITY,
    input.random,
  );
  return delay ?? null;
}

/** Whether a token request error is transient: a network failure, a 5xx or a 429. */
export function isRetryableTokenError(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof OAuthError && error.status !== undefined && isRetryableTokenStatus(error.status);
}
