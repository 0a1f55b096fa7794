import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthKitError } from '../../src/errors/oauthkit-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';
import { checkAccessToken } from '../support/signed-access-token.js';

// 10,000 calls at concurrency 200, access tokens living 1 s, 1% of API answers a 503: no call is
// lost (each succeeds after retries or fails with a typed error saying why) and memory stays flat.
const CALLS = 10_000;
const CONCURRENCY = 200;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let tokenServer: RotatingTokenServer;
let api: Server;
let apiUrl: string;
const apiCounts = { ok: 0, unavailable: 0, refused: 0 };

beforeAll(async () => {
  tokenServer = await startRotatingTokenServer({ accessTtlSeconds: 1 });
  api = createServer((request, response) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (Math.random() < 0.01) {
      apiCounts.unavailable++;
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"try again"}');
    } else if (checkAccessToken(tokenServer.signingKey, token) === 'invalid') {
      apiCounts.refused++;
      response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    } else {
      apiCounts.ok++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  await tokenServer.close();
});

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('load: 10,000 calls, 1 s tokens, 1% 503', () => {
  it('loses no call and keeps memory flat', async () => {
    const client = new OAuth2Client({
      tokenEndpoint: tokenServer.tokenEndpoint,
      clientId: tokenServer.clientId,
      clientSecret: tokenServer.clientSecret,
    });
    const { username, password } = tokenServer;
    const tokens = new TokenManager({
      client,
      grant: { password: async () => ({ username, password }) },
      refreshSkewMs: 300,
    });
    const apiClient = new ApiClient({
      baseUrl: apiUrl,
      auth: tokens,
      timeoutMs: 15_000,
      retry: { retries: 3, minDelayMs: 5, maxDelayMs: 100 },
    });
    let started = 0;
    let settled = 0;
    let ok = 0;
    const failures = new Map<string, number>();
    let untyped = 0;
    let heapAtFirst = 0;
    const latencies: number[] = [];
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < CALLS) {
          started++;
          const at = performance.now();
          try {
            const response = await apiClient.get<{ ok: boolean }>('/resource');
            if (response.data.ok === true) ok++;
            latencies.push(performance.now() - at);
          } catch (error) {
            if (error instanceof OAuthKitError && error.message.length > 0) {
              const kind = `${error.name}${'status' in error ? ` ${String(error.status)}` : ''}`;
              failures.set(kind, (failures.get(kind) ?? 0) + 1);
            } else untyped++;
          }
          settled++;
          if (settled === 2_000) heapAtFirst = heapAfterGc();
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const heapAtLast = heapAfterGc();
    latencies.sort((a, b) => a - b);
    const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
    const summary = {
      callsPerSecond: Math.round(CALLS / seconds),
      p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN),
      ok,
      failures: Object.fromEntries(failures),
      untyped,
      refreshes: tokenServer.stats.refreshes,
      api: apiCounts,
      heapMiB: [heapAtFirst, heapAtLast].map((bytes) => Math.round((bytes / 2 ** 20) * 10) / 10),
    };
    process.stderr.write(`load: ${JSON.stringify(summary)}\n`);
    // No call lost: every one either succeeded or failed with a typed error that says why.
    expect(ok + failed + untyped, JSON.stringify(summary)).toBe(CALLS);
    expect(untyped, JSON.stringify(summary)).toBe(0);
    // 1% 503s with 3 retries, and 401 replays after expiry: every call gets through.
    expect(ok, JSON.stringify(summary)).toBe(CALLS);
    expect(apiCounts.unavailable).toBeGreaterThan(CALLS * 0.005);
    expect(tokenServer.stats.refreshes).toBeGreaterThanOrEqual(Math.floor(seconds) - 1);
    expect(tokenServer.stats.invalidGrants).toBe(0);
    // Memory: no growth beyond 10% between the first 2,000 calls and the last.
    expect(heapAtLast, JSON.stringify(summary)).toBeLessThanOrEqual(heapAtFirst * 1.1);
  }, 120_000);
});
