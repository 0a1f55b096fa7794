import { OAuthKitError } from './oauthkit-error.js';

/** Details of an API response that was not a success. */
export interface ApiErrorDetails {
  status: number;
  method: string;
  /** Request URL without its query string. */
  url: string;
  /** Response headers, redacted: credential headers whole, the bearer token wherever it was echoed. */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  messages?: string[];
  retryable?: boolean;
}

/**
 * An API answered with a non-2xx status.
 *
 * `messages` holds the human-readable reasons found in the body (provider SDKs know their
 * error shapes, e.g. Misoca's `{ reasons: [...] }`).
 */
export class ApiError extends OAuthKitError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly messages: string[];

  constructor(message: string, details: ApiErrorDetails) {
    super(message, { retryable: details.retryable ?? false });
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.headers = details.headers;
    this.body = details.body;
    this.messages = details.messages ?? [];
  }
}
