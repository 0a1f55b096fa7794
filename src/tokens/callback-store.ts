import { TokenStoreError } from '../errors/token-store-error.js';
import { nodeCrypto } from '../shared/lazy-builtins.js';
import { KeyedAsyncLock } from './_async-lock.js';
import type { StoredTokens, TokenLock, TokenStore } from './store.js';
import type { TokenSet } from './token-set.js';
import { assertStorable, copyTokenSet, parseTokenSet } from './token-set-shape.js';

/** Your own storage, as a getter and a setter (the `tokenGetter` / `tokenSetter` of HaApiV5). */
export interface CallbackTokenStoreOptions {
  /** Returns the stored tokens, or `null`/`undefined` when there are none. */
  get: (key: string) => TokenSet | null | undefined | Promise<TokenSet | null | undefined>;
  /** Stores `tokens` (serialise them with `JSON.stringify`; they are plain data). */
  set: (tokens: TokenSet, key: string) => void | Promise<void>;
  /** Removes the tokens; without it, `TokenManager.clear()` throws. */
  delete?: (key: string) => void | Promise<void>;
}

interface Seen {
  fingerprint: string;
  version: number;
  updatedAt: number;
}

/**
 * Adapts a getter/setter pair to a `TokenStore`, so tokens can live wherever you keep them
 * (a database row, a settings object) and be shared by several `TokenManager`s.
 *
 * Versions are tracked in memory: each distinct content the getter returns gets the next
 * version, and compare-and-set writes only if the getter still returns what was last seen.
 * The lock is in-process only: to share tokens between processes use `FileTokenStore` or
 * `RedisTokenStore` (from `oauthkit/redis`).
 *
 * @example
 * ```ts
 * let saved: TokenSet | null = null;
 * const store = new CallbackTokenStore({ get: () => saved, set: (tokens) => { saved = tokens; } });
 * const tokens = new TokenManager({ client, store, grant: 'client_credentials' });
 * ```
 */
export class CallbackTokenStore implements TokenStore {
  readonly #options: CallbackTokenStoreOptions;
  readonly #seen = new Map<string, Seen>();
  readonly #locks = new KeyedAsyncLock();
  readonly #writes = new KeyedAsyncLock();

  constructor(options: CallbackTokenStoreOptions) {
    this.#options = options;
  }

  /** What the getter returns, with a version derived from its content. */
  async get(key: string): Promise<StoredTokens | null> {
    const value = await this.#options.get(key);
    if (value === null || value === undefined) return null;
    const tokens = parseTokenSet(value);
    if (typeof tokens === 'string') {
      throw new TokenStoreError(
        `The token getter returned tokens whose ${tokens}; return a TokenSet or null.`,
        {
          location: key,
        },
      );
    }
    const fingerprint = fingerprintOf(tokens);
    let seen = this.#seen.get(key);
    if (seen?.fingerprint !== fingerprint) {
      seen = { fingerprint, version: (seen?.version ?? 0) + 1, updatedAt: Date.now() };
      this.#seen.set(key, seen);
    }
    return { tokens, version: seen.version, updatedAt: seen.updatedAt };
  }

  /** Calls the setter if the getter still returns the tokens of `expectedVersion` (0: none). */
  async compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens | null> {
    assertStorable(tokens, key);
    const lock = await this.#writes.acquire(key, 30_000);
    try {
      const current = await this.get(key);
      if ((current?.version ?? 0) !== expectedVersion) return null;
      const copy = copyTokenSet(tokens);
      await this.#options.set(copy, key);
      const version = Math.max(expectedVersion, this.#seen.get(key)?.version ?? 0) + 1;
      const seen: Seen = { fingerprint: fingerprintOf(copy), version, updatedAt: Date.now() };
      this.#seen.set(key, seen);
      return { tokens: copyTokenSet(copy), version, updatedAt: seen.updatedAt };
    } finally {
      await lock.release();
    }
  }

  /** Calls the `delete` callback; throws `TokenStoreError` when none was given. */
  async delete(key: string): Promise<void> {
    if (this.#options.delete === undefined) {
      throw new TokenStoreError(
        'This CallbackTokenStore has no delete callback; pass `delete` to be able to clear tokens.',
        {
          location: key,
        },
      );
    }
    await this.#options.delete(key);
  }

  /** Takes an in-process lock of `key` (not shared with other processes). */
  lock(key: string, ttlMs: number): Promise<TokenLock> {
    return this.#locks.acquire(key, ttlMs);
  }
}

function fingerprintOf(tokens: TokenSet): string {
  return nodeCrypto().createHash('sha256').update(JSON.stringify(tokens)).digest('base64url');
}
