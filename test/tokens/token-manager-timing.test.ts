import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import type { StoredTokens, TokenLock, TokenStore } from '../../src/tokens/store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenEvent } from '../../src/tokens/token-manager-options.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { EventRecorder } from '../support/event-recorder.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';

const HOUR = 3_600_000;

/** A memory store that counts every call, to prove the hot path does no store I/O. */
class CountingStore implements TokenStore {
  readonly inner = new MemoryTokenStore();
  calls = 0;
  get(key: string): Promise<StoredTokens | null> {
    this.calls++;
    return this.inner.get(key);
  }
  compareAndSet(key: string, version: number, tokens: TokenSet): Promise<StoredTokens | null> {
    this.calls++;
    return this.inner.compareAndSet(key, version, tokens);
  }
  delete(key: string): Promise<void> {
    this.calls++;
    return this.inner.delete(key);
  }
  lock(key: string, ttlMs: number): Promise<TokenLock> {
    this.calls++;
    return this.inner.lock(key, ttlMs);
  }
}

let server: FakeAuthorizationServer;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  server = new FakeAuthorizationServer();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenManager timing', () => {
  it('serves a fresh token from memory without touching the store', async () => {
    const store = new CountingStore();
    const tokens = new TokenManager({ client: server, store, grant: 'client_credentials' });
    expect(await tokens.getAccessToken()).toBe('access-1');
    const callsAfterMint = store.calls;
    for (let i = 0; i < 1000; i++) expect(await tokens.getAccessToken()).toBe('access-1');
    expect(store.calls).toBe(callsAfterMint);
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes proactively refreshSkewMs before expiry, in the background', async () => {
    const recorder = new EventRecorder();
    const tokens = new TokenManager({
      client: server,
      grant: 'client_credentials',
      onEvent: recorder.onEvent,
    });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR - 60_001);
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(server.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const refreshed = recorder.next('refresh');
    // The current token is still valid: returned at once while the refresh runs.
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(await refreshed).toMatchObject({ version: 2 });
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.requests.map((r) => r.grant)).toEqual(['client_credentials', 'refresh_token']);
    expect(server.requests[1]?.refreshToken).toBe('refresh-1');
  });

  it('caps the skew at half the lifetime of short-lived tokens', async () => {
    server.lifetimeMs = 40_000;
    const recorder = new EventRecorder();
    const tokens = new TokenManager({
      client: server,
      grant: 'client_credentials',
      refreshSkewMs: 60_000,
      onEvent: recorder.onEvent,
    });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(19_999);
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(server.count('refresh_token')).toBe(0);
    vi.advanceTimersByTime(1);
    const refreshed = recorder.next('refresh');
    expect(await tokens.getAccessToken()).toBe('access-1');
    await refreshed;
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.count('refresh_token')).toBe(1);
  });

  it('never refreshes a token without expiry unless an API refused it', async () => {
    server.lifetimeMs = null;
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(30 * 24 * HOUR);
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(server.requests).toHaveLength(1);
    expect(await tokens.getAccessToken({ forceRefresh: true, rejectedToken: 'access-1' })).toBe('access-2');
    expect(server.count('refresh_token')).toBe(1);
  });

  it('makes exactly one refresh for 500 concurrent callers after expiry', async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR + 1);
    const results = await Promise.all(Array.from({ length: 500 }, () => tokens.getAccessToken()));
    expect(new Set(results)).toEqual(new Set(['access-2']));
    expect(server.count('refresh_token')).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('makes one forced refresh for 100 callers refused with the same token', async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    const refused = await tokens.getAccessToken();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        tokens.getAccessToken({ forceRefresh: true, rejectedToken: refused }),
      ),
    );
    expect(new Set(results)).toEqual(new Set(['access-2']));
    expect(server.count('refresh_token')).toBe(1);
    // A late 401 for the old token: someone already refreshed, nothing to do.
    expect(await tokens.getAccessToken({ forceRefresh: true, rejectedToken: refused })).toBe('access-2');
    expect(server.count('refresh_token')).toBe(1);
  });

  it("lets one caller abort without failing the others' shared refresh", async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR + 1);
    const release = server.hold();
    const controller = new AbortController();
    const aborted = tokens.getAccessToken({ signal: controller.signal });
    const others = [tokens.getAccessToken(), tokens.getAccessToken()];
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    release();
    expect(await Promise.all(others)).toEqual(['access-2', 'access-2']);
    expect(server.count('refresh_token')).toBe(1);
  });

  it('bounds a hung token request with a TimeoutError for every waiter, then recovers', async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR + 1);
    server.behaviour = 'hang';
    const waiting = [tokens.getAccessToken(), tokens.getAccessToken()].map((p) =>
      p.catch((error: unknown) => error),
    );
    await vi.advanceTimersByTimeAsync(server.timeoutMs * 3 + 5_000);
    for (const error of await Promise.all(waiting)) {
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).not.toContain('access-');
    }
    server.behaviour = 'ok';
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.count('refresh_token')).toBe(2);
  });

  it('keeps the valid token when a proactive refresh fails transiently, and says so', async () => {
    const events: TokenEvent[] = [];
    const tokens = new TokenManager({
      client: server,
      grant: 'client_credentials',
      onEvent: (e) => events.push(e),
    });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR - 30_000);
    server.behaviour = 'transient';
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(events.at(-1)).toMatchObject({ type: 'refresh-failed', usingCurrentToken: true });
    expect((events.at(-1) as { error: Error }).error).toBeInstanceOf(NetworkError);
    // A forced refresh cannot fall back on the token the API refused.
    await expect(
      tokens.getAccessToken({ forceRefresh: true, rejectedToken: 'access-1' }),
    ).rejects.toBeInstanceOf(NetworkError);
    server.behaviour = 'ok';
    vi.advanceTimersByTime(5_000);
    expect(await tokens.getAccessToken()).toBe('access-2');
  });

  it('keeps the valid token when a proactive refresh hangs, and tries again later', async () => {
    const recorder = new EventRecorder();
    const tokens = new TokenManager({
      client: server,
      grant: 'client_credentials',
      onEvent: recorder.onEvent,
    });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR - 50_000);
    server.behaviour = 'hang';
    const failed = recorder.next('refresh-failed');
    // Returned at once: the hung refresh runs in the background.
    expect(await tokens.getAccessToken()).toBe('access-1');
    // The token request's own limit (3 tries of timeoutMs, plus backoff) cancels it.
    await vi.advanceTimersByTimeAsync(server.timeoutMs * 3 + 5_000);
    expect(await failed).toMatchObject({ type: 'refresh-failed', usingCurrentToken: true });
    expect((await failed).error).toBeInstanceOf(TimeoutError);
    server.behaviour = 'ok';
    expect(await tokens.getAccessToken()).toBe('access-1');
    expect(server.count('refresh_token')).toBe(1);
    vi.advanceTimersByTime(5_000);
    const refreshed = recorder.next('refresh');
    expect(await tokens.getAccessToken()).toBe('access-1');
    await refreshed;
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.count('refresh_token')).toBe(2);
  });

  it('does not refresh again for a 401 that arrives during a proactive refresh', async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    const old = await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR - 1_000);
    const release = server.hold();
    const proactive = tokens.getAccessToken();
    const afterRefusal = tokens.getAccessToken({ forceRefresh: true, rejectedToken: old });
    release();
    expect(await Promise.all([proactive, afterRefusal])).toEqual(['access-2', 'access-2']);
    expect(server.count('refresh_token')).toBe(1);
  });

  it('throws a transient failure once the current token has expired', async () => {
    const tokens = new TokenManager({ client: server, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR);
    server.behaviour = 'transient';
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(NetworkError);
  });
});
