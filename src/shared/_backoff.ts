/** The bounds of an exponential backoff. */
export interface BackoffBounds {
  /** The ceiling of the first wait. */
  minDelayMs: number;
  /** No wait is longer. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a random wait in `[0, min(maxDelayMs, minDelayMs * 2^attempt))`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(
  attempt: number,
  bounds: BackoffBounds,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(bounds.maxDelayMs, bounds.minDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
