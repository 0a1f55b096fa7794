// Streams a long paginated list through `api.paginate()` in a fresh process, sampling the resident
// set size while it runs. Prints items, items/s and the peak RSS growth over the level before the loop.

import { clientCredentialsApi, hasOAuthKitCore, loadOAuthKit } from '../lib/oauthkit.js';

/** What one pagination run measured. */
export interface PaginationSample {
  strategy: string;
  items: number;
  pages: number;
  outOfOrder: number;
  itemsPerSecond: number;
  peakRssGrowthBytes: number;
  baselineRssBytes: number;
}

async function main(): Promise<void> {
  const [strategyName = 'continuation-token', totalArg, pageSizeArg] = process.argv.slice(2);
  const base = process.env.BENCH_SERVER_URL;
  if (base === undefined) throw new Error('BENCH_SERVER_URL is not set.');
  const total = Number(totalArg ?? 1_000_000);
  const pageSize = Number(pageSizeArg ?? 1_000);
  const kit = await loadOAuthKit();
  if (
    !hasOAuthKitCore(kit) ||
    kit.continuationTokenPagination === undefined ||
    kit.linkHeaderPagination === undefined
  ) {
    throw new Error('oauthkit does not export ApiClient and the pagination strategies yet.');
  }
  const api = clientCredentialsApi(kit, base);
  const strategy =
    strategyName === 'link-header'
      ? (kit.linkHeaderPagination as (options: object) => unknown)({
          itemsPath: 'data',
          sizeParam: 'per_page',
          pageSize,
        })
      : (kit.continuationTokenPagination as (options: object) => unknown)({ pageSize });
  const query = { total };

  // Warm up: token, connection pool and parser exist before the baseline is taken.
  await api.get('/api/items', { query: { total: pageSize, pageSize } });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let items = 0;
  let outOfOrder = 0;
  const started = process.hrtime.bigint();
  for await (const item of api.paginate<{ id: number }>('/api/items', { strategy, query })) {
    if (item.id !== items) outOfOrder++;
    items++;
    if (items % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const sample: PaginationSample = {
    strategy: strategyName,
    items,
    pages: Math.ceil(items / pageSize),
    outOfOrder,
    itemsPerSecond: items / seconds,
    peakRssGrowthBytes: peak - baseline,
    baselineRssBytes: baseline,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

if (process.argv[1]?.endsWith('pagination-child.js')) await main();
