import { OAuthKitError } from './oauthkit-error.js';

/**
 * A token store could not be read or written: a corrupt file, a record of the wrong shape,
 * a lock that could not be taken, a store that is unreachable. The stored data is left as it
 * was so that nothing is lost.
 */
export class TokenStoreError extends OAuthKitError {
  /** Where the problem is: a file path or a store key. */
  readonly location: string;

  constructor(message: string, details: { location: string; retryable?: boolean; cause?: unknown }) {
    super(message, details);
    this.location = details.location;
  }
}
