import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

const base: TokenSet = {
  accessToken: 'one',
  tokenType: 'Bearer',
  expiresAt: null,
  extra: { nested: { n: 1 } },
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryTokenStore', () => {
  it('versions writes and refuses a stale compare-and-set', async () => {
    const store = new MemoryTokenStore();
    expect(await store.compareAndSet('k', 1, base)).toBeNull();
    expect(await store.compareAndSet('k', 0, base)).toEqual({
      tokens: base,
      version: 1,
      updatedAt: Date.now(),
    });
    expect(await store.compareAndSet('k', 0, base)).toBeNull();
    expect(await store.compareAndSet('k', 1, { ...base, accessToken: 'two' })).toMatchObject({ version: 2 });
    expect(await store.get('k')).toMatchObject({ version: 2, tokens: { accessToken: 'two' } });
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
  });

  it('shares no mutable object with its callers', async () => {
    const store = new MemoryTokenStore();
    const mine = structuredClone(base);
    await store.compareAndSet('k', 0, mine);
    (mine.extra.nested as { n: number }).n = 2;
    const read = await store.get('k');
    expect(read?.tokens.extra).toEqual({ nested: { n: 1 } });
    (read?.tokens.extra.nested as { n: number }).n = 3;
    expect((await store.get('k'))?.tokens.extra).toEqual({ nested: { n: 1 } });
  });

  it('queues lock waiters in order and frees a lock its holder forgot after the TTL', async () => {
    const store = new MemoryTokenStore();
    const order: string[] = [];
    const first = await store.lock('k', 1_000);
    const second = store.lock('k', 1_000).then((lock) => {
      order.push('second');
      return lock;
    });
    const third = store.lock('k', 5_000).then((lock) => {
      order.push('third');
      return lock;
    });
    await first.release();
    const secondLock = await second;
    expect(order).toEqual(['second']);
    // The second holder never releases: its lock expires after its TTL.
    await vi.advanceTimersByTimeAsync(1_000);
    await third;
    expect(order).toEqual(['second', 'third']);
    await secondLock.release(); // stale release must not free the third holder's lock
    const fourth = store.lock('k', 100).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await fourth).toBeInstanceOf(TokenStoreError);
    const other = await store.lock('other', 100);
    await other.release();
  });
});
