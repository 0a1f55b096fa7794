import { nodeHttp } from '../shared/lazy-builtins.js';
import { ApiError } from './api-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { REDACTED, redactHeaders, redactSecrets, secretForms } from './redact.js';

/**
 * The most of an answer's body an error keeps, in bytes: enough for any error message an API
 * writes, little enough that a huge error page costs no memory. The rest is cut (`bodyTruncated`).
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What is known of a non-2xx answer when its error is built. */
export interface ErrorResponse {
  method: string;
  /** Request URL without its query string. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (it is parsed here: JSON when it looks like JSON, else kept as text). */
  bodyText: string;
  /** Whether `bodyText` is only the first {@link MAX_ERROR_BODY_BYTES} of a longer body. */
  bodyTruncated?: boolean | undefined;
  /** Provider hook that extracts human messages from a parsed body; {@link defaultErrorMessages} if absent. */
  errorMessages?: ((body: unknown) => string[]) | undefined;
  /** Values (the bearer token) to blank out of the body and headers in case the server echoes them. */
  secrets?: readonly string[] | undefined;
  /** Wait asked for by `Retry-After`, for 429 answers. */
  retryAfterMs?: number | undefined;
}

/**
 * Builds the error for a non-2xx answer: a {@link RateLimitError} for 429, else an {@link ApiError}.
 * The message is one line: `GET https://host/path failed with 404 Not Found: <first message>`.
 */
export function errorFromResponse(response: ErrorResponse): ApiError {
  const forms = secretForms(response.secrets ?? []);
  const body = parseErrorBody(scrub(response.bodyText, forms, response.bodyTruncated ?? false));
  const messages = safeMessages(response.errorMessages ?? defaultErrorMessages, body);
  const reason = statusText(response.status);
  const first = messages[0] === undefined ? '' : `: ${oneLine(messages[0])}`;
  const message = `${response.method} ${response.url} failed with ${response.status} ${reason}${first}`;
  const details = {
    status: response.status,
    method: response.method,
    url: response.url,
    headers: redactHeaders(response.headers, forms),
    body,
    bodyTruncated: response.bodyTruncated ?? false,
    messages,
    retryable: response.status === 408 || response.status >= 500,
  };
  if (response.status === 429) {
    return new RateLimitError(`${message}; slow down and retry later`, {
      ...details,
      retryAfterMs: response.retryAfterMs,
    });
  }
  return new ApiError(message, details);
}

/** The error for a 2xx answer whose body should be JSON but is not. */
export function errorFromInvalidJson(
  response: Omit<ErrorResponse, 'errorMessages' | 'retryAfterMs' | 'bodyTruncated'>,
): ApiError {
  const forms = secretForms(response.secrets ?? []);
  const scrubbed = redactSecrets(response.bodyText, forms);
  const bodyTruncated = Buffer.byteLength(scrubbed) > MAX_ERROR_BODY_BYTES;
  const bodyText = bodyTruncated
    ? Buffer.from(scrubbed).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8')
    : scrubbed;
  return new ApiError(
    `${response.method} ${response.url} answered ${response.status} with a body that is not valid JSON; ` +
      `use responseType 'text' to read it as it is`,
    {
      status: response.status,
      method: response.method,
      url: response.url,
      headers: redactHeaders(response.headers, forms),
      body: bodyText,
      bodyTruncated,
      messages: [],
    },
  );
}

/** JSON when the text parses as JSON, the text itself otherwise, `null` when empty. */
export function parseErrorBody(text: string): unknown {
  if (text.length === 0) return null;
  const start = text.trimStart()[0];
  if (start === '{' || start === '[' || start === '"') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The human messages found in common error shapes: OAuth's `error_description`/`error`,
 * `message`, `errors[].message` (or strings), Misoca's `reasons`, or a short text body.
 */
export function defaultErrorMessages(body: unknown): string[] {
  if (typeof body === 'string') return body.length > 0 && body.length <= 300 ? [body] : [];
  if (body === null || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const messages: string[] = [];
  for (const key of ['error_description', 'message', 'error', 'title', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) messages.push(value);
  }
  for (const key of ['errors', 'reasons']) {
    const list = record[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry === 'string') messages.push(entry);
      else if (entry !== null && typeof entry === 'object') {
        const text = (entry as Record<string, unknown>).message;
        if (typeof text === 'string') messages.push(text);
      }
    }
  }
  return messages;
}

function safeMessages(extract: (body: unknown) => string[], body: unknown): string[] {
  try {
    const messages = extract(body);
    return Array.isArray(messages) ? messages.filter((item) => typeof item === 'string') : [];
  } catch {
    // A provider hook that trips on an unexpected body must not hide the real error.
    return defaultErrorMessages(body);
  }
}

function scrub(text: string, forms: readonly string[], truncated: boolean): string {
  let result = redactSecrets(text, forms);
  if (!truncated) return result;
  // A cut body can end in the first characters of an echoed secret: blank those too.
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, result.length); length > 0; length--) {
      if (result.endsWith(form.slice(0, length))) {
        result = result.slice(0, -length) + REDACTED;
        break;
      }
    }
  }
  return result;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

// node:http is loaded only once an error needs a reason phrase: importing oauthkit must not pay for it.
let statusCodes: Record<number, string | undefined> | undefined;
function statusText(status: number): string {
  statusCodes ??= nodeHttp().STATUS_CODES;
  return statusCodes[status] ?? 'Unknown Status';
}
