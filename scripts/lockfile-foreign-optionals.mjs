#!/usr/bin/env node
// Adds to package-lock.json the platform-specific optional packages of other systems (biome's,
// esbuild's, rollup's builds for macOS, Windows, musl, ...). This machine's npm registry mirror
// answers 404 for them, so `npm install` leaves them out of the lock file, and `npm ci` then
// refuses the lock as out of sync. Their platform is read from their name, so npm installs
// them only where they belong. Run after any `npm install` that changes the lock file:
//   npm run lock
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPUS = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el', 'wasm32'];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const parts = name.split(/[/-]/);
    const os = OSES.find((candidate) => parts.includes(candidate));
    const cpu = CPUS.find((candidate) => parts.includes(candidate));
    if (os === undefined) continue; // not a platform build: leave it to npm
    packages[hoisted] = {
      version: String(range).replace(/^[\^~=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(parts.includes('musl') ? { libc: ['musl'] } : {}),
    };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} optional platform packages added\n`);
