import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { seedTokens, spawnWorker, type WorkerHandle, workerConfig } from '../support/many-processes.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('a worker killed while it holds the refresh lock', () => {
  it('makes the others wait only until the lock expires; then they refresh with the kept refresh token, no call failing', async () => {
    const redisServer: RedisServerHandle = await startRedisServer();
    cleanup.push(() => redisServer.close());
    const server: RotatingTokenServer = await startRotatingTokenServer({ accessTtlSeconds: 1 });
    cleanup.push(() => server.close());
    const redis = new Redis(redisServer.url);
    cleanup.push(() => redis.disconnect());
    // TokenManager's lock TTL is 3 × timeoutMs + 10 s: 16 s here.
    const config = workerConfig(server, redisServer.url, {
      clientTimeoutMs: 2_000,
      pauseBetweenCallsMs: 200,
    });
    await seedTokens(server, redisServer.url, { expired: true });
    const seeded = JSON.parse((await redis.get('{many:shared}:tokens')) ?? '{}') as { version: number };

    const victim = spawnWorker({ ...config, concurrency: 5, durationMs: 60_000 });
    cleanup.push(() => victim.child.kill('SIGKILL'));
    const hung = server.hangNextRefresh();
    await victim.ready;
    victim.go();
    await hung; // the victim holds the lock and waits inside its token request
    const lockTtlMs = await redis.pttl('{many:shared}:lock');
    expect(lockTtlMs).toBeGreaterThan(10_000);
    const lockFreeAt = Date.now() + lockTtlMs;
    victim.child.kill('SIGKILL');
    expect(await victim.done).toBeNull();

    const others: WorkerHandle[] = [1, 2, 3].map(() =>
      spawnWorker({ ...config, concurrency: 20, durationMs: lockTtlMs + 6_000 }),
    );
    cleanup.push(() => others.map((worker) => worker.child.kill('SIGKILL')));
    await Promise.all(others.map((worker) => worker.ready));
    for (const worker of others) worker.go();
    const reports = await Promise.all(others.map((worker) => worker.done));

    // Nobody refreshed before the dead holder's lock ran out, and nothing was lost: the stored
    // refresh token was still good, so no invalid_grant and no re-login.
    expect(server.refreshTimes[0]).toBeGreaterThanOrEqual(lockFreeAt - 100);
    expect(server.stats.invalidGrants).toBe(0);
    const stored = JSON.parse((await redis.get('{many:shared}:tokens')) ?? '{}') as { version: number };
    expect(stored.version).toBeGreaterThan(seeded.version);
    for (const report of reports) {
      expect(report?.ok, JSON.stringify(report)).toBeGreaterThan(0);
      // Calls made while the lock was held waited for it to expire instead of failing.
      expect(report?.failures, JSON.stringify(report)).toEqual({});
    }
  }, 120_000);
});
