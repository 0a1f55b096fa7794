import { NetworkError } from '../errors/network-error.js';
import { OAuthKitError } from '../errors/oauthkit-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { sleep } from '../shared/sleep.js';
import { fromOauth4webapiError, retryAfterOf } from './_token-response-check.js';
import { tokenRetryDelay } from './_token-retry.js';
import type { TokenRequestEvent } from './options.js';

/** How one logical token-endpoint call is run. */
export interface TokenCallOptions {
  grant: string;
  endpoint: string;
  timeoutMs: number;
  /** Whether transient failures are retried (never for a code exchange). */
  retry: boolean;
  signal?: AbortSignal | undefined;
  onTokenRequest?: ((event: TokenRequestEvent) => void) | undefined;
  /** What the request sends that is secret: blanked out of the errors built from the answer. */
  secrets?: readonly string[] | undefined;
}

/**
 * Runs `attempt` within one time limit for the whole call (every try and every wait between
 * tries), with the caller's signal, oauthkit's error mapping and — when allowed — the token retry
 * policy. A retry whose wait would end past the limit, or whose `Retry-After` is over the policy's
 * cap, is not made: the last error is thrown at once. `attempt` gets the signal to hand to
 * oauth4webapi and must finish reading the answer before it resolves, so the limit covers the
 * body too.
 */
export async function runTokenCall<T>(
  options: TokenCallOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  for (let retry = 1; ; retry++) {
    try {
      return await attemptOnce(options, attempt, deadline);
    } catch (error) {
      const delay = options.retry
        ? tokenRetryDelay({
            retry,
            error,
            retryAfterMs: retryAfterOf(error),
            remainingMs: deadline - performance.now(),
          })
        : null;
      if (delay === null) throw error;
      await sleep(delay, options.signal);
    }
  }
}

async function attemptOnce<T>(
  options: TokenCallOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
  deadline: number,
): Promise<T> {
  options.signal?.throwIfAborted();
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  // Token requests are rare (one per token lifetime), so a timer per try costs nothing here.
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.max(1, deadline - started),
  );
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let status: number | undefined;
  try {
    const result = await attempt(controller.signal);
    emit(options, { durationMs: performance.now() - started });
    return result;
  } catch (raw) {
    const error = mapError(raw, options, timedOut);
    if (error instanceof OAuthKitError && 'status' in error && typeof error.status === 'number')
      status = error.status;
    emit(options, { durationMs: performance.now() - started, error: error as Error, status });
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function emit(
  options: TokenCallOptions,
  event: { durationMs: number; error?: Error; status?: number | undefined },
): void {
  if (!options.onTokenRequest) return;
  const full: TokenRequestEvent = {
    grant: options.grant,
    endpoint: options.endpoint,
    durationMs: event.durationMs,
  };
  if (event.status !== undefined) full.status = event.status;
  if (event.error !== undefined) full.error = event.error;
  options.onTokenRequest(full);
}

function mapError(error: unknown, options: TokenCallOptions, timedOut: boolean): unknown {
  if (timedOut) {
    return new TimeoutError(
      `The ${options.grant} request to ${options.endpoint} got no full answer within ${options.timeoutMs} ms; check the server or raise timeoutMs.`,
      { timeoutMs: options.timeoutMs },
    );
  }
  if (options.signal?.aborted) return options.signal.reason;
  // The transport's NetworkError names the URL; this one also says which grant failed.
  if (error instanceof NetworkError) {
    const code = error.code;
    return new NetworkError(
      `The ${options.grant} request to ${options.endpoint} failed before a complete answer arrived${code ? ` (${code})` : ''}; check the URL and the network.`,
      { code, cause: error },
    );
  }
  if (error instanceof OAuthKitError) return error;
  return fromOauth4webapiError(error, options.endpoint, options.secrets);
}
