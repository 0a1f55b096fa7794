import { OAuthKitError } from './oauthkit-error.js';

/**
 * The browser came back to the redirect URI with an error, or with parameters that do not
 * belong to the login in progress.
 *
 * `error` is the provider's code (`access_denied`, ...) or one of oauthkit's:
 * `state_mismatch`, `missing_code`, `timeout`, `aborted`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export class AuthorizationCallbackError extends OAuthKitError {
  readonly error: string;
  readonly errorDescription: string | undefined;

  constructor(message: string, details: { error: string; errorDescription?: string; cause?: unknown }) {
    super(message, { retryable: false, cause: details.cause });
    this.error = details.error;
    this.errorDescription = details.errorDescription;
  }
}
