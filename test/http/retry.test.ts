import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isRetryableMethod,
  isRetryableStatus,
  resolveRetryPolicy,
  retryDelay,
} from '../../src/http/_retry.js';
import { backoffDelay } from '../../src/shared/_backoff.js';
import { parseRetryAfter } from '../../src/shared/retry-after.js';
import { sleep } from '../../src/shared/sleep.js';

const policy = resolveRetryPolicy({ retries: 3, minDelayMs: 100, maxDelayMs: 1000 });

describe('retry policy', () => {
  it('fills defaults', () => {
    expect(resolveRetryPolicy()).toEqual({
      retries: 2,
      minDelayMs: 200,
      maxDelayMs: 10_000,
      retryPost: false,
    });
  });

  it('retries idempotent methods, and POST/PATCH only on opt-in', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']) {
      expect(isRetryableMethod(method, policy, undefined)).toBe(true);
    }
    expect(isRetryableMethod('POST', policy, undefined)).toBe(false);
    expect(isRetryableMethod('PATCH', policy, undefined)).toBe(false);
    expect(isRetryableMethod('POST', policy, true)).toBe(true);
    expect(isRetryableMethod('POST', { ...policy, retryPost: true }, undefined)).toBe(true);
    expect(isRetryableMethod('GET', policy, false)).toBe(false);
  });

  it('retries exactly 408, 429, 500, 502, 503, 504', () => {
    const retryable = [];
    for (let status = 200; status < 600; status++) if (isRetryableStatus(status)) retryable.push(status);
    expect(retryable).toEqual([408, 429, 500, 502, 503, 504]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['7', '9'], now)).toBe(7000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter under the cap', () => {
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(1, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('prefers Retry-After and caps it with maxDelayMs', () => {
    expect(retryDelay(0, policy, 700, () => 0)).toBe(700);
    expect(retryDelay(0, policy, 60_000, () => 0)).toBe(1000);
    expect(retryDelay(1, policy, undefined, () => 0.5)).toBe(100);
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves only once the delay has passed', async () => {
    vi.useFakeTimers();
    let done = false;
    const pending = sleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    const reason = new DOMException('stop', 'AbortError');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
