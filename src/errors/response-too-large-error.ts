import { OAuthKitError } from './oauthkit-error.js';

/** What is known of an answer whose body was refused for its size. */
export interface ResponseTooLargeDetails {
  method: string;
  /** Request URL without its query string. */
  url: string;
  /** The limit that was exceeded, in bytes. */
  limitBytes: number;
  /** Bytes of the body read before it was refused: 0 when its `content-length` refused it up front. */
  receivedBytes: number;
  /** The `content-length` the server announced, when it sent one. */
  contentLength?: number | undefined;
}

/**
 * An answer's body was larger than allowed: `maxResponseBytes` of `ApiClient` (32 MiB by
 * default), or 1 MiB for token, revocation, device authorization and discovery answers. The rest
 * of the body was not read (the connection was closed instead), so a hostile or broken server
 * cannot exhaust the memory. Not retryable: the same request would get the same answer.
 */
export class ResponseTooLargeError extends OAuthKitError {
  readonly method: string;
  readonly url: string;
  readonly limitBytes: number;
  readonly receivedBytes: number;
  readonly contentLength: number | undefined;

  constructor(message: string, details: ResponseTooLargeDetails) {
    super(message, { retryable: false });
    this.method = details.method;
    this.url = details.url;
    this.limitBytes = details.limitBytes;
    this.receivedBytes = details.receivedBytes;
    this.contentLength = details.contentLength;
  }
}
