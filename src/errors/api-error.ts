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
  /** Whether `body` is only the start of a longer body (see {@link ApiError.bodyTruncated}). */
  bodyTruncated?: boolean;
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
  /**
   * Whether the body was longer than the 64 KiB an error keeps: `body` is then the text of its
   * first 64 KiB, and the rest was never read.
   */
  readonly bodyTruncated: boolean;
  readonly messages: string[];

  constructor(message: string, details: ApiErrorDetails) {
    super(message, { retryable: details.retryable ?? false });
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.headers = details.headers;
    this.body = details.body;
    this.bodyTruncated = details.bodyTruncated ?? false;
    this.messages = details.messages ?? [];
  }
}
