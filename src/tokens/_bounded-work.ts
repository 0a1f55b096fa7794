import { OAuthKitError } from '../errors/oauthkit-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** What bounded work gets: the signal that aborts it, and a way to start its next phase. */
export interface Bound {
  readonly signal: AbortSignal;
  /** Starts a new phase: the time limit becomes `ms` from now (the previous one no longer counts). */
  limit(ms: number): void;
}

/** What to do when bounded work cannot give its value. */
export interface Recovery<T> {
  /** What the work does, for the message of its `TimeoutError` (e.g. `Renewing the tokens of "k"`). */
  readonly doing: string;
  /** The value to go on with after `error`, or `null` to throw it. */
  fallBack(error: Error): T | null;
}

/**
 * Runs `work` with a time limit shared by everyone waiting on it. The work may move the limit
 * as it enters a new phase (e.g. once it holds a lock). When the limit passes, the work's
 * signal aborts (so a hung token request is cancelled). On the time limit (a `TimeoutError`),
 * or when the work fails with a retryable oauthkit error (a lock not taken, a store briefly
 * unreachable, a failed request), `recovery.fallBack` may supply the value to resolve with.
 */
export function runBounded<T>(
  work: (bound: Bound) => Promise<T>,
  timeoutMs: number,
  recovery: Recovery<T>,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const limit = (ms: number) => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        const error = new TimeoutError(
          `${recovery.doing} ran over a ${ms} ms time limit; the next call will try again.`,
          { timeoutMs: ms },
        );
        const value = recovery.fallBack(error);
        controller.abort(value === null ? error : new Error('Superseded by a time limit.'));
        if (value === null) reject(error);
        else resolve(value);
      }, ms);
    };
    limit(timeoutMs);
    work({ signal: controller.signal, limit }).then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  }).catch((error: unknown) => {
    // The time limit's own error is retryable too: the fallback is asked again, as for any other.
    const value = error instanceof OAuthKitError && error.retryable ? recovery.fallBack(error) : null;
    if (value === null) throw error;
    return value;
  });
}
