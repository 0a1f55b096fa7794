// Servers that answer 429 with a Retry-After: one that asks for a wait longer than any caller
// allowed, and many callers refused at once. Each test counts the requests the server saw.
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { apiTestServer } from '../support/api-test-server.js';
import { caught } from '../support/no-secrets.js';
import { sendJson, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
const { serve, client } = apiTestServer();

async function timed(action: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await caught(action);
  return { error, elapsedMs: performance.now() - started };
}

const tooManyRequests = (retryAfter: string) => () =>
  serve((_request, response) =>
    sendJson(response, 429, { message: 'slow down' }, { 'retry-after': retryAfter }),
  );

describe('ApiClient and a Retry-After it cannot honour', () => {
  it('fails at once with RateLimitError when Retry-After is longer than maxDelayMs', async () => {
    server = await tooManyRequests('999999')();
    const { error, elapsedMs } = await timed(() => client({ retry: { maxDelayMs: 500 } }).get('/x'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 999_999_000, retryable: true });
    expect(server.requests).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(400);
  });

  it('fails at once when the wait would end past the request’s deadline', async () => {
    server = await tooManyRequests('2')();
    const { error, elapsedMs } = await timed(() => client({ timeoutMs: 1000 }).get('/x'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 2000, retryable: true });
    expect(server.requests).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(400);
  });
});

describe('token requests and a Retry-After they cannot honour', () => {
  const oauth = (timeoutMs: number) =>
    new OAuth2Client({
      tokenEndpoint: `${server!.origin}/token`,
      clientId: 'app',
      clientSecret: 'retry-after-secret',
      timeoutMs,
    });

  it('fails a client credentials grant at once when Retry-After lands past its 1000 ms limit', async () => {
    server = await serve((_request, response) =>
      sendJson(response, 429, { error: 'slow_down' }, { 'retry-after': '3' }),
    );
    const { error, elapsedMs } = await timed(() => oauth(1000).clientCredentials());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 429, error: 'slow_down', retryAfterMs: 3000, retryable: true });
    expect(server.requests).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(1000);
  }, 20_000);

  it('fails at once when Retry-After is longer than the 10 s cap of the token retry policy', async () => {
    server = await serve((_request, response) =>
      sendJson(response, 429, { error: 'slow_down' }, { 'retry-after': '60' }),
    );
    const { error, elapsedMs } = await timed(() => oauth(120_000).clientCredentials());
    expect(error).toMatchObject({ name: 'OAuthError', status: 429, retryAfterMs: 60_000, retryable: true });
    expect(server.requests).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(1000);
  }, 40_000);
});

describe('429s coordinated per origin', () => {
  it('sends 200 concurrent GETs refused with Retry-After: 1 far fewer than 600 times', async () => {
    server = await tooManyRequests('1')();
    const kit = client({ timeoutMs: 3000, retry: { minDelayMs: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => kit.get(`/item/${n}`)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    for (const result of results) {
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(RateLimitError);
      expect(reason).toMatchObject({ retryable: true });
    }
    // Before: every caller retried on its own schedule, 200 × 3 = 600 requests. Now one caller
    // goes first when the Retry-After moment comes, and the others follow only if it got through.
    expect(server.requests.length).toBeLessThanOrEqual(200 + 200);
    expect(server.requests.length).toBeLessThan(220);
  });

  it('lets everyone through once the request that went first is answered', async () => {
    let limitedUntil = 0;
    server = await serve((_request, response) => {
      if (limitedUntil === 0) limitedUntil = Date.now() + 1000;
      if (Date.now() < limitedUntil) sendJson(response, 429, {}, { 'retry-after': '1' });
      else sendJson(response, 200, { ok: true });
    });
    const kit = client({ retry: { minDelayMs: 1 } });
    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => kit.get(`/item/${n}`)));
    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(200 + 200);
  });

  it('holds requests that arrive while the gate is closed until the Retry-After moment', async () => {
    server = await serve((_request, response, index) =>
      index === 0
        ? sendJson(response, 429, {}, { 'retry-after': '1' })
        : sendJson(response, 200, { ok: true }),
    );
    const kit = client({ retry: { minDelayMs: 1 } });
    const first = kit.get('/first');
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refusedAt = server.requests[0]!.at;
    const later = await Promise.all(Array.from({ length: 50 }, (_, n) => kit.get(`/later/${n}`)));
    await first;
    expect(later.every((result) => result.status === 200)).toBe(true);
    expect(server.requests).toHaveLength(52);
    for (const request of server.requests.slice(1))
      expect(request.at - refusedAt).toBeGreaterThanOrEqual(900);
  });

  it('fails a request at once when the gate opens only after its deadline', async () => {
    server = await serve((_request, response, index) =>
      index === 0
        ? sendJson(response, 429, {}, { 'retry-after': '2' })
        : sendJson(response, 200, { ok: true }),
    );
    const kit = client({ retry: { minDelayMs: 1, maxDelayMs: 5000 } });
    const first = kit.get('/first');
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { error, elapsedMs } = await timed(() => kit.get('/hurried', { timeoutMs: 500 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(1000);
    expect((error as Error).message).toContain('not sent');
    expect(elapsedMs).toBeLessThan(300);
    await first;
    expect(server.requests.map((request) => request.path)).toEqual(['/first', '/first']);
  });
});
