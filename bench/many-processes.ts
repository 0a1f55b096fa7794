// Many processes sharing one rotating token through Redis: oauthkit's RedisTokenStore (lock +
// compare-and-set) next to a naive shared store (a getter/setter pair with no lock, as HaApiV5
// allows). Run: node --import tsx bench/many-processes.ts [processes] [concurrency] [durationMs]
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ManyProcessesResult,
  runManyProcessesScenario,
} from '../test/support/many-processes-scenario.js';

/** Options of {@link runManyProcesses}. */
export interface ManyProcessesBenchOptions {
  processes?: number;
  concurrency?: number;
  durationMs?: number;
}

const NAIVE_STORE = pathToFileURL(fileURLToPath(new URL('./lib/naive-token-store.ts', import.meta.url))).href;

const GOAL = '0 failed calls, 0 invalid_grant, refreshes ≤ expiry windows + 1';

function row(store: string, result: ManyProcessesResult, judged: boolean): Record<string, string | number> {
  const { totals } = result;
  const met =
    totals.failed === 0 && result.invalidGrants === 0 && result.refreshes <= result.expiryWindows + 1;
  return {
    store,
    'processes × callers': `${result.processes} × ${result.concurrency}`,
    seconds: Number((result.elapsedMs / 1000).toFixed(1)),
    'calls ok': totals.ok,
    'failed calls': totals.failed,
    invalid_grant: result.invalidGrants,
    refreshes: result.refreshes,
    'expiry windows': result.expiryWindows,
    'refreshes per window': Number((result.refreshes / result.expiryWindows).toFixed(2)),
    '401 then replayed': totals.replays,
    'calls/s': result.callsPerSecond,
    'p50 ms': result.p50Ms,
    'p99 ms': result.p99Ms,
    failures:
      Object.entries(totals.failures)
        .map(([kind, failure]) => `${kind} ×${failure.count}`)
        .join(', ') || '-',
    ...(judged ? { goal: GOAL, 'goal met': met ? 'yes' : 'no' } : {}),
  };
}

/**
 * Runs the scenario once per store (each with its own redis-server and token server: 1 s access
 * tokens, single-use refresh tokens) and returns one table row per store.
 */
export async function runManyProcesses(
  opts: ManyProcessesBenchOptions = {},
): Promise<{ rows: Array<Record<string, string | number>> }> {
  const options = {
    processes: opts.processes ?? 8,
    concurrency: opts.concurrency ?? 200,
    durationMs: opts.durationMs ?? 10_000,
  };
  const shared = await runManyProcessesScenario(options);
  const naive = await runManyProcessesScenario({ ...options, storeModule: NAIVE_STORE });
  // Flat out: no pause between calls, 2 s access tokens (the reliability suite's flat-out test).
  const flatOut = await runManyProcessesScenario({
    processes: 4,
    concurrency: 100,
    durationMs: options.durationMs,
    accessTtlSeconds: 2,
    worker: { pauseBetweenCallsMs: 0 },
  });
  return {
    rows: [
      row('oauthkit RedisTokenStore', shared, true),
      row('naive get/set on Redis, no lock', naive, false),
      row('oauthkit RedisTokenStore flat out (no pauses, 2 s tokens)', flatOut, true),
    ],
  };
}

/** The rows as a markdown table. */
export function toMarkdown(rows: Array<Record<string, string | number>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const line = (cells: Array<string | number | undefined>): string => `| ${cells.join(' | ')} |`;
  return [
    line(columns),
    line(columns.map(() => '---')),
    ...rows.map((r) => line(columns.map((c) => r[c]))),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [processes, concurrency, durationMs] = process.argv.slice(2).map(Number);
  const { rows } = await runManyProcesses({
    ...(processes ? { processes } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(durationMs ? { durationMs } : {}),
  });
  process.stdout.write(
    `Access tokens live 1 s, refresh tokens are single-use; an expiry window is the 500 ms a token is used before renewal is due.\n\n${toMarkdown(rows)}\n`,
  );
}
