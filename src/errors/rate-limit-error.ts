import { ApiError, type ApiErrorDetails } from './api-error.js';

/** The API answered 429 Too Many Requests. `retryAfterMs` comes from `Retry-After` when sent. */
export class RateLimitError extends ApiError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ApiErrorDetails & { retryAfterMs?: number | undefined }) {
    super(message, { ...details, retryable: true });
    this.retryAfterMs = details.retryAfterMs;
  }
}
