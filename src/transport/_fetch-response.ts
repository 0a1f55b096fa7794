import { NetworkError } from '../errors/network-error.js';
import { readLimitedBytes } from './limited-body.js';
import type { TransportResponse } from './transport.js';

// Statuses whose answer has no body by definition: the WHATWG `Response` refuses one for them.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// RFC 9110 reason-phrase, which is all the `Response` constructor accepts as `statusText`.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The most a token, revocation, device authorization or discovery answer may hold: real ones are
 * a few KiB, so a bigger body is a broken or hostile server, refused before it fills the memory.
 */
export const MAX_FETCH_RESPONSE_BYTES = 1024 * 1024;

/**
 * Reads the whole body of an answer for a fetch caller (token, revocation, discovery and device
 * authorization answers). Every such body goes through this one function, so the cap on the size
 * of those answers, {@link MAX_FETCH_RESPONSE_BYTES}, is applied here: beyond it the body is
 * destroyed unread and a `ResponseTooLargeError` (not retryable) is thrown.
 */
export function readResponseBytes(
  response: TransportResponse,
  request: { method: string; url: string },
): Promise<Uint8Array> {
  return readLimitedBytes(response, {
    maxBytes: MAX_FETCH_RESPONSE_BYTES,
    method: request.method,
    url: request.url,
    hint: "Check that the URL is the authorization server's endpoint.",
  });
}

/**
 * undici's answer as the WHATWG `Response` oauth4webapi reads, with the body already read (so
 * the caller's signal, which aborts the read, bounds the body too). Repeated headers are appended
 * one by one, which keeps `getSetCookie()` and the comma-joined `get()` right; a status that never
 * has a body (204, 304, ...) gets a null body, as `fetch` gives it.
 */
export async function toFetchResponse(
  response: TransportResponse,
  request: { method: string; url: string },
): Promise<Response> {
  const status = response.statusCode;
  if (status < 200 || status > 599) {
    await response.body.dump();
    throw new NetworkError(
      `${request.method} ${request.url} answered with status ${status}, which HTTP does not define; check the URL`,
    );
  }
  const headers = new Headers();
  for (const name in response.headers) {
    const value = response.headers[name];
    if (typeof value === 'string') headers.append(name, value);
    else if (value !== undefined) for (const item of value) headers.append(name, item);
  }
  const statusText = REASON_PHRASE.test(response.statusText) ? response.statusText : '';
  if (NULL_BODY_STATUSES.has(status)) {
    await response.body.dump();
    return new Response(null, { status, statusText, headers });
  }
  return new Response(await readResponseBytes(response, request), { status, statusText, headers });
}
