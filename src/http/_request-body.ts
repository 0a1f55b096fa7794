import { Readable } from 'node:stream';

/** A request body ready for the transport. */
export interface PreparedBody {
  body: string | Uint8Array | Readable;
  /** Content type oauthkit chose, when the caller's value implied one (JSON, form). */
  contentType: string | undefined;
  /** Whether the same body can be sent again (retries, replay after a token refresh). Streams cannot. */
  replayable: boolean;
}

/**
 * Turns a caller's body into what goes on the wire: strings and bytes as they are, streams passed
 * through (not replayable), `URLSearchParams` as a form, anything else as JSON.
 */
export function prepareBody(body: unknown): PreparedBody {
  if (typeof body === 'string') return { body, contentType: undefined, replayable: true };
  if (body instanceof Uint8Array) return { body, contentType: undefined, replayable: true };
  if (body instanceof ArrayBuffer)
    return { body: new Uint8Array(body), contentType: undefined, replayable: true };
  if (body instanceof Readable) return { body, contentType: undefined, replayable: false };
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), contentType: 'application/x-www-form-urlencoded', replayable: true };
  }
  if (isAsyncIterable(body)) return { body: Readable.from(body), contentType: undefined, replayable: false };
  return { body: JSON.stringify(body), contentType: 'application/json', replayable: true };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
