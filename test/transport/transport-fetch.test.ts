import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { TransportFetch } from '../../src/transport/transport-fetch.js';
import { freePort, sendJson, startServer, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
const transport = new TransportFetch();
const headers = { accept: 'application/json' };

afterEach(async () => {
  await transport.close();
  await server?.close();
  server = undefined;
});

describe('TransportFetch (the fetch oauth4webapi gets)', () => {
  it('sends the method, headers and urlencoded form, and answers a WHATWG Response', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' });
    const response = await transport.fetch(`${server.origin}/token?x=1`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: form,
      redirect: 'manual',
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/token?x=1', body: form.toString() });
    expect(server.requests[0]?.headers['content-length']).toBe(String(form.toString().length));
  });

  it('keeps every value of a repeated header', async () => {
    server = await startServer((_request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.setHeader('www-authenticate', ['Bearer realm="x"', 'DPoP algs="ES256"']);
      sendJson(response, 401, {});
    });
    const response = await transport.fetch(server.origin, { method: 'GET', headers });
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="x", DPoP algs="ES256"');
  });

  it('gives 204 and 304 a null body', async () => {
    server = await startServer((request, response) => {
      response.writeHead(request.path === '/none' ? 204 : 304, { etag: '"v1"' });
      response.end();
    });
    for (const [path, status] of [
      ['/none', 204],
      ['/same', 304],
    ] as const) {
      const response = await transport.fetch(server.origin + path, { method: 'GET', headers });
      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
      expect(response.headers.get('etag')).toBe('"v1"');
    }
  });

  it('never follows a redirect', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    });
    const response = await transport.fetch(`${server.origin}/token`, {
      method: 'POST',
      headers,
      body: 'a=1',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
    expect(server.requests.map((request) => request.path)).toEqual(['/token']);
  });

  it('rejects with the signal’s reason when the caller aborts in the middle of the body', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"access_token":');
    });
    const controller = new AbortController();
    const pending = transport.fetch(server.origin, { method: 'GET', headers, signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Time for the headers and the first chunk to arrive: the abort then lands in the body.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('turns a refused connection into NetworkError with its code', async () => {
    const error = await transport
      .fetch(`http://127.0.0.1:${await freePort()}/token`, { method: 'POST', headers, body: 'a=1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('a token request on the transport', () => {
  it('is bounded by timeoutMs while its body trickles in', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"access_token":"a",');
    });
    const client = new OAuth2Client({
      tokenEndpoint: `${server.origin}/token`,
      clientId: 'c',
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await client
      .exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: 'v'.repeat(43) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('got no full answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });
});
