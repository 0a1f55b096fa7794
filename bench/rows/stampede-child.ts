// One stampede in a fresh process: N calls started together right after the access token expired,
// with a single-use refresh token. Prints what the server saw and how many calls failed.
import type { ServerStats } from '../lib/server.js';
import { createStampedeCaller, type SeedTokens, type StampedeRow } from './stampede-callers.js';

/** What one stampede measured. */
export interface StampedeSample {
  row: string;
  calls: number;
  tokenRequests: number;
  failedCalls: number;
  invalidGrant: number;
  firstError?: string;
}

async function control<T>(base: string, path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  const [row, callsArg] = process.argv.slice(2);
  const base = process.env.BENCH_SERVER_URL;
  if (row === undefined || base === undefined) throw new Error('usage: stampede-child <row> <calls>');
  const calls = Number(callsArg ?? 1_000);
  const seed = await control<SeedTokens>(base, '/__seed', { accessTtlSeconds: 3600 });
  const call = await createStampedeCaller(row as StampedeRow, base, seed);
  await control(base, '/__reset');
  let firstError: string | undefined;
  const results = await Promise.all(
    Array.from({ length: calls }, () =>
      call().catch((error: unknown) => {
        firstError ??= error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
        return false;
      }),
    ),
  );
  const stats = await control<ServerStats>(base, '/__stats');
  const sample: StampedeSample = {
    row,
    calls,
    tokenRequests: stats.tokenRequests,
    failedCalls: results.filter((ok) => !ok).length,
    invalidGrant: stats.invalidGrant,
    ...(firstError === undefined ? {} : { firstError: firstError.slice(0, 160) }),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

if (process.argv[1]?.endsWith('stampede-child.js')) await main();
