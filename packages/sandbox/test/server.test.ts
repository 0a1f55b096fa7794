import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import { echoApis, get, postForm } from './support/sandbox-helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ apis: echoApis() });
});
afterAll(() => sandbox.close());

async function misocaToken(s: Sandbox): Promise<string> {
  const { username, password } = s.misoca.user;
  const response = await postForm(
    s.misoca.tokenUrl,
    { grant_type: 'password', username, password, scope: 'write' },
    { id: s.misoca.clientId, secret: s.misoca.clientSecret },
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('sandbox server', () => {
  it('binds 127.0.0.1 and lays out both providers under one origin', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.misoca).toMatchObject({
      baseUrl: `${sandbox.url}/misoca/api/v3`,
      siteUrl: `${sandbox.url}/misoca`,
      authorizeUrl: `${sandbox.url}/misoca/oauth2/authorize`,
      tokenUrl: `${sandbox.url}/misoca/oauth2/token`,
      revokeUrl: `${sandbox.url}/misoca/oauth2/revoke`,
    });
    expect(sandbox.helloasso).toMatchObject({
      apiBase: `${sandbox.url}/helloasso`,
      authBase: `${sandbox.url}/helloasso/auth`,
      baseUrl: `${sandbox.url}/helloasso/v5`,
      authorizeUrl: `${sandbox.url}/helloasso/auth/authorize`,
      tokenUrl: `${sandbox.url}/helloasso/oauth2/token`,
      disconnectUrl: `${sandbox.url}/helloasso/oauth2/disconnect`,
    });
    expect(sandbox.helloasso.signatureKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hands the API emulation the relative path, query, parsed JSON body, caller and absolute base URL', async () => {
    const token = await misocaToken(sandbox);
    const response = await fetch(`${sandbox.misoca.baseUrl}/invoice?x=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Test' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      caller: { clientId: sandbox.misoca.clientId, scopes: ['write'], userId: '4201' },
      path: '/invoice',
      body: { subject: 'Test' },
    });
    expect((await get(`${sandbox.misoca.baseUrl}/invoice`, 'not-a-valid-token')).status).toBe(401);
  });

  it('answers unknown routes with a JSON 404 and serves its own description at /_sandbox', async () => {
    const missing = await get(`${sandbox.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    const described = (await (await get(`${sandbox.url}/_sandbox`)).json()) as Record<string, unknown>;
    expect(described).toEqual(
      JSON.parse(JSON.stringify({ url: sandbox.url, misoca: sandbox.misoca, helloasso: sandbox.helloasso })),
    );
    const counts = (await (await get(`${sandbox.url}/_sandbox/token-requests`)).json()) as {
      misoca: Record<string, number>;
    };
    expect(counts.misoca.password).toBeGreaterThanOrEqual(1);
  });

  it('close() frees the port, even with a keep-alive connection open', async () => {
    const other = await startSandbox({ apis: echoApis() });
    const port = Number(new URL(other.url).port);
    expect((await get(`${other.url}/_sandbox`)).status).toBe(200);
    await other.close();
    await other.close();
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    // And the sandbox can take that port explicitly.
    const again = await startSandbox({ apis: echoApis(), port });
    expect(again.url).toBe(`http://127.0.0.1:${port}`);
    await again.close();
  });

  it('refuses token lifetimes that are not whole positive seconds', async () => {
    await expect(startSandbox({ apis: echoApis(), accessTokenTtlSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ apis: echoApis(), refreshTokenTtlSeconds: 1.5 })).rejects.toThrow(
      /refreshTokenTtlSeconds/,
    );
  });

  it('fails to start with the listen error when the port is taken', async () => {
    const port = Number(new URL(sandbox.url).port);
    await expect(startSandbox({ apis: echoApis(), port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
