// The size limit of a body and its error, shared by both ways the transport reads one: the
// streamed reads of limited-body.ts and the buffering dispatch handler.
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';

/** The most a body may hold, and who asked, to name the request in the error. */
export interface BodyLimit {
  maxBytes: number;
  method: string;
  /** Request URL without its query string. */
  url: string;
  /** The last sentence of the error: what the caller can do about it. */
  hint: string;
}

/** The error of a body over `limit`: `declared` when its content-length said so, else the bytes seen. */
export function responseTooLarge(
  limit: BodyLimit,
  receivedBytes: number,
  declared: number | undefined,
): ResponseTooLargeError {
  const what = declared === undefined ? `${receivedBytes} bytes had arrived` : `content-length ${declared}`;
  return new ResponseTooLargeError(
    `${limit.method} ${limit.url} answered with a body over the limit of ${limit.maxBytes} bytes (${what}); ` +
      `the rest was not read. ${limit.hint}`,
    {
      method: limit.method,
      url: limit.url,
      limitBytes: limit.maxBytes,
      receivedBytes,
      contentLength: declared,
    },
  );
}

/** UTF-8 text as undici's `body.text()` decodes it: a leading byte order mark is dropped. */
export function decodeUtf8(bytes: Buffer): string {
  const start = bytes.length > 2 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}
