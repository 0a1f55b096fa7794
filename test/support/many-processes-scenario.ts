import type { Redis } from 'ioredis';
import type { TokenStore } from '../../src/tokens/store.js';
import {
  latencyQuantile,
  seedTokens,
  spawnWorker,
  sumReports,
  type WorkerConfig,
  type WorkerReport,
  workerConfig,
} from './many-processes.js';
import { startRedisServer } from './redis-server.js';
import { startRotatingTokenServer } from './rotating-token-server.js';

/** Options of {@link runManyProcessesScenario}. */
export interface ManyProcessesOptions {
  processes?: number;
  concurrency?: number;
  durationMs?: number;
  /** Lifetime of the access tokens the server issues, in seconds. Default 1. */
  accessTtlSeconds?: number;
  /** A module exporting `createStore(redis, prefix)`; RedisTokenStore when absent. */
  storeModule?: string;
  /** Worker settings to override (skew, pauses, ...). */
  worker?: Partial<WorkerConfig>;
}

/** What one run measured. Server-side counts are what the authorization server saw. */
export interface ManyProcessesResult {
  processes: number;
  concurrency: number;
  elapsedMs: number;
  /** How long a token is used before its renewal is due: access TTL minus the refresh skew. */
  refreshIntervalMs: number;
  /** Renewals that were due in the run: ceil(elapsed / refreshIntervalMs). */
  expiryWindows: number;
  refreshes: number;
  invalidGrants: number;
  /** Resource calls refused with 401 (each replayed once after a forced refresh). */
  unauthorized: number;
  totals: Omit<WorkerReport, 'pid'>;
  /** Successful calls per second, all processes together. */
  callsPerSecond: number;
  /** Latency of successful calls: median and 99th percentile, in ms (bucketed). */
  p50Ms: number;
  p99Ms: number;
}

/**
 * The many-processes scenario: its own redis-server and rotating token server, a token seeded
 * in Redis, then `processes` workers × `concurrency` callers for `durationMs`.
 */
export async function runManyProcessesScenario(
  options: ManyProcessesOptions = {},
): Promise<ManyProcessesResult> {
  const processes = options.processes ?? 8;
  const concurrency = options.concurrency ?? 200;
  const durationMs = options.durationMs ?? 10_000;
  const redis = await startRedisServer();
  const server = await startRotatingTokenServer({ accessTtlSeconds: options.accessTtlSeconds ?? 1 });
  try {
    const config = workerConfig(server, redis.url, {
      concurrency,
      durationMs,
      ...(options.storeModule ? { storeModule: options.storeModule } : {}),
      ...options.worker,
    });
    const storeModule = config.storeModule
      ? ((await import(config.storeModule)) as { createStore: (r: Redis, prefix: string) => TokenStore })
      : undefined;
    await seedTokens(server, redis.url, {
      prefix: config.prefix,
      key: config.key,
      ...(storeModule ? { store: (client: Redis) => storeModule.createStore(client, config.prefix) } : {}),
    });
    const workers = Array.from({ length: processes }, () => spawnWorker(config));
    await Promise.all(workers.map((worker) => worker.ready));
    const before = { ...server.stats };
    const startedAt = Date.now();
    for (const worker of workers) worker.go();
    const reports = await Promise.all(workers.map((worker) => worker.done));
    const elapsedMs = Date.now() - startedAt;
    const totals = sumReports(reports);
    const refreshIntervalMs = server.accessTtlSeconds * 1000 - config.refreshSkewMs;
    return {
      processes,
      concurrency,
      elapsedMs,
      refreshIntervalMs,
      expiryWindows: Math.ceil(elapsedMs / refreshIntervalMs),
      refreshes: server.stats.refreshes - before.refreshes,
      invalidGrants: server.stats.invalidGrants - before.invalidGrants,
      totals,
      unauthorized: totals.unauthorized,
      callsPerSecond: Math.round((totals.ok * 1000) / elapsedMs),
      p50Ms: latencyQuantile(totals.latencyMs, 0.5),
      p99Ms: latencyQuantile(totals.latencyMs, 0.99),
    };
  } finally {
    await server.close();
    await redis.close();
  }
}
