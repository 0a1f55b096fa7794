import { OAuthKitError } from './oauthkit-error.js';

/** The server could not be reached or the connection broke before a full answer arrived. */
export class NetworkError extends OAuthKitError {
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`, ...). */
  readonly code: string | undefined;

  constructor(message: string, details: { code?: string | undefined; cause?: unknown } = {}) {
    super(message, { retryable: true, cause: details.cause });
    this.code = details.code;
  }
}
