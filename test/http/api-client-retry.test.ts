import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { OAuthKitError } from '../../src/errors/oauthkit-error.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import type { ApiClientOptions } from '../../src/http/types.js';
import { apiTestServer } from '../support/api-test-server.js';
import { freePort, sendJson, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
const { serve, client: kitClient } = apiTestServer({ retry: { minDelayMs: 1, maxDelayMs: 5000 } });
const client = (origin: string, options: Partial<ApiClientOptions> = {}) =>
  kitClient({ ...options, baseUrl: origin });

describe('ApiClient retries', () => {
  it('retries a GET on 503 twice then succeeds (server saw 3 requests)', async () => {
    const sockets = new Set<number | undefined>();
    server = await serve((_request, response, index, raw) => {
      sockets.add(raw.socket.remotePort);
      if (index < 2) sendJson(response, 503, { message: 'busy', padding: 'x'.repeat(10_000) });
      else sendJson(response, 200, { ok: true });
    });
    const attempts: number[] = [];
    const result = await client(server.origin, { onRequest: (event) => attempts.push(event.attempt) }).get(
      '/x',
    );
    expect(result.data).toEqual({ ok: true });
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET']);
    expect(attempts).toEqual([0, 1, 2]);
    // The refused attempts' bodies were drained, so the one keep-alive connection was reused.
    expect(sockets.size).toBe(1);
  });

  it('gives up after `retries` and throws the last error', async () => {
    server = await serve((_request, response) => sendJson(response, 502, { error: 'bad gateway' }));
    const error = await client(server.origin, { retry: { retries: 1, minDelayMs: 1 } })
      .delete('/x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).retryable).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After in seconds', async () => {
    server = await serve((_request, response, index) =>
      index === 0 ? sendJson(response, 429, {}, { 'retry-after': '1' }) : sendJson(response, 200, 'ok'),
    );
    await client(server.origin).get('/x');
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('honours Retry-After as an HTTP date', async () => {
    server = await serve((_request, response, index) =>
      index === 0
        ? sendJson(response, 503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })
        : sendJson(response, 200, 'ok'),
    );
    await client(server.origin).get('/x');
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(700);
  });

  it('throws RateLimitError with retryAfterMs when 429 persists', async () => {
    server = await serve((_request, response) => sendJson(response, 429, {}, { 'retry-after': '0' }));
    const error = await client(server.origin)
      .get('/x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry POST or PATCH unless opted in', async () => {
    server = await serve((_request, response) => sendJson(response, 503, {}));
    const api = client(server.origin);
    await expect(api.post('/x', { body: { a: 1 } })).rejects.toBeInstanceOf(ApiError);
    await expect(api.patch('/x', { body: { a: 1 } })).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(2);
    await expect(api.post('/x', { body: { a: 1 }, retry: true })).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(5);
    expect(server.requests.slice(2).map((request) => request.body)).toEqual([
      '{"a":1}',
      '{"a":1}',
      '{"a":1}',
    ]);
  });

  it('retries POST with retryPost', async () => {
    server = await serve((_request, response, index) =>
      index === 0 ? sendJson(response, 500, {}) : sendJson(response, 201, { id: 1 }),
    );
    const result = await client(server.origin, { retry: { retryPost: true, minDelayMs: 1 } }).post('/x', {
      body: {},
    });
    expect(result.status).toBe(201);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 4xx other than 408/429', async () => {
    server = await serve((_request, response) => sendJson(response, 400, { message: 'bad' }));
    await expect(client(server.origin).get('/x')).rejects.toThrow('failed with 400 Bad Request: bad');
    expect(server.requests).toHaveLength(1);
  });
});

describe('ApiClient failures', () => {
  it('retries a destroyed connection, then throws NetworkError', async () => {
    server = await serve((_request, _response, _index, raw) => {
      raw.socket.destroy();
    });
    const error = await client(server.origin)
      .get('/x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBeTypeOf('string');
    expect((error as Error).message).toContain(`GET ${server.origin}/x failed`);
    expect(server.requests).toHaveLength(3);
  });

  it('turns a refused connection into NetworkError with its code', async () => {
    const port = await freePort();
    const error = await client(`http://127.0.0.1:${port}`)
      .get('/x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).retryable).toBe(true);
  });

  it('throws TimeoutError when the headers are late', async () => {
    server = await serve(() => {
      // never answers
    });
    const error = await client(server.origin, { timeoutMs: 200 })
      .get('/slow')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect((error as Error).message).toContain('timed out after 200 ms waiting for the response headers');
    expect(server.requests).toHaveLength(1);
  });

  it('throws TimeoutError when the body stalls', async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[1,');
    });
    const error = await client(server.origin)
      .get('/stall', { timeoutMs: 200 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('waiting for the response body');
  });

  it('rethrows a caller abort unwrapped, during the request and during a backoff wait', async () => {
    server = await serve((request, response) => {
      if (request.path === '/busy') sendJson(response, 503, {}, { 'retry-after': '30' });
    });
    // timeoutMs bounds the waits too: it must outlast the 30 s Retry-After for the wait to happen.
    const api = client(server.origin, { retry: { maxDelayMs: 60_000 }, timeoutMs: 120_000 });
    const during = new AbortController();
    const pending = api.get('/hang', { signal: during.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    during.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(OAuthKitError);

    const backoff = new AbortController();
    const waiting = api.get('/busy', { signal: backoff.signal });
    while (server.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new DOMException('user left', 'AbortError');
    backoff.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(server.requests).toHaveLength(2);
  });
});
