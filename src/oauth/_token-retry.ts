import { NetworkError } from '../errors/network-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { backoffDelay } from '../shared/backoff.js';

/** What the retry policy needs to know about one failed token request. */
export interface TokenRetryInput {
  /** 1 for the first retry, 2 for the second, ... */
  retry: number;
  error: unknown;
  /** Server's Retry-After in milliseconds, when it sent one. */
  retryAfterMs?: number | undefined;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Random number in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * How long to wait before retrying a token request, or `null` not to retry. Only network
 * errors, 5xx and 429 are retried; the backoff is exponential with full jitter, and a
 * server's `Retry-After` wins when it is longer.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function tokenRetryDelay(input: TokenRetryInput): number | null {
  const maxRetries = input.maxRetries ?? 2;
  if (input.retry > maxRetries || !isRetryableTokenError(input.error)) return null;
  const policy = { minDelayMs: input.baseDelayMs ?? 200, maxDelayMs: input.maxDelayMs ?? 10_000 };
  const jittered = backoffDelay(input.retry - 1, policy, input.random);
  if (input.retryAfterMs !== undefined) return Math.min(Math.max(jittered, input.retryAfterMs), 60_000);
  return jittered;
}

/** Whether a token request error is transient: a network failure, a 5xx or a 429. */
export function isRetryableTokenError(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof OAuthError && error.status !== undefined) {
    return error.status >= 500 || error.status === 429;
  }
  return false;
}
