import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { EventRecorder } from '../support/event-recorder.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';
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

/** A manager holding tokens from a login (refresh-1 is live on the server), its token expired. */
async function expiredManager(): Promise<TokenManager> {
  const login: TokenSet = await server.clientCredentials();
  server.requests.length = 0;
  const tokens = new TokenManager({ client: server, store, key: 'k', onEvent: recorder.onEvent });
  await tokens.setTokens(login);
  vi.advanceTimersByTime(HOUR);
  return tokens;
}

describe('TokenManager when the store cannot take the renewed tokens', () => {
  it('retries the write of a refresh result after a transient store failure', async () => {
    const tokens = await expiredManager();
    store.failures.compareAndSet = 2;
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await token).toBe('access-2');
    expect(store.writeAttempts).toBe(4); // the login, then two failures and the stored write
    expect(await store.inner.get('k')).toMatchObject({
      version: 2,
      tokens: { accessToken: 'access-2', refreshToken: 'refresh-2' },
    });
    expect(server.requests).toEqual([{ grant: 'refresh_token', refreshToken: 'refresh-1' }]);
    expect(recorder.types()).toEqual(['refresh']);
  });

  it('keeps using the new tokens while the store is down and writes them once it is back', async () => {
    const tokens = await expiredManager();
    store.failures.compareAndSet = Number.POSITIVE_INFINITY;
    const failed = recorder.next('store-failed');
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(2_000);
    // The old refresh token is spent: the new tokens are used, not dropped.
    expect(await token).toBe('access-2');
    const event = await failed;
    expect(event).toMatchObject({ key: 'k', pendingWrite: true });
    expect(event.error).toBeInstanceOf(TokenStoreError);
    expect(JSON.stringify(event)).not.toMatch(/access-|refresh-/);
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(await store.inner.get('k')).toMatchObject({ version: 1, tokens: { accessToken: 'access-1' } });
    expect(server.count('refresh_token')).toBe(1);

    // While the store still fails, later attempts to write keep the tokens in use.
    vi.advanceTimersByTime(5_000);
    expect(await tokens.getAccessToken()).toBe('access-2');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(await store.inner.get('k')).toMatchObject({ version: 1 });

    store.failures.compareAndSet = 0;
    vi.advanceTimersByTime(5_000);
    const written = recorder.next('refresh');
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(await written).toMatchObject({ key: 'k', version: 2 });
    expect(await store.inner.get('k')).toMatchObject({
      version: 2,
      tokens: { accessToken: 'access-2', refreshToken: 'refresh-2' },
    });
    // Written, not refreshed again; and the stored refresh token is the live one.
    expect(server.count('refresh_token')).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // let the renewal release its lock
    vi.advanceTimersByTime(HOUR);
    expect(await tokens.getAccessToken()).toBe('access-3');
    expect(server.requests.map((r) => r.refreshToken)).toEqual(['refresh-1', 'refresh-2']);
    expect(recorder.types()).not.toContain('reauthorization-required');
  });

  it('keeps the new tokens when writing them runs over the time limit', async () => {
    const tokens = await expiredManager();
    store.hangWrites = true;
    const failed = recorder.next('store-failed');
    const token = tokens.getAccessToken();
    // The store-work budget after the token request: 2.5 s.
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await token).toBe('access-2');
    expect((await failed).error).toMatchObject({ name: 'TimeoutError' });
    store.hangWrites = false;
    // The hung write still holds the lock until its TTL; then the next renewal writes them.
    const written = recorder.next('refresh');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await tokens.getAccessToken()).toBe('access-2');
    await vi.advanceTimersByTimeAsync(server.timeoutMs * 3 + 10_000);
    expect(await written).toMatchObject({ version: 2 });
    expect(await store.inner.get('k')).toMatchObject({ version: 2, tokens: { refreshToken: 'refresh-2' } });
    expect(server.count('refresh_token')).toBe(1);
  });

  it('adopts a login stored meanwhile instead of writing its own unsaved tokens over it', async () => {
    const tokens = await expiredManager();
    store.failures.compareAndSet = Number.POSITIVE_INFINITY;
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await token).toBe('access-2');
    store.failures.compareAndSet = 0;
    // A user logs in again elsewhere while this manager could not store access-2.
    const other = new TokenManager({ client: server, store: store.inner, key: 'k' });
    await other.setTokens({ ...(await server.clientCredentials()), extra: { via: 'login' } });
    vi.advanceTimersByTime(5_000);
    const adopted = recorder.next('adopt');
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(await adopted).toMatchObject({ version: 2 });
    expect(await tokens.getAccessToken()).toBe('access-3');
    expect(await store.inner.get('k')).toMatchObject({
      version: 2,
      tokens: { accessToken: 'access-3', extra: { via: 'login' } },
    });
  });

  it('does not bring back tokens that were deleted (a logout) while they could not be stored', async () => {
    const tokens = await expiredManager();
    store.failures.compareAndSet = Number.POSITIVE_INFINITY;
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await token).toBe('access-2');
    store.failures.compareAndSet = 0;
    await store.inner.delete('k');
    vi.advanceTimersByTime(5_000);
    const required = recorder.next('reauthorization-required');
    await tokens.getAccessToken().catch(() => undefined);
    await required;
    expect(await store.inner.get('k')).toBeNull();
    await expect(tokens.getAccessToken()).rejects.toThrow(/No tokens are stored under "k"; log in again/);
  });
});
