// Section 4: a million items streamed through `api.paginate()`, peak RSS growth and items/s.
import { runChild, type ServerProcess } from '../lib/processes.js';
import type { ReportRow } from '../lib/report.js';
import { formatMiB, formatNumber } from '../lib/stats.js';
import type { PaginationSample } from '../rows/pagination-child.js';

const SECTION = '4. Pagination: api.paginate() over a long list';
const MAX_GROWTH_BYTES = 64 * 1024 * 1024;

/** Streams `items` items once per strategy (continuation token, Link header), each in a fresh process. */
export async function runPagination(
  server: ServerProcess,
  options: { items: number; pageSize: number; env: Record<string, string> },
): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for (const [strategy, label] of [
    ['continuation-token', 'continuationTokenPagination (HelloAsso shape)'],
    ['link-header', 'linkHeaderPagination (Misoca shape)'],
  ] as const) {
    const subject = `${label}, ${formatNumber(options.items)} items, pages of ${formatNumber(options.pageSize)}`;
    const goal = `${formatNumber(options.items)} items in order, < ${formatMiB(MAX_GROWTH_BYTES)} RSS growth`;
    try {
      const sample = await runChild<PaginationSample>(
        'rows/pagination-child.ts',
        [strategy, String(options.items), String(options.pageSize)],
        { env: { ...options.env, BENCH_SERVER_URL: server.url } },
      );
      rows.push({
        section: SECTION,
        subject,
        result:
          `${formatNumber(sample.items)} items · ${formatNumber(sample.itemsPerSecond)} items/s · ` +
          `peak RSS +${formatMiB(sample.peakRssGrowthBytes)} (from ${formatMiB(sample.baselineRssBytes)}) · ${sample.outOfOrder} out of order`,
        goal,
        passed:
          sample.items === options.items &&
          sample.outOfOrder === 0 &&
          sample.peakRssGrowthBytes < MAX_GROWTH_BYTES,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      rows.push({ section: SECTION, subject, result: `did not run: ${message}`, goal, passed: false });
    }
  }
  return rows;
}
