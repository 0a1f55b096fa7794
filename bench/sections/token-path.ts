// Section 6: the token path — what a refresh, a client-credentials grant and a renewal through
// Redis cost, and proof that a Redis-backed manager with a valid token sends Redis nothing per call.
import { startRedisServer } from '../../test/support/redis-server.js';
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import { median } from '../lib/stats.js';
import type { TokenPathSample } from '../rows/token-path-child.js';

const SECTION = '5. Token path: grants, renewals through Redis, the hot path on a Redis store';
const MAX_REDIS_HOT_VS_MEMORY = 1.1;

/** Sizes of the token-path section. */
export interface TokenPathOptions {
  grants: number;
  renewals: number;
  requests: number;
  /** Warm-up GETs before the hot-path runs of the Redis row and its memory-store pair. */
  warmup: number;
  env: Record<string, string>;
  /** Rounds (Redis store and memory store, in one process) the Redis hot-path row is the median of. */
  hotRounds: number;
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
 * store in the same process, in alternating rounds: same heap, same compiled code, so the ratio is
 * what the store costs per call (a run's CPU varies by several percent from one process to the
 * next, more than the goal's margin). The ratio is the median of the rounds; no run may send Redis
 * a command.
 */
async function redisHotRow(env: Record<string, string>, options: TokenPathOptions): Promise<ReportRow> {
  const subject = `ApiClient + TokenManager on RedisTokenStore, valid token, ${options.hotRounds} × ${options.requests} GETs`;
  const goal = `0 Redis commands, ≤ ${MAX_REDIS_HOT_VS_MEMORY}× the memory store's CPU`;
  let sample: TokenPathSample;
  try {
    sample = await runChild<TokenPathSample>(
      'rows/token-path-child.ts',
      ['redis-hot', String(options.requests), String(options.warmup), String(options.hotRounds)],
      { env },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { section: SECTION, subject, result: `did not run: ${message}`, goal, passed: false };
  }
  const rounds = sample.rounds ?? [];
  const ratio = median(rounds.map((round) => round.redis / round.memory));
  const memory = median(rounds.map((round) => round.memory));
  const commands = sample.redisCommands ?? Number.NaN;
  return {
    section: SECTION,
    subject,
    result:
      `${fixed(sample.cpuUsPerOperation)} µs CPU/req (memory store ${fixed(memory)}) · ` +
      `${commands} Redis commands · ${sample.failures} failed`,
    ratio: `${fixed(ratio, 3)}× memory store (median of ${rounds.length} alternating rounds in one process)`,
    goal,
    passed: commands === 0 && sample.failures === 0 && rounds.length > 0 && ratio <= MAX_REDIS_HOT_VS_MEMORY,
  };
}
