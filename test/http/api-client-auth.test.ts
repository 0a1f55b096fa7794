import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { CountingTokenSource } from '../support/counting-token-source.js';
import { sendJson, startServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let api: ApiClient | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
  await server?.close();
});

/** A server that accepts only the bearer token `valid` currently holds. */
async function serverAccepting(valid: { token: string }): Promise<TestServer> {
  return startServer((request, response) => {
    if (request.headers.authorization === `Bearer ${valid.token}`)
      return sendJson(response, 200, { ok: true });
    sendJson(response, 401, {
      error: 'invalid_token',
      error_description: `token ${request.headers.authorization}`,
    });
  });
}

describe('ApiClient auth', () => {
  it('on 401 forces one refresh with the rejected token and replays the request', async () => {
    const valid = { token: 'tok-2' };
    server = await serverAccepting(valid);
    const tokens = new CountingTokenSource('tok');
    api = new ApiClient({ baseUrl: server.origin, auth: tokens });
    const result = await api.put('/things/1', { body: { name: 'x' } });
    expect(result.data).toEqual({ ok: true });
    expect(tokens.calls).toEqual([{}, { forceRefresh: true, rejectedToken: 'tok-1' }]);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
    expect(server.requests.map((request) => request.body)).toEqual(['{"name":"x"}', '{"name":"x"}']);
  });

  it('replays a POST after a refresh even though POST is not retried', async () => {
    const valid = { token: 'tok-2' };
    server = await serverAccepting(valid);
    api = new ApiClient({ baseUrl: server.origin, auth: new CountingTokenSource('tok') });
    await expect(api.post('/things', { body: { a: 1 } })).resolves.toMatchObject({ status: 200 });
    expect(server.requests).toHaveLength(2);
  });

  it('throws ApiError on a second 401 after exactly two token requests, with no token in the error', async () => {
    const valid = { token: 'never' };
    server = await serverAccepting(valid);
    const tokens = new CountingTokenSource('tok-SECRET');
    api = new ApiClient({ baseUrl: server.origin, auth: tokens });
    const error = (await api.get('/me').catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(tokens.calls).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    for (const shown of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(shown).not.toContain('tok-SECRET');
    }
    expect(error.message).toBe(
      `GET ${server.origin}/me failed with 401 Unauthorized: token Bearer [REDACTED]`,
    );
  });

  it('does not replay a stream body after 401', async () => {
    const valid = { token: 'tok-2' };
    server = await serverAccepting(valid);
    const tokens = new CountingTokenSource('tok');
    api = new ApiClient({ baseUrl: server.origin, auth: tokens });
    const error = await api
      .post('/upload', { body: Readable.from(['a', 'b']), retry: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toBe('ab');
    expect(tokens.calls).toHaveLength(1);
  });

  it('does not retry a stream body on 503', async () => {
    server = await startServer((_request, response) => sendJson(response, 503, {}));
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' }, retry: { minDelayMs: 1 } });
    await expect(api.put('/upload', { body: Readable.from(['a']) })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it('with a static token or a function, 401 is an ApiError without refresh', async () => {
    server = await serverAccepting({ token: 'other' });
    let calls = 0;
    api = new ApiClient({
      baseUrl: server.origin,
      auth: async () => {
        calls++;
        return 'fn-token';
      },
    });
    await expect(api.get('/x')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
    const fixed = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 'fixed' } });
    await expect(fixed.get('/x')).rejects.toMatchObject({ status: 401 });
    await fixed.close();
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer fn-token',
      'Bearer fixed',
    ]);
  });

  it('passes the caller signal to the token source', async () => {
    server = await serverAccepting({ token: 'tok-1' });
    const tokens = new CountingTokenSource('tok');
    api = new ApiClient({ baseUrl: server.origin, auth: tokens });
    const controller = new AbortController();
    await api.get('/x', { signal: controller.signal });
    expect(tokens.calls[0]?.signal).toBe(controller.signal);
  });
});

describe('ApiClient auth with retries', () => {
  it('refreshes once per request even when a retry follows the replay', async () => {
    // 401 (old token) → refresh → 503 → retry with the new token (no second forced refresh) → 401 → ApiError
    server = await startServer((_request, response, index) =>
      index === 1 ? sendJson(response, 503, {}) : sendJson(response, 401, { error: 'invalid_token' }),
    );
    const tokens = new CountingTokenSource('tok');
    api = new ApiClient({ baseUrl: server.origin, auth: tokens, retry: { minDelayMs: 1 } });
    await expect(api.get('/x')).rejects.toMatchObject({ status: 401 });
    expect(tokens.calls).toEqual([{}, { forceRefresh: true, rejectedToken: 'tok-1' }, {}]);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
      'Bearer tok-2',
    ]);
  });
});
