import { OAuthKitError } from './oauthkit-error.js';

/**
 * The authorization server refused a request or answered something that is not a valid
 * OAuth 2.0 response.
 *
 * `error` is the RFC 6749 §5.2 code when the server sent one (`invalid_grant`,
 * `invalid_client`, ...) or `invalid_response` when its answer could not be understood.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class OAuthError extends OAuthKitError {
  /** RFC 6749 error code, or `invalid_response` for a malformed answer. */
  readonly error: string;
  /**
   * The server's `error_description`, when it sent one. Like `error` and the message, it has
   * every secret the request sent replaced by `[REDACTED]`, since servers echo what they get.
   */
  readonly errorDescription: string | undefined;
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly status: number | undefined;
  /** The wait the server asked for with `Retry-After` (429, 503), in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: {
      error: string;
      errorDescription?: string;
      status?: number;
      retryAfterMs?: number | undefined;
      retryable?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, details);
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}
