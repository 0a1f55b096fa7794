import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { CallbackTokenStore } from '../../src/tokens/callback-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';

const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CallbackTokenStore', () => {
  it('lets two managers share tokens through one getter and setter (HaApiV5 style)', async () => {
    const server = new FakeAuthorizationServer();
    let saved: string | null = null;
    const hooks = {
      get: () => (saved === null ? null : (JSON.parse(saved) as TokenSet)),
      set: (tokens: TokenSet) => {
        saved = JSON.stringify(tokens);
      },
    };
    // Two SDK instances, each with its own store over the same user storage.
    const a = new TokenManager({
      client: server,
      store: new CallbackTokenStore(hooks),
      grant: 'client_credentials',
    });
    const b = new TokenManager({
      client: server,
      store: new CallbackTokenStore(hooks),
      grant: 'client_credentials',
    });
    expect(await a.getAccessToken()).toBe('access-1');
    expect(await b.getAccessToken()).toBe('access-1');
    expect(JSON.parse(saved ?? 'null')).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    vi.advanceTimersByTime(HOUR);
    expect(await a.getAccessToken()).toBe('access-2');
    // b sees a's rotation through the getter and adopts it instead of reusing refresh-1.
    expect(await b.getAccessToken()).toBe('access-2');
    expect(server.requests.map((r) => r.grant)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('refuses to write over tokens the getter changed since they were read', async () => {
    let value: TokenSet | null = null;
    const store = new CallbackTokenStore({
      get: () => value,
      set: (tokens) => {
        value = tokens;
      },
    });
    const base: TokenSet = { accessToken: 'one', tokenType: 'Bearer', expiresAt: null, extra: {} };
    expect(await store.compareAndSet('k', 0, base)).toMatchObject({ version: 1 });
    expect(await store.get('k')).toMatchObject({ version: 1, tokens: { accessToken: 'one' } });
    value = { ...base, accessToken: 'changed elsewhere' };
    expect(await store.compareAndSet('k', 1, { ...base, accessToken: 'two' })).toBeNull();
    expect(value.accessToken).toBe('changed elsewhere');
    const current = await store.get('k');
    expect(current?.version).toBe(2);
    expect(await store.compareAndSet('k', 2, { ...base, accessToken: 'three' })).toMatchObject({
      version: 3,
    });
    expect(value.accessToken).toBe('three');
  });

  it('hands the setter a copy, so later changes by the caller do not leak into storage', async () => {
    let value: TokenSet | null = null;
    const store = new CallbackTokenStore({
      get: () => value,
      set: (tokens) => {
        value = tokens;
      },
    });
    const mine: TokenSet = { accessToken: 'one', tokenType: 'Bearer', expiresAt: null, extra: { a: 1 } };
    await store.compareAndSet('k', 0, mine);
    mine.extra.a = 2;
    expect(value).toMatchObject({ extra: { a: 1 } });
  });

  it('reports a getter that returns something else than tokens, and a missing delete', async () => {
    const store = new CallbackTokenStore({
      get: () => ({ token: 'x' }) as unknown as TokenSet,
      set: () => {},
    });
    await expect(store.get('k')).rejects.toThrow(/accessToken is not a non-empty string/);
    await expect(store.delete('k')).rejects.toBeInstanceOf(TokenStoreError);
    let deleted = '';
    const withDelete = new CallbackTokenStore({
      get: () => null,
      set: () => {},
      delete: (key) => {
        deleted = key;
      },
    });
    await withDelete.delete('k');
    expect(deleted).toBe('k');
  });
});
