import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import {
  type BrowserHandle,
  completeDevInteractions,
  launchBrowser,
  loginThroughProvider,
} from '../support/browser.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';

let op: OidcProviderHandle;
let browser: BrowserHandle;
beforeAll(async () => {
  [op, browser] = await Promise.all([startOidcProvider({ accessTokenTtlSeconds: 120 }), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), op?.close()]);
});

function secretsOf(tokens: TokenSet): string[] {
  return [tokens.accessToken, tokens.refreshToken, tokens.idToken].filter(
    (t): t is string => t !== undefined,
  );
}

async function browserLogin(client: OAuth2Client): Promise<{ tokens: TokenSet; page: string }> {
  let page = '';
  const tokens = await client.authorizeInBrowser({
    open: false,
    timeoutMs: 45_000,
    scopes: ['openid', 'api:read'],
    onUrl: async (url) => {
      page = await loginThroughProvider(browser, url, op.issuer);
    },
  });
  return { tokens, page };
}

describe('OAuth2Client against oidc-provider', () => {
  it('discovers every endpoint from the metadata', async () => {
    const client = await OAuth2Client.discover(op.issuer, {
      clientId: op.clients.basic.clientId,
      clientSecret: op.clients.basic.clientSecret,
    });
    const request = await client.authorizationUrl({ redirectUri: 'http://127.0.0.1:1/callback' });
    expect(request.url.startsWith(`${op.authorizationEndpoint}?`)).toBe(true);
    await expect(client.revoke('not-a-token')).resolves.toBeUndefined();
    const tokens = await client.clientCredentials({ scopes: ['api:read'] });
    expect(tokens.scope).toBe('api:read');
    expect(op.tokenRequests.at(-1)).toMatchObject({
      grant: 'client_credentials',
      clientId: 'basic-client',
      ok: true,
    });
  });

  it('sends client credentials with HTTP Basic by default and in the form with client_secret_post', async () => {
    const { basic, post } = op.clients;
    const before = Date.now();
    const viaBasic = await new OAuth2Client({ tokenEndpoint: op.tokenEndpoint, ...basic }).clientCredentials({
      scopes: ['api:read'],
    });
    const viaPost = await new OAuth2Client({
      tokenEndpoint: op.tokenEndpoint,
      ...post,
      clientAuth: 'client_secret_post',
    }).clientCredentials({
      scopes: ['api:write'],
    });
    expect(op.tokenRequests.slice(-2)).toEqual([
      { grant: 'client_credentials', clientId: 'basic-client', auth: 'basic', ok: true },
      { grant: 'client_credentials', clientId: 'post-client', auth: 'post', ok: true },
    ]);
    expect(viaBasic.expiresAt).toBeGreaterThanOrEqual(before + 119_000);
    expect(viaBasic.expiresAt).toBeLessThanOrEqual(Date.now() + 121_000);
    expect(viaPost.scope).toBe('api:write');
    expect(viaBasic.accessToken).not.toBe(viaPost.accessToken);
  });

  it('maps a wrong client secret to invalid_client without leaking it', async () => {
    const wrong = 'wrong-secret-a87ff679a2';
    const client = new OAuth2Client({
      tokenEndpoint: op.tokenEndpoint,
      clientId: 'basic-client',
      clientSecret: wrong,
    });
    const error = await caught(() => client.clientCredentials());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
    expectNoSecrets(error, [wrong, op.clients.basic.clientSecret]);
  });

  it('logs in through Chromium with PKCE, refreshes with rotation and refuses the old refresh token', async () => {
    const client = await OAuth2Client.discover(op.issuer, {
      clientId: op.clients.code.clientId,
      clientSecret: op.clients.code.clientSecret,
    });
    const codeCount = op.count('authorization_code');
    const { tokens, page } = await browserLogin(client);
    expect(page).toContain('You can close this tab');
    expect(op.count('authorization_code')).toBe(codeCount + 1);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', scope: 'openid api:read' });
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.idToken?.split('.')).toHaveLength(3);
    for (const secret of secretsOf(tokens)) expect(inspect(tokens)).not.toContain(secret);

    const renewed = await client.refresh(tokens.refreshToken ?? '');
    expect(renewed.refreshToken).toBeDefined();
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await caught(() => client.refresh(tokens.refreshToken ?? ''));
    expect(reused).toBeInstanceOf(OAuthError);
    expect((reused as OAuthError).error).toBe('invalid_grant');
    expect(op.tokenRequests.at(-1)).toMatchObject({
      grant: 'refresh_token',
      ok: false,
      error: 'invalid_grant',
    });
    expectNoSecrets(reused, [...secretsOf(tokens), ...secretsOf(renewed), op.clients.code.clientSecret]);
  });

  it('revokes a refresh token so that the server refuses it afterwards', async () => {
    const client = await OAuth2Client.discover(op.issuer, { clientId: op.clients.public.clientId });
    const { tokens } = await browserLogin(client);
    const refreshToken = tokens.refreshToken ?? '';
    await client.revoke(refreshToken, { hint: 'refresh_token' });
    const error = await caught(() => client.refresh(refreshToken));
    expect(error).toMatchObject({ name: 'OAuthError', error: 'invalid_grant' });
    expect(op.tokenRequests.at(-1)).toMatchObject({
      grant: 'refresh_token',
      clientId: 'public-client',
      auth: 'none',
      ok: false,
    });
  });

  it('runs the device flow with the code approved in the browser', async () => {
    const client = await OAuth2Client.discover(op.issuer, {
      clientId: op.clients.public.clientId,
      scopes: ['openid', 'api:read'],
    });
    let approval: Promise<void> | undefined;
    let userCode = '';
    const tokens = await client.deviceFlow({
      onPrompt: (prompt) => {
        userCode = prompt.userCode;
        expect(prompt.verificationUri).toBe(`${op.issuer}/device`);
        approval = (async () => {
          const page = await browser.newPage();
          try {
            await page.goto(prompt.verificationUriComplete ?? '', { waitUntil: 'domcontentloaded' });
            await completeDevInteractions(page, op.issuer);
            expect(await page.textContent('h1')).toBe('Sign-in Success');
          } finally {
            await page.close();
          }
        })();
      },
    });
    await approval;
    expect(userCode).toMatch(/^[A-Z]{4}-?[A-Z]{4}$/);
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    expect(tokens.scope).toContain('api:read');
    expect(
      op.tokenRequests.filter((r) => r.grant === 'urn:ietf:params:oauth:grant-type:device_code' && r.ok),
    ).toHaveLength(1);
  });
});
