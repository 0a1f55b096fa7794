import { errorFromInvalidJson, errorFromResponse, MAX_ERROR_BODY_BYTES } from '../errors/from-response.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import {
  type BodyLimit,
  readLimitedBytes,
  readLimitedText,
  readTextPrefix,
} from '../transport/limited-body.js';
import type { TransportResponse } from '../transport/transport.js';
import type { ResponseType } from './types.js';

/** The default of `maxResponseBytes`: 32 MiB, far more than any JSON page an API should send. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Who asked, to name the request in an error, and how much of a body may be read. */
export interface BodyContext {
  method: string;
  url: string;
  token: string;
  maxBytes: number;
}

const HINT = "Raise maxResponseBytes or use responseType 'stream'.";

/**
 * Reads a 2xx body as the caller asked: JSON (an empty body is `null`), text, bytes — each at
 * most `maxBytes`, else a `ResponseTooLargeError` without reading the rest — or the stream
 * itself, unlimited, which the caller must consume or destroy.
 */
export async function readBody(
  response: TransportResponse,
  responseType: ResponseType,
  context: BodyContext,
): Promise<unknown> {
  if (responseType === 'stream') return response.body;
  const limit: BodyLimit = {
    maxBytes: context.maxBytes,
    method: context.method,
    url: context.url,
    hint: HINT,
  };
  if (responseType === 'bytes') return readLimitedBytes(response, limit);
  const text = await readLimitedText(response, limit);
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
  response: TransportResponse,
  context: BodyContext & { errorMessages: ((body: unknown) => string[]) | undefined },
  mapReadError: (error: unknown) => unknown,
): Promise<unknown> {
  let text = '';
  let truncated = false;
  try {
    ({ text, truncated } = await readTextPrefix(response, Math.min(MAX_ERROR_BODY_BYTES, context.maxBytes)));
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
export async function discardBody(response: TransportResponse): Promise<void> {
  try {
    await response.body.dump({ limit: 64 * 1024 });
    // undici hands the socket back to the pool just after the body ends; yielding once lets an
    // immediate replay (401 refresh, zero backoff) reuse it instead of opening a new connection.
    await new Promise((resolve) => setImmediate(resolve));
  } catch {
    // The attempt is over either way; a broken body only means the socket is not reused.
  }
}
