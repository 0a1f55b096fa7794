// Section 6: the token path — what a refresh, a client-credentials grant and a renewal through
// Redis cost, and proof that a Redis-backed manager with a valid token sends Redis nothing per call.
import { startRedisServer } from '../../test/support/redis-server.js';
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import { median } from '../lib/stats.js';
import type { HotPathSample } from '../rows/hot-path-child.js';
import type { TokenPathSample } from '../rows/token-path-child.js';

const SECTION = '5. Token path: grants, renewals through Redis, the hot path on a Redis store';
const MAX_REDIS_HOT_VS_MEMORY = 1.1;

/** Sizes of the token-path section. */
export interface TokenPathOptions {
  grants: number;
  renewals: number;
  requests: number;
  env: Record<string, string>;
  /** Pairs of runs (Redis store, then memory store) the Redis hot-path row is the median of. */
  pairs: number;
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
    rows.push(await redisHotRow(env, options));
  } finally {
    await redis.close();
  }
  return rows;
}

/**
 * The hot path on a `RedisTokenStore` holding a valid token, against the same GETs on a memory
 * store: run in pairs back to back (a run's CPU varies by several percent from one process to the
 * next), the ratio is the median of the pairs; every run must send Redis no command at all.
 */
async function redisHotRow(env: Record<string, string>, options: TokenPathOptions): Promise<ReportRow> {
  const subject = `ApiClient + TokenManager on RedisTokenStore, valid token, ${options.requests} GETs`;
  const goal = `0 Redis commands, ≤ ${MAX_REDIS_HOT_VS_MEMORY}× the memory store's CPU`;
  const ratios: number[] = [];
  const cpus: number[] = [];
  let commands = 0;
  let failures = 0;
  try {
    for (let pair = 0; pair < options.pairs; pair++) {
      const redis = await runChild<TokenPathSample>(
        'rows/token-path-child.ts',
        ['redis-hot', String(options.requests)],
        {
          env,
        },
      );
      const memory = await runChild<HotPathSample>(
        'rows/hot-path-child.ts',
        ['oauthkit', String(options.requests), '50', '2000'],
        { env },
      );
      ratios.push(redis.cpuUsPerOperation / memory.cpuUsPerRequest);
      cpus.push(redis.cpuUsPerOperation);
      commands += redis.redisCommands ?? Number.NaN;
      failures += redis.failures + memory.failures;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { section: SECTION, subject, result: `did not run: ${message}`, goal, passed: false };
  }
  const ratio = median(ratios);
  return {
    section: SECTION,
    subject,
    result: `${fixed(median(cpus))} µs CPU/req · ${commands} Redis commands in ${options.pairs} runs · ${failures} failed`,
    ratio: `${fixed(ratio, 3)}× memory store (median of ${options.pairs} paired runs)`,
    goal,
    passed: commands === 0 && failures === 0 && ratio <= MAX_REDIS_HOT_VS_MEMORY,
  };
}
