// `oauthkit sandbox` runs the local Misoca and HelloAsso; `oauthkit demo` says where the demo is.
// (Not named after the sandbox: the packed oauthkit must hold no file so named, check-packages.)
import { CliError, EXIT, printJson, printMessage, printResult } from '../output.js';

interface SandboxModule {
  startSandbox(options: { port?: number }): Promise<{ close(): Promise<void> }>;
  formatSandbox(sandbox: unknown): string;
  sandboxInfo(sandbox: unknown): unknown;
}

/** Loads `@oauthkit/sandbox` (a separate, optional package) or says how to install it. */
async function loadSandbox(): Promise<SandboxModule> {
  const name = '@oauthkit/sandbox';
  try {
    return (await import(name)) as SandboxModule;
  } catch {
    throw new CliError(
      '@oauthkit/sandbox is not installed',
      'npm install --save-dev @oauthkit/sandbox',
      EXIT.error,
    );
  }
}

/** Runs `sandbox` (in the foreground until Ctrl-C) or `demo`. */
export async function run(which: 'sandbox' | 'demo', options: Record<string, unknown>): Promise<number> {
  if (which === 'demo') {
    throw new CliError(
      'the demo is not part of the published packages: it lives in the oauthkit repository (examples/demo)',
      'in a clone of the repository, run npm run demo',
      EXIT.error,
    );
  }
  const { startSandbox, formatSandbox, sandboxInfo } = await loadSandbox();
  const port = typeof options.port === 'string' ? Number(options.port) : undefined;
  const sandbox = await startSandbox(port === undefined ? {} : { port });
  if (options.json) printJson(sandboxInfo(sandbox));
  else printResult(formatSandbox(sandbox));
  printMessage('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await sandbox.close();
  return EXIT.ok;
}
