// A worker process for the many-processes tests and bench: shares one token through Redis and
// calls a protected resource with `concurrency` callers for `durationMs`. Reads its config
// from OAUTHKIT_WORKER_CONFIG, waits for "go" on stdin, and prints JSON lines on stdout.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { RedisTokenStore } from '../../src/redis/index.js';
import type { TokenStore } from '../../src/tokens/store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { emptyReport, type WorkerConfig, type WorkerReport } from './many-processes.js';
import { startResourceServer } from './signed-access-token.js';

const config = JSON.parse(process.env.OAUTHKIT_WORKER_CONFIG ?? '{}') as WorkerConfig;
const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', () => {
  // Outages are expected in some scenarios; each command reports its own failure.
});
await new Promise<void>((resolve) => redis.once('ready', () => resolve()));

const store: TokenStore = config.storeModule
  ? ((await import(config.storeModule)) as { createStore: (r: Redis, p: string) => TokenStore }).createStore(
      redis,
      config.prefix,
    )
  : new RedisTokenStore({ redis, prefix: config.prefix });
const report: WorkerReport = emptyReport(process.pid);
const tokens = new TokenManager({
  client: new OAuth2Client({
    tokenEndpoint: config.tokenEndpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    timeoutMs: config.clientTimeoutMs,
  }),
  store,
  key: config.key,
  grant: 'refresh_only',
  refreshSkewMs: config.refreshSkewMs,
  onEvent: (event) => {
    if (event.type === 'refresh') report.refreshes++;
    if (event.type === 'adopt') report.adopts++;
  },
});
// Each worker calls its own resource server, so API load never queues up the token endpoint.
const resource = await startResourceServer(config.signingKey, config.leewayMs);
// ApiClient as users run it: one forced refresh and one replay on a 401. No other retries, so
// every failure counts.
const api = new ApiClient({ baseUrl: new URL('/', resource.url).href, auth: tokens, retry: { retries: 0 } });

function recordFailure(kind: string, message: string): void {
  report.failed++;
  const entry = report.failures[kind] ?? { count: 0, message, retryable: null };
  entry.count++;
  report.failures[kind] = entry;
}

async function oneCall(): Promise<void> {
  const started = performance.now();
  try {
    await api.get('/resource');
    report.ok++;
    recordLatency(performance.now() - started);
  } catch (error) {
    const err = error as Error & { error?: string; status?: number; retryable?: boolean };
    const kind = err.error ? `${err.name}:${err.error}` : err.status ? `${err.name}:${err.status}` : err.name;
    recordFailure(kind, err.message);
    const entry = report.failures[kind];
    if (entry) entry.retryable = err.retryable ?? null;
    await sleep(config.pauseAfterFailureMs);
  }
}

/** Latency of a successful call, in buckets of 1 ms below 100 ms, 10 ms below 1 s, 100 ms above. */
function recordLatency(ms: number): void {
  const bucket =
    ms < 100 ? Math.floor(ms) : ms < 1_000 ? Math.floor(ms / 10) * 10 : Math.floor(ms / 100) * 100;
  report.latencyMs[bucket] = (report.latencyMs[bucket] ?? 0) + 1;
}

const print = (type: 'ready' | 'stats' | 'done'): void => {
  report.unauthorized = resource.counts.refused;
  // ApiClient replays each refused call once.
  report.replays = resource.counts.refused;
  report.lateTokenUses = resource.counts.late;
  process.stdout.write(`${JSON.stringify({ type, ...report })}\n`);
};
const lines = createInterface({ input: process.stdin });
print('ready');
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
const endAt = Date.now() + config.durationMs;
const ticker = setInterval(() => print('stats'), config.reportEveryMs);
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (Date.now() < endAt) {
      await oneCall();
      // Jittered so that the callers do not move in lockstep.
      if (config.pauseBetweenCallsMs > 0) await sleep(config.pauseBetweenCallsMs * (0.5 + Math.random()));
    }
  }),
);
clearInterval(ticker);
print('done');
lines.close();
resource.server.close();
redis.disconnect();
