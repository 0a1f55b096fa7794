import { describe, expect, it } from 'vitest';
import { runManyProcessesScenario } from '../support/many-processes-scenario.js';

describe('RedisTokenStore shared by many processes', () => {
  it('8 processes × 200 callers for 10 s share one rotating 1 s token: no failed call, no invalid_grant', async () => {
    const result = await runManyProcessesScenario({ processes: 8, concurrency: 200, durationMs: 10_000 });
    const summary = JSON.stringify(result);
    // Every call reached the API with a token it accepted (a 401 is replayed once, as ApiClient does).
    expect(result.totals.failed, summary).toBe(0);
    expect(result.totals.ok, summary).toBeGreaterThan(1_000);
    // Single-use refresh tokens: a second refresh with the same token would be invalid_grant.
    expect(result.invalidGrants, summary).toBe(0);
    // One refresh per renewal window at most, across all processes...
    expect(result.refreshes, summary).toBeLessThanOrEqual(result.expiryWindows + 1);
    // ...and the token really was renewed all along (1 s tokens over 10 s or more).
    expect(result.refreshes, summary).toBeGreaterThanOrEqual(Math.floor(result.elapsedMs / 1_000) - 1);
    // Every process but the refreshing one adopted the others' tokens through Redis.
    expect(result.totals.adopts, summary).toBeGreaterThan(result.refreshes);
  }, 240_000);

  it('flat out, 4 processes × 100 callers with no pause for 10 s, 2 s tokens: no failed call, no invalid_grant', async () => {
    const result = await runManyProcessesScenario({
      processes: 4,
      concurrency: 100,
      durationMs: 10_000,
      accessTtlSeconds: 2,
      worker: { pauseBetweenCallsMs: 0 },
    });
    const { failures: _failures, latencyMs: _latency, ...counts } = result.totals;
    const summary = JSON.stringify({ ...result, totals: { ...counts, failures: result.totals.failures } });
    process.stderr.write(
      `flat-out many processes: ${result.callsPerSecond} calls/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
        `${result.refreshes} refreshes in ${result.expiryWindows} windows, ${result.totals.failed} failed\n`,
    );
    expect(result.totals.failed, summary).toBe(0);
    expect(result.invalidGrants, summary).toBe(0);
    expect(result.refreshes, summary).toBeLessThanOrEqual(result.expiryWindows + 1);
    expect(result.refreshes, summary).toBeGreaterThanOrEqual(Math.floor(result.elapsedMs / 2_000) - 1);
    // No pause between calls: far more calls than the paced run's ~800 calls/s per 8 × 200 callers.
    expect(result.totals.ok, summary).toBeGreaterThan(4 * 100 * 5);
    expect(result.p99Ms, summary).toBeGreaterThanOrEqual(result.p50Ms);
  }, 240_000);
});
