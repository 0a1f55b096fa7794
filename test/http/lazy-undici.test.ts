import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/test-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Runs in a fresh node: imports the package entry, then makes one request. undici is CommonJS, so
// once loaded (even through `import()`) its files appear in require.cache — the positive control
// after the request proves the check can see it.
const script = (port: number) => `
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const undiciLoaded = () => Object.keys(require.cache).some((file) => file.includes('/node_modules/undici/'));
const oauthkit = await import('./src/index.ts');
const afterImport = undiciLoaded();
const api = new oauthkit.ApiClient({ baseUrl: 'http://127.0.0.1:${port}', auth: { accessToken: 'x' }, retry: { retries: 0 } });
const error = await api.get('/').catch((caught) => caught);
const afterRequest = undiciLoaded();
await api.close();
console.log(JSON.stringify({ afterImport, afterRequest, error: error.name, exports: Object.keys(oauthkit).length }));
`;

describe('start-up cost', () => {
  it('importing oauthkit does not load undici; the first request does', async () => {
    const port = await freePort();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script(port)],
      { cwd: root, timeout: 50_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(result.exports).toBeGreaterThan(10);
    expect(result.afterImport).toBe(false);
    expect(result.error).toBe('NetworkError');
    expect(result.afterRequest).toBe(true);
  });
});
