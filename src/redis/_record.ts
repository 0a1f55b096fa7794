import { TokenStoreError } from '../errors/token-store-error.js';
import type { StoredTokens } from '../tokens/store.js';
import type { TokenSet } from '../tokens/token-set.js';
import { isObject, parseTokenSet } from '../tokens/token-set-shape.js';

/** The JSON text stored in Redis for one version of a key's tokens. */
export function encodeRecord(tokens: TokenSet, version: number, updatedAt: number): string {
  return JSON.stringify({ version, updatedAt, tokens });
}

/**
 * Reads a stored record. A value that is not one (not JSON, wrong shape) is an error naming the
 * Redis key and the faulty field — never the value, which may hold a token.
 */
export function decodeRecord(text: string, redisKey: string): StoredTokens {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text, which may hold a token: it is not kept as a cause.
    throw corrupt(redisKey, 'it is not valid JSON');
  }
  if (!isObject(value)) throw corrupt(redisKey, 'it is not a JSON object');
  const { version, updatedAt } = value;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw corrupt(redisKey, 'version is not a positive integer');
  }
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt)) {
    throw corrupt(redisKey, 'updatedAt is not a number');
  }
  const tokens = parseTokenSet(value.tokens);
  if (typeof tokens === 'string') throw corrupt(redisKey, `tokens ${tokens}`);
  return { tokens, version, updatedAt };
}

/** The error for a value under `redisKey` that is not a token record. */
export function corrupt(redisKey: string, problem: string): TokenStoreError {
  return new TokenStoreError(
    `The Redis value at "${redisKey}" is not an oauthkit token record (${problem}); ` +
      'it was left as is: delete it or store tokens again with setTokens().',
    { location: redisKey, retryable: false },
  );
}
