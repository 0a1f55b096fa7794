import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthorizationCallbackError } from '../../src/errors/authorization-callback-error.js';
import { safeEqual } from '../../src/oauth/_callback-server.js';
import type { OAuth2Client } from '../../src/oauth/client.js';
import { loopbackTokenClient } from '../support/loopback-token-client.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';
import type { ScriptedServerHandle } from '../support/scripted-http-server.js';

const SECRET = 'loopback-secret-e4da3b7fbb';
let tokenServer: ScriptedServerHandle | undefined;
afterEach(async () => {
  await tokenServer?.close();
  tokenServer = undefined;
});

async function makeClient(): Promise<OAuth2Client> {
  let client: OAuth2Client;
  ({ client, tokenServer } = await loopbackTokenClient(
    { access_token: 'at-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-1' },
    { clientSecret: SECRET, scopes: ['read'] },
  ));
  return client;
}

/** The status of a GET sent with another `Host` header (fetch cannot set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What the browser would do: GET the redirect URI with `query`; returns the status seen. */
async function visit(redirectUri: string, query: string, path?: string): Promise<number> {
  const url = new URL(redirectUri);
  if (path) url.pathname = path;
  url.search = query;
  const response = await fetch(url);
  await response.text();
  return response.status;
}

describe('authorizeInBrowser (loopback callback)', () => {
  it('ignores stray requests and a wrong state, then exchanges the first valid code with PKCE', async () => {
    const client = await makeClient();
    const seen: number[] = [];
    let authorizationUrl = '';
    const tokens = await client.authorizeInBrowser({
      open: false,
      onUrl: async (url) => {
        authorizationUrl = url;
        const params = new URL(url).searchParams;
        const redirectUri = params.get('redirect_uri') ?? '';
        seen.push(await visit(redirectUri, '', '/favicon.ico'));
        seen.push(await visit(redirectUri, 'code=evil&state=wrong-state'));
        seen.push(await visit(redirectUri, `code=good-code&state=${params.get('state')}`));
      },
    });
    expect(seen).toEqual([404, 400, 200]);
    expect(tokens.accessToken).toBe('at-1');
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('scope')).toBe('read');
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const form = tokenServer?.requests[0]?.form;
    expect(tokenServer?.requests).toHaveLength(1);
    expect(form).toMatchObject({
      grant_type: 'authorization_code',
      code: 'good-code',
      redirect_uri: params.get('redirect_uri'),
    });
    expect(form?.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    await expect(visit(params.get('redirect_uri') ?? '', 'code=late')).rejects.toThrow();
  });

  it('rejects with the provider’s error on error=access_denied and exchanges nothing', async () => {
    const client = await makeClient();
    const error = await caught(() =>
      client.authorizeInBrowser({
        open: false,
        onUrl: async (url) => {
          const params = new URL(url).searchParams;
          const query = `error=access_denied&error_description=The+user+said+no&state=${params.get('state')}`;
          expect(await visit(params.get('redirect_uri') ?? '', query)).toBe(400);
        },
      }),
    );
    expect(error).toBeInstanceOf(AuthorizationCallbackError);
    expect(error).toMatchObject({ error: 'access_denied', errorDescription: 'The user said no' });
    expect(tokenServer?.requests).toHaveLength(0);
    expectNoSecrets(error, [SECRET]);
  });

  it('times out with error "timeout" and aborts with error "aborted"', async () => {
    const client = await makeClient();
    const timedOut = await caught(() => client.authorizeInBrowser({ open: false, timeoutMs: 200 }));
    expect(timedOut).toMatchObject({ name: 'AuthorizationCallbackError', error: 'timeout' });
    const controller = new AbortController();
    const aborted = await caught(() =>
      client.authorizeInBrowser({ open: false, signal: controller.signal, onUrl: () => controller.abort() }),
    );
    expect(aborted).toMatchObject({ name: 'AuthorizationCallbackError', error: 'aborted' });
    expect(tokenServer?.requests).toHaveLength(0);
  });

  it('binds the port and path of a registered redirect URI on 127.0.0.1', async () => {
    const port = await freePort();
    const client = await makeClient();
    const redirectUri = `http://localhost:${port}/oauth/misoca`;
    const tokens = await client.authorizeInBrowser({
      open: false,
      redirectUri,
      onUrl: async (url) => {
        const params = new URL(url).searchParams;
        expect(params.get('redirect_uri')).toBe(redirectUri);
        const direct = `http://127.0.0.1:${port}/oauth/misoca`;
        expect(await visit(direct, `code=k&state=${params.get('state')}`)).toBe(200);
      },
    });
    expect(tokens.refreshToken).toBe('rt-1');
    expect(tokenServer?.requests[0]?.form.redirect_uri).toBe(redirectUri);
  });

  it('sends a registered URI with a fixed port exactly as written, http://localhost:PORT without a path too', async () => {
    const port = await freePort();
    const client = await makeClient();
    const redirectUri = `http://localhost:${port}`;
    await client.authorizeInBrowser({
      open: false,
      redirectUri,
      onUrl: async (url) => {
        const params = new URL(url).searchParams;
        expect(params.get('redirect_uri')).toBe(redirectUri);
        expect(await visit(`${redirectUri}/`, `code=k&state=${params.get('state')}`)).toBe(200);
      },
    });
    expect(tokenServer?.requests[0]?.form.redirect_uri).toBe(redirectUri);
  });

  it('serves a registered http://0.0.0.0:PORT/path on 127.0.0.1 and answers the browser that opens 0.0.0.0', async () => {
    const port = await freePort();
    const client = await makeClient();
    const redirectUri = `http://0.0.0.0:${port}/callback_misoca`;
    await client.authorizeInBrowser({
      open: false,
      redirectUri,
      onUrl: async (url) => {
        const params = new URL(url).searchParams;
        expect(params.get('redirect_uri')).toBe(redirectUri);
        // Another Host on the same socket is still refused (DNS rebinding), and the wait goes on.
        const rebound = await statusWithHost(
          `http://127.0.0.1:${port}/callback_misoca?code=x&state=${params.get('state')}`,
          `evil.example:${port}`,
        );
        expect(rebound).toBe(400);
        expect(await visit(redirectUri, `code=k&state=${params.get('state')}`)).toBe(200);
      },
    });
    expect(tokenServer?.requests[0]?.form).toMatchObject({ redirect_uri: redirectUri, code: 'k' });
  });

  it('closes the callback server when onUrl fails', async () => {
    const client = await makeClient();
    let redirectUri = '';
    const error = await caught(() =>
      client.authorizeInBrowser({
        open: false,
        onUrl: (url) => {
          redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
          throw new Error('could not show the URL');
        },
      }),
    );
    expect((error as Error).message).toBe('could not show the URL');
    await expect(visit(redirectUri, 'code=x')).rejects.toThrow();
  });

  it('refuses a redirect URI that is not loopback http', async () => {
    const client = await makeClient();
    const error = await caught(() =>
      client.authorizeInBrowser({ open: false, redirectUri: 'https://app.example/cb' }),
    );
    expect(error).toMatchObject({ name: 'ConfigurationError' });
  });

  it('compares state in constant time on equal-length buffers', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
