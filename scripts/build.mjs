#!/usr/bin/env node
// Builds dist/: JavaScript bundled per entry point by esbuild, types by tsc.
//
// The source is many small modules (CONVENTIONS.md); loading ~50 ES module files costs Node
// ~40 ms at start-up, so the published code is bundled (code shared by the entries goes to
// common chunks, so every class exists once and `instanceof` holds across entries). What is
// imported lazily (undici, the browser login, the sandbox's emulations) stays in lazy chunks.
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: {
    index: 'src/index.ts',
    'redis/index': 'src/redis/index.ts',
    'sandbox/index': 'src/sandbox/index.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: '_chunks/[name]-[hash]',
  logLevel: 'warning',
});
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
