import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { hasProxyEnvironment } from '../../src/transport/transport.js';
import { type ForwardProxy, startForwardProxy } from '../support/forward-proxy.js';
import { type SeenRequest, sendJson, startServer, type TestServer } from '../support/test-server.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
const servers: TestServer[] = [];
let proxy: ForwardProxy | undefined;
let api: ApiClient | undefined;

afterEach(async () => {
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await api?.close();
  api = undefined;
  await proxy?.close();
  proxy = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts the proxy and points HTTP_PROXY (and nothing else) at it; returns what it saw. */
async function useProxy(noProxy?: string): Promise<string[]> {
  proxy = await startForwardProxy();
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env.HTTP_PROXY = proxy.url;
  if (noProxy !== undefined) process.env.NO_PROXY = noProxy;
  return proxy.seen;
}

async function serve(handler: Parameters<typeof startServer>[0], host?: string): Promise<TestServer> {
  const server = await startServer(handler, host === undefined ? {} : { host });
  servers.push(server);
  return server;
}

/** Whether a request reached its server on one of the proxy's own connections. */
const viaProxy = (request: SeenRequest | undefined): boolean =>
  request?.remotePort !== undefined && (proxy?.upstreamPorts.has(request.remotePort) ?? false);

function tokenEndpoint(request: SeenRequest, response: ServerResponse): void {
  if (request.path === '/token') {
    sendJson(response, 200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 });
  } else sendJson(response, 404, {});
}

function resource(request: SeenRequest, response: ServerResponse): void {
  sendJson(response, 200, { path: request.path, authorization: request.headers.authorization });
}

// 127.0.0.2 and 127.0.0.3 are this machine, but not loopback names to oauthkit: remote hosts for
// the proxy rules, which plain http reaches only with allowInsecureHttp.
const clientOf = (server: TestServer) =>
  new OAuth2Client({
    tokenEndpoint: `${server.origin}/token`,
    clientId: 'app',
    clientSecret: 'app-secret',
    allowInsecureHttp: true,
  });

describe('proxy environment', () => {
  it('detects proxy variables in either case', () => {
    expect(hasProxyEnvironment({})).toBe(false);
    expect(hasProxyEnvironment({ https_proxy: 'http://p:1' })).toBe(true);
    expect(hasProxyEnvironment({ HTTP_PROXY: 'http://p:1' })).toBe(true);
    expect(hasProxyEnvironment({ NO_PROXY: 'example.com' })).toBe(true);
    expect(hasProxyEnvironment({ HTTP_PROXY: '' })).toBe(false);
  });

  it('sends requests through HTTP_PROXY when it is set', async () => {
    const target = await serve((request, response) => sendJson(response, 200, { path: request.url }));
    const seen = await useProxy();
    // `.test` names never resolve (RFC 2606): only the proxy can reach this host.
    const remote = `http://api.oauthkit.test:${target.port}`;
    api = new ApiClient({ baseUrl: remote, auth: { accessToken: 'tok' }, allowInsecureHttp: true });
    const result = await api.get('/via-proxy', { query: { q: 1 } });
    expect(result.data).toEqual({ path: '/via-proxy?q=1' });
    expect(seen).toHaveLength(1);
    expect([`CONNECT api.oauthkit.test:${target.port}`, `GET ${remote}/via-proxy?q=1`]).toContain(seen[0]);
    expect(target.requests[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('never sends a loopback request through the proxy', async () => {
    const target = await serve((_request, response) => sendJson(response, 200, {}));
    const seen = await useProxy();
    api = new ApiClient({ baseUrl: target.origin, auth: { accessToken: 'tok' } });
    await api.get('/local');
    expect(seen).toEqual([]);
    expect(target.requests).toHaveLength(1);
  });

  it('goes direct when NO_PROXY matches the host', async () => {
    const target = await serve((_request, response) => sendJson(response, 200, {}));
    const seen = await useProxy('api.oauthkit.test');
    api = new ApiClient({
      baseUrl: `http://api.oauthkit.test:${target.port}`,
      auth: { accessToken: 'tok' },
      allowInsecureHttp: true,
    });
    // Direct, the name cannot be resolved: the proxy (which could reach it) was not asked.
    const error = await api.get('/direct').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(seen).toEqual([]);
    expect(target.requests).toHaveLength(0);
  });
});

describe('token and API requests share the proxy rules', () => {
  it('sends a client credentials grant and the API request it pays for through HTTP_PROXY', async () => {
    const target = await serve(
      (request, response) =>
        request.path === '/token' ? tokenEndpoint(request, response) : resource(request, response),
      '127.0.0.2',
    );
    const seen = await useProxy();
    const tokens = await clientOf(target).clientCredentials();
    api = new ApiClient({ baseUrl: target.origin, auth: tokens, allowInsecureHttp: true });
    const { data } = await api.get('/me');
    expect(data).toEqual({ path: '/me', authorization: 'Bearer at-1' });
    expect(target.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /token',
      'GET /me',
    ]);
    expect(target.requests.map(viaProxy)).toEqual([true, true]);
    expect(target.requests[0]?.body).toContain('grant_type=client_credentials');
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.every((line) => line.includes(`127.0.0.2:${target.port}`))).toBe(true);
  }, 20_000);

  it.each([
    ['the API', 'api'],
    ['the token endpoint', 'token'],
  ] as const)(
    'reaches %s directly when NO_PROXY lists its host, the other host through the proxy',
    async (_name, direct) => {
      const tokenHost = direct === 'token' ? '127.0.0.3' : '127.0.0.2';
      const apiHost = direct === 'api' ? '127.0.0.3' : '127.0.0.2';
      const auth = await serve(tokenEndpoint, tokenHost);
      const target = await serve(resource, apiHost);
      const seen = await useProxy('127.0.0.3');
      const tokens = await clientOf(auth).clientCredentials();
      api = new ApiClient({ baseUrl: target.origin, auth: tokens, allowInsecureHttp: true });
      expect((await api.get('/me')).data).toEqual({ path: '/me', authorization: 'Bearer at-1' });
      expect(viaProxy(auth.requests[0])).toBe(direct !== 'token');
      expect(viaProxy(target.requests[0])).toBe(direct !== 'api');
      const proxied = direct === 'token' ? target : auth;
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen.every((line) => line.includes(`127.0.0.2:${proxied.port}`))).toBe(true);
    },
  );

  it('sends discovery and revocation through the proxy, and never a loopback token request', async () => {
    let origin = '';
    const target = await serve((request, response) => {
      if (request.path === '/revoke') sendJson(response, 200, {});
      else
        sendJson(response, 200, {
          issuer: origin,
          token_endpoint: `${origin}/token`,
          revocation_endpoint: `${origin}/revoke`,
        });
    }, '127.0.0.2');
    origin = target.origin;
    const local = await serve(tokenEndpoint);
    const seen = await useProxy();
    const client = await OAuth2Client.discover(origin, {
      clientId: 'app',
      clientSecret: 'app-secret',
      allowInsecureHttp: true,
    });
    await client.revoke('rt-1', { hint: 'refresh_token' });
    expect(target.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'POST /revoke',
    ]);
    expect(target.requests.map(viaProxy)).toEqual([true, true]);
    expect(target.requests[1]?.body).toContain('token=rt-1');

    const before = seen.length;
    await new OAuth2Client({ tokenEndpoint: `${local.origin}/token`, clientId: 'app' }).clientCredentials();
    expect(local.requests).toHaveLength(1);
    expect(viaProxy(local.requests[0])).toBe(false);
    expect(seen).toHaveLength(before);
  });
});
