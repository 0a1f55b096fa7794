import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;

// Bundled like the published package (packages external) into a directory with no
// node_modules anywhere above it, so `ioredis` really cannot be found.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauthkit-no-ioredis-'));
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/redis/index.ts', import.meta.url))],
    outfile: join(dir, 'redis.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'probe.mjs'),
    `import { RedisTokenStore } from './redis.js';
const outcome = {};
try { new RedisTokenStore({}); } catch (e) { outcome.construct = [e.name, e.message]; }
try { await RedisTokenStore.fromUrl('redis://127.0.0.1:1'); } catch (e) { outcome.fromUrl = [e.name, e.message]; }
console.log(JSON.stringify(outcome));`,
  );
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('oauthkit/redis where ioredis is not installed', () => {
  it('loads, and says what to install when asked to connect', async () => {
    const { stdout } = await run(process.execPath, [join(dir, 'probe.mjs')], { cwd: dir });
    const outcome = JSON.parse(stdout) as Record<string, [string, string]>;
    expect(outcome.construct?.[0]).toBe('ConfigurationError');
    expect(outcome.construct?.[1]).toMatch(/needs an ioredis client/);
    expect(outcome.fromUrl).toEqual([
      'ConfigurationError',
      'oauthkit/redis needs the ioredis package, which is not installed: run npm install ioredis.',
    ]);
  });
});
