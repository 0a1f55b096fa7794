import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReauthorizationRequiredError } from '../../src/errors/reauthorization-required-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { type BrowserHandle, launchBrowser, loginThroughProvider } from '../support/browser.js';
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';

// The whole core end to end: a browser login at a certified authorization server, then many
// concurrent API calls (the provider's own userinfo endpoint is the protected resource) at the
// moment the access token has expired. Refresh tokens rotate, so a second refresh would fail.
const ACCESS_TOKEN_TTL_SECONDS = 8;
const CONCURRENT_CALLS = 500;

let op: OidcProviderHandle;
let browser: BrowserHandle;
beforeAll(async () => {
  [op, browser] = await Promise.all([
    startOidcProvider({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, rotateRefreshToken: true }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), op?.close()]);
});

async function loggedInManager(
  store: MemoryTokenStore,
): Promise<{ client: OAuth2Client; tokens: TokenManager }> {
  const client = new OAuth2Client({
    issuer: op.issuer,
    tokenEndpoint: op.tokenEndpoint,
    authorizationEndpoint: op.authorizationEndpoint,
    revocationEndpoint: op.revocationEndpoint,
    clientId: op.clients.code.clientId,
    clientSecret: op.clients.code.clientSecret,
    scopes: ['openid', 'offline_access'],
  });
  const login = await client.authorizeInBrowser({
    open: false,
    timeoutMs: 45_000,
    params: { prompt: 'consent' },
    onUrl: async (url) => {
      await loginThroughProvider(browser, url, op.issuer);
    },
  });
  expect(login.refreshToken).toEqual(expect.any(String));
  const tokens = new TokenManager({ client, store, key: 'stampede' });
  await tokens.setTokens(login);
  return { client, tokens };
}

async function untilExpired(store: MemoryTokenStore): Promise<string> {
  const stored = await store.get('stampede');
  const expiresAt = stored?.tokens.expiresAt ?? 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1200));
  return stored?.tokens.accessToken ?? '';
}

describe('stampede after expiry, against oidc-provider', () => {
  it(`${CONCURRENT_CALLS} concurrent api.get calls cause exactly one refresh and all succeed`, async () => {
    const store = new MemoryTokenStore();
    const { tokens } = await loggedInManager(store);
    const api = new ApiClient({ baseUrl: op.issuer, auth: tokens });
    try {
      const expiredToken = await untilExpired(store);
      const refreshesBefore = op.count('refresh_token');

      const responses = await Promise.all(
        Array.from({ length: CONCURRENT_CALLS }, () => api.get<{ sub: string }>('/me')),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(CONCURRENT_CALLS).fill(200));
      expect(new Set(responses.map((r) => r.data.sub)).size).toBe(1);
      expect(op.count('refresh_token') - refreshesBefore).toBe(1);
      expect(op.tokenRequests.filter((r) => !r.ok)).toEqual([]);
      const stored = await store.get('stampede');
      expect(stored?.tokens.accessToken).not.toBe(expiredToken);
    } finally {
      await api.close();
    }
  });

  it('with no known expiry, the 401s of 100 concurrent calls cause one refresh, then each is replayed', async () => {
    const store = new MemoryTokenStore();
    const { tokens } = await loggedInManager(store);
    // As when a server sends no expires_in: the manager can only learn of expiry from a 401.
    const current = await store.get('stampede');
    await tokens.setTokens({ ...current!.tokens, expiresAt: null });
    const api = new ApiClient({ baseUrl: op.issuer, auth: tokens });
    try {
      await new Promise((resolve) => setTimeout(resolve, ACCESS_TOKEN_TTL_SECONDS * 1000 + 1200));
      const expiredToken = await tokens.getAccessToken();
      expect(expiredToken).toBe(current!.tokens.accessToken);
      const refreshesBefore = op.count('refresh_token');

      const responses = await Promise.all(Array.from({ length: 100 }, () => api.get('/me')));

      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(op.count('refresh_token') - refreshesBefore).toBe(1);
      expect(await tokens.getAccessToken()).not.toBe(expiredToken);
    } finally {
      await api.close();
    }
  });

  it('a revoked grant ends in ReauthorizationRequiredError and the stored tokens are kept', async () => {
    const store = new MemoryTokenStore();
    const { client, tokens } = await loggedInManager(store);
    const before = await store.get('stampede');
    // oidc-provider revokes the whole grant, so the refresh token dies with the access token.
    await client.revoke(before!.tokens.accessToken, { hint: 'access_token' });
    const api = new ApiClient({ baseUrl: op.issuer, auth: tokens });
    try {
      const error = await api.get('/me').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReauthorizationRequiredError);
      expect((await store.get('stampede'))?.tokens.refreshToken).toBe(before!.tokens.refreshToken);
    } finally {
      await api.close();
    }
  });
});
