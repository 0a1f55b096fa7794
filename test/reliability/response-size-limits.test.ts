// Servers that answer with bodies far larger than any API or token endpoint should: each test
// checks what was thrown and how much of the body the server managed to hand over before the
// client hung up (the rest must not be read).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ResponseTooLargeError } from '../../src/errors/response-too-large-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { apiTestServer } from '../support/api-test-server.js';
import { type BodyProgress, sendLargeBody } from '../support/hostile-bodies.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';
import type { TestServer } from '../support/test-server.js';

const MiB = 1024 * 1024;
let server: TestServer | undefined;
const { serve, client } = apiTestServer();

/** A server whose every answer is `bytes` bytes; `bodies` records how far each one got. */
async function hugeBodyServer(
  bytes: number,
  options: { status?: number; contentLength?: boolean } = {},
): Promise<BodyProgress[]> {
  const bodies: BodyProgress[] = [];
  server = await serve((_request, response) => {
    bodies.push(sendLargeBody(response, { bytes, ...options }));
  });
  return bodies;
}

describe('ApiClient maxResponseBytes', () => {
  it('stops reading a 200 MB chunked JSON body at the default 32 MiB with ResponseTooLargeError', async () => {
    const bodies = await hugeBodyServer(200 * MiB, { contentLength: false });
    const error = await caught(() => client().get('/export'));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({
      limitBytes: 32 * MiB,
      contentLength: undefined,
      method: 'GET',
      url: `${server!.origin}/export`,
      retryable: false,
    });
    const received = (error as ResponseTooLargeError).receivedBytes;
    expect(received).toBeGreaterThan(32 * MiB);
    expect(received).toBeLessThanOrEqual(33 * MiB);
    expect((error as Error).message).toContain('maxResponseBytes');
    await bodies[0]!.done;
    // The client hung up: the server could not hand over the rest (socket buffers aside).
    expect(bodies[0]!.finished).toBe(false);
    expect(bodies[0]!.written).toBeLessThan(100 * MiB);
    expect(server!.requests).toHaveLength(1);
  });

  it('refuses a content-length over the limit before reading any of the body', async () => {
    const bodies = await hugeBodyServer(200 * MiB);
    const error = await caught(() =>
      client({ maxResponseBytes: MiB }).get('/export', { responseType: 'text' }),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: MiB, receivedBytes: 0, contentLength: 200 * MiB });
    await bodies[0]!.done;
    expect(bodies[0]!.finished).toBe(false);
    expect(bodies[0]!.written).toBeLessThan(100 * MiB);
  });

  it('takes a per-request limit over the client’s, for bytes too, and leaves streams unlimited', async () => {
    await hugeBodyServer(3 * MiB, { contentLength: false });
    const kit = client({ maxResponseBytes: MiB });
    const error = await caught(() => kit.get('/blob', { responseType: 'bytes' }));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', limitBytes: MiB });
    const bytes = await kit.get<Buffer>('/blob', { responseType: 'bytes', maxResponseBytes: 4 * MiB });
    expect(bytes.data.length).toBe(3 * MiB);
    const stream = await kit.get<AsyncIterable<Buffer>>('/blob', { responseType: 'stream' });
    let streamed = 0;
    for await (const chunk of stream.data) streamed += chunk.length;
    expect(streamed).toBe(3 * MiB);
  });

  it('keeps only the first 64 KiB of a 404 with a 200 MB body on ApiError, marked truncated', async () => {
    const bodies = await hugeBodyServer(200 * MiB, { status: 404, contentLength: false });
    const error = await caught(() => client().get('/missing'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 404, bodyTruncated: true, retryable: false });
    expect((error as ApiError).body).toBe('x'.repeat(64 * 1024));
    await bodies[0]!.done;
    expect(bodies[0]!.finished).toBe(false);
    expect(bodies[0]!.written).toBeLessThan(100 * MiB);
  });

  it('keeps only the first 64 KiB of a 2xx body that is not JSON on its ApiError', async () => {
    await hugeBodyServer(MiB, { contentLength: false });
    const error = await caught(() => client().get('/export'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, bodyTruncated: true, body: 'x'.repeat(64 * 1024) });
  });

  it('blanks a bearer token echoed across the 64 KiB cut of an error body', async () => {
    const token = 'secret-bearer-token-7d793037a0';
    server = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${'x'.repeat(64 * 1024 - 10)}${token}${'y'.repeat(100_000)}`);
    });
    const api = client({ auth: { accessToken: token }, retry: { retries: 0 } });
    const error = await caught(() => api.get('/echo'));
    expect(error).toMatchObject({ status: 500, bodyTruncated: true });
    expect((error as ApiError).body).toBe(`${'x'.repeat(64 * 1024 - 10)}[REDACTED]`);
    expectNoSecrets(error, [token.slice(0, 10)]);
  });

  it('keeps a small error body whole and unmarked', async () => {
    server = await serve((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"no such invoice"}');
    });
    const error = await caught(() => client().get('/missing'));
    expect(error).toMatchObject({ body: { message: 'no such invoice' }, bodyTruncated: false });
  });
});

describe('token endpoint answers', () => {
  const tokenClient = () =>
    new OAuth2Client({ tokenEndpoint: `${server!.origin}/token`, clientId: 'app', clientSecret: 's' });

  it('refuses a 10 MB token response at 1 MiB with ResponseTooLargeError, and does not retry', async () => {
    await hugeBodyServer(10 * 1000 * 1000, { contentLength: false });
    const error = await caught(() => tokenClient().clientCredentials());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: MiB, method: 'POST', url: `${server!.origin}/token` });
    expect((error as ResponseTooLargeError).receivedBytes).toBeGreaterThan(MiB);
    expect((error as ResponseTooLargeError).receivedBytes).toBeLessThanOrEqual(2 * MiB);
    expect((error as Error).message).not.toContain('maxResponseBytes');
    expect(server!.requests).toHaveLength(1);
  });

  it('refuses a token response whose content-length is over 1 MiB without reading it', async () => {
    await hugeBodyServer(10 * 1000 * 1000);
    const error = await caught(() => tokenClient().clientCredentials());
    expect(error).toMatchObject({
      name: 'ResponseTooLargeError',
      receivedBytes: 0,
      contentLength: 10_000_000,
    });
    expect(server!.requests).toHaveLength(1);
  });
});
