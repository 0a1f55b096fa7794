import { protectTokenSet, type TokenSet } from './token-set.js';

/** A deep copy of `tokens` (no shared mutable objects), with its secrets hidden from `util.inspect`. */
export function copyTokenSet(tokens: TokenSet): TokenSet {
  const copy: TokenSet = {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    expiresAt: tokens.expiresAt,
    extra: structuredClone(tokens.extra ?? {}),
  };
  if (tokens.refreshToken !== undefined) copy.refreshToken = tokens.refreshToken;
  if (tokens.scope !== undefined) copy.scope = tokens.scope;
  if (tokens.idToken !== undefined) copy.idToken = tokens.idToken;
  return protectTokenSet(copy);
}

/**
 * Reads a token set from untrusted data (a file, a user's getter). Returns the problem as a
 * short phrase naming the field (never its value, which may be a secret), or the tokens.
 */
export function parseTokenSet(value: unknown): TokenSet | string {
  if (!isObject(value)) return 'is not an object';
  const { accessToken, tokenType, expiresAt, refreshToken, scope, idToken, extra } = value;
  if (typeof accessToken !== 'string' || accessToken === '') return 'accessToken is not a non-empty string';
  if (tokenType !== undefined && typeof tokenType !== 'string') return 'tokenType is not a string';
  if (expiresAt !== undefined && expiresAt !== null && !Number.isFinite(expiresAt)) {
    return 'expiresAt is not a number or null';
  }
  for (const [name, field] of [
    ['refreshToken', refreshToken],
    ['scope', scope],
    ['idToken', idToken],
  ] as const) {
    if (field !== undefined && field !== null && typeof field !== 'string') return `${name} is not a string`;
  }
  if (extra !== undefined && !isObject(extra)) return 'extra is not an object';
  return copyTokenSet({
    accessToken,
    tokenType: typeof tokenType === 'string' ? tokenType : 'Bearer',
    expiresAt: typeof expiresAt === 'number' ? expiresAt : null,
    ...(typeof refreshToken === 'string' ? { refreshToken } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
    ...(typeof idToken === 'string' ? { idToken } : {}),
    extra: isObject(extra) ? extra : {},
  });
}

/** Whether `value` is a plain JSON-like object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
