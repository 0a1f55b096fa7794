import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../../src/redis/index.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import {
  type RedisClusterHandle,
  type RedisSentinelHandle,
  startRedisCluster,
  startRedisSentinel,
} from '../support/redis-topologies.js';

const tokens = (n: number): TokenSet => ({
  accessToken: `access-${n}`,
  tokenType: 'Bearer',
  expiresAt: 1_900_000_000_000,
  refreshToken: `refresh-${n}`,
  extra: {},
});

/** Writes, conflicts, locks and reads back 12 keys, which land on different nodes of a cluster. */
async function exercise(store: RedisTokenStore): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const key = `tenant-${i}`;
    const lock = await store.lock(key, 5_000);
    expect((await store.compareAndSet(key, 0, tokens(i)))?.version).toBe(1);
    expect(await store.compareAndSet(key, 0, tokens(99))).toBeNull();
    await lock.release();
    expect((await store.get(key))?.tokens.accessToken).toBe(`access-${i}`);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  }
}

describe('RedisTokenStore on Redis Cluster', () => {
  let cluster: RedisClusterHandle;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  }, 120_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.close();
  });

  it('keeps each token and its lock on one slot and runs its scripts on the owning node', async () => {
    const store = new RedisTokenStore({ redis: client, prefix: 'app' });
    await exercise(store);
    const slots = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const tokensSlot = await client.cluster('KEYSLOT', store.tokensKey(`tenant-${i}`));
      expect(await client.cluster('KEYSLOT', store.lockKey(`tenant-${i}`))).toBe(tokensSlot);
      slots.add(Number(tokensSlot));
    }
    // The 12 keys are spread over several slots, so the scripts ran on more than one node.
    expect(slots.size).toBeGreaterThan(1);
    const masters = client.nodes('master');
    expect(masters).toHaveLength(3);
  });
});

describe('RedisTokenStore through Redis Sentinel', () => {
  let sentinel: RedisSentinelHandle;
  let client: Redis;
  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    client = new Redis({ sentinels: sentinel.sentinels, name: sentinel.name, maxRetriesPerRequest: 1 });
  }, 60_000);
  afterAll(async () => {
    client?.disconnect();
    await sentinel?.close();
  });

  it('works on the master the Sentinel names', async () => {
    const store = new RedisTokenStore({ redis: client, prefix: 'app' });
    await exercise(store);
    await store.compareAndSet('kept', 0, tokens(1));
    const direct = new Redis(sentinel.master.url);
    try {
      expect(JSON.parse((await direct.get('{app:kept}:tokens')) ?? '{}')).toMatchObject({ version: 1 });
    } finally {
      direct.disconnect();
    }
  });
});
