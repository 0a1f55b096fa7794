import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { FakeAuthorizationServer } from './_fake-authorization-server.js';

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
});
