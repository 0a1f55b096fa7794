// Section 2: many calls at once right after expiry, with single-use refresh tokens.
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import { formatNumber } from '../lib/stats.js';
import { STAMPEDE_ROWS } from '../rows/stampede-callers.js';
import type { StampedeSample } from '../rows/stampede-child.js';

const SECTION = '2. Stampede: concurrent calls right after expiry, single-use refresh tokens';
const LABELS: Record<string, string> = {
  oauthkit: 'oauthkit TokenManager (refresh_only)',
  'openid-client': 'openid-client refreshTokenGrant when expired',
  badgateway: '@badgateway/oauth2-client OAuth2Fetch',
  'simple-oauth2': 'simple-oauth2 refresh() when expired()',
};

/** Runs one stampede per library, each in a fresh process; the oauthkit row carries the goal. */
export async function runStampede(
  server: ServerProcess,
  calls: number,
  env: Record<string, string>,
): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for (const row of STAMPEDE_ROWS) {
    const subject = `${LABELS[row] ?? row}, ${formatNumber(calls)} calls`;
    try {
      const sample = await runChild<StampedeSample>('rows/stampede-child.ts', [row, String(calls)], {
        env: { ...env, BENCH_SERVER_URL: server.url },
      });
      const result =
        `${sample.tokenRequests} token requests · ${sample.failedCalls} failed calls · ${sample.invalidGrant} invalid_grant` +
        (sample.firstError === undefined ? '' : ` (first error: ${sample.firstError})`);
      const report: ReportRow = { section: SECTION, subject, result };
      if (row === 'oauthkit') {
        report.goal = '1 token request, 0 failed';
        report.passed = sample.tokenRequests === 1 && sample.failedCalls === 0;
      }
      rows.push(report);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      rows.push({
        section: SECTION,
        subject,
        result: `did not run: ${message}`,
        ...(row === 'oauthkit' ? { goal: '1 token request, 0 failed', passed: false } : {}),
      });
    }
  }
  return rows;
}
