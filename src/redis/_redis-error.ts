import { TokenStoreError } from '../errors/token-store-error.js';

// Server replies that mean "not now" rather than "never": loading a dataset, a failover or a
// resharding in progress, a busy script.
const TRANSIENT_REPLIES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|NOREPLICAS)\b/;

/**
 * Turns what ioredis threw into a `TokenStoreError` naming the Redis key and the operation.
 *
 * The original error is not kept as `cause`: ioredis attaches the command and its arguments to
 * it, and the arguments of a write are the token record. A copy with its name and message is
 * kept instead.
 */
export function toTokenStoreError(error: unknown, redisKey: string, operation: string): TokenStoreError {
  if (error instanceof TokenStoreError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 160) ?? '';
  const cause = new Error(detail);
  cause.name = name;
  if (name === 'ReplyError') {
    const retryable = TRANSIENT_REPLIES.test(detail);
    return new TokenStoreError(
      `Redis refused to ${operation} "${redisKey}" (${detail}); ${retryable ? 'try again shortly' : 'check the Redis server and the key'}.`,
      { location: redisKey, retryable, cause },
    );
  }
  return new TokenStoreError(
    `Redis could not be reached to ${operation} "${redisKey}" (${detail}); try again once Redis is back.`,
    { location: redisKey, retryable: true, cause },
  );
}

/** Runs one Redis call, mapping what it throws with {@link toTokenStoreError}. */
export async function callRedis<T>(redisKey: string, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toTokenStoreError(error, redisKey, operation);
  }
}
