import { TimeoutError } from '../errors/timeout-error.js';
import type { AbortEmitter } from '../transport/abort-emitter.js';

/** What a request is waiting for, to say so when its time is up. */
export type WaitingFor = 'token' | 'headers' | 'body' | 'rate-limit';

const WAITING_FOR: Record<WaitingFor, string> = {
  token: 'an access token',
  headers: 'the response headers',
  body: 'the response body',
  'rate-limit': "the API's rate limit to clear",
};

/**
 * How often the sweeper looks for requests past their deadline: the worst-case overrun of
 * `timeoutMs` (plus whatever the event loop is late). One interval for the whole process, running
 * only while requests are in flight, is all the hot path pays: no timer or `AbortSignal` per request.
 */
export const SWEEP_INTERVAL_MS = 100;

// The requests in flight, as a doubly linked list threaded through the deadlines themselves:
// joining and leaving it are a few field writes, with no hashing and no allocation.
let first: RequestDeadline | undefined;
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  if (first === undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
    return;
  }
  RequestDeadline.expirePassed(first, performance.now());
}

/**
 * The time limit of one `ApiClient` request, every attempt and wait included, and the signal its
 * attempts are sent with. undici takes as `signal` an emitter with `aborted` and `reason` (see
 * `AbortEmitter` in transport.ts), which costs less than an `AbortSignal`: one small object per
 * request carries both the deadline, fired by the sweeper, and the caller's abort.
 */
export class RequestDeadline implements AbortEmitter {
  /** `performance.now()` time at which the request fails. */
  readonly at: number;
  aborted = false;
  reason: unknown;
  waitingFor: WaitingFor = 'token';
  readonly #timeoutMs: number;
  readonly #method: string;
  readonly #url: string;
  readonly #caller: AbortSignal | undefined;
  #onCallerAbort: (() => void) | undefined;
  // undici adds one listener per attempt and the 429 gate one while it holds the request; they
  // rarely overlap, so the first listener needs no array (one less allocation per request).
  #listener: (() => void) | undefined;
  #more: (() => void)[] | undefined;
  #tracked = false;
  #previous: RequestDeadline | undefined;
  #next: RequestDeadline | undefined;

  constructor(timeoutMs: number, method: string, url: string, caller: AbortSignal | undefined) {
    this.at = performance.now() + timeoutMs;
    this.#timeoutMs = timeoutMs;
    this.#method = method;
    this.#url = url;
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else if (caller !== undefined) {
      this.#onCallerAbort = () => this.#abort(caller.reason);
      caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    this.#track();
    sweeper ??= setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  }

  /** Expires every deadline from `deadline` on that `now` has passed (for the sweeper). */
  static expirePassed(deadline: RequestDeadline | undefined, now: number): void {
    for (let current = deadline; current !== undefined; ) {
      const next = current.#next;
      if (now >= current.at) current.expire();
      current = next;
    }
  }

  #track(): void {
    this.#tracked = true;
    this.#next = first;
    if (first !== undefined) first.#previous = this;
    first = this;
  }

  /** Calls `listener` once, when the request is aborted or its time is up. */
  on(_event: 'abort', listener: () => void): this {
    if (this.#listener === undefined) this.#listener = listener;
    else if (this.#more === undefined) this.#more = [listener];
    else this.#more.push(listener);
    return this;
  }

  /** Same as {@link on}: the one event fires at most once. */
  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: () => void): this {
    if (this.#listener === listener) this.#listener = undefined;
    else {
      const index = this.#more?.indexOf(listener) ?? -1;
      if (index !== -1) this.#more?.splice(index, 1);
    }
    return this;
  }

  /** The answer's headers are in: what is left to wait for is its body. */
  responseStarted(): void {
    this.waitingFor = 'body';
  }

  /** Whether the deadline is reached (the sweeper may not have seen it yet). */
  passed(): boolean {
    return performance.now() >= this.at;
  }

  /** Throws the abort reason when the caller aborted or the time is up (sweeper or not). */
  check(): void {
    if (!this.aborted && this.passed()) this.expire();
    if (this.aborted) throw this.reason;
  }

  /** Fails the request with a {@link TimeoutError} that says what it was waiting for. */
  expire(): void {
    this.#abort(this.timeoutError());
  }

  /** The error of this request's time running out now. */
  timeoutError(): TimeoutError {
    return new TimeoutError(
      `${this.#method} ${this.#url} timed out after ${this.#timeoutMs} ms waiting for ` +
        `${WAITING_FOR[this.waitingFor]}; raise timeoutMs or try again later`,
      { timeoutMs: this.#timeoutMs },
    );
  }

  /** The deadline no longer applies (the request ended, or a stream went to the caller). */
  untrack(): void {
    if (!this.#tracked) return;
    this.#tracked = false;
    const previous = this.#previous;
    const next = this.#next;
    if (previous === undefined) first = next;
    else previous.#next = next;
    if (next !== undefined) next.#previous = previous;
    this.#previous = undefined;
    this.#next = undefined;
  }

  /** The request is over: stop watching the deadline and the caller's signal. */
  release(): void {
    this.untrack();
    if (this.#onCallerAbort !== undefined) this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.untrack();
    const listener = this.#listener;
    const more = this.#more;
    this.#listener = undefined;
    this.#more = undefined;
    listener?.();
    if (more !== undefined) for (const listener of more) listener();
  }
}
