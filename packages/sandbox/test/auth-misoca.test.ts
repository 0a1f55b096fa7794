import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import {
  consentTokenFor,
  echoApis,
  get,
  pkcePair,
  postForm,
  redirectParams,
} from './support/sandbox-helpers.js';

let sandbox: Sandbox;
const REDIRECT = 'http://127.0.0.1:53682/callback';

beforeAll(async () => {
  sandbox = await startSandbox({ apis: echoApis() });
});
afterAll(() => sandbox.close());

function authorizeParams(challenge: string, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: sandbox.misoca.clientId,
    redirect_uri: REDIRECT,
    scope: 'write',
    state: 'xyz-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

async function loginThroughConsentPage(challenge: string): Promise<string> {
  const params = authorizeParams(challenge);
  const page = await get(`${sandbox.misoca.authorizeUrl}?${new URLSearchParams(params)}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('name="decision" value="approve"');
  expect(html).toContain(`value="${challenge}"`);
  const { username, password } = sandbox.misoca.user;
  const consent_token = /name="consent_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const approved = await postForm(sandbox.misoca.authorizeUrl, {
    ...params,
    consent_token,
    username,
    password,
    decision: 'approve',
  });
  expect(approved.status).toBe(302);
  const query = redirectParams(approved);
  expect(query.get('state')).toBe('xyz-state');
  expect(
    new URL(approved.headers.get('location')!).origin + new URL(approved.headers.get('location')!).pathname,
  ).toBe(REDIRECT);
  return query.get('code')!;
}

const client = () => ({ id: sandbox.misoca.clientId, secret: sandbox.misoca.clientSecret });

describe('Misoca authorization server', () => {
  it('runs the authorization code flow with PKCE through the consent page, then refreshes with rotation', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await loginThroughConsentPage(challenge);
    const exchanged = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      client(),
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('cache-control')).toBe('no-store');
    const tokens = (await exchanged.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual([
      'access_token',
      'created_at',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'write' });
    expect(Math.abs((tokens.created_at as number) - Date.now() / 1000)).toBeLessThan(120);

    const api = await get(`${sandbox.misoca.baseUrl}/user/me`, tokens.access_token as string);
    expect(await api.json()).toMatchObject({
      caller: { clientId: sandbox.misoca.clientId, userId: '4201', scopes: ['write'] },
      path: '/user/me',
    });

    // The code is single-use.
    const replay = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      client(),
    );
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const refreshed = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      client(),
    );
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Record<string, string>;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.access_token).not.toBe(tokens.access_token);

    const reuse = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      client(),
    );
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`, next.access_token)).status).toBe(200);
  });

  it('refuses a PKCE verifier that does not match with invalid_grant', async () => {
    const { challenge } = pkcePair();
    const code = await loginThroughConsentPage(challenge);
    const response = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkcePair().verifier },
      client(),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('redirects with access_denied and the state when the user denies', async () => {
    const params = authorizeParams(pkcePair().challenge);
    const consent_token = await consentTokenFor(sandbox.misoca.authorizeUrl, params);
    const denied = await postForm(sandbox.misoca.authorizeUrl, {
      ...params,
      consent_token,
      decision: 'deny',
    });
    expect(denied.status).toBe(302);
    const query = redirectParams(denied);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('xyz-state');
    expect(query.get('code')).toBeNull();
  });

  it('shows the login again on a wrong password, without redirecting', async () => {
    const params = authorizeParams(pkcePair().challenge);
    const response = await postForm(sandbox.misoca.authorizeUrl, {
      ...params,
      consent_token: await consentTokenFor(sandbox.misoca.authorizeUrl, params),
      username: sandbox.misoca.user.username,
      password: 'wrong',
      decision: 'approve',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Wrong email or password.');
  });

  it('refuses a decision that did not come from its own consent page (CSRF), issuing no code', async () => {
    const params = authorizeParams(pkcePair().challenge);
    const { username, password } = sandbox.misoca.user;
    const approve = { ...params, username, password, decision: 'approve' };
    const token = await consentTokenFor(sandbox.misoca.authorizeUrl, params);
    const otherRequestsToken = await consentTokenFor(
      sandbox.misoca.authorizeUrl,
      authorizeParams(pkcePair().challenge, { state: 'another-state' }),
    );
    const forged = [
      await postForm(sandbox.misoca.authorizeUrl, approve),
      await postForm(sandbox.misoca.authorizeUrl, { ...approve, consent_token: 'x'.repeat(20) }),
      await postForm(sandbox.misoca.authorizeUrl, { ...approve, consent_token: otherRequestsToken }),
      await postForm(sandbox.misoca.authorizeUrl, { ...approve, consent_token: token }, undefined, {
        origin: 'http://evil.example',
      }),
      await postForm(sandbox.misoca.authorizeUrl, { ...approve, consent_token: token }, undefined, {
        'sec-fetch-site': 'cross-site',
      }),
    ];
    for (const response of forged) {
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('did not come from the consent page');
    }
    // The page's own token still works, from the page's own origin.
    const approved = await postForm(
      sandbox.misoca.authorizeUrl,
      { ...approve, consent_token: token },
      undefined,
      {
        origin: sandbox.url,
        'sec-fetch-site': 'same-origin',
      },
    );
    expect(approved.status).toBe(302);
    expect(redirectParams(approved).get('code')).toMatch(/./);
  });

  it('requires S256 PKCE and a loopback or registered redirect URI', async () => {
    const noPkce = await get(
      `${sandbox.misoca.authorizeUrl}?${new URLSearchParams(authorizeParams('', { code_challenge_method: 'plain' }))}`,
    );
    expect(noPkce.status).toBe(302);
    expect(redirectParams(noPkce).get('error')).toBe('invalid_request');
    const evil = await get(
      `${sandbox.misoca.authorizeUrl}?${new URLSearchParams(authorizeParams(pkcePair().challenge, { redirect_uri: 'https://evil.example/cb' }))}`,
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    const unknownClient = await get(
      `${sandbox.misoca.authorizeUrl}?${new URLSearchParams(authorizeParams(pkcePair().challenge, { client_id: 'nope' }))}`,
    );
    expect(unknownClient.status).toBe(400);
  });

  it('runs the password grant and refuses wrong credentials and a wrong client secret', async () => {
    const { username, password } = sandbox.misoca.user;
    const ok = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'password', username, password, scope: 'read write' },
      client(),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ scope: 'read write', token_type: 'Bearer' });

    const wrongPassword = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'password', username, password: 'nope' },
      client(),
    );
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.json()).toMatchObject({ error: 'invalid_grant' });

    const badScope = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'password', username, password, scope: 'admin' },
      client(),
    );
    expect(await badScope.json()).toMatchObject({ error: 'invalid_scope' });

    const wrongSecret = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'password', username, password },
      { id: client().id, secret: 'nope' },
    );
    expect(wrongSecret.status).toBe(401);
    const body = await wrongSecret.json();
    expect(body).toMatchObject({ error: 'invalid_client' });
    expect(JSON.stringify(body)).not.toContain('nope');
    const inBody = await postForm(sandbox.misoca.tokenUrl, {
      grant_type: 'password',
      username,
      password,
      client_id: client().id,
      client_secret: 'nope',
    });
    expect(await inBody.json()).toMatchObject({ error: 'invalid_client' });
    const noSecret = await postForm(sandbox.misoca.tokenUrl, {
      grant_type: 'password',
      username,
      password,
      client_id: client().id,
    });
    expect(noSecret.status).toBe(401);

    expect(sandbox.tokenRequests().misoca.password).toBeGreaterThanOrEqual(5);
  });

  it('revokes the whole grant: the access token is then refused by the API, the refresh token by the token endpoint', async () => {
    const { username, password } = sandbox.misoca.user;
    const tokens = (await (
      await postForm(sandbox.misoca.tokenUrl, { grant_type: 'password', username, password }, client())
    ).json()) as Record<string, string>;
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`, tokens.access_token)).status).toBe(200);
    const unauthenticated = await postForm(sandbox.misoca.revokeUrl, { token: tokens.refresh_token! });
    expect(unauthenticated.status).toBe(401);
    const revoked = await postForm(
      sandbox.misoca.revokeUrl,
      { token: tokens.refresh_token!, token_type_hint: 'refresh_token' },
      client(),
    );
    expect(revoked.status).toBe(200);
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`, tokens.access_token)).status).toBe(401);
    const refresh = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
      client(),
    );
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    // RFC 7009 §2.2: an unknown token is not an error.
    expect((await postForm(sandbox.misoca.revokeUrl, { token: 'unknown' }, client())).status).toBe(200);
  });
});
