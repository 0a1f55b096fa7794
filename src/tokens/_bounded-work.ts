/** What bounded work gets: the signal that aborts it, and a way to start its next phase. */
export interface Bound {
  readonly signal: AbortSignal;
  /** Starts a new phase: the time limit becomes `ms` from now (the previous one no longer counts). */
  limit(ms: number): void;
}

/**
 * Runs `work` with a time limit shared by everyone waiting on it. The work may move the limit
 * as it enters a new phase (e.g. once it holds a lock). When the limit passes, the work's
 * signal aborts (so a hung token request is cancelled) and the result is what `onTimeout`
 * gives: a value to resolve with, or an error to reject with.
 */
export function runBounded<T>(
  work: (bound: Bound) => Promise<T>,
  timeoutMs: number,
  onTimeout: (limitMs: number) => { value: T } | { error: Error },
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
        const outcome = onTimeout(ms);
        controller.abort('error' in outcome ? outcome.error : new Error('Superseded by a time limit.'));
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value);
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
  });
}
