import { errorFromInvalidJson } from '../errors/from-response.js';
import type { TransportResponse } from '../transport/transport.js';
import type { ResponseType } from './types.js';

/** Who asked, to name the request in an error. */
export interface BodyContext {
  method: string;
  url: string;
  token: string;
}

/**
 * Reads a 2xx body as the caller asked: JSON (an empty body is `null`), text, bytes, or the
 * stream itself, which the caller must consume or destroy.
 */
export async function readBody(
  response: TransportResponse,
  responseType: ResponseType,
  context: BodyContext,
): Promise<unknown> {
  switch (responseType) {
    case 'json': {
      const text = await response.body.text();
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
    case 'text':
      return response.body.text();
    case 'bytes':
      return Buffer.from(await response.body.arrayBuffer());
    case 'stream':
      return response.body;
  }
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
