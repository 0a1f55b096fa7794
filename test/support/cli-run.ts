import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryPath } from './run-script.js';

/** What one `oauthkit` run printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh `$OAUTHKIT_HOME` (under the OS temp dir, in a 0700 directory of its own). */
export async function freshHome(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'oauthkit-cli-')), 'home');
}

/**
 * Runs the CLI from source (`node --import tsx src/cli/main.ts ...args`) as a user would, with
 * `OAUTHKIT_HOME` set to `home`, `input` on stdin (none: stdin closed) and extra `env`.
 */
export function runCli(
  home: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return startCli(home, args, options).result;
}

/**
 * The command line and environment of one `oauthkit` run from source (`node --import tsx
 * src/cli/main.ts ...args`) with `OAUTHKIT_HOME=home`, for a pipe or a pseudo-terminal alike.
 */
export function cliInvocation(
  home: string,
  args: string[],
  env: Record<string, string> = {},
): { file: string; args: string[]; env: Record<string, string> } {
  return {
    file: process.execPath,
    args: [
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      repositoryPath('src/cli/main.ts'),
      ...args,
    ],
    env: {
      ...(process.env as Record<string, string>),
      NO_COLOR: '1',
      TSX_TSCONFIG_PATH: repositoryPath('tsconfig.json'),
      OAUTHKIT_HOME: home,
      OAUTHKIT_CLIENT_SECRET: '',
      OAUTHKIT_PROFILE: '',
      ...env,
    },
  };
}

/** Like {@link runCli}, with the child at hand: `onStderr` sees stderr as it comes. */
export function startCli(
  home: string,
  args: string[],
  options: { input?: string; env?: Record<string, string>; onStderr?: (text: string) => void } = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const invocation = cliInvocation(home, args, options.env);
  const child = spawn(invocation.file, invocation.args, {
    env: invocation.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(stderr);
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}
