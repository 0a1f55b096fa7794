import { protectTokenSet, type TokenSet } from '../tokens/token-set.js';

const KNOWN = new Set(['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token']);

/**
 * The longest access-token lifetime believed, in seconds: 10 years (of 365.25 days). Real
 * lifetimes run from minutes to a year or so, and a server that means "never" usually sends no
 * `expires_in` at all; a longer value is a bug or a hostile server. Clamped, `expiresAt` stays a
 * time a `Date` can show (`util.inspect`), JSON can store and arithmetic keeps exact, and a token
 * that does stop working earlier is still renewed on the API's 401.
 */
export const MAX_EXPIRES_IN_SECONDS = 315_576_000;

/**
 * Reads `expires_in` as sent: a number, or a numeric string (some providers quote it).
 * Anything else counts as absent.
 */
export function parseExpiresIn(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * The lifetime `expires_in` gives, in seconds, within [0, {@link MAX_EXPIRES_IN_SECONDS}]: a
 * negative number is 0 (already expired: renewed at once), a larger one (up to a JSON `1e400`,
 * which parses as `Infinity`) is the maximum. `undefined` (no expiry) for what is not a number:
 * a missing value, `NaN`, or a string other than an unsigned decimal (`"soon"`, `""`, `"-5"`).
 * No error for those: the answer may hold a rotated refresh token that must not be lost over a
 * field the server may leave out, and a token that stops working is renewed on the API's 401.
 */
export function lifetimeSeconds(value: unknown): number | undefined {
  const seconds =
    typeof value === 'number' && !Number.isNaN(value) ? Math.max(value, 0) : parseExpiresIn(value);
  return seconds === undefined ? undefined : Math.min(seconds, MAX_EXPIRES_IN_SECONDS);
}

/**
 * The one converter from a token response (RFC 6749 §5.1, snake_case) to a {@link TokenSet}.
 * Unknown fields go to `extra`; `expiresAt` follows {@link lifetimeSeconds}; the result hides its
 * secrets from `util.inspect`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function tokenSetFromWire(body: Record<string, unknown>, now = Date.now()): TokenSet {
  const expiresIn = lifetimeSeconds(body.expires_in);
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!KNOWN.has(name)) extra[name] = value;
  const tokens: TokenSet = {
    accessToken: String(body.access_token),
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    expiresAt: expiresIn === undefined ? null : now + expiresIn * 1000,
    extra,
  };
  if (typeof body.refresh_token === 'string') tokens.refreshToken = body.refresh_token;
  if (typeof body.scope === 'string') tokens.scope = body.scope;
  if (typeof body.id_token === 'string') tokens.idToken = body.id_token;
  return protectTokenSet(tokens);
}
