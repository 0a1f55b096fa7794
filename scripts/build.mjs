#!/usr/bin/env node
// Builds dist/ of each package: JavaScript bundled per entry point by esbuild, types by tsc.
// `node scripts/build.mjs` builds both packages; `node scripts/build.mjs <package name>` builds one.
//
// The source is many small modules (CONTRIBUTING.md); loading ~50 ES module files costs Node
// ~40 ms at start-up, so the published code is bundled (code shared by the entries goes to
// common chunks, so every class exists once and `instanceof` holds across entries). What is
// imported lazily (undici, the browser login, the sandbox's emulations) stays in lazy chunks.
import { execFileSync } from 'node:child_process';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repository = fileURLToPath(new URL('..', import.meta.url));
const packages = {
  oauthkit: {
    dir: '.',
    entryPoints: {
      index: 'src/index.ts',
      'redis/index': 'src/redis/index.ts',
      'providers/helloasso/index': 'src/providers/helloasso/index.ts',
      'providers/misoca/index': 'src/providers/misoca/index.ts',
    },
    // The CLI is a program: it shares no object with the library's users, so it is bundled on its
    // own. Were it one more entry of the library's build, every set of modules the two use
    // differently would become one more chunk that `import('oauthkit')` loads.
    programs: { cli: 'src/cli/main.ts' },
    executables: ['cli.js'],
  },
  '@oauthkit/sandbox': {
    dir: 'packages/sandbox',
    entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
    executables: ['cli.js'],
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in packages)) {
    process.stderr.write(`build: unknown package "${name}"; known: ${Object.keys(packages).join(', ')}\n`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? wanted : Object.keys(packages)) {
  const { dir, entryPoints, programs, executables } = packages[name];
  const root = join(repository, dir);
  await rm(join(root, 'dist'), { recursive: true, force: true });
  await bundle(root, entryPoints, '_chunks');
  if (programs) await bundle(root, programs, '_chunks/cli');
  for (const file of executables) await chmod(join(root, 'dist', file), 0o755);
  execFileSync(
    process.execPath,
    [join(repository, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}

/** Bundles `entryPoints` into dist/, with the code they share and what they load lazily in `chunks`. */
async function bundle(root, entryPoints, chunks) {
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    chunkNames: `${chunks}/[name]-[hash]`,
    logLevel: 'warning',
  });
}
