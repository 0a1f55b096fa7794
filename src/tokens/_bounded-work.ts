/**
 * Runs `work` with a time limit shared by everyone waiting on it. When the limit passes, the
 * work's signal aborts (so a hung token request is cancelled) and the result is what
 * `onTimeout` gives: a value to resolve with, or an error to reject with.
 */
export function runBounded<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  onTimeout: () => { value: T } | { error: Error },
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const outcome = onTimeout();
      controller.abort('error' in outcome ? outcome.error : new Error('Superseded by a time limit.'));
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    }, timeoutMs);
    work(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
