import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-system-deps.mjs', import.meta.url));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/ensure-system-deps.mjs (run before npm test)', () => {
  it('passes when redis-server and chromium are present', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(result.status).toBe(0);
  });

  it('names the missing package and how to install it when it cannot install it', () => {
    // A PATH with node and sh only: no redis-server, and no apt-get to install it with.
    dir = mkdtempSync(join(tmpdir(), 'oauthkit-deps-'));
    symlinkSync(process.execPath, join(dir, 'node'));
    symlinkSync('/bin/sh', join(dir, 'sh'));
    const result = spawnSync(join(dir, 'node'), [SCRIPT], { encoding: 'utf8', env: { PATH: dir } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing: redis-server');
    expect(result.stderr).toContain('apt-get install -y redis-server');
  });
});
