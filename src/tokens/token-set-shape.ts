import { TokenStoreError } from '../errors/token-store-error.js';
import { protectTokenSet, type TokenSet } from './token-set.js';

// The range of a JavaScript `Date` (about 275,000 years either side of 1970): a time beyond it
// cannot be shown as a date, so a record holding one would break whoever formats its expiry.
const MAX_TIME_MS = 8.64e15;

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
 * What is wrong with `value` as a stored token set, as a short phrase naming the field (never its
 * value, which may be a secret); `undefined` when nothing is. An `expiresAt` that is not a time a
 * `Date` can hold (a string, `NaN`, `Infinity`, beyond ±8.64e15) is wrong: it is refused as
 * corrupt rather than guessed at, like any other field of the wrong type.
 */
export function tokenSetProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'is not an object';
  const { accessToken, tokenType, expiresAt, refreshToken, scope, idToken, extra } = value;
  if (typeof accessToken !== 'string' || accessToken === '') return 'accessToken is not a non-empty string';
  if (tokenType !== undefined && typeof tokenType !== 'string') return 'tokenType is not a string';
  if (expiresAt !== undefined && expiresAt !== null && !isTime(expiresAt)) {
    return 'expiresAt is not a time in epoch milliseconds or null';
  }
  for (const [name, field] of [
    ['refreshToken', refreshToken],
    ['scope', scope],
    ['idToken', idToken],
  ] as const) {
    if (field !== undefined && field !== null && typeof field !== 'string') return `${name} is not a string`;
  }
  if (extra !== undefined && !isObject(extra)) return 'extra is not an object';
  return undefined;
}

/**
 * Reads a token set from untrusted data (a file, a user's getter). Returns the problem as a
 * short phrase naming the field (see {@link tokenSetProblem}), or the tokens.
 */
export function parseTokenSet(value: unknown): TokenSet | string {
  const problem = tokenSetProblem(value);
  if (problem !== undefined) return problem;
  const { accessToken, tokenType, expiresAt, refreshToken, scope, idToken, extra } = value as Record<
    string,
    unknown
  >;
  return copyTokenSet({
    accessToken: accessToken as string,
    tokenType: typeof tokenType === 'string' ? tokenType : 'Bearer',
    expiresAt: typeof expiresAt === 'number' ? expiresAt : null,
    ...(typeof refreshToken === 'string' ? { refreshToken } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
    ...(typeof idToken === 'string' ? { idToken } : {}),
    extra: isObject(extra) ? extra : {},
  });
}

/**
 * Throws a `TokenStoreError` (not retryable) when `tokens` would be refused once read back, so
 * that a store that serialises never writes a record it would then report as corrupt.
 */
export function assertStorable(tokens: TokenSet, location: string): void {
  const problem = tokenSetProblem(tokens);
  if (problem === undefined) return;
  throw new TokenStoreError(
    `The tokens were not written to ${location}: ${problem}; pass a TokenSet as OAuth2Client returns it.`,
    { location },
  );
}

/** Whether `value` is a plain JSON-like object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= MAX_TIME_MS;
}
