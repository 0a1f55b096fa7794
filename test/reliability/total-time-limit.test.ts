// `timeoutMs` as a total limit: servers that never stall long enough for an idle timer to fire,
// but never finish either, and slow answers that only add up over the retries. Elapsed times are
// bounds with generous slack, never speed goals.
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { apiTestServer } from '../support/api-test-server.js';
import { dripBody } from '../support/hostile-bodies.js';
import { caught } from '../support/no-secrets.js';
import { sendJson, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
const { serve, client } = apiTestServer({ retry: { minDelayMs: 1 } });

async function timed(action: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await caught(action);
  return { error, elapsedMs: performance.now() - started };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ApiClient timeoutMs bounds the whole request', () => {
  it('fails a body that drips 50 chunks 100 ms apart after timeoutMs, not after 5 s', async () => {
    server = await serve((_request, response) => dripBody(response, 50, 100));
    const { error, elapsedMs } = await timed(() => client({ timeoutMs: 1000 }).get('/drip'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000, retryable: true });
    expect((error as Error).message).toContain('timed out after 1000 ms waiting for the response body');
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(2500);
    expect(server.requests).toHaveLength(1);
  });

  it('counts every attempt against one limit: three slow 503s do not get three limits', async () => {
    server = await serve(async (_request, response) => {
      await later(450);
      sendJson(response, 503, { message: 'busy' });
    });
    const { error, elapsedMs } = await timed(() => client({ timeoutMs: 1000 }).get('/slow'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('timed out after 1000 ms waiting for the response headers');
    expect(elapsedMs).toBeLessThan(2500);
    expect(server.requests).toHaveLength(3);
  });

  it('applies a per-request timeoutMs the same way', async () => {
    server = await serve((_request, response) => dripBody(response, 50, 100));
    const { error, elapsedMs } = await timed(() => client().get('/drip', { timeoutMs: 600 }));
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 600 });
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('bounds a stream until its headers only: the caller reads the body at its own pace', async () => {
    server = await serve((_request, response) => dripBody(response, 10, 100));
    const answer = await client({ timeoutMs: 500 }).get<AsyncIterable<Buffer>>('/drip', {
      responseType: 'stream',
    });
    let text = '';
    for await (const chunk of answer.data) text += chunk.toString();
    expect(JSON.parse(text)).toHaveLength(10);
  });
});

describe('token requests: timeoutMs bounds the whole call, retries included', () => {
  it('fails a client credentials grant whose 503s each take 700 ms after 1000 ms in total', async () => {
    server = await serve(async (_request, response) => {
      await later(700);
      sendJson(response, 503, { error: 'temporarily_unavailable' });
    });
    const oauth = new OAuth2Client({
      tokenEndpoint: `${server.origin}/token`,
      clientId: 'app',
      clientSecret: 's',
      timeoutMs: 1000,
    });
    const { error, elapsedMs } = await timed(() => oauth.clientCredentials());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000 });
    expect(elapsedMs).toBeLessThan(1800);
    expect(server.requests).toHaveLength(2);
  });
});
