import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { StoredTokens, TokenLock, TokenStore } from '../tokens/store.js';
import type { TokenSet } from '../tokens/token-set.js';
import { assertStorable } from '../tokens/token-set-shape.js';
import { connectRedis } from './_load-ioredis.js';
import { acquireRedisLock } from './_lock.js';
import { corrupt, decodeRecord, encodeRecord } from './_record.js';
import { callRedis } from './_redis-error.js';
import { defineTokenScripts, type TokenScriptClient } from './_scripts.js';

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /**
   * An ioredis client: `new Redis(url)`, a Sentinel client (`new Redis({ sentinels, name })`) or
   * `new Cluster(nodes)`. The store does not connect or quit it: its life is yours.
   * Give it `enableOfflineQueue: false` and a small `maxRetriesPerRequest` so that calls fail
   * fast with a retryable `TokenStoreError` while Redis is down instead of queueing.
   */
  redis: Redis | Cluster;
  /** Start of every Redis key the store writes. Default `oauthkit`. */
  prefix?: string;
}

/**
 * Keeps tokens in Redis so that many processes and machines share one token, and only one of
 * them refreshes it at a time — which rotating refresh tokens require, since a second refresh
 * with the same refresh token is refused.
 *
 * For a token key `k` it writes `{prefix:k}:tokens` (a JSON record with a version, changed only
 * by a compare-and-set Lua script) and `{prefix:k}:lock` (`SET NX PX` with a random owner,
 * deleted by a compare-and-delete script). The shared `{...}` hash tag puts both on one Cluster
 * slot. Errors are `TokenStoreError`s naming the Redis key, retryable when Redis is unreachable.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { OAuth2Client, TokenManager } from 'oauthkit';
 * import { RedisTokenStore } from 'oauthkit/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * const tokens = new TokenManager({
 *   client: new OAuth2Client({ tokenEndpoint, clientId, clientSecret }),
 *   store: new RedisTokenStore({ redis, prefix: 'my-app' }),
 *   grant: 'client_credentials',
 * });
 * const accessToken = await tokens.getAccessToken();
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: Redis | Cluster;
  readonly #scripts: TokenScriptClient;
  readonly #prefix: string;

  constructor(options: RedisTokenStoreOptions) {
    const redis = (options as Partial<RedisTokenStoreOptions> | undefined)?.redis;
    if (!isRedisClient(redis)) {
      throw new ConfigurationError(
        'RedisTokenStore needs an ioredis client in `redis` (npm install ioredis; new Redis(url) or new Cluster(nodes)).',
      );
    }
    const prefix = options.prefix ?? 'oauthkit';
    if (typeof prefix !== 'string' || prefix === '') {
      throw new ConfigurationError('RedisTokenStore `prefix` must be a non-empty string.');
    }
    this.#redis = redis;
    this.#prefix = prefix;
    this.#scripts = defineTokenScripts(redis);
  }

  /**
   * Connects to `url` with the settings this store wants — `enableOfflineQueue: false` and
   * `maxRetriesPerRequest: 1`, so that calls fail fast while Redis is down — and returns the
   * store and the client (quit it when you are done). Throws a `ConfigurationError` saying to
   * install ioredis when it is missing.
   *
   * @example
   * ```ts
   * const { store, redis } = await RedisTokenStore.fromUrl(process.env.REDIS_URL!, { prefix: 'my-app' });
   * ```
   */
  static async fromUrl(
    url: string,
    options: { prefix?: string; redisOptions?: RedisOptions } = {},
  ): Promise<{ store: RedisTokenStore; redis: Redis }> {
    const redis = await connectRedis(url, options.redisOptions);
    const store = new RedisTokenStore({
      redis,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    });
    return { store, redis };
  }

  /** The Redis key holding the tokens of `key` (for inspection and operations work). */
  tokensKey(key: string): string {
    return `{${this.#prefix}:${key}}:tokens`;
  }

  /** The Redis key of the refresh lock of `key`. */
  lockKey(key: string): string {
    return `{${this.#prefix}:${key}}:lock`;
  }

  /** The tokens under `key`, or `null`. A value that is not a token record throws, naming the key. */
  async get(key: string): Promise<StoredTokens | null> {
    const redisKey = this.tokensKey(key);
    const text = await callRedis(redisKey, 'read', () => this.#redis.get(redisKey));
    return text === null ? null : decodeRecord(text, redisKey);
  }

  /** Writes `tokens` if the stored version is still `expectedVersion` (0: nothing stored), atomically. */
  async compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens | null> {
    const redisKey = this.tokensKey(key);
    assertStorable(tokens, redisKey);
    const updatedAt = Date.now();
    const version = expectedVersion + 1;
    const record = encodeRecord(tokens, version, updatedAt);
    const outcome = await callRedis(redisKey, 'write', () =>
      this.#scripts.oauthkitTokenCas(redisKey, expectedVersion, record),
    );
    if (outcome === -1) throw corrupt(redisKey, 'the stored value has no numeric version');
    if (outcome !== 1) return null;
    return decodeRecord(record, redisKey);
  }

  /** Deletes the tokens under `key` (not its lock, which expires by itself). */
  async delete(key: string): Promise<void> {
    const redisKey = this.tokensKey(key);
    await callRedis(redisKey, 'delete', () => this.#redis.del(redisKey));
  }

  /**
   * Takes the refresh lock of `key`, shared by every process using this Redis and prefix.
   * Waits while another holder has it, for a little more than `ttlMs`.
   */
  lock(key: string, ttlMs: number): Promise<TokenLock> {
    return acquireRedisLock(this.#redis, this.#scripts, this.lockKey(key), ttlMs);
  }
}

function isRedisClient(value: unknown): value is Redis | Cluster {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Record<string, unknown>;
  return ['get', 'set', 'del', 'defineCommand'].every((name) => typeof client[name] === 'function');
}
