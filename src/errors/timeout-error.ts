import { OAuthKitError } from './oauthkit-error.js';

/** A request (API call, token request, browser login) took longer than its time limit. */
export class TimeoutError extends OAuthKitError {
  readonly timeoutMs: number;

  constructor(message: string, details: { timeoutMs: number; cause?: unknown }) {
    super(message, { retryable: true, cause: details.cause });
    this.timeoutMs = details.timeoutMs;
  }
}
