/**
 * Base class of every error oauthkit throws.
 *
 * No message or property of an oauthkit error ever holds an access token, a refresh token,
 * a client secret, a password or an `Authorization` header.
 */
export class OAuthKitError extends Error {
  /** Whether trying the same operation again later may succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}
