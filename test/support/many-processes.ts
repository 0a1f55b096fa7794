import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { OAuth2Client } from '../../src/oauth/client.js';
import { RedisTokenStore } from '../../src/redis/index.js';
import type { TokenStore } from '../../src/tokens/store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { RotatingTokenServer } from './rotating-token-server.js';

/** What a worker process is told (through its environment, so the secret is not on argv). */
export interface WorkerConfig {
  redisUrl: string;
  prefix: string;
  key: string;
  tokenEndpoint: string;
  /** Key of the signed access tokens; each worker checks them in its own resource server. */
  signingKey: string;
  clientId: string;
  clientSecret: string;
  clientTimeoutMs: number;
  /** Lateness the resource server forgives (counted as `lateTokenUses`). */
  leewayMs: number;
  refreshSkewMs: number;
  concurrency: number;
  durationMs: number;
  reportEveryMs: number;
  pauseBetweenCallsMs: number;
  pauseAfterFailureMs: number;
  /** A module exporting `createStore(redis, prefix): TokenStore`; RedisTokenStore when absent. */
  storeModule?: string;
}

/** Counts a worker prints: cumulative, on every line. */
export interface WorkerReport {
  pid: number;
  ok: number;
  failed: number;
  /** Calls refused with 401 once and replayed after a forced refresh. */
  replays: number;
  /** Requests the worker's resource server refused with 401. */
  unauthorized: number;
  /** Requests accepted although their token had expired up to `leewayMs` before (slow machine). */
  lateTokenUses: number;
  /** Refreshes this worker made / records it adopted from another process. */
  refreshes: number;
  adopts: number;
  /** Failed calls by error name (and OAuth `error` code), with one message and `retryable`. */
  failures: Record<string, { count: number; message: string; retryable: boolean | null }>;
  /** Successful calls by latency bucket (ms, the bucket's lower bound). */
  latencyMs: Record<number, number>;
}

/** A running worker process. */
export interface WorkerHandle {
  readonly child: ChildProcess;
  /** The latest report line. */
  readonly latest: WorkerReport;
  /** Resolves once the worker is connected and waits for `go()`. */
  readonly ready: Promise<void>;
  /** Resolves with the final report, or `null` when the process ended without one (killed). */
  readonly done: Promise<WorkerReport | null>;
  go(): void;
  /** Resolves with the next report line that satisfies `test`. */
  until(test: (report: WorkerReport) => boolean): Promise<WorkerReport>;
}

const WORKER = fileURLToPath(new URL('./many-processes-worker.ts', import.meta.url));

/** Defaults for a worker of the many-processes scenario against `server`. */
export function workerConfig(
  server: RotatingTokenServer,
  redisUrl: string,
  extra: Partial<WorkerConfig> = {},
): WorkerConfig {
  return {
    redisUrl,
    prefix: 'many',
    key: 'shared',
    tokenEndpoint: server.tokenEndpoint,
    signingKey: server.signingKey,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    clientTimeoutMs: 10_000,
    leewayMs: 1_000,
    refreshSkewMs: 500,
    concurrency: 200,
    durationMs: 10_000,
    reportEveryMs: 250,
    // Each caller waits 1-3 s between calls: ~800 calls/s for 8 × 200 callers, which two busy
    // cores sustain; flat out, CPU starvation (not token sharing) would decide the outcome.
    pauseBetweenCallsMs: 2_000,
    pauseAfterFailureMs: 50,
    ...extra,
  };
}

/** Starts a worker process (`node --import tsx`). */
export function spawnWorker(config: WorkerConfig): WorkerHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, OAUTHKIT_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let latest: WorkerReport = emptyReport(child.pid ?? 0);
  let final: WorkerReport | null = null;
  const watchers = new Set<(report: WorkerReport) => void>();
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const { type, ...report } = JSON.parse(line) as WorkerReport & { type: string };
    latest = report;
    if (type === 'ready') onReady();
    if (type === 'done') final = report;
    for (const watch of watchers) watch(report);
  });
  const done = new Promise<WorkerReport | null>((resolve) => child.once('exit', () => resolve(final)));
  return {
    child,
    get latest() {
      return latest;
    },
    ready: Promise.race([
      ready,
      done.then(() => Promise.reject(new Error('worker exited before it was ready'))),
    ]),
    done,
    go: () => child.stdin?.write('go\n'),
    until: (test) =>
      new Promise<WorkerReport>((resolve) => {
        const watch = (report: WorkerReport): void => {
          if (!test(report)) return;
          watchers.delete(watch);
          resolve(report);
        };
        watchers.add(watch);
      }),
  };
}

/** Logs in once (password grant) and stores the tokens in Redis, as a deploy step would. */
export async function seedTokens(
  server: RotatingTokenServer,
  redisUrl: string,
  options: { prefix?: string; key?: string; expired?: boolean; store?: (redis: Redis) => TokenStore } = {},
): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const client = new OAuth2Client({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
    });
    const tokens = await client.password({ username: server.username, password: server.password });
    const store = options.store?.(redis) ?? new RedisTokenStore({ redis, prefix: options.prefix ?? 'many' });
    const manager = new TokenManager({ client, store, key: options.key ?? 'shared' });
    await manager.setTokens(options.expired ? { ...tokens, expiresAt: Date.now() - 1 } : tokens);
  } finally {
    redis.disconnect();
  }
}

/** A report with every count at zero. */
export function emptyReport(pid: number): WorkerReport {
  return {
    pid,
    ok: 0,
    failed: 0,
    replays: 0,
    unauthorized: 0,
    lateTokenUses: 0,
    refreshes: 0,
    adopts: 0,
    failures: {},
    latencyMs: {},
  };
}

/** The latency under which `fraction` of the calls of a {@link WorkerReport.latencyMs} histogram were. */
export function latencyQuantile(histogram: Record<number, number>, fraction: number): number {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= total * fraction) return bucket;
  }
  return Number.NaN;
}

/** Sums the reports of many workers. */
export function sumReports(reports: Array<WorkerReport | null>): Omit<WorkerReport, 'pid'> {
  const { pid: _pid, ...total } = emptyReport(0);
  for (const report of reports) {
    if (report === null) continue;
    total.ok += report.ok;
    total.failed += report.failed;
    total.replays += report.replays;
    total.unauthorized += report.unauthorized;
    total.lateTokenUses += report.lateTokenUses;
    total.refreshes += report.refreshes;
    total.adopts += report.adopts;
    for (const [bucket, count] of Object.entries(report.latencyMs)) {
      total.latencyMs[Number(bucket)] = (total.latencyMs[Number(bucket)] ?? 0) + count;
    }
    for (const [kind, entry] of Object.entries(report.failures)) {
      const sum = total.failures[kind] ?? { ...entry, count: 0 };
      sum.count += entry.count;
      total.failures[kind] = sum;
    }
  }
  return total;
}
