// Child processes of the bench: the bench's own TypeScript is transpiled once to plain JavaScript so
// the measured processes run without a TypeScript loader, and each measurement runs in a fresh process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root (where package.json is). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'node_modules/.cache/oauthkit-bench');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Transpiles `bench/**` to `node_modules/.cache/oauthkit-bench/bench/**` (types are erased, not checked). */
export function compileBench(): void {
  for (const file of tsFiles(join(ROOT, 'bench'))) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');
}

/** Path of the transpiled form of a bench file given relative to `bench/`, e.g. `rows/hot-path-child.ts`. */
export function compiledPath(benchFile: string): string {
  return join(OUT, 'bench', benchFile.replace(/\.ts$/, '.js'));
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

function collect(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** Runs a bench child (a file under `bench/`) and returns the JSON it printed as its last stdout line. */
export async function runChild<T>(benchFile: string, args: string[], options: ChildOptions = {}): Promise<T> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), compiledPath(benchFile), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, code } = await collect(child, options.timeoutMs ?? 120_000);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new Error(
      `${benchFile} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-8).join('\n')}`,
    );
  }
  return JSON.parse(last) as T;
}

/** The bench server in its own process. */
export interface ServerProcess {
  url: string;
  control<T>(path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts `lib/server.ts` in a child process and waits for its URL. */
export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [compiledPath('lib/server.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`The bench server exited early with ${code}.`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    async control<T>(path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
      return (await response.json()) as T;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
