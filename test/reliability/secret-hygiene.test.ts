import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { viewsOf } from '../support/no-secrets.js';
import { SENTINELS, type SentinelServers, startSentinelServers } from '../support/sentinel-servers.js';

// Every scenario runs with sentinel secrets (client secret, password, and tokens issued as
// SNTL-…); everything the library emits is then scanned for them: errors (message, stack, JSON,
// causes), util.inspect of every object, events and hooks, stdout and stderr, and every file
// but the token store. Any hit fails.
const CLIENT_ID = 'hygiene-app';
const BASIC = Buffer.from(`${CLIENT_ID}:${SENTINELS.clientSecret}`).toString('base64');
const PATTERNS = ['SNTL-', 'SNTL%2D', BASIC, encodeURIComponent(BASIC)];

let servers: SentinelServers;
let dir: string;

beforeAll(async () => {
  servers = await startSentinelServers();
  dir = await mkdtemp(join(tmpdir(), 'oauthkit-hygiene-'));
});
afterAll(async () => {
  await servers.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `action`, keeping what it threw (a scenario may fail: that is what is scanned). */
async function attempt(emitted: unknown[], action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    emitted.push(error);
  }
}

describe('secret hygiene with sentinel secrets', () => {
  it('no sentinel shows in errors, inspect views, events, output or files other than the token store', async () => {
    const emitted: unknown[] = [];
    const written: string[] = [];
    const collect = (event: unknown) => emitted.push(event);
    const realOut = process.stdout.write.bind(process.stdout);
    const realErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return realOut(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return realErr(chunk, ...rest);
    }) as typeof process.stderr.write;
    const tokenPath = join(dir, 'tokens', 'tokens.json');
    const options = {
      tokenEndpoint: servers.tokenEndpoint,
      revocationEndpoint: servers.revocationEndpoint,
      clientId: CLIENT_ID,
      clientSecret: SENTINELS.clientSecret,
      onTokenRequest: collect,
      retry: false,
    };
    const client = new OAuth2Client(options);
    const postClient = new OAuth2Client({ ...options, clientAuth: 'client_secret_post' });
    const store = new FileTokenStore(tokenPath);
    const password = async () => ({ username: 'someone@example.com', password: SENTINELS.password });
    const manager = new TokenManager({ client, store, grant: { password }, onEvent: collect });
    const refreshOnly = new TokenManager({
      client,
      store,
      key: 'refresh-only',
      grant: 'refresh_only',
      onEvent: collect,
    });
    const api = new ApiClient({
      baseUrl: servers.apiUrl,
      auth: manager,
      retry: { retries: 0 },
      onRequest: collect,
      onResponse: collect,
    });
    try {
      servers.modes.token = 'ok';
      servers.modes.api = 'ok';
      await attempt(emitted, () => api.get('/me'));
      await attempt(emitted, async () => refreshOnly.setTokens(await client.password(await password())));
      servers.modes.api = 'expire';
      await attempt(emitted, () => api.get('/me'));
      servers.modes.api = 'echo';
      await attempt(emitted, () => api.get('/me'));
      await attempt(emitted, () => api.post('/me', { body: { note: 'x' } }));
      servers.modes.token = 'echo';
      servers.modes.api = 'expire';
      await attempt(emitted, () => api.get('/me'));
      await attempt(emitted, () => refreshOnly.getAccessToken({ forceRefresh: true }));
      await attempt(emitted, () => postClient.clientCredentials());
      await attempt(emitted, () => client.password(SENTINELS as never));
      await attempt(emitted, () => client.revoke(servers.issued[0] ?? ''));
    } finally {
      process.stdout.write = realOut;
      process.stderr.write = realErr;
    }
    const errors = emitted.filter((value) => value instanceof Error);
    // The scenarios did run into the echoing servers: an API error, token errors, a reauthorization.
    expect(errors.map((error) => error.name)).toEqual(
      expect.arrayContaining(['ApiError', 'OAuthError', 'ReauthorizationRequiredError']),
    );
    expect(servers.issued.length).toBeGreaterThanOrEqual(4);
    const views = [
      ...emitted.flatMap((value) => viewsOf(value)),
      ...[client, postClient, manager, refreshOnly, api, store].map((value) =>
        inspect(value, { depth: 10, showHidden: true }),
      ),
      written.join(''),
    ];
    const files = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const file of files) {
      const path = join(file.parentPath, file.name);
      if (!file.isFile()) continue;
      if (path === tokenPath) {
        expect((await stat(path)).mode & 0o777).toBe(0o600);
        continue;
      }
      views.push(await readFile(path, 'utf8'));
    }
    const hits = views.flatMap((view, index) =>
      PATTERNS.filter((pattern) => view.includes(pattern)).map(
        (pattern) => `view ${index}: ${pattern} in ${view.slice(0, 300)}`,
      ),
    );
    process.stderr.write(
      `secret hygiene: ${views.length} views × ${PATTERNS.length} patterns scanned, ${hits.length} hits\n`,
    );
    expect(hits).toEqual([]);
    // The servers did repeat the secrets: what is shown holds the placeholders instead.
    expect(views.filter((view) => view.includes('[REDACTED]')).length).toBeGreaterThan(10);
  });
});
