import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_LIMITS,
  hasRetryLeft,
  isIdempotentMethod,
  isRetryableApiStatus,
  isRetryableTokenStatus,
  resolveRetryLimits,
  retryDelay,
  retryDelayWithin,
} from '../../src/shared/retry-policy.js';

const limits = resolveRetryLimits({ retries: 3, minDelayMs: 100, maxDelayMs: 1000 });
const max = () => 0.999;
const zero = () => 0;

describe('one retry policy', () => {
  it('fills the same defaults for every path', () => {
    expect(resolveRetryLimits()).toEqual({ retries: 2, minDelayMs: 200, maxDelayMs: 10_000 });
    expect(resolveRetryLimits()).toEqual(DEFAULT_RETRY_LIMITS);
    expect(resolveRetryLimits({ retries: -1, minDelayMs: -5 })).toMatchObject({ retries: 0, minDelayMs: 0 });
  });

  it('allows `retries` extra attempts', () => {
    expect([0, 1, 2, 3].map((attempt) => hasRetryLeft(attempt, limits))).toEqual([true, true, true, false]);
  });

  it('waits a jittered exponential backoff when the server names no wait', () => {
    expect(retryDelay(0, limits, undefined, max)).toBe(99);
    expect(retryDelay(2, limits, undefined, max)).toBe(399);
    expect(retryDelay(9, limits, undefined, max)).toBe(999);
    expect(retryDelay(2, limits, undefined, zero)).toBe(0);
  });

  it('waits at least Retry-After, and at least the backoff when Retry-After is shorter', () => {
    expect(retryDelay(0, limits, 700, zero)).toBe(700);
    // The two former rules differed here: the API waited Retry-After alone (0 ms).
    expect(retryDelay(1, limits, 0, () => 0.5)).toBe(100);
    expect(retryDelay(1, limits, 50, () => 0.5)).toBe(100);
  });

  it('never waits longer than maxDelayMs, Retry-After included', () => {
    // The token path used to allow Retry-After up to 60 s over its 10 s backoff cap.
    expect(retryDelay(0, DEFAULT_RETRY_LIMITS, 30_000, zero)).toBe(10_000);
    expect(retryDelay(0, limits, 60_000, zero)).toBe(1000);
  });

  it('does not wait for a Retry-After over maxDelayMs, nor past the deadline', () => {
    expect(retryDelayWithin(0, limits, 700, 5000, zero)).toBe(700);
    expect(retryDelayWithin(0, limits, 1001, 60_000, zero)).toBeUndefined();
    expect(retryDelayWithin(0, limits, 700, 700, zero)).toBeUndefined();
    expect(retryDelayWithin(2, limits, undefined, 300, max)).toBeUndefined();
    expect(retryDelayWithin(2, limits, undefined, 400, max)).toBe(399);
  });

  it('retries 5xx and 429 at the token endpoint, and no other refusal', () => {
    const retried = [];
    for (let status = 200; status < 600; status++) if (isRetryableTokenStatus(status)) retried.push(status);
    expect(retried).toEqual([429, ...Array.from({ length: 100 }, (_, index) => 500 + index)]);
  });

  it('retries 408, 429, 500, 502, 503 and 504 on the API, for idempotent methods', () => {
    const retried = [];
    for (let status = 200; status < 600; status++) if (isRetryableApiStatus(status)) retried.push(status);
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
    const methods = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST', 'PATCH'];
    expect(methods.filter(isIdempotentMethod)).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
  });
});
