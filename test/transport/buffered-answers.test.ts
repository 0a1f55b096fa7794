// The transport reads every answer that is not a stream whole with a dispatch handler of its own
// (transport/_buffering-handler.ts): the shapes of answer a real server sends that undici's own
// request path handled for us before, each checked against what the server sent.
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { apiTestServer } from '../support/api-test-server.js';
import { caught } from '../support/no-secrets.js';
import type { TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
const { serve, client } = apiTestServer();

describe('answers read whole by the transport', () => {
  it('skips a 103 Early Hints answer and returns the final one', async () => {
    server = await serve((_request, response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload' });
      response.writeHead(200, { 'content-type': 'application/json', 'x-final': 'yes' });
      response.end('{"final":true}');
    });
    const answer = await client().get('/hinted');
    expect(answer).toMatchObject({ status: 200, data: { final: true } });
    expect(answer.headers['x-final']).toBe('yes');
  });

  it('joins a body written in many chunks, a multi-byte character split across two of them', async () => {
    const text = JSON.stringify({ name: 'café', items: Array.from({ length: 300 }, (_, i) => `item-${i}`) });
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    server = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(bytes.subarray(0, cut));
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (let at = cut; at < bytes.length; at += 100) {
        response.write(bytes.subarray(at, at + 100));
        await new Promise((resolve) => setImmediate(resolve));
      }
      response.end();
    });
    const { data } = await client().get<{ name: string; items: string[] }>('/chunks');
    expect(data.name).toBe('café');
    expect(data.items).toHaveLength(300);
    expect(data.items[299]).toBe('item-299');
  });

  it('answers a HEAD whose content-length is over the limit: there is no body to read', async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(50 * 1024 * 1024),
      });
      response.end();
    });
    const answer = await client({ maxResponseBytes: 1024 }).request({ method: 'HEAD', path: '/big' });
    expect(answer.status).toBe(200);
    expect(answer.data).toBeNull();
    expect(answer.headers['content-length']).toBe(String(50 * 1024 * 1024));
  });

  it('fails a 404 whose body the server cut short as a NetworkError, and does not send it again', async () => {
    server = await serve((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"error":"not_fou');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await caught(() => client().get('/missing'));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/missing failed: /);
    expect(server.requests).toHaveLength(1);
  });

  it('reuses the connection for the next request once a small body was read whole', async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const api = client();
    for (let i = 0; i < 5; i++) await api.get('/again');
    const ports = new Set(server.requests.map((request) => request.remotePort));
    expect(server.requests).toHaveLength(5);
    // undici's pool alternates between two sockets on back-to-back requests (raw Agent#request
    // does the same); a socket not handed back would make one connection per request.
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it('fails at once when the caller aborts before the answer comes, and sends nothing more', async () => {
    server = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const pending = caught(() => client().get('/hang', { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('the caller gave up');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});
