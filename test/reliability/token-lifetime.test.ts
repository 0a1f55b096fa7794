import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EXPIRES_IN_SECONDS, tokenSetFromWire } from '../../src/oauth/_token-set-from-wire.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { startServer, type TestServer } from '../support/test-server.js';

// Ten years of 365.25 days: the documented maximum lifetime.
const TEN_YEARS_MS = 10 * 365.25 * 86_400_000;
const NOW = 1_700_000_000_000;

let server: TestServer | undefined;
let directory: string | undefined;
afterEach(async () => {
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
  server = undefined;
  directory = undefined;
});

/** A client of a token endpoint that answers each request with the next `expires_in` (raw JSON text). */
async function clientAnswering(...expiresIn: string[]): Promise<OAuth2Client> {
  server = await startServer((_request, response, index) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const value = expiresIn[Math.min(index, expiresIn.length - 1)];
    response.end(`{"access_token":"access-${index + 1}","token_type":"Bearer","expires_in":${value}}`);
  });
  return new OAuth2Client({ tokenEndpoint: `${server.origin}/token`, clientId: 'app', clientSecret: 's' });
}

async function fileStore(): Promise<FileTokenStore> {
  directory = await mkdtemp(join(tmpdir(), 'oauthkit-lifetime-'));
  return new FileTokenStore(join(directory, 'tokens.json'));
}

describe('absurd expires_in from the token endpoint', () => {
  it('clamps expires_in 1e13 to ten years, so that util.inspect of the TokenManager does not throw', async () => {
    const manager = new TokenManager({ client: await clientAnswering('1e13'), grant: 'client_credentials' });
    const before = Date.now();
    await manager.getAccessToken();
    const shown = inspect(manager);
    const { expiresAt } = (await manager.getTokens()) as TokenSet;
    expect(shown).toContain(`expiresAt: ${new Date(expiresAt as number).toISOString()}`);
    expect(MAX_EXPIRES_IN_SECONDS * 1000).toBe(TEN_YEARS_MS);
    expect(expiresAt).toBeGreaterThanOrEqual(before + TEN_YEARS_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TEN_YEARS_MS);
  });

  it('clamps expires_in 1e308 and 1e400 (Infinity once parsed), so that a FileTokenStore writes and reads back the tokens', async () => {
    const store = await fileStore();
    const client = await clientAnswering('1e308', '1e400');
    for (const key of ['huge', 'infinite']) {
      const manager = new TokenManager({ client, store, key, grant: 'client_credentials' });
      await manager.getAccessToken();
      const stored = await store.get(key);
      expect(stored?.tokens.expiresAt).toBeGreaterThan(Date.now() + TEN_YEARS_MS - 60_000);
      expect(stored?.tokens.expiresAt).toBeLessThanOrEqual(Date.now() + TEN_YEARS_MS);
    }
  });

  it('treats a negative expires_in as already expired, so the TokenManager renews on the next call', async () => {
    const manager = new TokenManager({
      client: await clientAnswering('-30', '-1e400'),
      grant: 'client_credentials',
    });
    const before = Date.now();
    expect(await manager.getAccessToken()).toBe('access-1');
    const { expiresAt } = (await manager.getTokens()) as TokenSet;
    expect(expiresAt).toBeGreaterThanOrEqual(before);
    expect(expiresAt).toBeLessThanOrEqual(Date.now());
    expect(await manager.getAccessToken()).toBe('access-2');
    expect(server?.requests).toHaveLength(2);
  });

  it('clamps a huge quoted expires_in, and gives no expiry for one that is not a number', () => {
    const expiresAt = (value: unknown) =>
      tokenSetFromWire({ access_token: 'a', expires_in: value }, NOW).expiresAt;
    expect(expiresAt('99999999999999999999')).toBe(NOW + TEN_YEARS_MS);
    expect(expiresAt(Number.NEGATIVE_INFINITY)).toBe(NOW);
    expect(expiresAt(0)).toBe(NOW);
    expect(expiresAt(' 3600 ')).toBe(NOW + 3_600_000);
    for (const value of ['soon', '', '-5', '0x10', 'NaN', Number.NaN, true, {}, [], null, undefined]) {
      expect(expiresAt(value)).toBeNull();
    }
  });
});
