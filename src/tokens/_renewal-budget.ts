import { sleep } from '../shared/sleep.js';

/**
 * The time limits of one renewal, all derived from the client's per-request time limit so
 * that they stay consistent with each other.
 *
 * A renewal has three phases: waiting for the store lock, the token request (under the lock),
 * and storing the result (under the lock). Each phase gets its own limit:
 *
 * - `requestMs`: the token request with the client's own retries and their backoff.
 * - `storeMs`: one round of store work under the lock: reading (and writing tokens kept from an
 *   earlier failed write) before the request, or writing the new tokens (with retries) after it.
 * - `lockTtlMs = requestMs + 2 × storeMs`: exactly what a legitimately slow holder may use, so a
 *   crashed holder blocks the others no longer than a slow but healthy one could, and a live
 *   holder is stopped by its own limits before its lock expires.
 * - `lockWaitMs`: a crashed holder's lock can have up to `lockTtlMs` left; stores give up about a
 *   second after that with their own retryable `TokenStoreError`, so the manager waits a little
 *   longer still, and never gives up on a lock that is about to free.
 *
 * The longest a caller can wait is therefore `lockWaitMs + lockTtlMs`.
 */
export interface RenewalBudget {
  readonly lockWaitMs: number;
  readonly requestMs: number;
  readonly storeMs: number;
  readonly lockTtlMs: number;
}

// Backoff delays between the client's token request retries (network errors, 5xx, 429).
const REQUEST_RETRY_ALLOWANCE_MS = 5_000;
// Store calls are short (memory, a file, Redis); this also covers the write retries below.
const STORE_ALLOWANCE_MS = 2_500;
// More than any store's own grace after the TTL (memory and Redis wait TTL + 1 s at most).
const LOCK_WAIT_GRACE_MS = 2_000;

// Delays before retrying a failed write of new tokens: within `STORE_ALLOWANCE_MS` in total.
const STORE_RETRY_DELAYS_MS: readonly number[] = [100, 300, 900];

/** The time limits of a renewal for a client whose requests time out after `clientTimeoutMs`. */
export function renewalBudget(clientTimeoutMs: number): RenewalBudget {
  // A refresh may be tried up to three times by the client.
  const requestMs = clientTimeoutMs * 3 + REQUEST_RETRY_ALLOWANCE_MS;
  const storeMs = STORE_ALLOWANCE_MS;
  const lockTtlMs = requestMs + 2 * storeMs;
  return { lockWaitMs: lockTtlMs + LOCK_WAIT_GRACE_MS, requestMs, storeMs, lockTtlMs };
}

/**
 * Runs a store call (a write of new tokens), trying it again after each of the retry delays while
 * it fails with a retryable error; gives up as soon as `signal` aborts (with the signal's reason).
 */
export async function withStoreRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delayMs = STORE_RETRY_DELAYS_MS[attempt];
      if (delayMs === undefined || !isRetryable(error) || signal.aborted) throw error;
      await sleep(delayMs, signal);
    }
  }
}

/** Whether `error` says that trying again later may succeed (oauthkit errors, and look-alikes). */
export function isRetryable(error: unknown): boolean {
  return error instanceof Error && (error as { retryable?: unknown }).retryable === true;
}
