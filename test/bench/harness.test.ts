// Smoke test of the bench harness: its server runs in its own process, one tiny hot-path row of the
// floor and of oauthkit, and one stampede row run end to end. Counts only, never timings.
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHotPathChart } from '../../bench/lib/chart.js';
import {
  compileBench,
  ROOT,
  runChild,
  type ServerProcess,
  startServerProcess,
} from '../../bench/lib/processes.js';
import { renderTable, summarizeGoals } from '../../bench/lib/report.js';
import type { ServerStats } from '../../bench/lib/server.js';
import { probeImport } from '../../bench/lib/startup.js';
import type { HotPathSample } from '../../bench/rows/hot-path-child.js';
import type { StampedeSample } from '../../bench/rows/stampede-child.js';

let server: ServerProcess;

beforeAll(async () => {
  compileBench();
  server = await startServerProcess();
});

afterAll(async () => {
  await server?.close();
});

describe('bench harness', () => {
  it('runs the raw undici row in a child process and the server counts every request', async () => {
    await server.control('/__reset');
    const sample = await runChild<HotPathSample>('rows/hot-path-child.ts', ['undici', '200', '10', '20'], {
      env: { BENCH_SERVER_URL: server.url },
    });
    const stats = await server.control<ServerStats>('/__stats');
    expect(sample).toMatchObject({ row: 'undici', requests: 200, failures: 0 });
    expect(sample.cpuUsPerRequest).toBeGreaterThan(0);
    expect(stats).toMatchObject({ apiRequests: 220, tokenRequests: 1, unauthorized: 0 });
  });

  it('runs the oauthkit row (from src/ through tsx) with one client-credentials token', async () => {
    await server.control('/__reset');
    const sample = await runChild<HotPathSample>('rows/hot-path-child.ts', ['oauthkit', '100', '10', '10'], {
      env: { BENCH_SERVER_URL: server.url, OAUTHKIT_BENCH_ENTRY: pathToFileURL(`${ROOT}src/index.ts`).href },
      nodeArgs: ['--import', 'tsx'],
    });
    const stats = await server.control<ServerStats>('/__stats');
    expect(sample).toMatchObject({ row: 'oauthkit', requests: 100, failures: 0 });
    expect(stats).toMatchObject({ apiRequests: 110, tokenRequests: 1, unauthorized: 0 });
  });

  it('refuses a reused refresh token: simple-oauth2 refreshing per call loses all but one call', async () => {
    const sample = await runChild<StampedeSample>('rows/stampede-child.ts', ['simple-oauth2', '20'], {
      env: { BENCH_SERVER_URL: server.url },
    });
    expect(sample).toMatchObject({ calls: 20, tokenRequests: 20, invalidGrant: 19, failedCalls: 19 });
  });

  it('tells whether an import loaded undici, and what else it loaded', () => {
    const withUndici = probeImport('undici', ROOT);
    expect(withUndici.undiciLoaded).toBe(true);
    expect(withUndici.dependencies).toEqual(['undici']);
    const without = probeImport('node:path', ROOT);
    expect(without).toMatchObject({
      undiciLoaded: false,
      packageFiles: [],
      dependencies: [],
      sourceModules: [],
    });
    expect(without.builtins).toEqual(['node:path']);
  });

  it("names the source modules inside the bundled files that import('oauthkit') loads", () => {
    const kit = probeImport('oauthkit', ROOT);
    expect(kit.packageFiles[0]).toBe('dist/index.js');
    expect(kit.sourceModules).toContain('src/tokens/token-manager');
    // Loaded on first use only: the grants on oauth4webapi and the HTTP stack under the transport.
    expect(kit.sourceModules).not.toContain('src/oauth/_grants');
    expect(kit.dependencies).toEqual([]);
  });

  it('draws the hot-path chart: a titled SVG, one bar per row, oauthkit highlighted, lengths to scale', () => {
    const svg = renderHotPathChart(
      [
        { label: 'Agent#request', value: 20, highlight: false },
        { label: 'oauthkit <kit>', value: 21, highlight: true },
        { label: 'peer', value: 160, highlight: false },
      ],
      'hot path',
    );
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*>\n<title>hot path<\/title>/);
    expect(svg).toContain('oauthkit &lt;kit&gt;');
    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)"[^>]*fill="(#[0-9a-f]+)"/g)].map(
      ([, width, fill]) => ({ width: Number(width), fill }),
    );
    expect(widths).toHaveLength(3);
    expect(widths.filter((bar) => bar.fill === '#2463eb')).toHaveLength(1);
    expect(widths[2]!.width / widths[0]!.width).toBeCloseTo(8, 1);
  });

  it('renders one table with section rows and pass/fail goals', () => {
    const rows = [
      { section: 'A', subject: 'x', result: '1 µs', ratio: '1.00×' },
      { section: 'A', subject: 'y', result: '2 | 3', goal: '≤ 1', passed: false },
      { section: 'B', subject: 'z', result: 'ok', goal: 'ok', passed: true },
    ];
    const lines = renderTable(rows).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe('| **A** | | | | | |');
    expect(lines[4]).toBe('| | y | 2 \\| 3 |  | ≤ 1 | FAIL |');
    expect(lines[6]).toBe('| | z | ok |  | ok | PASS |');
    expect(summarizeGoals(rows)).toEqual({ passed: 1, failed: ['A: y'] });
  });
});
