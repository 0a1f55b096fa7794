import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import type { StoredTokens, TokenLock, TokenStore } from '../../src/tokens/store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

/**
 * A `MemoryTokenStore` that fails like an unreachable Redis when told to: each operation can
 * be made to throw a retryable `TokenStoreError` a number of times (`Infinity`: until reset).
 */
export class FlakyStore implements TokenStore {
  readonly inner = new MemoryTokenStore();
  failures = { get: 0, compareAndSet: 0, lock: 0 };
  /** compareAndSet calls that reached this store, failed or not. */
  writeAttempts = 0;
  /** Whether compareAndSet never answers (a store that hangs). */
  hangWrites = false;

  async get(key: string): Promise<StoredTokens | null> {
    this.#maybeFail('get', key);
    return this.inner.get(key);
  }

  async compareAndSet(key: string, version: number, tokens: TokenSet): Promise<StoredTokens | null> {
    this.writeAttempts++;
    if (this.hangWrites) return new Promise<never>(() => undefined);
    this.#maybeFail('compareAndSet', key);
    return this.inner.compareAndSet(key, version, tokens);
  }

  async delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock> {
    this.#maybeFail('lock', key);
    return this.inner.lock(key, ttlMs);
  }

  #maybeFail(operation: keyof FlakyStore['failures'], key: string): void {
    if (this.failures[operation] <= 0) return;
    this.failures[operation]--;
    throw new TokenStoreError(`Redis is unreachable for "${key}" (${operation}); try again.`, {
      location: key,
      retryable: true,
    });
  }
}
