// Section 1: client CPU per authenticated GET, each row in a fresh process, rounds interleaved.
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import { formatNumber, median } from '../lib/stats.js';
import { HOT_PATH_ROWS, type HotPathRow } from '../rows/hot-path-callers.js';
import type { HotPathSample } from '../rows/hot-path-child.js';

const SECTION = '1. Hot path: authenticated GETs, client CPU';
const LABELS: Record<HotPathRow, string> = {
  undici: 'raw undici.request (parses the URL string; info)',
  'undici-dispatcher': 'raw undici Agent#request(origin, path): the transport oauthkit calls (yardstick)',
  fetch: 'raw fetch',
  oauthkit: 'oauthkit ApiClient + TokenManager',
  'openid-client': 'openid-client fetchProtectedResource',
  badgateway: '@badgateway/oauth2-client OAuth2Fetch',
  'simple-oauth2': 'simple-oauth2 + fetch',
};
const PEERS: readonly HotPathRow[] = ['openid-client', 'badgateway', 'simple-oauth2'];
/** The row the goal is set against: the undici call oauthkit itself makes, with a fixed header. */
const YARDSTICK: HotPathRow = 'undici-dispatcher';
const MAX_VS_YARDSTICK = 1.05;
const MIN_PEER_FACTOR = 2.5;

/** Sizes of the hot-path section. */
export interface HotPathOptions {
  requests: number;
  concurrency: number;
  warmup: number;
  rounds: number;
  /** Rows to run; all by default. */
  rows?: readonly HotPathRow[];
  env: Record<string, string>;
  /** Directory for `--cpu-prof` of the oauthkit row (BENCH_CPU_PROF). */
  cpuProfileDir?: string | undefined;
}

/** Median CPU per row, `NaN` for a row that never ran. */
export interface HotPathResult {
  rows: ReportRow[];
  cpuByRow: Partial<Record<HotPathRow, number>>;
}

/**
 * Runs every row `rounds` times, each run in a fresh child process, and reports the median CPU per
 * request with its ratio to the yardstick (Agent#request); the oauthkit row carries the goal.
 */
export async function runHotPath(server: ServerProcess, options: HotPathOptions): Promise<HotPathResult> {
  const rows = options.rows ?? HOT_PATH_ROWS;
  const samples = new Map<HotPathRow, HotPathSample[]>(rows.map((row) => [row, []]));
  const errors = new Map<HotPathRow, string>();
  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order each round so no row always runs first or right after the same neighbour.
    const order = rows.map((_, index) => rows[(index + round) % rows.length]!);
    for (const row of order) {
      if (errors.has(row)) continue;
      const profile = row === 'oauthkit' && options.cpuProfileDir !== undefined;
      try {
        const sample = await runChild<HotPathSample>(
          'rows/hot-path-child.ts',
          [row, String(options.requests), String(options.concurrency), String(options.warmup)],
          {
            env: { ...options.env, BENCH_SERVER_URL: server.url },
            ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] } : {}),
          },
        );
        samples.get(row)?.push(sample);
        process.stderr.write(`  hot path ${row}: ${sample.cpuUsPerRequest.toFixed(1)} µs/req\n`);
      } catch (error) {
        errors.set(row, error instanceof Error ? error.message.split('\n')[0]! : String(error));
      }
    }
  }
  const cpuByRow: Partial<Record<HotPathRow, number>> = {};
  for (const [row, list] of samples)
    if (list.length > 0) cpuByRow[row] = median(list.map((s) => s.cpuUsPerRequest));
  const yardstick = cpuByRow[YARDSTICK] ?? Number.NaN;
  const kit = cpuByRow.oauthkit ?? Number.NaN;
  const report = rows.map((row): ReportRow => {
    const list = samples.get(row) ?? [];
    const cpu = cpuByRow[row];
    if (cpu === undefined)
      return {
        section: SECTION,
        subject: LABELS[row],
        result: `did not run: ${errors.get(row) ?? 'no sample'}`,
      };
    const cpus = list.map((s) => s.cpuUsPerRequest);
    const failures = list.reduce((sum, s) => sum + s.failures, 0);
    const result =
      `${formatNumber(cpu)} µs CPU/req (${formatNumber(Math.min(...cpus))}–${formatNumber(Math.max(...cpus))}) · ` +
      `${formatNumber(median(list.map((s) => s.requestsPerSecond)))} req/s · ${failures} failed of ${list.length} × ${formatNumber(options.requests)}`;
    const ratio = `${(cpu / yardstick).toFixed(2)}× Agent#request${PEERS.includes(row) && Number.isFinite(kit) ? `, ${(cpu / kit).toFixed(1)}× oauthkit` : ''}`;
    return { section: SECTION, subject: LABELS[row], result, ratio };
  });
  const kitRow = report[rows.indexOf('oauthkit')];
  // The goal compares the two rows round by round: each round runs them minutes apart at most, so
  // a drift in the machine's speed between rounds cancels out of the ratio.
  const kitSamples = samples.get('oauthkit') ?? [];
  const yardstickSamples = samples.get(YARDSTICK) ?? [];
  const pairedRatio = median(
    kitSamples
      .slice(0, yardstickSamples.length)
      .map(
        (sample, round) => sample.cpuUsPerRequest / (yardstickSamples[round]?.cpuUsPerRequest ?? Number.NaN),
      ),
  );
  if (kitRow !== undefined && Number.isFinite(pairedRatio)) {
    kitRow.ratio = `${pairedRatio.toFixed(2)}× Agent#request (median of ${kitSamples.length} paired rounds)`;
  }
  if (kitRow !== undefined) {
    const peerCpus = PEERS.map((peer) => cpuByRow[peer]).filter((cpu): cpu is number => cpu !== undefined);
    const kitFailures = (samples.get('oauthkit') ?? []).reduce((sum, s) => sum + s.failures, 0);
    kitRow.goal = `≤ ${MAX_VS_YARDSTICK}× Agent#request, every peer ≥ ${MIN_PEER_FACTOR}× its CPU, 0 failed`;
    kitRow.passed =
      pairedRatio <= MAX_VS_YARDSTICK &&
      peerCpus.length === PEERS.length &&
      peerCpus.every((cpu) => cpu >= kit * MIN_PEER_FACTOR) &&
      kitFailures === 0;
  }
  return { rows: report, cpuByRow };
}
