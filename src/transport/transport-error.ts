import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** Where a failed request was going, for the error message. */
export interface FailedRequest {
  method: string;
  /** URL without its query string. */
  url: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const SOCKET_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_REQ_RETRY',
  'UND_ERR_PRX_TLS',
]);

/**
 * The oauthkit error for a failure of the transport: {@link TimeoutError} for undici's headers/body
 * time limits, {@link NetworkError} for connection and socket failures. A caller's abort is
 * returned unchanged so that `AbortError` handling keeps working; anything else is returned as is.
 */
export function toTransportError(error: unknown, request: FailedRequest): unknown {
  if (request.signal?.aborted) return error;
  const code = errorCode(error);
  if (code === undefined) return error;
  if (TIMEOUT_CODES.has(code)) {
    const phase = code === 'UND_ERR_BODY_TIMEOUT' ? 'the response body' : 'the response headers';
    return new TimeoutError(
      `${request.method} ${request.url} timed out after ${request.timeoutMs} ms waiting for ${phase}; ` +
        'raise timeoutMs or try again later',
      { timeoutMs: request.timeoutMs, cause: error },
    );
  }
  // undici reports a proxy's refusal of a CONNECT (403, 407, 502, ...) as an abort of its own.
  const proxyRefused =
    code === 'UND_ERR_ABORTED' && error instanceof Error && /^Proxy response/.test(error.message);
  if (SOCKET_CODES.has(code) || /^E[A-Z]+$/.test(code) || proxyRefused) {
    const reason = error instanceof Error ? error.message : String(error);
    return new NetworkError(
      `${request.method} ${request.url} failed: ${reason} (${code}); check that the server is reachable`,
      { code, cause: error },
    );
  }
  return error;
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Connection errors can arrive wrapped (AggregateError for happy-eyeballs, or `cause`).
  const inner =
    (error as { cause?: unknown; errors?: unknown }).cause ?? (error as { errors?: unknown[] }).errors?.[0];
  return inner === undefined ? undefined : errorCode(inner);
}
