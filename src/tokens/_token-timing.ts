import type { StoredTokens } from './store.js';

/**
 * The instant (epoch ms) from which `record` should be renewed: its expiry minus the skew,
 * the skew being at most half the token's lifetime. `Infinity` when the expiry is unknown,
 * since then only a refused token (a 401) says it is time.
 */
export function computeRefreshAt(record: StoredTokens, refreshSkewMs: number): number {
  const { expiresAt } = record.tokens;
  if (expiresAt === null) return Number.POSITIVE_INFINITY;
  const lifetime = Math.max(0, expiresAt - record.updatedAt);
  return expiresAt - Math.min(refreshSkewMs, lifetime / 2);
}

/** Whether the access token of `record` has not expired yet (it may still be used). */
export function isUnexpired(record: StoredTokens, now = Date.now()): boolean {
  const { expiresAt } = record.tokens;
  return expiresAt === null || now < expiresAt;
}

/**
 * Resolves like `promise`, but rejects at once with the signal's reason when `signal` aborts.
 * Only this caller stops waiting; the work behind `promise` goes on for the others.
 */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The instant (epoch ms) from which callers wait for a renewal instead of getting the current
 * token at once while it renews in the background. A token handed out must outlive the request
 * that carries it (latency to the API, clocks that differ a little): at least 1 s before expiry,
 * a tenth of the lifetime for longer tokens, but never more than half the skew window, so that
 * its first half always serves the current token without waiting.
 */
export function computeWaitAt(record: StoredTokens, refreshSkewMs: number): number {
  const { expiresAt } = record.tokens;
  if (expiresAt === null) return Number.POSITIVE_INFINITY;
  const lifetime = Math.max(0, expiresAt - record.updatedAt);
  const skew = Math.min(refreshSkewMs, lifetime / 2);
  return expiresAt - Math.max(1_000, Math.min(lifetime / 10, skew / 2));
}

/**
 * `expiresAt` as `util.inspect` shows it: an ISO 8601 date, `none` when there is no expiry, or the
 * value itself when no date can show it (a custom store's `Infinity`, `NaN` or 1e300). Never
 * throws, since an exception from `util.inspect` would break a caller's log line or crash handler.
 */
export function formatExpiry(expiresAt: number | null | undefined): string {
  if (expiresAt === null || expiresAt === undefined) return 'none';
  // Typed a number, but a custom store may hand over anything: only a valid time becomes a date.
  const time = typeof expiresAt === 'number' ? new Date(expiresAt).getTime() : Number.NaN;
  return Number.isNaN(time) ? String(expiresAt) : new Date(time).toISOString();
}
