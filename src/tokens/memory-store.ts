import { KeyedAsyncLock } from './_async-lock.js';
import type { StoredTokens, TokenLock, TokenStore } from './store.js';
import type { TokenSet } from './token-set.js';
import { copyTokenSet } from './token-set-shape.js';

/**
 * Keeps tokens in this process's memory: the default store of a `TokenManager`.
 *
 * Values are copied on the way in and out, so no caller shares a mutable object with the
 * store. The lock is in-process; use `FileTokenStore` or `RedisTokenStore` to share tokens
 * between processes.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore();
 * const a = new TokenManager({ client, store, grant: 'client_credentials' });
 * const b = new TokenManager({ client, store, grant: 'client_credentials' }); // shares a's tokens
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #records = new Map<string, StoredTokens>();
  readonly #locks = new KeyedAsyncLock();

  /** The tokens under `key` (a copy), or `null`. */
  async get(key: string): Promise<StoredTokens | null> {
    const record = this.#records.get(key);
    return record === undefined ? null : { ...record, tokens: copyTokenSet(record.tokens) };
  }

  /** Writes `tokens` if the stored version is still `expectedVersion` (0: nothing stored). */
  async compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens | null> {
    const current = this.#records.get(key)?.version ?? 0;
    if (current !== expectedVersion) return null;
    const record: StoredTokens = {
      tokens: copyTokenSet(tokens),
      version: current + 1,
      updatedAt: Date.now(),
    };
    this.#records.set(key, record);
    return { ...record, tokens: copyTokenSet(record.tokens) };
  }

  /** Forgets the tokens under `key`. */
  async delete(key: string): Promise<void> {
    this.#records.delete(key);
  }

  /** Takes the in-process lock of `key`; it frees itself after `ttlMs`. */
  lock(key: string, ttlMs: number): Promise<TokenLock> {
    return this.#locks.acquire(key, ttlMs);
  }
}
