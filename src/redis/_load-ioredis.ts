import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { ConfigurationError } from '../errors/configuration-error.js';
import { redactUrl } from '../errors/redact.js';
import { TokenStoreError } from '../errors/token-store-error.js';

/** The part of the `ioredis` module the store's helpers use. */
export interface IoredisModule {
  Redis: new (url: string, options: RedisOptions) => Redis;
  Cluster: new (...args: never[]) => Cluster;
}

/**
 * Loads the optional `ioredis` peer dependency, or says how to install it. `importer` exists so
 * that the "not installed" path can be tested where ioredis is installed.
 */
export async function loadIoredis(
  importer: () => Promise<unknown> = () => import('ioredis'),
): Promise<IoredisModule> {
  try {
    return (await importer()) as IoredisModule;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ConfigurationError(
        'oauthkit/redis needs the ioredis package, which is not installed: run npm install ioredis.',
      );
    }
    throw error;
  }
}

/**
 * A connected ioredis client for `url` that fails fast while Redis is down (no offline queue,
 * one retry per request). Resolves once the connection is ready, since commands sent before
 * would fail without the offline queue.
 */
export async function connectRedis(url: string, redisOptions: RedisOptions = {}): Promise<Redis> {
  const { Redis } = await loadIoredis();
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...redisOptions });
  await new Promise<void>((resolve, reject) => {
    redis.once('ready', () => resolve());
    redis.once('error', (error: Error) => {
      redis.disconnect();
      const where = redactUrl(url);
      const message = `Could not connect to Redis at ${where} (${error.message}); check the URL and that Redis runs.`;
      reject(new TokenStoreError(message, { location: where, retryable: true }));
    });
  });
  return redis;
}
