// Start-up cost of `import('oauthkit')` against a bare `node -e 0`: wall time seen from this process
// and peak RSS (from /usr/bin/time -v when present, else from the child's own resourceUsage()).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Whether importing oauthkit loaded undici (the HTTP stack) before any request. */
export interface UndiciProbe {
  undiciLoaded: boolean;
  modulesLoaded: number;
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

/** Imports `specifier` in a fresh node and reports whether any file of node_modules/undici was loaded. */
export function probeUndici(specifier: string, cwd: string): UndiciProbe {
  // undici is CommonJS, so every file of it that was loaded, even through import(), is in the CJS cache.
  const code = `import(${JSON.stringify(specifier)}).then(()=>{const files=Object.keys(require('module')._cache);console.log(JSON.stringify({undiciLoaded:files.some((f)=>f.includes('/node_modules/undici/')),modulesLoaded:files.length}))})`;
  const result = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`import(${specifier}) failed: ${result.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as UndiciProbe;
}
