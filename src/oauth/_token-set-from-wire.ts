import { protectTokenSet, type TokenSet } from '../tokens/token-set.js';

const KNOWN = new Set(['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token']);

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
 * The one converter from a token response (RFC 6749 §5.1, snake_case) to a {@link TokenSet}.
 * Unknown fields go to `extra`; the result hides its secrets from `util.inspect`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function tokenSetFromWire(body: Record<string, unknown>, now = Date.now()): TokenSet {
  const expiresIn = parseExpiresIn(body.expires_in);
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
