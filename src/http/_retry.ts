// The API path's inputs to oauthkit's one retry policy (`shared/retry-policy.ts`): which methods
// and statuses are retried, and the caller's limits. The rule itself lives in the policy.

import { NetworkError } from '../errors/network-error.js';
import { isIdempotentMethod, type RetryLimits, resolveRetryLimits } from '../shared/retry-policy.js';
import type { RetryOptions } from './types.js';

export {
  hasRetryLeft,
  /** Whether an HTTP status is worth another attempt (timeouts, rate limits, transient server errors). */
  isRetryableApiStatus as isRetryableStatus,
  /** The wait before the next attempt: the longer of `Retry-After` and the backoff, capped by `maxDelayMs`. */
  retryDelay,
  /** {@link retryDelay}, or `undefined` when `Retry-After` is over the cap or the wait would end past the deadline. */
  retryDelayWithin,
} from '../shared/retry-policy.js';

/** A retry policy with every default filled in. */
export interface RetryPolicy extends RetryLimits {
  retryPost: boolean;
}

/** Fills in the defaults of {@link RetryOptions}. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  return { ...resolveRetryLimits(options), retryPost: options.retryPost ?? false };
}

/**
 * Whether a request with this method may be sent again after a failure. POST and PATCH are not
 * idempotent, so they are retried only when the caller says the API deduplicates them.
 */
export function isRetryableMethod(method: string, policy: RetryPolicy, optIn: boolean | undefined): boolean {
  if (optIn !== undefined) return optIn;
  return isIdempotentMethod(method) || policy.retryPost;
}

/**
 * Whether a request that got no answer may be sent again: only when the connection broke
 * (`NetworkError`). A time-out already cost the whole limit, and trying again would overrun it.
 */
export function isRetryableFailure(error: unknown): boolean {
  return error instanceof NetworkError;
}
