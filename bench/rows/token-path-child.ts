// One token-path measurement in a fresh process. Rows:
// - refresh / client-credentials: N grants in a row through OAuth2Client against the bench server;
// - redis-renewal: N forced renewals of a TokenManager on a RedisTokenStore (lock, read,
//   compare-and-set, release), counting the Redis commands each costs;
// - redis-hot: rounds of N authenticated GETs whose TokenManager (RedisTokenStore) holds a valid
//   token, each next to the same N GETs on a memory store in the same process (same heap, same
//   compiled code), counting the Redis commands all of them sent (the goal is none).
// Prints one JSON line.
import { Redis } from 'ioredis';
import { loadOAuthKit } from '../lib/oauthkit.js';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET } from '../lib/server.js';
import { drive } from './hot-path-child.js';

/** What one token-path run measured. */
export interface TokenPathSample {
  row: string;
  operations: number;
  cpuUsPerOperation: number;
  wallMsPerOperation: number;
  /** Redis commands per operation (Redis rows), from INFO commandstats. */
  redisCommandsPerOperation?: number;
  redisCommands?: number;
  failures: number;
  /** redis-hot: CPU per GET of each round, on the Redis store and on the memory store. */
  rounds?: { redis: number; memory: number }[];
}

interface TokenClient {
  refresh(refreshToken: string): Promise<{ refreshToken?: string }>;
  clientCredentials(): Promise<unknown>;
}

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm))
    if (match[1] !== 'info') total += Number(match[2]);
  return total;
}

async function measure(operations: number, run: () => Promise<number>) {
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const failures = await run();
  const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuUsPerOperation: (cpu.user + cpu.system) / operations,
    wallMsPerOperation: wallMs / operations,
    failures,
  };
}

async function main(): Promise<void> {
  const [row = '', countArg, warmupArg, roundsArg] = process.argv.slice(2);
  const base = process.env.BENCH_SERVER_URL ?? '';
  const operations = Number(countArg ?? 300);
  const kit = await loadOAuthKit();
  const client = new kit.OAuth2Client({
    tokenEndpoint: `${base}/token`,
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  }) as object as TokenClient;
  const seed = async () =>
    (await (await fetch(`${base}/__seed`, { method: 'POST', body: '{"accessTtlSeconds":3600}' })).json()) as {
      access_token: string;
      refresh_token: string;
    };
  let sample: TokenPathSample;
  if (row === 'refresh' || row === 'client-credentials') {
    let refreshToken = (await seed()).refresh_token;
    const grant = async () => {
      if (row === 'client-credentials') return void (await client.clientCredentials());
      refreshToken = (await client.refresh(refreshToken)).refreshToken ?? refreshToken;
    };
    for (let i = 0; i < 20; i++) await grant();
    const result = await measure(operations, async () => {
      for (let i = 0; i < operations; i++) await grant();
      return 0;
    });
    sample = { row, operations, ...result };
  } else {
    const redisUrl = process.env.BENCH_REDIS_URL ?? '';
    const redisEntry = new URL('redis/index.js', process.env.OAUTHKIT_BENCH_ENTRY ?? '').href;
    const { RedisTokenStore } = (await import(redisEntry)) as {
      RedisTokenStore: new (options: { redis: Redis; prefix?: string }) => object;
    };
    const redis = new Redis(redisUrl);
    const counter = new Redis(redisUrl);
    const store = new RedisTokenStore({ redis, prefix: `bench-${process.pid}` });
    const Manager = kit.TokenManager as unknown as new (
      options: object,
    ) => {
      getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
      setTokens(tokens: object): Promise<void>;
    };
    const tokens = new Manager({ client, store, grant: 'refresh_only' });
    const seeded = await seed();
    await tokens.setTokens({
      accessToken: seeded.access_token,
      tokenType: 'Bearer',
      expiresAt: Date.now() + 3_600_000,
      refreshToken: seeded.refresh_token,
      extra: {},
    });
    await tokens.getAccessToken({ forceRefresh: true });
    // Redis commands sent while `run` does `operations` operations, counted by a second client.
    const counted = async (run: () => Promise<number>): Promise<TokenPathSample> => {
      const before = await redisCommands(counter);
      const result = await measure(operations, run);
      const redisCommandCount = (await redisCommands(counter)) - before;
      return {
        row,
        operations,
        ...result,
        redisCommands: redisCommandCount,
        redisCommandsPerOperation: redisCommandCount / operations,
      };
    };
    if (row === 'redis-renewal') {
      sample = await counted(async () => {
        for (let i = 0; i < operations; i++) await tokens.getAccessToken({ forceRefresh: true });
        return 0;
      });
    } else {
      // The same tokens in a memory store, behind a second manager and client.
      const memoryTokens = new Manager({ client, store: new kit.MemoryTokenStore(), grant: 'refresh_only' });
      await memoryTokens.setTokens({
        accessToken: await tokens.getAccessToken(),
        tokenType: 'Bearer',
        expiresAt: Date.now() + 3_600_000,
        extra: {},
      });
      const caller = (auth: object) => {
        const api = new kit.ApiClient({ baseUrl: base, auth: auth as never });
        return async () => (await api.get('/api/resource')).status === 200;
      };
      const onRedis = caller(tokens);
      const onMemory = caller(memoryTokens);
      const warmup = Number(warmupArg ?? 2_000);
      await drive(onRedis, warmup, 50);
      await drive(onMemory, warmup, 50);
      const rounds: { redis: number; memory: number }[] = [];
      const commandsBefore = await redisCommands(counter);
      let failures = 0;
      for (let round = 0; round < Number(roundsArg ?? 5); round++) {
        // Alternate which store goes first, so that neither always runs on a warmer machine.
        const order = round % 2 === 0 ? [onRedis, onMemory] : [onMemory, onRedis];
        const cpu = new Map<unknown, number>();
        for (const call of order) {
          const result = await measure(operations, () => drive(call, operations, 50));
          failures += result.failures;
          cpu.set(call, result.cpuUsPerOperation);
        }
        rounds.push({ redis: cpu.get(onRedis)!, memory: cpu.get(onMemory)! });
      }
      const commands = (await redisCommands(counter)) - commandsBefore;
      const redisCpus = rounds.map((r) => r.redis).sort((a, b) => a - b);
      sample = {
        row,
        operations: operations * rounds.length,
        cpuUsPerOperation: redisCpus[redisCpus.length >> 1] ?? Number.NaN,
        wallMsPerOperation: Number.NaN,
        failures,
        redisCommands: commands,
        redisCommandsPerOperation: commands / (operations * rounds.length * 2),
        rounds,
      };
    }
    redis.disconnect();
    counter.disconnect();
  }
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

await main();
