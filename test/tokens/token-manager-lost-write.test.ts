import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReauthorizationRequiredError } from '../../src/errors/reauthorization-required-error.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenEvent } from '../../src/tokens/token-manager-options.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';

// A compare-and-set that loses: another writer ignored the lock (a login's setTokens, a logout)
// while this manager was refreshing. Its new refresh token is spent on the server side only once
// it is used, but the old one is spent already, so the new pair is never silently dropped.
const HOUR = 3_600_000;

let server: FakeAuthorizationServer;
let store: MemoryTokenStore;
let events: TokenEvent[];

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  server = new FakeAuthorizationServer();
  store = new MemoryTokenStore();
  events = [];
});
afterEach(() => {
  vi.useRealTimers();
});

async function managerAfterExpiry(): Promise<TokenManager> {
  const tokens = new TokenManager({
    client: server,
    store,
    grant: 'refresh_only',
    onEvent: (e) => events.push(e),
  });
  await tokens.setTokens(await server.clientCredentials());
  server.requests.length = 0;
  vi.advanceTimersByTime(HOUR);
  return tokens;
}

/** During our refresh, another writer puts `write()` in the store (or deletes the record). */
function duringRefresh(write: () => Promise<void>): void {
  server.onRequest = async () => {
    server.onRequest = undefined;
    await write();
  };
}

describe('TokenManager when its compare-and-set loses', () => {
  it('overwrites a record that cannot give any token (expired, no refresh token) with its new pair', async () => {
    const tokens = await managerAfterExpiry();
    duringRefresh(async () => {
      await store.compareAndSet('default', 1, {
        accessToken: 'stale',
        tokenType: 'Bearer',
        expiresAt: 1,
        extra: {},
      });
    });
    expect(await tokens.getAccessToken()).toBe('access-2');
    const stored = await store.get('default');
    expect(stored?.tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(stored?.version).toBe(3);
    expect(events.map((e) => e.type)).toEqual(['refresh']);
  });

  it('adopts a usable record another writer stored, and says so', async () => {
    const tokens = await managerAfterExpiry();
    duringRefresh(async () => {
      const login = {
        accessToken: 'their-login',
        tokenType: 'Bearer',
        expiresAt: Date.now() + HOUR,
        extra: {},
      };
      await store.compareAndSet('default', 1, { ...login, refreshToken: 'their-refresh' });
    });
    expect(await tokens.getAccessToken()).toBe('their-login');
    expect((await store.get('default'))?.tokens.refreshToken).toBe('their-refresh');
    expect(events.map((e) => e.type)).toEqual(['adopt']);
  });

  it('keeps a refreshable record of another writer in the store, and serves its own new pair from memory', async () => {
    const tokens = await managerAfterExpiry();
    duringRefresh(async () => {
      const expired = {
        accessToken: 'their-expired',
        tokenType: 'Bearer',
        expiresAt: Date.now() - 1,
        extra: {},
      };
      await store.compareAndSet('default', 1, { ...expired, refreshToken: 'their-refresh' });
    });
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect((await store.get('default'))?.tokens).toMatchObject({ refreshToken: 'their-refresh' });
    expect(events.map((e) => e.type)).toContain('store-failed');
  });

  it('respects a logout during the renewal: ReauthorizationRequiredError, and nothing written back', async () => {
    const tokens = await managerAfterExpiry();
    duringRefresh(() => store.delete('default'));
    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as Error).message).toMatch(/deleted \(a logout\) during a renewal; log in again/);
    expect(await store.get('default')).toBeNull();
  });
});
