import { OAuthKitError } from './oauthkit-error.js';

/**
 * No valid token can be obtained without the user: the refresh token was refused (or there is
 * none) and the token manager has no grant it may use on its own. Log in again.
 */
export class ReauthorizationRequiredError extends OAuthKitError {
  /** The store key whose tokens need a new login. */
  readonly key: string;

  constructor(message: string, details: { key: string; cause?: unknown }) {
    super(message, { retryable: false, cause: details.cause });
    this.key = details.key;
  }
}
