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
  'undici-handler':
    'raw undici Agent#dispatch, a handler that buffers the body (the floor under oauthkit; info)',
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
  /** Extra back-to-back runs of the yardstick and oauthkit rows alone, for the goal's median. */
  goalPairs?: number;
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
  const run = async (row: HotPathRow): Promise<HotPathSample | undefined> => {
    if (errors.has(row)) return undefined;
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
      process.stderr.write(`  hot path ${row}: ${sample.cpuUsPerRequest.toFixed(1)} µs/req\n`);
      return sample;
    } catch (error) {
      errors.set(row, error instanceof Error ? error.message.split('\n')[0]! : String(error));
      return undefined;
    }
  };
  // The ratio of the goal, one per pair of runs of oauthkit and the yardstick made close in time.
  const pairRatios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order each round so no row always runs first or right after the same neighbour.
    const order = rows.map((_, index) => rows[(index + round) % rows.length]!);
    const inRound = new Map<HotPathRow, HotPathSample>();
    for (const row of order) {
      const sample = await run(row);
      if (sample === undefined) continue;
      samples.get(row)?.push(sample);
      inRound.set(row, sample);
    }
    pairRatios.push(ratioOf(inRound.get('oauthkit'), inRound.get(YARDSTICK)));
  }
  // A run's CPU varies by a few percent from one process to the next, as much as the goal's
  // margin: more pairs of the two goal rows alone, back to back in alternating order, steady it.
  if (rows.includes('oauthkit') && rows.includes(YARDSTICK)) {
    for (let pair = 0; pair < (options.goalPairs ?? 0); pair++) {
      const kitFirst = pair % 2 === 0;
      const first = await run(kitFirst ? 'oauthkit' : YARDSTICK);
      const second = await run(kitFirst ? YARDSTICK : 'oauthkit');
      pairRatios.push(kitFirst ? ratioOf(first, second) : ratioOf(second, first));
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
  // The goal compares the two rows pair by pair, so that a drift in the machine's speed between
  // pairs cancels out of the ratio.
  const paired = pairRatios.filter(Number.isFinite);
  const pairedRatio = median(paired);
  if (kitRow !== undefined && Number.isFinite(pairedRatio)) {
    kitRow.ratio = `${pairedRatio.toFixed(3)}× Agent#request (median of ${paired.length} paired runs)`;
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

function ratioOf(kit: HotPathSample | undefined, yardstick: HotPathSample | undefined): number {
  return kit === undefined || yardstick === undefined
    ? Number.NaN
    : kit.cpuUsPerRequest / yardstick.cpuUsPerRequest;
}
