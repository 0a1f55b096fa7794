import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a consent page's form stays valid. */
const CONSENT_TOKEN_TTL_MS = 10 * 60 * 1000;

/** The parameters a consent token binds: the authorization request the page was shown for. */
const BOUND_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

function sign(key: Buffer, params: Record<string, string>, issuedAt: number): string {
  const bound = BOUND_PARAMS.map((name) => params[name] ?? '');
  return createHmac('sha256', key)
    .update(JSON.stringify([issuedAt, ...bound]))
    .digest('hex');
}

/**
 * The hidden `consent_token` of a consent page: an HMAC of the authorization request and the time
 * it was shown, under a key only this server holds. Another site can make a browser post the form,
 * but cannot read the page, so it cannot know the token (a CSRF defence with no server-side state).
 */
export function issueConsentToken(key: Buffer, params: Record<string, string>, now = Date.now()): string {
  return `${now}.${sign(key, params, now)}`;
}

/** Whether `token` was issued by {@link issueConsentToken} for these parameters, less than 10 min ago. */
export function isValidConsentToken(
  key: Buffer,
  params: Record<string, string>,
  token: string | undefined,
  now = Date.now(),
): boolean {
  const match = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(token ?? '');
  if (match === null) return false;
  const issuedAt = Number(match[1]);
  if (!(issuedAt <= now && now - issuedAt <= CONSENT_TOKEN_TTL_MS)) return false;
  const expected = Buffer.from(sign(key, params, issuedAt), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2] ?? '', 'hex'));
}

/**
 * Whether the browser says the form was posted from another site: `Sec-Fetch-Site` other than
 * same-origin or none, or an `Origin` other than the sandbox's own.
 */
export function isCrossSitePost(
  headers: Record<string, string | string[] | undefined>,
  ownOrigin: string,
): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  return typeof origin === 'string' && origin !== 'null' && origin !== ownOrigin;
}
