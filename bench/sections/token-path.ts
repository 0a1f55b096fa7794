// Section 6: the token path — what a refresh, a client-credentials grant and a renewal through
// Redis cost, and proof that a Redis-backed manager with a valid token sends Redis nothing per call.
import { startRedisServer } from '../../test/support/redis-server.js';
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import type { TokenPathSample } from '../rows/token-path-child.js';

const SECTION = '5. Token path: grants, renewals through Redis, the hot path on a Redis store';
const MAX_REDIS_HOT_VS_MEMORY = 1.1;

/** Sizes of the token-path section. */
export interface TokenPathOptions {
  grants: number;
  renewals: number;
  requests: number;
  env: Record<string, string>;
  /** CPU per GET of the oauthkit row of the hot path (memory store), to compare the Redis row with. */
  memoryStoreCpuUs: number | undefined;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** Runs each token-path row in a fresh process against the bench server and a private redis-server. */
export async function runTokenPath(server: ServerProcess, options: TokenPathOptions): Promise<ReportRow[]> {
  const redis = await startRedisServer();
  const env = { ...options.env, BENCH_SERVER_URL: server.url, BENCH_REDIS_URL: redis.url };
  const rows: ReportRow[] = [];
  const run = async (
    row: string,
    count: number,
    describe: (sample: TokenPathSample) => Omit<ReportRow, 'section'>,
  ) => {
    try {
      const sample = await runChild<TokenPathSample>('rows/token-path-child.ts', [row, String(count)], {
        env,
      });
      rows.push({ section: SECTION, ...describe(sample) });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      rows.push({ section: SECTION, subject: row, result: `did not run: ${message}` });
    }
  };
  try {
    await run('refresh', options.grants, (s) => ({
      subject: `OAuth2Client.refresh, ${s.operations} rotations in a row`,
      result: `${fixed(s.cpuUsPerOperation, 0)} µs CPU · ${fixed(s.wallMsPerOperation, 2)} ms wall per grant`,
    }));
    await run('client-credentials', options.grants, (s) => ({
      subject: `OAuth2Client.clientCredentials, ${s.operations} grants in a row`,
      result: `${fixed(s.cpuUsPerOperation, 0)} µs CPU · ${fixed(s.wallMsPerOperation, 2)} ms wall per grant`,
    }));
    await run('redis-renewal', options.renewals, (s) => ({
      subject: `TokenManager + RedisTokenStore, ${s.operations} forced renewals (lock, read, refresh, compare-and-set, release)`,
      result:
        `${fixed(s.redisCommandsPerOperation ?? Number.NaN)} Redis commands · ${fixed(s.wallMsPerOperation, 2)} ms wall · ` +
        `${fixed(s.cpuUsPerOperation, 0)} µs CPU per renewal (the refresh grant included)`,
    }));
    await run('redis-hot', options.requests, (s) => {
      const memory = options.memoryStoreCpuUs;
      const ratio = memory === undefined ? Number.NaN : s.cpuUsPerOperation / memory;
      return {
        subject: `ApiClient + TokenManager on RedisTokenStore, valid token, ${s.operations} GETs`,
        result: `${fixed(s.cpuUsPerOperation)} µs CPU/req · ${s.redisCommands ?? '?'} Redis commands in the run · ${s.failures} failed`,
        ratio: `${fixed(ratio, 2)}× memory store`,
        goal: `0 Redis commands, ≤ ${MAX_REDIS_HOT_VS_MEMORY}× the memory store's CPU`,
        passed: s.redisCommands === 0 && s.failures === 0 && ratio <= MAX_REDIS_HOT_VS_MEMORY,
      };
    });
  } finally {
    await redis.close();
  }
  return rows;
}
