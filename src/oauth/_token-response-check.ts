import * as oauth from 'oauth4webapi';
import { OAuthError } from '../errors/oauth-error.js';
import { redactSecrets, secretForms } from '../errors/redact.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { isRetryableTokenStatus } from '../shared/retry-policy.js';
import { parseExpiresIn } from './_token-set-from-wire.js';

/** The server's `Retry-After` of an error thrown by {@link checkTokenResponse}, in milliseconds. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof OAuthError ? error.retryAfterMs : undefined;
}

/** A checked token response: its JSON body and a fresh `Response` for oauth4webapi to validate. */
export interface CheckedTokenResponse {
  body: Record<string, unknown>;
  response: Response;
}

const MAX_DESCRIPTION = 200;

function describeBody(contentType: string | null): string {
  return contentType ? contentType.split(';')[0]!.trim() : 'no content type';
}

/**
 * What an error may show of the server's words. A server may echo what it was sent (the refresh
 * token in `error_description`, the form body with the client secret, the `Authorization`
 * header), so every form of every secret the request sent is blanked out — before any cut, so
 * that no piece of one survives.
 */
function shown(text: string, secrets: readonly string[] | undefined): string {
  return secrets === undefined || secrets.length === 0 ? text : redactSecrets(text, secretForms(secrets));
}

/**
 * The one place where a token endpoint's answer becomes either a usable JSON body or an
 * {@link OAuthError}: an OAuth error JSON keeps its code; an HTML page, a non-JSON body, a
 * wrong content type or JSON without `access_token` become `invalid_response`. Messages name
 * the endpoint and status, never a token or secret: what the server wrote passes through
 * {@link shown} with `secrets`, the secrets the request sent.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export async function checkTokenResponse(
  response: Response,
  endpoint: string,
  secrets?: readonly string[],
  what = 'JSON token response',
): Promise<CheckedTokenResponse> {
  const { status } = response;
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  let body: unknown;
  const isJsonType = contentType !== null && /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
  try {
    body = isJsonType ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const fail = (message: string, details: { error: string; errorDescription?: string }): never => {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const retryable = isRetryableTokenStatus(status);
    throw new OAuthError(message, { ...details, status, retryAfterMs, retryable });
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const type = shown(describeBody(contentType), secrets);
    const got = isJsonType ? `${type} that is not a JSON object` : type;
    return fail(
      `The token endpoint ${endpoint} answered ${status} with ${got} instead of a ${what}; check tokenEndpoint and the server's health.`,
      { error: 'invalid_response' },
    );
  }
  const json = body as Record<string, unknown>;
  if (typeof json.error === 'string' && (status >= 400 || json.access_token === undefined)) {
    const code = shown(json.error, secrets);
    const description =
      typeof json.error_description === 'string'
        ? shown(json.error_description, secrets).slice(0, MAX_DESCRIPTION)
        : undefined;
    return fail(
      `The token endpoint ${endpoint} answered ${status} ${code}${description ? ` (${description})` : ''}; ${hintFor(json.error)}`,
      description === undefined ? { error: code } : { error: code, errorDescription: description },
    );
  }
  if (status < 200 || status >= 300) {
    return fail(
      `The token endpoint ${endpoint} answered ${status} with JSON that is not an OAuth error; check tokenEndpoint and the server's health.`,
      { error: 'invalid_response' },
    );
  }
  if (what === 'JSON token response' && (typeof json.access_token !== 'string' || json.access_token === '')) {
    return fail(
      `The token endpoint ${endpoint} answered ${status} with JSON that has no access_token; check that tokenEndpoint is the provider's token endpoint.`,
      { error: 'invalid_response' },
    );
  }
  const expiresIn = parseExpiresIn(json.expires_in);
  const normalised: Record<string, unknown> = { ...json };
  if (expiresIn === undefined) delete normalised.expires_in;
  else normalised.expires_in = expiresIn;
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  return { body: json, response: new Response(JSON.stringify(normalised), { status, headers }) };
}

function hintFor(error: string): string {
  switch (error) {
    case 'invalid_client':
      return 'check clientId, clientSecret and clientAuth.';
    case 'invalid_grant':
      return 'the grant (code, refresh token or credentials) is no longer valid; log in again.';
    case 'invalid_scope':
      return 'check the scopes asked for.';
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return 'check that the client is allowed this grant.';
    default:
      return 'see the error description and the provider documentation.';
  }
}

/**
 * Turns what oauth4webapi throws while validating an answer into an {@link OAuthError}, with
 * `secrets` (what the request sent) blanked out of the server's words. Other errors pass through
 * unchanged.
 */
export function fromOauth4webapiError(
  error: unknown,
  endpoint: string,
  secrets?: readonly string[],
): unknown {
  if (error instanceof oauth.ResponseBodyError) {
    const code = shown(error.error, secrets);
    const details =
      error.error_description === undefined
        ? { error: code, status: error.status }
        : { error: code, errorDescription: shown(error.error_description, secrets), status: error.status };
    return new OAuthError(
      `The endpoint ${endpoint} answered ${error.status} ${code}; ${hintFor(error.error)}`,
      {
        ...details,
        retryable: isRetryableTokenStatus(error.status),
      },
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new OAuthError(
      `The answer of ${endpoint} failed validation (${shown(error.message, secrets)}); check the endpoint and issuer settings.`,
      // No `cause`: oauth4webapi attaches the response body, which may hold tokens.
      { error: 'invalid_response' },
    );
  }
  return error;
}
