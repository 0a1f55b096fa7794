// Reading undici bodies with a size limit, for both paths: `ApiClient` (its `maxResponseBytes`
// and the error bodies it keeps) and the fetch of token, revocation and discovery requests.
import { type BodyLimit, decodeUtf8, responseTooLarge } from './body-limit.js';
import type { TransportResponse } from './transport.js';

/**
 * The whole body as bytes, or a {@link ResponseTooLargeError} as soon as it is known to be over
 * `limit.maxBytes`: up front from `content-length`, else once the bytes read pass it. Either way
 * the body is destroyed unread, which closes the connection instead of draining it.
 */
export async function readLimitedBytes(response: TransportResponse, limit: BodyLimit): Promise<Buffer> {
  const declared = declaredLength(response, limit);
  // undici never delivers more than the content-length it framed the body with.
  if (declared !== undefined) {
    const bytes = await response.body.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return Buffer.concat(await collect(response, limit.maxBytes, limit));
}

/** The whole body as UTF-8 text (a byte order mark dropped), limited as {@link readLimitedBytes}. */
export function readLimitedText(response: TransportResponse, limit: BodyLimit): Promise<string> {
  // Not an async function: a body of announced length is undici's own promise, with no extra turn.
  try {
    if (declaredLength(response, limit) !== undefined) return response.body.text();
  } catch (error) {
    return Promise.reject(error);
  }
  return collect(response, limit.maxBytes, limit).then((chunks) => decodeUtf8(Buffer.concat(chunks)));
}

/**
 * At most the first `maxBytes` of the body as text, for an error to keep: a longer body is cut
 * (`truncated`) and the rest is not read.
 */
export async function readTextPrefix(
  response: TransportResponse,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const declared = contentLength(response);
  if (declared !== undefined && declared <= maxBytes)
    return { text: await response.body.text(), truncated: false };
  const chunks = await collect(response, maxBytes, undefined);
  const bytes = Buffer.concat(chunks);
  const truncated = bytes.length > maxBytes;
  return { text: decodeUtf8(truncated ? bytes.subarray(0, maxBytes) : bytes), truncated };
}

/** `content-length` as a number, when the server sent a valid one. */
function contentLength(response: TransportResponse): number | undefined {
  const value = response.headers['content-length'];
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The announced length when it is within the limit; throws when it is over; `undefined` when unknown. */
function declaredLength(response: TransportResponse, limit: BodyLimit): number | undefined {
  const declared = contentLength(response);
  if (declared === undefined || declared <= limit.maxBytes) return declared;
  response.body.destroy();
  throw responseTooLarge(limit, 0, declared);
}

/**
 * The chunks of the body until it ends or passes `maxBytes`; past it, the body is destroyed and
 * either `limit`'s error is thrown or (no `limit`) the chunks read so far are returned.
 */
async function collect(
  response: TransportResponse,
  maxBytes: number,
  limit: BodyLimit | undefined,
): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > maxBytes) {
      response.body.destroy();
      if (limit === undefined) return chunks;
      throw responseTooLarge(limit, length, undefined);
    }
  }
  return chunks;
}
