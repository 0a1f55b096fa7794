import { backoffDelay } from '../shared/backoff.js';
import type { RetryOptions } from './types.js';

/** A retry policy with every default filled in. */
export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  retryPost: boolean;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Fills in the defaults of {@link RetryOptions}. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    retries: Math.max(0, options.retries ?? 2),
    minDelayMs: Math.max(0, options.minDelayMs ?? 200),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 10_000),
    retryPost: options.retryPost ?? false,
  };
}

/**
 * Whether a request with this method may be sent again after a failure. POST and PATCH are not
 * idempotent, so they are retried only when the caller says the API deduplicates them.
 */
export function isRetryableMethod(method: string, policy: RetryPolicy, optIn: boolean | undefined): boolean {
  if (optIn !== undefined) return optIn;
  return IDEMPOTENT_METHODS.has(method) || policy.retryPost;
}

/** Whether an HTTP status is worth another attempt (timeouts, rate limits, transient server errors). */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** The wait before attempt `attempt + 1`: the server's `Retry-After` when given, else backoff; capped. */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const delay = retryAfterMs ?? backoffDelay(attempt, policy, random);
  return Math.min(delay, policy.maxDelayMs);
}
