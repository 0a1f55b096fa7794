import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { decodeRecord } from '../../src/redis/_record.js';
import { RedisTokenStore } from '../../src/redis/redis-store.js';
import { formatExpiry } from '../../src/tokens/_token-timing.js';
import { CallbackTokenStore } from '../../src/tokens/callback-store.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import type { TokenStore } from '../../src/tokens/store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { caught } from '../support/no-secrets.js';
import { startRedisServer } from '../support/redis-server.js';

const NOW = 1_700_000_000_000;

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

async function fileStore(): Promise<FileTokenStore> {
  directory = await mkdtemp(join(tmpdir(), 'oauthkit-stored-expiry-'));
  return new FileTokenStore(join(directory, 'tokens.json'));
}

describe('stored expiresAt that is not a time a Date can hold', () => {
  const record = (expiresAt: unknown) => ({
    accessToken: 'stored-access',
    tokenType: 'Bearer',
    expiresAt,
    extra: {},
  });

  it('is refused as corrupt in a token file, a Redis record and from a token getter', async () => {
    const store = await fileStore();
    for (const expiresAt of [1e300, -1e300, '1700000000000']) {
      const document = {
        version: 1,
        tokens: { default: { version: 1, updatedAt: 1, tokens: record(expiresAt) } },
      };
      await writeFile(store.path, JSON.stringify(document));
      await expect(store.get('default')).rejects.toThrow(
        /expiresAt is not a time in epoch milliseconds or null/,
      );
      const text = JSON.stringify({ version: 1, updatedAt: 1, tokens: record(expiresAt) });
      expect(() => decodeRecord(text, '{p:k}:tokens')).toThrow(TokenStoreError);
    }
    for (const expiresAt of [1e300, Number.POSITIVE_INFINITY, Number.NaN]) {
      const getter = new CallbackTokenStore({
        get: () => record(expiresAt) as TokenSet,
        set: () => undefined,
      });
      await expect(getter.get('default')).rejects.toBeInstanceOf(TokenStoreError);
    }
  });

  it('is never written: the file and callback stores refuse it and keep what they held', async () => {
    const file = await fileStore();
    let saved: TokenSet | null = null;
    const callback = new CallbackTokenStore({
      get: () => saved,
      set: (tokens) => {
        saved = tokens;
      },
    });
    const stores: TokenStore[] = [file, callback];
    for (const store of stores) {
      await store.compareAndSet('default', 0, record(NOW) as TokenSet);
      const before = store === file ? await readFile(file.path, 'utf8') : JSON.stringify(saved);
      for (const expiresAt of [Number.POSITIVE_INFINITY, Number.NaN, 1e300]) {
        const error = await caught(() => store.compareAndSet('default', 1, record(expiresAt) as TokenSet));
        expect(error).toBeInstanceOf(TokenStoreError);
        expect((error as Error).message).toContain('were not written');
      }
      expect(store === file ? await readFile(file.path, 'utf8') : JSON.stringify(saved)).toBe(before);
      expect((await store.get('default'))?.tokens.expiresAt).toBe(NOW);
    }
  });
});

describe('stored expiresAt in Redis', () => {
  it('is never written: RedisTokenStore refuses it and keeps the record it held', async () => {
    const redisServer = await startRedisServer();
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    try {
      const store = new RedisTokenStore({ redis, prefix: 'lifetime' });
      const tokens = { accessToken: 'stored-access', tokenType: 'Bearer', expiresAt: NOW, extra: {} };
      await store.compareAndSet('default', 0, tokens);
      const before = await redis.get(store.tokensKey('default'));
      const infinite = { ...tokens, expiresAt: Number.POSITIVE_INFINITY };
      await expect(store.compareAndSet('default', 1, infinite)).rejects.toThrow(/were not written/);
      expect(await redis.get(store.tokensKey('default'))).toBe(before);
    } finally {
      redis.disconnect();
      await redisServer.close();
    }
  });
});

describe('formatExpiry, for the util.inspect view of a TokenManager', () => {
  it('never throws: an ISO date for a valid time, none without expiry, the value itself otherwise', () => {
    expect(formatExpiry(NOW)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatExpiry(null)).toBe('none');
    expect(formatExpiry(undefined)).toBe('none');
    expect(formatExpiry(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatExpiry(Number.NaN)).toBe('NaN');
    expect(formatExpiry(1e300)).toBe('1e+300');
    expect(formatExpiry('soon' as unknown as number)).toBe('soon');
  });
});
