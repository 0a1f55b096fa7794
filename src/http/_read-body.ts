import { errorFromInvalidJson, errorFromResponse, MAX_ERROR_BODY_BYTES } from '../errors/from-response.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { decodeUtf8 } from '../transport/body-limit.js';
import { readTextPrefix } from '../transport/limited-body.js';
import type { BufferedResponse, BufferLimits, TransportResponse } from '../transport/transport.js';
import type { ResponseType } from './types.js';

/** The default of `maxResponseBytes`: 32 MiB, far more than any JSON page an API should send. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Who asked, to name the request in an error, the token to scrub from what the server sent back,
 * and how much of a body the transport reads: one object per attempt.
 */
export interface BodyContext extends BufferLimits {
  token: string;
}

/** An answer as the transport gives it: read whole (`json`, `text`, `bytes`) or as a stream. */
export type AnyResponse = BufferedResponse | TransportResponse;

const HINT = "Raise maxResponseBytes or use responseType 'stream'.";

/**
 * The context of one attempt: a 2xx body is read whole, at most `maxBytes` (else a
 * `ResponseTooLargeError` without reading the rest), and the first 64 KiB of an error body.
 */
export function bodyContext(method: string, url: string, maxBytes: number, token: string): BodyContext {
  return { method, url, maxBytes, prefixBytes: Math.min(MAX_ERROR_BODY_BYTES, maxBytes), hint: HINT, token };
}

/** Whether the transport read this answer whole. */
export function isBuffered(response: AnyResponse): response is BufferedResponse {
  return 'truncated' in response;
}

/**
 * A 2xx body read whole, as the caller asked: parsed JSON (an empty body is `null`), text or
 * bytes. Throws what stopped the body (see `BufferedResponse.bodyError`), or an `ApiError` for
 * JSON that does not parse.
 */
export function bufferedData(
  response: BufferedResponse,
  responseType: ResponseType,
  context: BodyContext,
): unknown {
  if (response.bodyError !== undefined) throw response.bodyError;
  if (responseType === 'bytes') return response.body;
  const text = decodeUtf8(response.body);
  if (responseType === 'text') return text;
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw errorFromInvalidJson({
      method: context.method,
      url: context.url,
      status: response.statusCode,
      headers: response.headers,
      bodyText: text,
      secrets: [context.token],
    });
  }
}

/**
 * The `ApiError` (or `RateLimitError`) of a non-2xx answer. Only the first 64 KiB of its body are
 * read and kept (`bodyTruncated` says when there was more), so a huge error page costs no memory.
 * When reading the body fails, `mapReadError` names the error to throw instead, or `undefined` to
 * build the API error without a body.
 */
export async function readErrorResponse(
  response: AnyResponse,
  context: BodyContext & { errorMessages: ((body: unknown) => string[]) | undefined },
  mapReadError: (error: unknown) => unknown,
): Promise<unknown> {
  let text = '';
  let truncated = false;
  try {
    if (!isBuffered(response)) ({ text, truncated } = await readTextPrefix(response, context.prefixBytes));
    else if (response.bodyError !== undefined) throw response.bodyError;
    else {
      text = decodeUtf8(response.body);
      truncated = response.truncated;
    }
  } catch (error) {
    const mapped = mapReadError(error);
    if (mapped !== undefined) return mapped;
  }
  return errorFromResponse({
    method: context.method,
    url: context.url,
    status: response.statusCode,
    headers: response.headers,
    bodyText: text,
    bodyTruncated: truncated,
    errorMessages: context.errorMessages,
    secrets: [context.token],
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

/** Throws the body of an answer away without leaking its socket (a retried or refused attempt). */
export async function discardBody(response: AnyResponse): Promise<void> {
  try {
    if (!isBuffered(response)) await response.body.dump({ limit: 64 * 1024 });
    // undici hands the socket back to the pool just after the body ends; yielding once lets an
    // immediate replay (401 refresh, zero backoff) reuse it instead of opening a new connection.
    await new Promise((resolve) => setImmediate(resolve));
  } catch {
    // The attempt is over either way; a broken body only means the socket is not reused.
  }
}
