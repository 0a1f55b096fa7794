// Diagnostic for the start-up goal: the same `dist/` bundled into one file. Loading ~50 small ES
// modules costs far more than their code; the difference between the two rows is what a bundled
// entry would save. esbuild comes with tsx; when it cannot be loaded the row is skipped.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface EsbuildModule {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Bundles `dist/index.js` (dependencies left external) and returns the bundle's path, or `null`. */
export async function bundleEntry(root: string): Promise<string | null> {
  let esbuild: EsbuildModule;
  try {
    esbuild = (await import('esbuild' as string)) as EsbuildModule;
  } catch {
    return null;
  }
  const outdir = join(root, 'node_modules/.cache/oauthkit-bench/bundle');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.js');
  await esbuild.build({
    entryPoints: [join(root, 'dist/index.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}
