import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { tokenRetryDelay } from '../../src/oauth/_token-retry.js';
import { parseRetryAfter } from '../../src/shared/retry-after.js';

const oauthError = (status: number, error = 'server_error') => new OAuthError('x', { error, status });

describe('tokenRetryDelay', () => {
  it('retries network errors, 5xx and 429 at most twice', () => {
    for (const error of [
      new NetworkError('down'),
      oauthError(500),
      oauthError(502),
      oauthError(503),
      oauthError(429),
    ]) {
      expect(tokenRetryDelay({ retry: 1, error, random: () => 0.5 })).not.toBeNull();
      expect(tokenRetryDelay({ retry: 2, error, random: () => 0.5 })).not.toBeNull();
      expect(tokenRetryDelay({ retry: 3, error, random: () => 0.5 })).toBeNull();
    }
  });

  it('never retries OAuth refusals, 4xx or unknown errors', () => {
    for (const error of [
      oauthError(400, 'invalid_grant'),
      oauthError(401, 'invalid_client'),
      new Error('bug'),
      'x',
    ]) {
      expect(tokenRetryDelay({ retry: 1, error })).toBeNull();
    }
  });

  it('uses exponential backoff with full jitter', () => {
    const error = oauthError(503);
    expect(tokenRetryDelay({ retry: 1, error, random: () => 0.999, baseDelayMs: 100 })).toBe(99);
    expect(tokenRetryDelay({ retry: 2, error, random: () => 0.999, baseDelayMs: 100 })).toBe(199);
    expect(tokenRetryDelay({ retry: 2, error, random: () => 0, baseDelayMs: 100 })).toBe(0);
    expect(
      tokenRetryDelay({
        retry: 5,
        error,
        random: () => 0.999,
        maxRetries: 9,
        baseDelayMs: 100,
        maxDelayMs: 300,
      }),
    ).toBe(299);
  });

  it('waits at least the server’s Retry-After', () => {
    expect(tokenRetryDelay({ retry: 1, error: oauthError(429), retryAfterMs: 1500, random: () => 0.1 })).toBe(
      1500,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
