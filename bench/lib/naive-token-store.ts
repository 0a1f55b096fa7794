import type { Redis } from 'ioredis';
import type { StoredTokens, TokenLock, TokenStore } from '../../src/tokens/store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

const NO_LOCK: TokenLock = { release: async () => undefined };

/**
 * What a token getter/setter pair on Redis gives (HaApiV5's `token_getter`/`token_setter`
 * style): a shared token, but no lock and no compare-and-set — every write wins and every
 * process may refresh at the same moment. For the bench only, to show the difference.
 */
export function createStore(redis: Redis, prefix: string): TokenStore {
  const keyOf = (key: string): string => `${prefix}:naive:${key}`;
  return {
    async get(key: string): Promise<StoredTokens | null> {
      const text = await redis.get(keyOf(key));
      return text === null ? null : (JSON.parse(text) as StoredTokens);
    },
    async compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens> {
      const record: StoredTokens = { tokens, version: expectedVersion + 1, updatedAt: Date.now() };
      await redis.set(keyOf(key), JSON.stringify(record));
      return record;
    },
    async delete(key: string): Promise<void> {
      await redis.del(keyOf(key));
    },
    async lock(): Promise<TokenLock> {
      return NO_LOCK;
    },
  };
}
