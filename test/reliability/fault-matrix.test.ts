import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { OAuthKitError } from '../../src/errors/oauthkit-error.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import {
  type Fault,
  type FaultServer,
  type RefusingProxy,
  startFaultServer,
  startRefusingProxy,
} from '../support/fault-server.js';
import { freePort } from '../support/test-server.js';

// One fault server for the whole matrix: each case scripts its answers, per path.
// /token is the token endpoint, /api the resource; 127.0.0.2 is "another host" for redirects.
const TIMEOUT_MS = 700;
/** Slack over the time limit on a loaded 2-core machine. */
const MARGIN_MS = 600;
const GOOD_TOKEN = JSON.stringify({ access_token: 'at-new', token_type: 'Bearer', expires_in: 3600 });
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Fault => ({
  kind: 'answer',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const goodToken = json(200, GOOD_TOKEN);
const goodApi = json(200, { ok: true });

type Via = 'clientCredentials' | 'refresh' | 'manager' | 'api';
type ErrorClass = abstract new (...args: never[]) => OAuthKitError;

interface Expected {
  /** The typed error, or null for a call that succeeds. */
  error: ErrorClass | null;
  retryable?: boolean;
  /** Requests the server recorded on the faulted path (/token, or /api for API cases). */
  requests: number;
  /** Token requests recorded, for API cases (a refresh). */
  tokenRequests?: number;
  /** Whether the stored tokens change (manager and API cases). */
  storeChanges: boolean;
}

interface Case {
  fault: string;
  via: Via;
  /** The answers of the faulted path, by request index; null: the server is not running (refused). */
  script: ((index: number) => Fault) | null;
  expected: Expected;
  proxy?: '403' | 'close';
  /** The call's time limit, when not TIMEOUT_MS (room for a Retry-After wait). */
  timeoutMs?: number;
  /** Least time between the first two requests on the faulted path (a Retry-After honoured). */
  minGapMs?: number;
}

// Seeded tokens: an expired access token with a refresh token (so the manager refreshes), and a
// live one for API calls.
const now = Date.now();
const EXPIRED: TokenSet = {
  accessToken: 'at-old',
  tokenType: 'Bearer',
  expiresAt: now - 60_000,
  refreshToken: 'rt-old',
  extra: {},
};
const LIVE: TokenSet = { ...EXPIRED, expiresAt: now + 3_600_000 };

let server: FaultServer;
let otherHost: FaultServer;
let refusedPort: number;
let script: (path: string, index: number) => Fault = () => goodApi;
const results: { name: string; passed: boolean; observed: string }[] = [];

beforeAll(async () => {
  server = await startFaultServer((path, index) => script(path, index));
  otherHost = await startFaultServer(() => goodApi, '127.0.0.2');
  refusedPort = await freePort();
});

afterAll(async () => {
  await server.close();
  await otherHost.close();
  const passed = results.filter((result) => result.passed).length;
  const lines = results.map(
    (result) => `${result.passed ? 'PASS' : 'FAIL'}  ${result.name.padEnd(44)} ${result.observed}`,
  );
  process.stderr.write(
    `\nfault matrix: ${results.length} cases tried, ${passed} passed\n${lines.join('\n')}\n`,
  );
});

const html = (status: number): Fault => ({
  kind: 'answer',
  status,
  headers: { 'content-type': 'text/html' },
  body: '<!doctype html><html><body><h1>Service unavailable</h1></body></html>',
});

/** The token-endpoint faults, expected outcome per way in (direct client call or TokenManager). */
function tokenCases(via: 'clientCredentials' | 'refresh' | 'manager'): Case[] {
  const manager = via === 'manager';
  const failing = (error: ErrorClass, retryable: boolean, requests: number): Expected => ({
    error,
    retryable,
    requests,
    storeChanges: false,
  });
  const ok = (requests: number): Expected => ({ error: null, requests, storeChanges: manager });
  const rows: Case[] = [
    { fault: 'connection refused', via, script: null, expected: failing(NetworkError, true, 0) },
    {
      fault: 'reset mid-body',
      via,
      script: () => ({ kind: 'reset' }),
      expected: failing(NetworkError, true, 3),
    },
    {
      fault: 'no answer (timeout)',
      via,
      script: () => ({ kind: 'hang' }),
      expected: failing(TimeoutError, true, 1),
    },
    {
      fault: 'slow body',
      via,
      script: () => ({ kind: 'slow', byteEveryMs: 40 }),
      expected: failing(TimeoutError, true, 1),
    },
    ...[500, 502, 503, 504].map(
      (status): Case => ({
        fault: `${status}`,
        via,
        script: () => json(status, { error: 'temporarily_unavailable' }),
        expected: failing(OAuthError, true, 3),
      }),
    ),
    {
      fault: '429 Retry-After 1 s, then 200',
      via,
      script: (index) => (index === 0 ? json(429, {}, { 'retry-after': '1' }) : goodToken),
      expected: ok(2),
      timeoutMs: 2500,
      minGapMs: 900,
    },
    {
      fault: '429 Retry-After date, then 200',
      via,
      script: (index) =>
        index === 0 ? json(429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }) : goodToken,
      expected: ok(2),
      timeoutMs: 3000,
      minGapMs: 700,
    },
    {
      // A wait that would end past the time limit is not started: the 429 is the answer.
      fault: '429 Retry-After beyond the time limit',
      via,
      script: () => json(429, {}, { 'retry-after': '5' }),
      expected: failing(OAuthError, true, 1),
    },
    {
      fault: '400 invalid_grant',
      via,
      script: () => json(400, { error: 'invalid_grant' }),
      // The manager, whose refresh token is refused, falls back to its client_credentials grant.
      expected: failing(OAuthError, false, manager ? 2 : 1),
    },
    {
      fault: '400 invalid_client',
      via,
      script: () => json(400, { error: 'invalid_client' }),
      expected: failing(OAuthError, false, 1),
    },
    { fault: 'HTML error page (503)', via, script: () => html(503), expected: failing(OAuthError, true, 3) },
    {
      fault: 'truncated JSON',
      via,
      script: () => json(200, GOOD_TOKEN.slice(0, 25)),
      expected: failing(OAuthError, false, 1),
    },
    {
      fault: '200 with an error body',
      via,
      script: () => json(200, { error: 'invalid_request' }),
      expected: failing(OAuthError, false, 1),
    },
    {
      fault: 'redirect to another host',
      via,
      script: () => ({ kind: 'redirect', location: `${otherHost.origin}/token` }),
      expected: failing(OAuthError, false, 1),
    },
  ];
  return rows;
}

const apiFail = (error: ErrorClass, retryable: boolean, requests: number): Expected => ({
  error,
  retryable,
  requests,
  tokenRequests: 0,
  storeChanges: false,
});
const apiOk = (requests: number): Expected => ({
  error: null,
  requests,
  tokenRequests: 0,
  storeChanges: false,
});
const api = (fault: string, script: Case['script'], expected: Expected, extra: Partial<Case> = {}): Case => ({
  fault,
  via: 'api',
  script,
  expected,
  ...extra,
});
const apiCases: Case[] = [
  api('connection refused', null, apiFail(NetworkError, true, 0)),
  api('reset mid-body', () => ({ kind: 'reset' }), apiFail(NetworkError, true, 3)),
  api('no answer (timeout)', () => ({ kind: 'hang' }), apiFail(TimeoutError, true, 1)),
  api('slow body', () => ({ kind: 'slow', byteEveryMs: 40 }), apiFail(TimeoutError, true, 1)),
  ...[500, 502, 503, 504].map((status) =>
    api(`${status}`, () => json(status, { message: 'down' }), apiFail(ApiError, true, 3)),
  ),
  api(
    '429 Retry-After 1 s, then 200',
    (index) => (index === 0 ? json(429, {}, { 'retry-after': '1' }) : goodApi),
    apiOk(2),
    { timeoutMs: 2500, minGapMs: 900 },
  ),
  api(
    '429 Retry-After date, then 200',
    (index) =>
      index === 0 ? json(429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }) : goodApi,
    apiOk(2),
    { timeoutMs: 3000, minGapMs: 700 },
  ),
  api(
    '429 Retry-After beyond the time limit',
    () => json(429, {}, { 'retry-after': '5' }),
    apiFail(RateLimitError, true, 1),
  ),
  api(
    '401 invalid_token: one refresh, one replay',
    (index) =>
      index === 0
        ? json(401, {}, { 'www-authenticate': 'Bearer realm="api", error="invalid_token"' })
        : goodApi,
    { error: null, requests: 2, tokenRequests: 1, storeChanges: true },
  ),
  api('HTML error page (503)', () => html(503), apiFail(ApiError, true, 3)),
  api('truncated JSON', () => json(200, '{"ok":tr'), apiFail(ApiError, false, 1)),
  api('200 with an error body', () => json(200, { error: 'invalid_request' }), apiOk(1)),
  api(
    'redirect to another host',
    () => ({ kind: 'redirect', location: `${otherHost.origin}/api` }),
    apiFail(ApiError, false, 1),
  ),
];

// `.test` names never resolve (RFC 2606) and are not loopback names: only a proxy could reach them.
const proxyCases: Case[] = [
  {
    fault: 'proxy answers 403',
    via: 'clientCredentials',
    script: () => goodToken,
    proxy: '403',
    expected: { error: NetworkError, retryable: true, requests: 0, storeChanges: false },
  },
  {
    fault: 'proxy hangs up',
    via: 'clientCredentials',
    script: () => goodToken,
    proxy: 'close',
    // undici reconnects to the proxy on its own until the time limit ends the call.
    expected: { error: TimeoutError, retryable: true, requests: 0, storeChanges: false },
  },
  api('proxy answers 403', () => goodApi, apiFail(NetworkError, true, 0), { proxy: '403' }),
  api('proxy hangs up', () => goodApi, apiFail(TimeoutError, true, 0), { proxy: 'close' }),
];

const cases: Case[] = [
  ...tokenCases('clientCredentials'),
  ...tokenCases('refresh'),
  ...tokenCases('manager'),
  ...apiCases,
  ...proxyCases,
];

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** Points HTTP_PROXY at a refusing proxy for the length of `body`. */
async function withRefusingProxy<T>(mode: '403' | 'close', body: (proxy: RefusingProxy) => Promise<T>) {
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  const proxy = await startRefusingProxy(mode);
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env.HTTP_PROXY = proxy.url;
  try {
    return { result: await body(proxy), proxyConnections: proxy.connections };
  } finally {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await proxy.close();
  }
}

/** Runs one case; returns what came out, the time it took and the attempts the client made. */
async function run(testCase: Case) {
  if (testCase.proxy === undefined) return { ...(await runDirect(testCase)), proxyConnections: 0 };
  const { result, proxyConnections } = await withRefusingProxy(testCase.proxy, () => runDirect(testCase));
  return { ...result, proxyConnections };
}

async function runDirect(testCase: Case) {
  const origin =
    testCase.script === null
      ? `http://127.0.0.1:${refusedPort}`
      : testCase.proxy === undefined
        ? server.origin
        : `http://faults.oauthkit.test:${server.port}`;
  const remote = testCase.proxy !== undefined;
  const faulted = testCase.via === 'api' ? '/api' : '/token';
  script = (path, index) => {
    if (path !== faulted) return path === '/token' ? goodToken : goodApi;
    return testCase.script?.(index) ?? goodApi;
  };
  server.requests.length = 0;
  otherHost.requests.length = 0;
  let tokenAttempts = 0;
  let apiAttempts = 0;
  const client = new OAuth2Client({
    tokenEndpoint: `${testCase.via === 'api' ? server.origin : origin}/token`,
    clientId: 'app',
    clientSecret: 'app-secret',
    allowInsecureHttp: remote,
    timeoutMs: testCase.timeoutMs ?? TIMEOUT_MS,
    onTokenRequest: () => {
      tokenAttempts++;
    },
  });
  const store = new MemoryTokenStore();
  const seeded = testCase.via === 'api' ? LIVE : EXPIRED;
  await store.compareAndSet('default', 0, seeded);
  const manager = new TokenManager({ client, store, grant: 'client_credentials' });
  const api = new ApiClient({
    baseUrl: origin,
    auth: manager,
    timeoutMs: testCase.timeoutMs ?? TIMEOUT_MS,
    retry: { minDelayMs: 20 },
    allowInsecureHttp: remote,
    onRequest: () => {
      apiAttempts++;
    },
  });
  const started = Date.now();
  let outcome: unknown;
  try {
    if (testCase.via === 'clientCredentials') outcome = await client.clientCredentials();
    else if (testCase.via === 'refresh') outcome = await client.refresh('rt-old');
    else if (testCase.via === 'manager') outcome = await manager.getAccessToken();
    else outcome = await api.get('/api');
  } catch (error) {
    outcome = error;
  } finally {
    await api.close();
  }
  const elapsedMs = Date.now() - started;
  const stored = await store.get('default');
  return { outcome, elapsedMs, stored: stored?.tokens, seeded, tokenAttempts, apiAttempts };
}

describe('fault matrix', () => {
  it.each(cases.map((testCase) => [`${testCase.via}: ${testCase.fault}`, testCase] as const))(
    '%s',
    async (name, testCase) => {
      const { outcome, elapsedMs, stored, seeded, tokenAttempts, apiAttempts, proxyConnections } =
        await run(testCase);
      const faulted = testCase.via === 'api' ? '/api' : '/token';
      const seen = server.requests.filter((request) => request.path === faulted).length;
      const tokenSeen = server.requests.filter((request) => request.path === '/token').length;
      const observed = `${outcome instanceof Error ? outcome.constructor.name : 'ok'}${
        outcome instanceof OAuthKitError ? ` retryable=${outcome.retryable}` : ''
      } requests=${seen} token=${tokenSeen} attempts=${testCase.via === 'api' ? apiAttempts : tokenAttempts} ${elapsedMs}ms other-host=${otherHost.requests.length} proxy=${proxyConnections}`;
      const entry = { name, passed: false, observed };
      results.push(entry);
      const { expected } = testCase;
      if (expected.error === null) {
        expect(outcome, observed).not.toBeInstanceOf(Error);
      } else {
        expect(outcome, observed).toBeInstanceOf(expected.error);
        expect((outcome as OAuthKitError).retryable, observed).toBe(expected.retryable);
      }
      expect(seen, observed).toBe(expected.requests);
      if (testCase.script === null) {
        // Nothing to record server-side: count the client's own attempts (first try + 2 retries).
        expect(testCase.via === 'api' ? apiAttempts : tokenAttempts, observed).toBe(3);
      }
      // The refusing proxy was asked, and nothing got past it (requests: 0 above).
      if (testCase.proxy !== undefined) expect(proxyConnections, observed).toBeGreaterThanOrEqual(1);
      if (testCase.proxy === '403') {
        expect(testCase.via === 'api' ? apiAttempts : tokenAttempts, observed).toBe(3);
      }
      if (testCase.minGapMs !== undefined) {
        const [first, second] = server.requests.filter((request) => request.path === faulted);
        expect(second!.at - first!.at, observed).toBeGreaterThanOrEqual(testCase.minGapMs);
      }
      if (testCase.via === 'manager' && testCase.fault === '400 invalid_grant') {
        expect(server.requests.map((request) => request.form.grant_type)).toEqual([
          'refresh_token',
          'client_credentials',
        ]);
      }
      if (expected.tokenRequests !== undefined) expect(tokenSeen, observed).toBe(expected.tokenRequests);
      expect(elapsedMs, observed).toBeLessThanOrEqual((testCase.timeoutMs ?? TIMEOUT_MS) + MARGIN_MS);
      if (testCase.via === 'manager' || testCase.via === 'api') {
        if (expected.storeChanges) expect(stored?.accessToken, observed).toBe('at-new');
        else expect(stored, observed).toEqual(seeded);
      }
      // Credentials never follow a redirect to another host.
      for (const request of otherHost.requests) expect(request.authorization, observed).toBeUndefined();
      entry.passed = true;
    },
  );
});
