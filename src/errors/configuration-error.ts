import { OAuthKitError } from './oauthkit-error.js';

/** An option is missing or unsafe (for example a plain `http://` endpoint that is not loopback). */
export class ConfigurationError extends OAuthKitError {
  constructor(message: string) {
    super(message, { retryable: false });
  }
}
