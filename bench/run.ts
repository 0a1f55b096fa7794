// `npm run bench`: oauthkit against its transport (raw undici) and its peers, in one run. Prints one
// markdown table and writes bench/RESULTS.md. Knobs (environment): BENCH_QUICK=1 (small sizes),
// BENCH_ROUNDS, BENCH_REQUESTS, BENCH_WARMUP, BENCH_GOAL_PAIRS, BENCH_CPU_PROF=<dir> (profile the oauthkit hot-path row).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/build.js';
import { type ChartBar, renderHotPathChart } from './lib/chart.js';
import { describeMachine } from './lib/machine.js';
import { compileBench, ROOT, startServerProcess } from './lib/processes.js';
import { type ReportRow, renderTable, summarizeGoals } from './lib/report.js';
import { runHotPath } from './sections/hot-path.js';
import { runManyProcessesSection } from './sections/many-processes.js';
import { runPagination } from './sections/pagination.js';
import { runStampede } from './sections/stampede.js';
import { runStartup } from './sections/startup.js';
import { runTokenPath } from './sections/token-path.js';

const quick = process.env.BENCH_QUICK === '1';
const settings = {
  requests: Number(process.env.BENCH_REQUESTS ?? (quick ? 2_000 : 20_000)),
  concurrency: 50,
  // Long enough for V8 to have compiled every row's hot functions before the clock starts: with
  // 2,000 the optimizing compiler still ran during the measured calls (its threads count in the
  // process's CPU), by a few percent and more for the rows with more code to compile.
  warmup: Number(process.env.BENCH_WARMUP ?? (quick ? 500 : 10_000)),
  rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 5)),
  goalPairs: Number(process.env.BENCH_GOAL_PAIRS ?? (quick ? 0 : 10)),
  stampedeCalls: 1_000,
  paginationItems: quick ? 100_000 : 1_000_000,
  pageSize: 1_000,
  startupRuns: quick ? 5 : 15,
};

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  compileBench();
  log(ensureBuilt(ROOT));
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  // The raw rows send the same headers as oauthkit, its user agent included.
  const env = {
    OAUTHKIT_BENCH_ENTRY: pathToFileURL(join(ROOT, 'dist/index.js')).href,
    OAUTHKIT_BENCH_VERSION: version,
  };
  const rows: ReportRow[] = [];
  let chartBars: ChartBar[] = [];
  const server = await startServerProcess();
  try {
    log(`hot path: ${settings.rounds} rounds × 7 rows × ${settings.requests} requests`);
    const hotPath = await runHotPath(server, { ...settings, env, cpuProfileDir: process.env.BENCH_CPU_PROF });
    rows.push(...hotPath.rows);
    chartBars = hotPath.rows.map((row) => ({
      // The subject without its explanations (`: ...`, ` (...)`), so that the labels fit.
      label: chartLabel(row.subject),
      value: Number.parseFloat(row.result),
      highlight: row.subject.startsWith('oauthkit'),
    }));
    log('stampede');
    rows.push(...(await runStampede(server, settings.stampedeCalls, env)));
    log('many processes');
    rows.push(...(await runManyProcessesSection(ROOT, env, quick ? { durationMs: 3_000 } : undefined)));
    log('pagination');
    rows.push(
      ...(await runPagination(server, { items: settings.paginationItems, pageSize: settings.pageSize, env })),
    );
    log('token path');
    rows.push(
      ...(await runTokenPath(server, {
        grants: quick ? 100 : 500,
        renewals: quick ? 50 : 200,
        requests: settings.requests,
        warmup: settings.warmup,
        env,
        hotRounds: quick ? 2 : 5,
      })),
    );
  } finally {
    await server.close();
  }
  log('start-up');
  rows.push(...(await runStartup(ROOT, settings.startupRuns)));

  const table = renderTable(rows);
  const goals = summarizeGoals(rows);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const summary = `Goals: ${goals.passed} passed, ${goals.failed.length} failed${goals.failed.length > 0 ? ` (${goals.failed.join('; ')})` : ''}. Whole run: ${seconds} s.`;
  process.stdout.write(`${table}\n\n${summary}\n`);
  const results = [
    '# oauthkit benchmark results',
    '',
    'Produced by `npm run bench` (bench/run.ts). Hot-path rows: each run in a fresh child process',
    `against a keep-alive node:http server in its own process; ${settings.requests} GETs at concurrency`,
    `${settings.concurrency} after ${settings.warmup} warm-up GETs (so that the figure is the steady state, not V8`,
    `compiling the hot functions, whose threads count in the CPU); client CPU is user+system from`,
    `process.cpuUsage(); median of ${settings.rounds} interleaved runs (min–max in brackets). The hot-path goal is`,
    `the median ratio of ${settings.rounds + settings.goalPairs} pairs of oauthkit and Agent#request runs made close in time.`,
    '',
    '## Machine',
    '',
    describeMachine(),
    '',
    '## Results',
    '',
    '![Hot path: client CPU per authenticated GET](hot-path.svg)',
    '',
    table,
    '',
    summary,
    '',
    '## Reading the table',
    '',
    '- `raw undici Agent#request(origin, path)` is the yardstick of the hot-path goal: it is the call',
    "  oauthkit's transport makes, sending the same headers as oauthkit (`accept`, `user-agent` and a fixed",
    '  `Authorization`), so the ratio is what the auth and API layer adds on top of its transport. The other',
    '  raw rows send the same headers too. `raw undici.request` parses the URL string on every call',
    "  (undici's `makeDispatcher`: `new URL`, then a copy of the options) and is shown for information.",
    '- `raw undici Agent#dispatch` is the floor under oauthkit: since the answers it reads whole go through a',
    '  dispatch handler of its own (no body stream), this row, the same handler reduced to chunks and',
    "  `JSON.parse`, is the cost of the transport alone; the gap to it is oauthkit's token, retry, deadline",
    '  and event logic.',
    "- The peers' token handling is cheap; most of their cost is `fetch` itself (compare the raw fetch row).",
    '- Stampede: every library starts from the same tokens (an access token that expired a second ago and',
    '  an unused refresh token) and renews the way its documentation shows; the server refuses a reused',
    '  refresh token with `invalid_grant`.',
    "- Start-up: `import('oauthkit')` evaluates what the index exports (ES module exports are static):",
    '  the error classes, `ApiClient` with its pagination strategies, `TokenManager` with the memory, file',
    "  and callback stores, and `OAuth2Client`'s option checks, with what they need from shared/ and",
    '  transport/. What only a request needs loads on first use: oauth4webapi and the grants on it (first',
    '  token request), undici (first HTTP request), node:crypto (first token-file write or lock), node:http',
    '  (first reason phrase of an error), the browser login, the device flow and discovery. `dist/` is',
    '  bundled by esbuild (scripts/build.mjs) into few files; the CLI is bundled on its own, so that its',
    "  lazily loaded commands do not split the library's code into more chunks.",
    '  CPU times come from `/usr/bin/time` (10 ms resolution); wall times are medians seen by the parent.',
    '',
  ].join('\n');
  if (!quick) {
    writeFileSync(join(ROOT, 'bench/RESULTS.md'), results);
    writeFileSync(
      join(ROOT, 'bench/hot-path.svg'),
      renderHotPathChart(chartBars, 'oauthkit hot path vs the transport and peers'),
    );
  }
}

/** A row's subject as a chart label: `raw undici Agent#request(origin, path): the ...` → `raw undici Agent#request(origin, path)`. */
export function chartLabel(subject: string): string {
  return subject.replace(/ \([^)]*\)$/, '').replace(/: .*$/, '');
}

if (process.argv[1]?.endsWith('run.ts')) await main();
