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

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date.
 * `undefined` when absent or unreadable; never negative.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(
  value: string | readonly string[] | null | undefined,
  now = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates always name a month; this keeps `Date.parse` from reading "-3" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a random wait in `[0, min(maxDelayMs, minDelayMs * 2^attempt))`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
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

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
