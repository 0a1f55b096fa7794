// Start-up cost of `import('oauthkit')` against a bare `node -e 0`: wall time seen from this process
// and peak RSS (from /usr/bin/time -v when present, else from the child's own resourceUsage()).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** One command line to time: node's arguments (`['-e', '0']`, `['dist/cli.js', '--version']`). */
export interface StartupCommand {
  label: string;
  args: string[];
  env?: Record<string, string>;
}

/** What a command loaded: every module file and built-in resolved through the ES module loader. */
export interface LoadProbe {
  /** Whether any file of node_modules/undici (the HTTP stack) was loaded. */
  undiciLoaded: boolean;
  /** Files of the package itself (entry and chunks), relative to its root. */
  packageFiles: string[];
  /** Packages of node_modules that were loaded (`commander`, `undici`, ...). */
  dependencies: string[];
  /** Built-ins imported (`node:fs`, ...). */
  builtins: string[];
  /** Source modules in the loaded files of a bundled dist/ (esbuild's `// src/...` markers). */
  sourceModules: string[];
}

interface OneRun {
  wallMs: number;
  maxRssKiB: number;
  cpuMs: number;
}

// Without /usr/bin/time, the child reports its own peak RSS and CPU as it exits.
const SELF_REPORT = `process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('maxRSS='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)/1000+'\\n')});`;

function runOnce(command: StartupCommand, cwd: string): OneRun {
  const useTime = existsSync(TIME);
  const nodeArgs = useTime
    ? command.args
    : ['--import', `data:text/javascript,${encodeURIComponent(SELF_REPORT)}`, ...command.args];
  const started = process.hrtime.bigint();
  const result = spawnSync(
    useTime ? TIME : process.execPath,
    useTime ? ['-v', process.execPath, ...nodeArgs] : nodeArgs,
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...command.env },
    },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(
      `node ${command.args.join(' ')} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
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

/** Runs every command `runs` times, interleaved so drifts in machine load hit all of them alike. */
export function measureStartup(commands: StartupCommand[], runs: number, cwd: string): StartupSample[] {
  const samples = commands.map(() => ({ wall: [] as number[], rss: [] as number[], cpu: [] as number[] }));
  for (const command of commands) runOnce(command, cwd); // warm the file cache
  for (let run = 0; run < runs; run++) {
    commands.forEach((command, index) => {
      const { wallMs, maxRssKiB, cpuMs } = runOnce(command, cwd);
      samples[index]?.wall.push(wallMs);
      samples[index]?.rss.push(maxRssKiB);
      samples[index]?.cpu.push(cpuMs);
    });
  }
  return commands.map((command, index) => ({
    label: command.label,
    wallMs: median(samples[index]?.wall ?? []),
    maxRssKiB: median(samples[index]?.rss ?? []),
    cpuMs: median(samples[index]?.cpu ?? []),
    runs,
  }));
}

// A resolve hook (it runs on the hooks thread) logs every URL the ES module loader resolves;
// undici is CommonJS, so the files it requires are looked for in the CJS cache as the child exits.
const RESOLVE_HOOK = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.BENCH_LOAD_LOG, resolved.url + '\\n');
  return resolved;
}`;
const REGISTER = [
  `import { appendFileSync } from 'node:fs';`,
  `import { createRequire, register } from 'node:module';`,
  `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RESOLVE_HOOK)}));`,
  `const cache = createRequire(process.cwd() + "/").cache;`,
  `process.on('exit', () => {`,
  `  if (Object.keys(cache).some((f) => f.includes('/node_modules/undici/'))) appendFileSync(process.env.BENCH_LOAD_LOG, 'cjs:undici\\n');`,
  `});`,
].join('\n');

/** Runs `node ...args` once and reports every module it loaded. */
export function probeLoads(args: string[], cwd: string, env: Record<string, string> = {}): LoadProbe {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-bench-'));
  const log = join(dir, 'loaded.txt');
  try {
    const result = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, ...env, BENCH_LOAD_LOG: log } },
    );
    if (result.status !== 0)
      throw new Error(
        `node ${args.join(' ')} failed: ${result.stderr.trim().split('\n').slice(0, 6).join(' ')}`,
      );
    const urls = [...new Set(existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [])];
    const root = pathToFileURL(`${cwd}/`).href;
    const files = urls.filter((url) => url.startsWith('file:'));
    const dependencies = new Set<string>();
    for (const url of files) {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      if (name !== undefined) dependencies.add(name);
    }
    const packageFiles = files.filter((url) => url.startsWith(root) && !url.includes('/node_modules/'));
    const sourceModules = new Set<string>();
    for (const url of packageFiles) {
      for (const match of readFileSync(fileURLToPath(url), 'utf8').matchAll(/^\/\/ (src\/\S+)\.ts$/gm))
        sourceModules.add(match[1] ?? '');
    }
    return {
      undiciLoaded: dependencies.has('undici') || urls.includes('cjs:undici'),
      packageFiles: packageFiles.map((url) => url.slice(root.length)),
      dependencies: [...dependencies].sort(),
      builtins: urls.filter((url) => url.startsWith('node:')).sort(),
      sourceModules: [...sourceModules].sort(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports `specifier` in a fresh node and reports what it loaded. */
export function probeImport(specifier: string, cwd: string): LoadProbe {
  return probeLoads(['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`], cwd);
}
