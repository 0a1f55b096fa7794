// One hot-path measurement in a fresh process: warm up, then N authenticated GETs at a fixed
// concurrency, timing this process's CPU (user + system) and wall clock. Prints one JSON line.
import { createCaller, type HotPathRow } from './hot-path-callers.js';

/** What one run of one row measured. */
export interface HotPathSample {
  row: string;
  requests: number;
  cpuUsPerRequest: number;
  requestsPerSecond: number;
  failures: number;
}

/** Sends `total` calls with `concurrency` callers in flight; returns the number that failed. */
export async function drive(
  call: () => Promise<boolean>,
  total: number,
  concurrency: number,
): Promise<number> {
  let started = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      try {
        if (!(await call())) failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return failures;
}

async function main(): Promise<void> {
  const [row, requestsArg, concurrencyArg, warmupArg] = process.argv.slice(2);
  const base = process.env.BENCH_SERVER_URL;
  if (row === undefined || base === undefined)
    throw new Error('usage: hot-path-child <row> <n> <concurrency> <warmup>');
  const requests = Number(requestsArg ?? 20_000);
  const concurrency = Number(concurrencyArg ?? 50);
  const call = await createCaller(row as HotPathRow, base);
  await drive(call, Number(warmupArg ?? 2_000), concurrency);
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const failures = await drive(call, requests, concurrency);
  const wallNs = Number(process.hrtime.bigint() - wallBefore);
  const cpu = process.cpuUsage(cpuBefore);
  const sample: HotPathSample = {
    row,
    requests,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
    requestsPerSecond: requests / (wallNs / 1e9),
    failures,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

if (process.argv[1]?.endsWith('hot-path-child.js')) await main();
