import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import type { RequestEvent, ResponseEvent } from '../../src/http/types.js';
import { sendJson, startServer, type TestServer } from '../support/test-server.js';

const { version: packageVersion } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

const TOKEN = 'at-Secret-0123456789';
let server: TestServer;
let api: ApiClient | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
  await server?.close();
});

function client(options: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}): ApiClient {
  api = new ApiClient({ baseUrl: `${server.origin}/api/v3/`, auth: { accessToken: TOKEN }, ...options });
  return api;
}

describe('ApiClient requests', () => {
  it('sends method, joined path, query with repeated keys, bearer, user agent and JSON body', async () => {
    server = await startServer((_request, response) => sendJson(response, 201, { id: 7 }));
    const since = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const result = await client({ headers: { 'X-Tenant': 'acme' } }).post<{ id: number }>('contacts', {
      query: { state: ['open', 'paid'], since, skipped: undefined, nothing: null, page: 2, flag: true },
      body: { name: 'Aiko', tags: ['a'] },
      headers: { 'X-Request-Id': 'r-1' },
    });
    expect(result).toMatchObject({ status: 201, data: { id: 7 } });
    expect(result.headers['content-type']).toBe('application/json');
    const seen = server.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/api/v3/contacts');
    expect(seen.query.getAll('state')).toEqual(['open', 'paid']);
    expect(seen.query.get('since')).toBe('2026-01-02T03:04:05.000Z');
    expect(seen.query.get('page')).toBe('2');
    expect(seen.query.get('flag')).toBe('true');
    expect(seen.query.has('skipped') || seen.query.has('nothing')).toBe(false);
    expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.headers['user-agent']).toBe(`oauthkit/${packageVersion}`);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-tenant']).toBe('acme');
    expect(seen.headers['x-request-id']).toBe('r-1');
    expect(JSON.parse(seen.body)).toEqual({ name: 'Aiko', tags: ['a'] });
  });

  it('passes string, bytes, form and stream bodies through', async () => {
    server = await startServer((_request, response) => response.writeHead(204).end());
    const api = client({ userAgent: 'my-app/2', auth: async () => TOKEN });
    await api.put('/raw', { body: 'plain text', headers: { 'content-type': 'text/plain' } });
    await api.put('/bytes', { body: Buffer.from([1, 2, 3]) });
    await api.post('/form', { body: new URLSearchParams({ a: '1', b: 'x y' }) });
    await api.post('/stream', { body: Readable.from(['chunk-1,', 'chunk-2']) });
    const [raw, bytes, form, stream] = server.requests;
    expect(raw).toMatchObject({ path: '/api/v3/raw', body: 'plain text' });
    expect(raw?.headers['content-type']).toBe('text/plain');
    expect(raw?.headers['user-agent']).toBe('my-app/2');
    expect(Buffer.from(bytes!.body, 'utf8')).toEqual(Buffer.from([1, 2, 3]));
    expect(form?.body).toBe('a=1&b=x+y');
    expect(form?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(stream?.body).toBe('chunk-1,chunk-2');
  });

  it('reads json (empty is null), text, bytes and stream responses', async () => {
    server = await startServer((request, response) => {
      if (request.path.endsWith('/empty')) return void response.writeHead(200).end();
      response.writeHead(200, { 'content-type': 'text/plain' }).end('héllo');
    });
    const api = client();
    expect((await api.get('/empty')).data).toBeNull();
    expect((await api.get('/t', { responseType: 'text' })).data).toBe('héllo');
    const bytes = (await api.get<Uint8Array>('/b', { responseType: 'bytes' })).data;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString('utf8')).toBe('héllo');
    const stream = (await api.get<Readable>('/s', { responseType: 'stream' })).data;
    expect(await text(stream)).toBe('héllo');
  });

  it('reports a 2xx body that is not JSON', async () => {
    server = await startServer((_request, response) =>
      response.writeHead(200).end('<html>maintenance</html>'),
    );
    const error = await client()
      .get('/contacts', { query: { page: 1 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(200);
    expect((error as ApiError).body).toBe('<html>maintenance</html>');
    expect((error as Error).message).toContain(
      `GET ${server.origin}/api/v3/contacts answered 200 with a body that is not valid JSON`,
    );
  });

  it('throws ApiError with messages and without the token anywhere', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 404, { reasons: ['not found', `echo ${TOKEN}`] }, { 'set-cookie': 'sid=1' }),
    );
    const error = (await client()
      .get('/contacts/9', { query: { access: 'x' } })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`GET ${server.origin}/api/v3/contacts/9 failed with 404 Not Found: not found`);
    expect(error.url).toBe(`${server.origin}/api/v3/contacts/9`);
    expect(error.messages).toEqual(['not found', 'echo [REDACTED]']);
    expect(error.headers['set-cookie']).toBe('[REDACTED]');
    for (const shown of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      error.stack ?? '',
    ]) {
      expect(shown).not.toContain(TOKEN);
    }
  });

  it('emits redacted events only when hooks are set, and hides auth from inspect', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, []));
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const api = client({
      onRequest: (event) => requests.push(event),
      onResponse: (event) => responses.push(event),
    });
    await api.get('/contacts', { query: { page: 3 } });
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${server.origin}/api/v3/contacts`,
        attempt: 0,
        headers: expect.objectContaining({ authorization: '[REDACTED]' }),
      },
    ]);
    expect(responses).toMatchObject([{ method: 'GET', status: 200, attempt: 0 }]);
    expect(JSON.stringify([requests, responses])).not.toContain(TOKEN);
    expect(inspect(api, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(inspect(api)).toContain('[REDACTED]');
    expect(JSON.stringify(api)).not.toContain(TOKEN);
  });

  it('follows same-origin absolute URLs and refuses to send the token elsewhere', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const api = client();
    await api.get(`${server.origin}/other/path?x=1`, { query: { y: 2 } });
    expect(server.requests[0]?.url).toBe('/other/path?x=1&y=2');
    await expect(api.get('https://evil.example.com/steal')).rejects.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses plain http on a non-loopback host and a bad auth option', () => {
    expect(() => new ApiClient({ baseUrl: 'http://api.example.com', auth: { accessToken: 'x' } })).toThrow(
      ConfigurationError,
    );
    expect(
      () =>
        new ApiClient({
          baseUrl: 'http://api.example.com',
          auth: { accessToken: 'x' },
          allowInsecureHttp: true,
        }),
    ).not.toThrow();
    expect(
      () => new ApiClient({ baseUrl: 'https://api.example.com', auth: {} as { accessToken: string } }),
    ).toThrow(ConfigurationError);
  });
});
