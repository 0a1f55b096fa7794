import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import type { TokenStore } from '../../src/tokens/store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';

const HOUR = 3_600_000;

let server: FakeAuthorizationServer;
let store: MemoryTokenStore;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  server = new FakeAuthorizationServer();
  store = new MemoryTokenStore();
});

afterEach(() => {
  vi.useRealTimers();
});

// The lock TTL a manager uses with this client: the token request budget (3 tries of
// timeoutMs plus 5 s of backoff) plus 2 × 2.5 s of store work.
const lockTtlMs = (timeoutMs: number): number => timeoutMs * 3 + 10_000;

describe('TokenManager waiting for a lock a crashed holder never releases', () => {
  it('waits until the lock expires, then refreshes once for every caller of two managers', async () => {
    const a = new TokenManager({ client: server, store, grant: 'client_credentials' });
    const b = new TokenManager({ client: server, store, grant: 'client_credentials' });
    expect(await a.getAccessToken()).toBe('access-1');
    expect(await b.getAccessToken()).toBe('access-1');
    vi.advanceTimersByTime(HOUR + 1);
    // Another process took the lock to refresh, then died: nobody will release it.
    await store.lock('default', lockTtlMs(server.timeoutMs));
    const outcomes: Array<string | Error> = [];
    const callers = Array.from({ length: 50 }, (_, i) =>
      (i % 2 === 0 ? a : b).getAccessToken().then(
        (token) => outcomes.push(token),
        (error: Error) => outcomes.push(error),
      ),
    );
    await vi.advanceTimersByTimeAsync(lockTtlMs(server.timeoutMs) - 1);
    expect(outcomes).toEqual([]);
    expect(server.count('refresh_token')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(callers);
    expect(outcomes).toEqual(Array.from({ length: 50 }, () => 'access-2'));
    expect(server.count('refresh_token')).toBe(1);
    expect(await store.get('default')).toMatchObject({ version: 2, tokens: { accessToken: 'access-2' } });
  });

  it('still bounds a hung token request once the lock is taken', async () => {
    const tokens = new TokenManager({ client: server, store, grant: 'client_credentials' });
    await tokens.getAccessToken();
    vi.advanceTimersByTime(HOUR + 1);
    await store.lock('default', lockTtlMs(server.timeoutMs));
    server.behaviour = 'hang';
    const waiting = tokens.getAccessToken().catch((error: unknown) => error);
    // The dead holder's lock, then the token request's own budget.
    await vi.advanceTimersByTimeAsync(lockTtlMs(server.timeoutMs) + server.timeoutMs * 3 + 5_000);
    expect(await waiting).toMatchObject({ name: 'TimeoutError' });
    expect(server.count('refresh_token')).toBe(1);
  });

  it('gives up with a TimeoutError on a store whose lock never comes, after the longest legitimate wait', async () => {
    const stuck: TokenStore = {
      get: (key) => store.get(key),
      compareAndSet: (key, version, tokens) => store.compareAndSet(key, version, tokens),
      delete: (key) => store.delete(key),
      lock: () => new Promise<never>(() => undefined),
    };
    await store.compareAndSet('default', 0, await server.clientCredentials());
    const tokens = new TokenManager({ client: server, store: stuck, grant: 'client_credentials' });
    expect(await tokens.getAccessToken()).toBe('access-1');
    vi.advanceTimersByTime(HOUR + 1);
    let outcome: unknown;
    const waiting = tokens.getAccessToken().then(
      (token) => (outcome = token),
      (error: unknown) => (outcome = error),
    );
    // A crashed holder's lock can last its whole TTL: no giving up before that.
    await vi.advanceTimersByTimeAsync(lockTtlMs(server.timeoutMs));
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2_000);
    await waiting;
    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect((outcome as Error).message).toMatch(/"default" ran over a 15000 ms time limit/);
    expect(server.count('refresh_token')).toBe(0);
  });
});
