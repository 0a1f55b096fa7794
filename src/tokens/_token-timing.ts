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

/**
 * The current record and the instants derived from it, precomputed so that handing out the
 * access token is one clock read and one comparison.
 */
export class CurrentRecord {
  /** The current record; `null` before the first load, or once forgotten. */
  record: StoredTokens | null = null;
  /** The access token of `record`, as the promise every caller gets. */
  accessToken: Promise<string> | null = null;
  /** From then on, the record is renewed. */
  refreshAt = Number.NEGATIVE_INFINITY;
  /** From then on, callers wait for a renewal instead of getting the current token at once. */
  waitAt = Number.NEGATIVE_INFINITY;

  constructor(readonly refreshSkewMs: number) {}

  /** Makes `record` current; `retryAt` (epoch ms), when given, is when to renew it instead. */
  set(record: StoredTokens, retryAt?: number): void {
    this.record = record;
    this.accessToken = Promise.resolve(record.tokens.accessToken);
    this.refreshAt = retryAt ?? computeRefreshAt(record, this.refreshSkewMs);
    this.waitAt = computeWaitAt(record, this.refreshSkewMs);
  }

  /** Makes `record` current but renews it only in `ms` (or once it expires): a renewal just failed. */
  postpone(record: StoredTokens, ms: number): void {
    this.set(record, Math.min(Date.now() + ms, record.tokens.expiresAt ?? Number.POSITIVE_INFINITY));
  }

  /** Forgets the record: the next caller loads or renews it. */
  clear(): void {
    this.record = null;
    this.accessToken = null;
    this.refreshAt = Number.NEGATIVE_INFINITY;
    this.waitAt = Number.NEGATIVE_INFINITY;
  }

  /** Whether `record` needs no renewal yet. */
  readonly isFresh = (record: StoredTokens): boolean =>
    Date.now() < computeRefreshAt(record, this.refreshSkewMs);
}
