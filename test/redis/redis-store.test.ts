import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { loadIoredis } from '../../src/redis/_load-ioredis.js';
import { RedisTokenStore } from '../../src/redis/index.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';

const tokens = (n: number): TokenSet => ({
  accessToken: `access-secret-${n}`,
  tokenType: 'Bearer',
  expiresAt: 1_900_000_000_000 + n,
  refreshToken: `refresh-secret-${n}`,
  scope: 'read',
  extra: { organization_slug: 'asso' },
});

let server: RedisServerHandle;
let redis: Redis;
let store: RedisTokenStore;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  store = new RedisTokenStore({ redis, prefix: 'test' });
});
afterEach(async () => {
  await redis.flushall();
});
afterAll(async () => {
  redis.disconnect();
  await server.close();
});

describe('RedisTokenStore', () => {
  it('refuses a missing or unusable client with a ConfigurationError', () => {
    expect(() => new RedisTokenStore(undefined as never)).toThrow(ConfigurationError);
    expect(() => new RedisTokenStore({ redis: {} as never })).toThrow(/needs an ioredis client/);
    expect(() => new RedisTokenStore({ redis, prefix: '' })).toThrow(ConfigurationError);
  });

  it('writes versioned records with compare-and-set under one hash tag', async () => {
    expect(await store.get('k')).toBeNull();
    const first = await store.compareAndSet('k', 0, tokens(1));
    expect(first).toMatchObject({ version: 1, tokens: tokens(1) });
    expect(await store.compareAndSet('k', 0, tokens(2))).toBeNull();
    const second = await store.compareAndSet('k', 1, tokens(3));
    expect(second?.version).toBe(2);
    const read = await store.get('k');
    expect(read).toEqual({ version: 2, updatedAt: second?.updatedAt, tokens: tokens(3) });
    expect(inspect(read)).not.toContain('secret');
    expect(await redis.keys('*')).toEqual(['{test:k}:tokens']);
    expect(JSON.parse((await redis.get('{test:k}:tokens')) ?? '')).toMatchObject({
      version: 2,
      tokens: tokens(3),
    });
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
  });

  it('lets exactly one of many concurrent writers win a version', async () => {
    const store2 = new RedisTokenStore({ redis: new Redis(server.url), prefix: 'test' });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store : store2).compareAndSet('race', 0, tokens(i))),
    );
    expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1);
    expect((await store.get('race'))?.version).toBe(1);
  });

  it('serialises lock holders and frees the lock only for its owner', async () => {
    const held = await store.lock('k', 5_000);
    expect(await redis.pttl('{test:k}:lock')).toBeGreaterThan(4_000);
    const order: string[] = [];
    const waiting = store.lock('k', 5_000).then((lock) => {
      order.push('second');
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first releases');
    await held.release();
    const second = await waiting;
    expect(order).toEqual(['first releases', 'second']);
    await held.release(); // already released: must not free the second holder's lock
    expect(await redis.exists('{test:k}:lock')).toBe(1);
    await second.release();
    expect(await redis.exists('{test:k}:lock')).toBe(0);
  });

  it("takes over a crashed holder's lock once it expires", async () => {
    await redis.set('{test:k}:lock', 'crashed-process', 'PX', 300);
    const lock = await store.lock('k', 300);
    expect(await redis.get('{test:k}:lock')).not.toBe('crashed-process');
    await lock.release();
  });

  it('gives up with a retryable TokenStoreError when the lock stays taken', async () => {
    await redis.set('{test:k}:lock', 'stuck-process', 'PX', 60_000);
    const error = await store.lock('k', 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ retryable: true, location: '{test:k}:lock' });
    expect(await redis.get('{test:k}:lock')).toBe('stuck-process');
  });

  it.each([
    ['not JSON', 'access-secret-1 not json', /not valid JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['a record without version', '{"tokens":{"accessToken":"access-secret-1"},"updatedAt":1}', /version/],
    ['a record with bad tokens', '{"version":1,"updatedAt":1,"tokens":{"accessToken":5}}', /accessToken/],
  ])('reports %s under the key without overwriting it', async (_label, value, problem) => {
    await redis.set('{test:bad}:tokens', value);
    const error = await store.get('bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect((error as TokenStoreError).message).toMatch(problem);
    expect((error as TokenStoreError).message).toContain('{test:bad}:tokens');
    expect((error as TokenStoreError).message).not.toContain('secret');
    expect(error).toMatchObject({ location: '{test:bad}:tokens', retryable: false });
    const written = await store.compareAndSet('bad', 0, tokens(1)).catch((e: unknown) => e);
    if (value.includes('"version":1')) expect(written).toBeNull();
    else expect(written).toBeInstanceOf(TokenStoreError);
    expect(await redis.get('{test:bad}:tokens')).toBe(value);
  });

  it('maps a value of the wrong Redis type to a TokenStoreError naming the key', async () => {
    await redis.hset('{test:hash}:tokens', 'field', 'value');
    const read = await store.get('hash').catch((e: unknown) => e);
    expect(read).toBeInstanceOf(TokenStoreError);
    expect((read as Error).message).toContain('WRONGTYPE');
    expect((read as Error).message).toContain('{test:hash}:tokens');
    const write = await store.compareAndSet('hash', 0, tokens(1)).catch((e: unknown) => e);
    expect(write).toMatchObject({
      name: 'TokenStoreError',
      location: '{test:hash}:tokens',
      retryable: false,
    });
    expect(String((write as Error).cause)).not.toContain('secret');
    expect(await redis.hget('{test:hash}:tokens', 'field')).toBe('value');
  });

  it('reloads its scripts after the server forgot them (EVALSHA falls back to EVAL)', async () => {
    await store.compareAndSet('k', 0, tokens(1));
    await redis.script('FLUSH');
    expect((await store.compareAndSet('k', 1, tokens(2)))?.version).toBe(2);
    const lock = await store.lock('k', 1_000);
    await redis.script('FLUSH');
    await lock.release();
    expect(await redis.exists('{test:k}:lock')).toBe(0);
  });
});

describe('RedisTokenStore.fromUrl and the optional ioredis dependency', () => {
  it('connects with fail-fast settings and works at once', async () => {
    const { store: fromUrl, redis: client } = await RedisTokenStore.fromUrl(server.url, { prefix: 'url' });
    try {
      expect(client.options.enableOfflineQueue).toBe(false);
      expect((await fromUrl.compareAndSet('k', 0, tokens(1)))?.version).toBe(1);
      expect(await redis.exists('{url:k}:tokens')).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('fails with a retryable TokenStoreError, password hidden, when Redis cannot be reached', async () => {
    const error = await RedisTokenStore.fromUrl('redis://:hunter2-secret@127.0.0.1:1').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('says to install ioredis when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'ioredis'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadIoredis(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('npm install ioredis');
  });

  it('loads without ioredis: the entry imports only its types', async () => {
    const dir = fileURLToPath(new URL('../../src/redis/', import.meta.url));
    for (const file of await readdir(dir)) {
      const source = await readFile(join(dir, file), 'utf8');
      const valueImports = source.match(/^import (?!type )[^;]*from 'ioredis'/gm) ?? [];
      expect({ file, valueImports }).toEqual({ file, valueImports: [] });
    }
  });
});
