import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import { echoApis, get, postForm } from './support/sandbox-helpers.js';

let sandbox: Sandbox;
let token: string;
const apis = echoApis();

beforeAll(async () => {
  sandbox = await startSandbox({
    apis,
    faults: [{ path: '/helloasso/v5/organizations', status: 503, times: 2 }],
  });
  const { clientId, clientSecret, tokenUrl } = sandbox.helloasso;
  const response = await postForm(tokenUrl, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  token = ((await response.json()) as { access_token: string }).access_token;
});
afterEach(() => sandbox.faults.clear());
afterAll(() => sandbox.close());

const ordersUrl = () => `${sandbox.helloasso.baseUrl}/organizations/x/orders`;

describe('fault injection', () => {
  it('answers 503 twice (a rule given at start), then serves the request', async () => {
    const before = apis.helloasso.seen.length;
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await get(ordersUrl(), token)).status);
    expect(statuses).toEqual([503, 503, 200]);
    // The faulted requests never reached the API emulation.
    expect(apis.helloasso.seen.length - before).toBe(1);
  });

  it('answers 429 with Retry-After and a custom body, only for the matching method', async () => {
    sandbox.faults.add({
      method: 'POST',
      path: /\/orders$/,
      status: 429,
      retryAfterSeconds: 7,
      body: { errors: [{ code: 'TooManyRequests' }] },
    });
    expect((await get(ordersUrl(), token)).status).toBe(200);
    const limited = await fetch(ordersUrl(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({ errors: [{ code: 'TooManyRequests' }] });
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('delays a request and then serves it normally', async () => {
    sandbox.faults.add({ path: '/helloasso/v5/', delayMs: 300 });
    const started = performance.now();
    const response = await get(ordersUrl(), token);
    // A lower bound only: the answer cannot come before the delay.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
  });

  it('drops the connection: the client sees a socket hang up', async () => {
    sandbox.faults.add({ path: '/misoca/api/v3/contacts', drop: true });
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = request(`${sandbox.misoca.baseUrl}/contacts`, { agent: false }, () =>
        reject(new Error('got an answer')),
      );
      req.on('error', resolve);
      req.end();
    });
    expect(error.message).toBe('socket hang up');
    expect(error.code).toBe('ECONNRESET');
    // Only once: the next request gets through to the emulation.
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`)).status).toBe(401);
  });

  it('sends a malformed JSON body', async () => {
    sandbox.faults.add({ path: '/helloasso/v5/', malformed: true });
    const response = await get(ordersUrl(), token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('applies to the token endpoint too, and keeps an Infinity rule until cleared', async () => {
    sandbox.faults.add({ path: '/misoca/oauth2/token', status: 500, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i += 1)
      expect((await postForm(sandbox.misoca.tokenUrl, { grant_type: 'password' })).status).toBe(500);
    expect(sandbox.faults.list()).toMatchObject([{ path: '/misoca/oauth2/token', remaining: 'Infinity' }]);
    sandbox.faults.clear();
    expect((await postForm(sandbox.misoca.tokenUrl, { grant_type: 'password' })).status).toBe(401);
  });

  it('refuses rules that cannot work', () => {
    expect(() => sandbox.faults.add({ path: '/x', status: 42 })).toThrow(TypeError);
    expect(() => sandbox.faults.add({ path: '/x', status: 500, times: 0 })).toThrow(TypeError);
  });
});

describe('fault admin over HTTP (/_sandbox/faults)', () => {
  const admin = () => `${sandbox.url}/_sandbox/faults`;
  const post = (body: unknown) =>
    fetch(admin(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('adds rules (one or many), lists them, and clears them', async () => {
    const added = await post([
      { path: '/helloasso/v5/', status: 502, times: 'Infinity' },
      { pathPattern: '/contacts$', method: 'get', status: 418 },
    ]);
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ added: 2 });
    expect((await get(ordersUrl(), token)).status).toBe(502);
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`)).status).toBe(418);
    const listed = (await (await fetch(admin())).json()) as { faults: unknown[] };
    expect(listed.faults).toEqual([{ method: null, path: '/helloasso/v5/', remaining: 'Infinity' }]);
    // The admin routes themselves are never faulted.
    expect((await fetch(`${sandbox.url}/_sandbox`)).status).toBe(200);
    expect((await fetch(admin(), { method: 'DELETE' })).status).toBe(200);
    expect((await get(ordersUrl(), token)).status).toBe(200);
  });

  it('answers 400 with the reason for an invalid rule', async () => {
    const response = await post({ status: 500 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('"path"');
    expect(sandbox.faults.list()).toEqual([]);
  });
});
