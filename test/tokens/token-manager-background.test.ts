import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReauthorizationRequiredError } from '../../src/errors/reauthorization-required-error.js';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { EventRecorder } from '../support/event-recorder.js';
import { FakeAuthorizationServer, type SeenRequest } from '../support/fake-authorization-server.js';
import { FlakyStore } from '../support/flaky-store.js';

const HOUR = 3_600_000;

let server: FakeAuthorizationServer;
let store: FlakyStore;
let recorder: EventRecorder;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  server = new FakeAuthorizationServer();
  store = new FlakyStore();
  recorder = new EventRecorder();
});

afterEach(() => {
  vi.useRealTimers();
});

function manager(grant: 'client_credentials' | 'refresh_only' = 'client_credentials'): TokenManager {
  return new TokenManager({ client: server, store, key: 'k', grant, onEvent: recorder.onEvent });
}

describe('TokenManager proactive renewal in the background', () => {
  it('answers 100 concurrent callers in the skew window at once, with one refresh behind them', async () => {
    const tokens = manager();
    expect(await tokens.getAccessToken()).toBe('access-1');
    vi.advanceTimersByTime(HOUR - 50_000);
    const release = server.hold();
    const arrived = new Promise<SeenRequest>((resolve) => {
      server.onRequest = async (request) => resolve(request);
    });
    const refreshed = recorder.next('refresh');
    const results = await Promise.all(Array.from({ length: 100 }, () => tokens.getAccessToken()));
    // All resolved while the token endpoint holds the refresh open (released only below).
    expect(new Set(results)).toEqual(new Set(['access-1']));
    expect(await arrived).toEqual({ grant: 'refresh_token', refreshToken: 'refresh-1' });
    release();
    expect(await refreshed).toMatchObject({ version: 2 });
    expect(await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()])).toEqual([
      'access-2',
      'access-2',
    ]);
    expect(server.requests.map((r) => r.grant)).toEqual(['client_credentials', 'refresh_token']);
    expect(await store.inner.get('k')).toMatchObject({ version: 2, tokens: { accessToken: 'access-2' } });
  });

  it('makes callers wait once the token is within the safety margin of its expiry', async () => {
    const tokens = manager();
    await tokens.getAccessToken();
    // 1 h token, 60 s skew: the margin is half the skew window, 30 s.
    vi.advanceTimersByTime(HOUR - 29_000);
    const release = server.hold();
    let settled = false;
    const waiting = tokens.getAccessToken().then((token) => {
      settled = true;
      return token;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    release();
    expect(await waiting).toBe('access-2');
    expect(server.count('refresh_token')).toBe(1);
  });

  it('reports a background failure as an event, keeps the token, and does not retry on every call', async () => {
    const tokens = manager('refresh_only');
    await tokens.setTokens(await server.clientCredentials());
    server.requests.length = 0;
    server.revoke('refresh-1');
    vi.advanceTimersByTime(HOUR - 50_000);
    const required = recorder.next('reauthorization-required');
    expect(await tokens.getAccessToken()).toBe('access-1');
    await required;
    for (let i = 0; i < 10; i++) expect(await tokens.getAccessToken()).toBe('access-1');
    expect(server.count('refresh_token')).toBe(1);
    // Once the token is about to expire, callers wait and get the error.
    vi.advanceTimersByTime(30_000);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(server.count('refresh_token')).toBe(2);
  });

  for (const operation of ['lock', 'get'] as const) {
    it(`returns the still-valid token when store.${operation}() fails during a proactive renewal`, async () => {
      const tokens = manager();
      await tokens.getAccessToken();
      store.failures[operation] = Number.POSITIVE_INFINITY;
      // In the background part of the skew window, and in the margin where callers wait.
      vi.advanceTimersByTime(HOUR - 50_000);
      const failed = recorder.next('refresh-failed');
      expect(await tokens.getAccessToken()).toBe('access-1');
      expect(await failed).toMatchObject({ usingCurrentToken: true, error: expect.any(TokenStoreError) });
      vi.advanceTimersByTime(40_000);
      expect(await tokens.getAccessToken()).toBe('access-1');
      expect(server.count('refresh_token')).toBe(0);
      // An expired token is never handed out: the store error reaches the caller.
      vi.advanceTimersByTime(10_000);
      await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(TokenStoreError);
      store.failures[operation] = 0;
      expect(await tokens.getAccessToken()).toBe('access-2');
    });
  }
});
