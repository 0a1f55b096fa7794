import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { ReauthorizationRequiredError } from '../../src/errors/reauthorization-required-error.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import type { StoredTokens, TokenStore } from '../../src/tokens/store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenEvent } from '../../src/tokens/token-manager-options.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
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

/** Tokens a user got from a browser login: obtained from the server, so its refresh token is live. */
async function loginTokens(): Promise<TokenSet> {
  const tokens = await server.clientCredentials();
  server.requests.length = 0;
  return tokens;
}

describe('TokenManager rotation safety', () => {
  it('adopts tokens another writer rotated when its own refresh is refused', async () => {
    const events: TokenEvent[] = [];
    const tokens = new TokenManager({
      client: server,
      store,
      grant: 'client_credentials',
      onEvent: (e) => events.push(e),
    });
    await tokens.setTokens(await loginTokens());
    vi.advanceTimersByTime(HOUR);
    // Another process (ignoring our lock) rotates refresh-1 just before our request lands.
    server.onRequest = async () => {
      server.onRequest = undefined;
      const theirs = await server.refresh('refresh-1');
      await store.compareAndSet('default', 1, theirs);
    };
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.requests.map((r) => r.grant)).toEqual(['refresh_token', 'refresh_token']);
    expect(server.count('client_credentials')).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['refresh-failed', 'adopt']);
    expect((await store.get('default'))?.version).toBe(2);
  });

  it('re-mints with client credentials when the refresh token is refused', async () => {
    const tokens = new TokenManager({ client: server, store, grant: 'client_credentials', scopes: ['read'] });
    const login = await loginTokens();
    await tokens.setTokens(login);
    server.revoke('refresh-1');
    vi.advanceTimersByTime(HOUR);
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(server.requests).toEqual([
      { grant: 'refresh_token', refreshToken: 'refresh-1', scopes: ['read'] },
      { grant: 'client_credentials', scopes: ['read'] },
    ]);
    expect((await store.get('default'))?.tokens.accessToken).toBe('access-2');
  });

  it('re-mints with the password provider when the refresh token is refused', async () => {
    let asked = 0;
    const password = async () => {
      asked++;
      return { username: 'ada', password: 'correct horse' };
    };
    const tokens = new TokenManager({ client: server, store, grant: { password } });
    await tokens.setTokens(await loginTokens());
    server.revoke('refresh-1');
    vi.advanceTimersByTime(HOUR);
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(asked).toBe(1);
    expect(server.requests.at(-1)).toEqual({ grant: 'password', username: 'ada' });
    expect(inspect(tokens)).not.toContain('correct horse');
  });

  it('asks for a new login when only a refresh was allowed, keeping the stored tokens', async () => {
    const tokens = new TokenManager({ client: server, store, key: 'misoca' });
    await tokens.setTokens(await loginTokens());
    server.revoke('refresh-1');
    vi.advanceTimersByTime(HOUR);
    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect(error).toMatchObject({ key: 'misoca' });
    expect((error as Error).message).toMatch(/refresh token of "misoca" was refused; log in again/);
    expect((error as Error).message).not.toMatch(/refresh-1|access-1/);
    expect((error as Error).cause).toBeInstanceOf(OAuthError);
    expect(((error as Error).cause as OAuthError).error).toBe('invalid_grant');
    const stored = await store.get('misoca');
    expect(stored).toMatchObject({
      version: 1,
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' },
    });
  });

  it('asks for a login when nothing is stored and only a refresh is allowed', async () => {
    const tokens = new TokenManager({ client: server, store });
    await expect(tokens.getAccessToken()).rejects.toThrow(
      /No tokens are stored under "default"; log in again/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the old refresh token when the refresh response has none', async () => {
    server.rotateRefreshTokens = false;
    const tokens = new TokenManager({ client: server, store });
    await tokens.setTokens(await loginTokens());
    vi.advanceTimersByTime(HOUR);
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect((await store.get('default'))?.tokens).toMatchObject({
      accessToken: 'access-2',
      refreshToken: 'refresh-1',
    });
    vi.advanceTimersByTime(HOUR);
    expect(await tokens.getAccessToken()).toBe('access-3');
    expect(server.requests.map((r) => r.refreshToken)).toEqual(['refresh-1', 'refresh-1']);
  });

  it('writes new tokens to the store before handing them out', async () => {
    const written: string[] = [];
    const recording: TokenStore = {
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
      lock: (key, ttl) => store.lock(key, ttl),
      compareAndSet: async (key, version, tokens): Promise<StoredTokens | null> => {
        const result = await store.compareAndSet(key, version, tokens);
        if (result) written.push(result.tokens.accessToken);
        return result;
      },
    };
    const tokens = new TokenManager({ client: server, store: recording, grant: 'client_credentials' });
    const seenAtResolution: string[][] = [];
    const token = await tokens.getAccessToken().then((t) => {
      seenAtResolution.push([...written]);
      return t;
    });
    expect(token).toBe('access-1');
    expect(seenAtResolution).toEqual([['access-1']]);
  });

  it('shares one refresh between two managers on one store (two processes)', async () => {
    const eventsA: TokenEvent[] = [];
    const eventsB: TokenEvent[] = [];
    const a = new TokenManager({
      client: server,
      store,
      grant: 'client_credentials',
      onEvent: (e) => eventsA.push(e),
    });
    const b = new TokenManager({
      client: server,
      store,
      grant: 'client_credentials',
      onEvent: (e) => eventsB.push(e),
    });
    expect(await a.getAccessToken()).toBe('access-1');
    expect(await b.getAccessToken()).toBe('access-1');
    vi.advanceTimersByTime(HOUR);
    expect(await Promise.all([a.getAccessToken(), b.getAccessToken(), a.getAccessToken()])).toEqual([
      'access-2',
      'access-2',
      'access-2',
    ]);
    expect(server.count('refresh_token')).toBe(1);
    expect(server.count('client_credentials')).toBe(1);
    expect([...eventsA, ...eventsB].filter((e) => e.type === 'adopt')).toHaveLength(1);
  });

  it('returns the stored token when another process already replaced the refused one', async () => {
    const a = new TokenManager({ client: server, store, grant: 'client_credentials' });
    const b = new TokenManager({ client: server, store, grant: 'client_credentials' });
    const refused = await a.getAccessToken();
    await b.getAccessToken();
    expect(await b.getAccessToken({ forceRefresh: true, rejectedToken: refused })).toBe('access-2');
    expect(await a.getAccessToken({ forceRefresh: true, rejectedToken: refused })).toBe('access-2');
    expect(server.count('refresh_token')).toBe(1);
  });

  it('adopts tokens a login wrote without the lock while a refresh was running', async () => {
    const tokens = new TokenManager({ client: server, store });
    await tokens.setTokens(await loginTokens());
    vi.advanceTimersByTime(HOUR);
    const browserLogin = new TokenManager({ client: server, store });
    server.onRequest = async () => {
      server.onRequest = undefined;
      await browserLogin.setTokens({ ...(await server.clientCredentials()), extra: { via: 'browser' } });
    };
    expect(await tokens.getAccessToken()).toBe('access-2');
    expect(await store.get('default')).toMatchObject({ version: 2, tokens: { accessToken: 'access-2' } });
    // Our own refresh was answered (access-3) but lost the compare-and-set, so it was never used.
    expect(server.requests.map((r) => r.grant).sort()).toEqual(['client_credentials', 'refresh_token']);
  });

  it('sets, reads and clears tokens, and never shows them in util.inspect', async () => {
    const tokens = new TokenManager({ client: server, store, grant: 'client_credentials' });
    await tokens.setTokens(await loginTokens());
    await tokens.setTokens({ ...(await loginTokens()), extra: { organization_slug: 'asso' } });
    expect(await tokens.getTokens()).toMatchObject({
      accessToken: 'access-2',
      extra: { organization_slug: 'asso' },
    });
    expect((await store.get('default'))?.version).toBe(2);
    expect(await tokens.getAccessToken()).toBe('access-2');
    const shown = `${inspect(tokens)} ${inspect(await tokens.getTokens())}`;
    expect(shown).not.toMatch(/access-2|refresh-2/);
    await tokens.clear();
    expect(await store.get('default')).toBeNull();
    expect(await tokens.getTokens()).toBeNull();
    expect(await tokens.getAccessToken()).toBe('access-3');
  });
});
