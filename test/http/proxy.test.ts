import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { hasProxyEnvironment } from '../../src/transport/transport.js';
import { sendJson, startServer, type TestServer } from '../support/test-server.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
let target: TestServer | undefined;
let proxy: Server | undefined;
let api: ApiClient | undefined;

afterEach(async () => {
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await api?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await target?.close();
});

/**
 * A forward proxy (CONNECT tunnels and absolute-form requests) that records what it was asked and
 * reaches every host on 127.0.0.1, so that names only it can resolve stand for remote hosts.
 */
async function startProxy(seen: string[]): Promise<string> {
  proxy = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? '');
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(upstream);
  });
  proxy.on('connect', (request, clientSocket, head) => {
    seen.push(`CONNECT ${request.url}`);
    const port = (request.url ?? '').split(':')[1];
    const upstream = connect(Number(port), '127.0.0.1', () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

describe('proxy environment', () => {
  it('detects proxy variables in either case', () => {
    expect(hasProxyEnvironment({})).toBe(false);
    expect(hasProxyEnvironment({ https_proxy: 'http://p:1' })).toBe(true);
    expect(hasProxyEnvironment({ HTTP_PROXY: 'http://p:1' })).toBe(true);
    expect(hasProxyEnvironment({ NO_PROXY: 'example.com' })).toBe(true);
    expect(hasProxyEnvironment({ HTTP_PROXY: '' })).toBe(false);
  });

  it('sends requests through HTTP_PROXY when it is set', async () => {
    target = await startServer((request, response) => sendJson(response, 200, { path: request.url }));
    const seen: string[] = [];
    for (const name of PROXY_VARIABLES) delete process.env[name];
    process.env.HTTP_PROXY = await startProxy(seen);
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
    target = await startServer((_request, response) => sendJson(response, 200, {}));
    const seen: string[] = [];
    for (const name of PROXY_VARIABLES) delete process.env[name];
    process.env.HTTP_PROXY = await startProxy(seen);
    api = new ApiClient({ baseUrl: target.origin, auth: { accessToken: 'tok' } });
    await api.get('/local');
    expect(seen).toEqual([]);
    expect(target.requests).toHaveLength(1);
  });

  it('goes direct when NO_PROXY matches the host', async () => {
    target = await startServer((_request, response) => sendJson(response, 200, {}));
    const seen: string[] = [];
    for (const name of PROXY_VARIABLES) delete process.env[name];
    process.env.HTTP_PROXY = await startProxy(seen);
    process.env.NO_PROXY = 'api.oauthkit.test';
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
