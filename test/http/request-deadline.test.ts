import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { RequestDeadline, SWEEP_INTERVAL_MS } from '../../src/http/_request-deadline.js';

// The deadlines of the requests in flight form one list that a single interval sweeps: a request
// that ends leaves it, whatever its place, and only the ones past their time are failed.
describe('RequestDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails only the requests still in flight once their time is up, wherever they joined', async () => {
    vi.useFakeTimers();
    const deadlines = Array.from(
      { length: 5 },
      (_, index) => new RequestDeadline(50 + index, 'GET', `https://api.example/r${index}`, undefined),
    );
    const fired: number[] = [];
    for (const [index, deadline] of deadlines.entries()) deadline.on('abort', () => fired.push(index));
    // The first, a middle one and the last to join end before their time.
    for (const index of [0, 2, 4]) deadlines[index]?.release();
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * 2);
    expect(fired.sort()).toEqual([1, 3]);
    expect(deadlines[1]?.reason).toBeInstanceOf(TimeoutError);
    expect(String((deadlines[3]?.reason as Error | undefined)?.message)).toContain(
      'GET https://api.example/r3 timed out after 53 ms',
    );
    expect(deadlines.filter((deadline) => deadline.aborted)).toHaveLength(2);
  });

  it('leaves a request alone after release, and a released deadline can be released again', async () => {
    vi.useFakeTimers();
    const kept = new RequestDeadline(10_000, 'GET', 'https://api.example/kept', undefined);
    const done = new RequestDeadline(10, 'GET', 'https://api.example/done', undefined);
    done.release();
    done.release();
    done.untrack();
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS * 3);
    expect(done.aborted).toBe(false);
    expect(kept.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(kept.aborted).toBe(true);
  });

  it("fails at once with the caller's reason when the caller aborts", () => {
    const controller = new AbortController();
    const deadline = new RequestDeadline(10_000, 'GET', 'https://api.example/x', controller.signal);
    let calls = 0;
    deadline.on('abort', () => calls++);
    controller.abort(new Error('stop'));
    expect(deadline.aborted).toBe(true);
    expect((deadline.reason as Error).message).toBe('stop');
    deadline.expire();
    expect(calls).toBe(1);
    expect((deadline.reason as Error).message).toBe('stop');
  });
});
