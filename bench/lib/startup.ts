// Start-up cost of `import('oauthkit')` against a bare `node -e 0`: wall time seen from this process
// and peak RSS (from /usr/bin/time -v when present, else from the child's own resourceUsage()).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.js';

const TIME = '/usr/bin/time';

/** Median wall time and peak RSS of one command line. */
export interface StartupSample {
  label: string;
  wallMs: number;
  maxRssKiB: number;
  /** User + system CPU of the child: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  runs: number;
}

/** What importing a module loaded, before any request. */
export interface ImportProbe {
  /** Whether any file of node_modules/undici (the HTTP stack) was loaded. */
  undiciLoaded: boolean;
  /** ES module files loaded from the package itself, and from node_modules. */
  packageFiles: number;
  dependencyFiles: number;
  /** Node built-ins worth noticing at start-up that were loaded (e.g. `http`, `crypto`). */
  builtins: string[];
}

interface OneRun {
  wallMs: number;
  maxRssKiB: number;
  cpuMs: number;
}

function runOnce(code: string, cwd: string): OneRun {
  const useTime = existsSync(TIME);
  const script = useTime
    ? code
    : `process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('maxRSS='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)/1000+'\\n')});${code}`;
  const command = useTime ? TIME : process.execPath;
  const args = useTime ? ['-v', process.execPath, '-e', script] : ['-e', script];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node -e "${code}" failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
  if (!useTime) {
    const match = /maxRSS=(\d+) cpu=([\d.]+)/.exec(result.stderr);
    return { wallMs, maxRssKiB: Number(match?.[1] ?? Number.NaN), cpuMs: Number(match?.[2] ?? Number.NaN) };
  }
  const field = (label: string): number => {
    const line = result.stderr.split('\n').find((text) => text.trim().startsWith(label));
    return Number(line?.split(': ').at(-1) ?? Number.NaN);
  };
  const cpuMs = (field('User time (seconds)') + field('System time (seconds)')) * 1000;
  return { wallMs, maxRssKiB: field('Maximum resident set size (kbytes)'), cpuMs };
}

/** Runs every snippet `runs` times, interleaved so drifts in machine load hit all of them alike. */
export function measureStartup(snippets: Record<string, string>, runs: number, cwd: string): StartupSample[] {
  const labels = Object.keys(snippets);
  const samples = new Map(
    labels.map((label) => [label, { wall: [] as number[], rss: [] as number[], cpu: [] as number[] }]),
  );
  for (const label of labels) runOnce(snippets[label] ?? '0', cwd); // warm the file cache
  for (let run = 0; run < runs; run++) {
    for (const label of labels) {
      const { wallMs, maxRssKiB, cpuMs } = runOnce(snippets[label] ?? '0', cwd);
      samples.get(label)?.wall.push(wallMs);
      samples.get(label)?.rss.push(maxRssKiB);
      samples.get(label)?.cpu.push(cpuMs);
    }
  }
  return labels.map((label) => ({
    label,
    wallMs: median(samples.get(label)?.wall ?? []),
    maxRssKiB: median(samples.get(label)?.rss ?? []),
    cpuMs: median(samples.get(label)?.cpu ?? []),
    runs,
  }));
}

// A load hook (it runs on the hooks thread) logs every file URL; undici is CommonJS, so its files
// are in the CJS cache too; built-ins show in process.moduleLoadList.
const LOAD_HOOK = `export async function load(url, context, next) {
  if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(process.env.BENCH_LOAD_LOG, url + '\\n');
  return next(url, context);
}`;
const WATCHED_BUILTINS = ['http', 'https', 'crypto', 'net', 'tls', 'zlib'];

/** Imports `specifier` in a fresh node and reports what it loaded. */
export function probeImport(specifier: string, cwd: string): ImportProbe {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-bench-'));
  const log = join(dir, 'loaded.txt');
  try {
    const code = [
      `require('node:module').register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(LOAD_HOOK)}));`,
      `import(${JSON.stringify(specifier)}).then(() => {`,
      `  const undici = Object.keys(require('module')._cache).some((f) => f.includes('/node_modules/undici/'));`,
      `  const builtins = ${JSON.stringify(WATCHED_BUILTINS)}.filter((m) => process.moduleLoadList.includes('NativeModule ' + m));`,
      '  console.log(JSON.stringify({ undici, builtins }));',
      '});',
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', code], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, BENCH_LOAD_LOG: log },
    });
    if (result.status !== 0)
      throw new Error(`import(${specifier}) failed: ${result.stderr.trim().split('\n').at(-1)}`);
    const { undici, builtins } = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      undici: boolean;
      builtins: string[];
    };
    const files = new Set(existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    const dependencyFiles = [...files].filter((url) => url.includes('/node_modules/')).length;
    return { undiciLoaded: undici, packageFiles: files.size - dependencyFiles, dependencyFiles, builtins };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
