import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { seedTokens, spawnWorker, type WorkerHandle, workerConfig } from '../support/many-processes.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const storeFailures = (worker: WorkerHandle): number => worker.latest.failures.TokenStoreError?.count ?? 0;

describe('Redis stopped and restarted while processes share a token', () => {
  it('fails calls fast with a retryable TokenStoreError, then recovers with the persisted record', async () => {
    const redisServer: RedisServerHandle = await startRedisServer({ persistence: true });
    cleanup.push(() => redisServer.close());
    const server: RotatingTokenServer = await startRotatingTokenServer({ accessTtlSeconds: 1 });
    cleanup.push(() => server.close());
    // Workers use ioredis with enableOfflineQueue: false and maxRetriesPerRequest: 1.
    const config = workerConfig(server, redisServer.url, {
      concurrency: 20,
      durationMs: 60_000,
      pauseBetweenCallsMs: 200,
    });
    await seedTokens(server, redisServer.url);
    const workers = [1, 2].map(() => spawnWorker(config));
    cleanup.push(() => workers.map((worker) => worker.child.kill('SIGKILL')));
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.go();
    await Promise.all(workers.map((worker) => worker.until((report) => report.ok >= 50)));

    const probe = new Redis(redisServer.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    cleanup.push(() => probe.disconnect());
    const versionOf = async (): Promise<number> =>
      (JSON.parse((await probe.get('{many:shared}:tokens')) ?? '{}') as { version?: number }).version ?? 0;
    // Stop just after a renewal was stored, so that the record persisted by the append-only file
    // is the current one (a renewal cut in half is kept in memory by its process, see the
    // token-manager-store-failure tests, not in Redis).
    const versionBefore = await versionOf();
    let versionAtStop = versionBefore;
    while (versionAtStop === versionBefore) {
      await sleep(2);
      versionAtStop = await versionOf();
    }
    probe.disconnect();
    await redisServer.stop();
    const refreshesAtStop = server.stats.refreshes;
    await Promise.all(
      workers.map((worker) => worker.until((report) => (report.failures.TokenStoreError?.count ?? 0) >= 20)),
    );
    for (const worker of workers) {
      const failure = worker.latest.failures.TokenStoreError;
      expect(failure?.retryable).toBe(true);
      expect(failure?.message).toContain('{many:shared}');
      expect(failure?.message).not.toContain(server.clientSecret);
    }
    // No token request without the lock: nobody refreshed while Redis was away.
    expect(server.stats.refreshes).toBe(refreshesAtStop);

    await redisServer.restart();
    const okAtRestart = workers.map((worker) => worker.latest.ok);
    const failuresAtRecovery = await Promise.all(
      workers.map(async (worker, i) => {
        await worker.until((report) => report.ok >= (okAtRestart[i] ?? 0) + 50);
        return storeFailures(worker);
      }),
    );
    // The record written before the outage came back from the append-only file: the stored
    // refresh token still worked, so there was no invalid_grant and no re-login.
    expect(server.stats.refreshes).toBeGreaterThan(refreshesAtStop);
    expect(server.stats.invalidGrants).toBe(0);
    expect(server.stats.logins).toBe(1);
    await probe.connect();
    expect(await versionOf()).toBeGreaterThanOrEqual(versionAtStop);
    expect(versionAtStop).toBeGreaterThan(1);
    // Recovered for good: 50 more calls each, and not one more store failure.
    await Promise.all(
      workers.map(async (worker, i) => {
        const okNow = worker.latest.ok;
        await worker.until((report) => report.ok >= okNow + 50);
        expect(storeFailures(worker)).toBe(failuresAtRecovery[i]);
      }),
    );
  }, 120_000);
});
