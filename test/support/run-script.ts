import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of a file given relative to the repository root. */
export function repositoryPath(relativePath: string): string {
  return fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
}

/**
 * Starts `node --import tsx <script>` in `cwd`, the script given relative to the repository root
 * (tsx resolved from this repository, not from cwd).
 */
export function startScript(
  script: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      repositoryPath(script),
      ...args,
    ],
    {
      cwd,
      // The repository's tsconfig maps the package names to the source, whatever the cwd.
      env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: repositoryPath('tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Collects a child's output and waits for it to exit. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
