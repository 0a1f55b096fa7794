/**
 * `oauthkit/redis`: one token shared by many processes and machines through Redis.
 *
 * This entry never imports ioredis at run time — the client comes from you — so it loads even
 * where the optional `ioredis` peer dependency is not installed. `RedisTokenStore.fromUrl()`
 * is the one place that loads ioredis, and says to install it when it is missing.
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
 * ```
 *
 * @packageDocumentation
 */
export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-store.js';
