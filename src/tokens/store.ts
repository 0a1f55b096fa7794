import { TokenStoreError } from '../errors/token-store-error.js';
import type { TokenSet } from './token-set.js';

/** What a store holds under one key: the tokens and a version that grows by one on every write. */
export interface StoredTokens {
  tokens: TokenSet;
  /** 1 for the first write, then +1 on each successful `compareAndSet`. */
  version: number;
  /** When this version was written, in epoch milliseconds (gives the token's lifetime). */
  updatedAt: number;
}

/** A held lock; `release()` frees it if it is still ours (it may have expired). */
export interface TokenLock {
  release(): Promise<void>;
}

/**
 * Where a {@link TokenManager} keeps tokens. Every method is async so that a store may live
 * in a file, a database or Redis, shared by many processes.
 *
 * Implementations: `MemoryTokenStore`, `FileTokenStore`, `CallbackTokenStore`, and
 * `RedisTokenStore` from `oauthkit/redis`.
 */
export interface TokenStore {
  /** The tokens under `key`, or `null` when there are none. Throws `TokenStoreError` on corrupt data. */
  get(key: string): Promise<StoredTokens | null>;
  /**
   * Writes `tokens` under `key` only if the stored version is still `expectedVersion`
   * (0: nothing stored). Returns the new record, or `null` when another writer got there first.
   * A store that serialises throws `TokenStoreError`, writing nothing, for tokens it would refuse
   * once read back (an `expiresAt` that is not a time a `Date` can hold, ...).
   */
  compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens | null>;
  /** Removes the tokens under `key`. */
  delete(key: string): Promise<void>;
  /**
   * Takes the exclusive lock of `key`, waiting while another holder has it. A lock expires by
   * itself after `ttlMs`, so a crashed holder cannot block the others for ever.
   * Throws `TokenStoreError` when the lock cannot be taken within about `ttlMs`.
   */
  lock(key: string, ttlMs: number): Promise<TokenLock>;
}

/**
 * Writes `tokens` over whatever is stored under `key` (a login's result, without the lock),
 * retrying when another writer gets there first; throws a retryable `TokenStoreError` after
 * `attempts` tries.
 */
export async function overwriteTokens(
  store: TokenStore,
  key: string,
  tokens: TokenSet,
  attempts: number,
): Promise<StoredTokens> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await store.get(key);
    const written = await store.compareAndSet(key, current?.version ?? 0, tokens);
    if (written !== null) return written;
  }
  throw new TokenStoreError(`The tokens of "${key}" kept changing while being set; try again.`, {
    location: key,
    retryable: true,
  });
}

/**
 * Runs `work` holding the lock of `key`, then releases it whatever happened. A failed release is
 * ignored: the lock expires by itself after `ttlMs`.
 */
export async function withLock<T>(
  store: TokenStore,
  key: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const lock = await store.lock(key, ttlMs);
  try {
    return await work();
  } finally {
    await lock.release().catch(() => undefined);
  }
}
