import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import { echoApis, get, pkcePair, postForm, redirectParams } from './support/sandbox-helpers.js';

let sandbox: Sandbox;
const REDIRECT = 'http://localhost:41234/oauth/callback';

beforeAll(async () => {
  sandbox = await startSandbox({
    apis: echoApis(),
    autoApprove: true,
    helloasso: { organizationSlug: 'club-des-tests' },
  });
});
afterAll(() => sandbox.close());

function clientCredentials(): Promise<Response> {
  const { clientId, clientSecret, tokenUrl } = sandbox.helloasso;
  return postForm(tokenUrl, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
}

describe('HelloAsso authorization server', () => {
  it('answers client credentials like HelloAsso: JWT access token, refresh token, lower-case bearer, 1800 s', async () => {
    const response = await clientCredentials();
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    const [, payload] = (tokens.access_token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims.cps).toContain('AccessTransactions');
    expect((claims.exp as number) - (claims.iat as number)).toBe(1800);
    const api = await get(
      `${sandbox.helloasso.baseUrl}/organizations/club-des-tests/orders`,
      tokens.access_token as string,
    );
    expect(await api.json()).toMatchObject({
      caller: { clientId: sandbox.helloasso.clientId, scopes: [] },
      path: '/organizations/club-des-tests/orders',
    });
  });

  it('refreshes with client_id only, rotates, and refuses the old refresh token', async () => {
    const first = (await (await clientCredentials()).json()) as Record<string, string>;
    const { clientId, tokenUrl } = sandbox.helloasso;
    const refreshed = await postForm(tokenUrl, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: first.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Record<string, string>;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reuse = await postForm(tokenUrl, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: first.refresh_token!,
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    const counts = sandbox.tokenRequests().helloasso;
    expect(counts.refresh_token).toBeGreaterThanOrEqual(2);
    expect(counts.client_credentials).toBeGreaterThanOrEqual(2);
  });

  it('lets exactly one of several concurrent refreshes with the same refresh token win', async () => {
    const first = (await (await clientCredentials()).json()) as Record<string, string>;
    const { clientId, tokenUrl } = sandbox.helloasso;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        postForm(tokenUrl, {
          grant_type: 'refresh_token',
          client_id: clientId,
          refresh_token: first.refresh_token!,
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400]);
  });

  it('auto-approves the authorization code flow and returns organization_slug on the exchange only', async () => {
    const { verifier, challenge } = pkcePair();
    const { clientId, clientSecret, authorizeUrl, tokenUrl } = sandbox.helloasso;
    // HelloAsso's documented authorize request has no response_type.
    const query = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
    });
    const redirect = await get(`${authorizeUrl}?${query}`);
    expect(redirect.status).toBe(302);
    const params = redirectParams(redirect);
    expect(params.get('state')).toBe('s1');
    const exchange = {
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: clientId,
    };
    const withoutSecret = await postForm(tokenUrl, exchange);
    expect(withoutSecret.status).toBe(401);
    expect(await withoutSecret.json()).toMatchObject({ error: 'invalid_client' });
    const tokens = (await (
      await postForm(tokenUrl, { ...exchange, client_secret: clientSecret })
    ).json()) as Record<string, string>;
    expect(tokens.organization_slug).toBe('club-des-tests');
    const caller = (
      (await (
        await get(`${sandbox.helloasso.baseUrl}/users/me/organizations`, tokens.access_token)
      ).json()) as { caller: unknown }
    ).caller;
    expect(caller).toMatchObject({ organizationSlug: 'club-des-tests', userId: 'helloasso-admin' });
    const refreshed = (await (
      await postForm(tokenUrl, {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: tokens.refresh_token!,
      })
    ).json()) as Record<string, string>;
    expect(refreshed.organization_slug).toBeUndefined();
    expect(refreshed.access_token).toBeTruthy();
  });

  it('disconnect revokes the caller’s tokens: the API and the token endpoint refuse them', async () => {
    const tokens = (await (await clientCredentials()).json()) as Record<string, string>;
    expect(
      (await get(`${sandbox.helloasso.baseUrl}/users/me/organizations`, tokens.access_token)).status,
    ).toBe(200);
    expect((await get(sandbox.helloasso.disconnectUrl)).status).toBe(401);
    expect((await get(sandbox.helloasso.disconnectUrl, tokens.access_token)).status).toBe(200);
    expect(
      (await get(`${sandbox.helloasso.baseUrl}/users/me/organizations`, tokens.access_token)).status,
    ).toBe(401);
    const refresh = await postForm(sandbox.helloasso.tokenUrl, {
      grant_type: 'refresh_token',
      client_id: sandbox.helloasso.clientId,
      refresh_token: tokens.refresh_token!,
    });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong client secret with invalid_client and an unsupported grant with unauthorized_client', async () => {
    const { clientId, tokenUrl } = sandbox.helloasso;
    const wrong = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: 'wrong-secret',
    });
    expect([400, 401]).toContain(wrong.status);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const password = await postForm(tokenUrl, {
      grant_type: 'password',
      username: 'a',
      password: 'b',
      client_id: clientId,
      client_secret: sandbox.helloasso.clientSecret,
    });
    expect(await password.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});

describe('short token lifetimes', () => {
  it('expires a 1 s access token: the API refuses it afterwards and a refresh gets a new one', async () => {
    const short = await startSandbox({ apis: echoApis(), accessTokenTtlSeconds: 1 });
    try {
      const { clientId, clientSecret, tokenUrl, baseUrl } = short.helloasso;
      const tokens = (await (
        await postForm(tokenUrl, {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        })
      ).json()) as Record<string, unknown>;
      expect(tokens.expires_in).toBe(1);
      expect((await get(`${baseUrl}/users/me/organizations`, tokens.access_token as string)).status).toBe(
        200,
      );
      // Wait for the expiry to be observed, polling gently (bounded by the test timeout).
      let status = 200;
      while (status === 200) {
        await sleep(250);
        status = (await get(`${baseUrl}/users/me/organizations`, tokens.access_token as string)).status;
      }
      expect(status).toBe(401);
      const refreshed = (await (
        await postForm(tokenUrl, {
          grant_type: 'refresh_token',
          client_id: clientId,
          refresh_token: tokens.refresh_token as string,
        })
      ).json()) as Record<string, string>;
      expect((await get(`${baseUrl}/users/me/organizations`, refreshed.access_token)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('refuses an expired refresh token with invalid_grant', async () => {
    const short = await startSandbox({ apis: echoApis(), refreshTokenTtlSeconds: 1 });
    try {
      const { clientId, clientSecret, tokenUrl } = short.helloasso;
      const tokens = (await (
        await postForm(tokenUrl, {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        })
      ).json()) as Record<string, string>;
      await sleep(1_500);
      const refresh = await postForm(tokenUrl, {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: tokens.refresh_token!,
      });
      expect(refresh.status).toBe(400);
      expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await short.close();
    }
  });
});
