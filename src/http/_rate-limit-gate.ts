import { RateLimitError } from '../errors/rate-limit-error.js';
import type { RequestDeadline } from './_request-deadline.js';

/** Why a held request fails without being sent. */
export type NotSentReason = 'deadline' | 'retries';

/** Builds the error of a held request that gives up; `retryAfterMs` is the wait left. */
export type NotSentError = (retryAfterMs: number, reason: NotSentReason) => Error;

/** How a held request was let through. */
export interface GatePass {
  /** It goes first: it must call {@link RateLimitGate.settle} (or `close`) once answered. */
  probe: boolean;
  /** How many times the request that went first was refused again while this one waited. */
  refusals: number;
}

interface Waiter {
  deadline: RequestDeadline;
  /** Refusals of the requests that go first this one can take: its own retries left. */
  refusalsLeft: number;
  refusals: number;
  resolve: (pass: GatePass) => void;
  reject: (error: unknown) => void;
  notSent: NotSentError;
  onAbort: () => void;
}

/**
 * The 429 gate of one `ApiClient`, which talks to one origin: once an answer says 429 with a
 * `Retry-After`, the other requests to that origin wait for the same moment instead of each
 * retrying on its own schedule, and requests that arrive meanwhile wait too. When the moment
 * comes, one request goes first (the probe) and the others follow once it is answered with
 * anything but another 429: a server that keeps refusing sees one request per `Retry-After`, not
 * one per caller. Each refusal of a probe counts as one attempt of every request held, so they
 * give up after as many refusals as their retries allow, as if each had been sent; a request the
 * gate would hold past its own deadline fails at once. Per client, so other origins never wait.
 */
export class RateLimitGate {
  /** `performance.now()` time the gate reopens at; 0 while open. */
  #openAt = 0;
  #probing = false;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** Whether a request may go at once: the only check on the hot path. */
  get open(): boolean {
    return this.#openAt === 0 && !this.#probing;
  }

  /**
   * Waits until the request may be sent. Rejects with `notSent(...)` when the gate reopens only
   * at or after the request's deadline, or once the probes were refused more than `refusalsLeft`
   * times; with the deadline's reason when it passes or the caller aborts meanwhile.
   */
  wait(deadline: RequestDeadline, refusalsLeft: number, notSent: NotSentError): Promise<GatePass> {
    if (deadline.aborted) return Promise.reject(deadline.reason);
    if (this.#openAt !== 0 && this.#openAt >= deadline.at) {
      return Promise.reject(notSent(this.#openAt - performance.now(), 'deadline'));
    }
    return new Promise<GatePass>((resolve, reject) => {
      const waiter: Waiter = {
        deadline,
        refusalsLeft,
        refusals: 0,
        resolve,
        reject,
        notSent,
        onAbort: () => {},
      };
      waiter.onAbort = () => {
        this.#remove(waiter);
        reject(deadline.reason);
      };
      deadline.once('abort', waiter.onAbort);
      this.#waiters.push(waiter);
    });
  }

  /**
   * A 429 asked to wait `waitMs` (already capped by the retry policy): the gate closes until then,
   * or stays closed until a later moment it already had. `byProbe`: the answer was the probe's,
   * which counts as a refusal for every request held.
   */
  close(waitMs: number, byProbe: boolean): void {
    const refused = byProbe && this.#probing;
    if (byProbe) this.#probing = false;
    const openAt = performance.now() + waitMs;
    if (openAt > this.#openAt) {
      this.#openAt = openAt;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#reopen(), waitMs);
    }
    for (const waiter of [...this.#waiters]) {
      if (refused) waiter.refusals++;
      if (waiter.refusals > waiter.refusalsLeft) this.#fail(waiter, waiter.notSent(waitMs, 'retries'));
      else if (waiter.deadline.at <= this.#openAt) this.#fail(waiter, waiter.notSent(waitMs, 'deadline'));
    }
  }

  /** The probe was answered (or failed) without a 429 that closes the gate: everyone may go. */
  settle(): void {
    if (!this.#probing) return;
    this.#probing = false;
    if (this.#openAt === 0) this.#releaseAll();
  }

  #reopen(): void {
    this.#openAt = 0;
    this.#timer = undefined;
    const first = this.#waiters.shift();
    if (first === undefined) return;
    this.#probing = true;
    first.deadline.removeListener('abort', first.onAbort);
    first.resolve({ probe: true, refusals: first.refusals });
  }

  #releaseAll(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      waiter.deadline.removeListener('abort', waiter.onAbort);
      waiter.resolve({ probe: false, refusals: waiter.refusals });
    }
  }

  #fail(waiter: Waiter, error: Error): void {
    this.#remove(waiter);
    waiter.deadline.removeListener('abort', waiter.onAbort);
    waiter.reject(error);
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index !== -1) this.#waiters.splice(index, 1);
  }
}

/**
 * The error of a request held by the gate that gives up unsent: a `RateLimitError` (retryable,
 * with the wait left), since the server's 429s to other requests of the origin stand in its way.
 */
export function notSentError(
  request: { method: string; url: string; timeoutMs: number },
  retryAfterMs: number,
  reason: NotSentReason,
): RateLimitError {
  const waitMs = Math.max(0, Math.ceil(retryAfterMs));
  const why =
    reason === 'deadline'
      ? `answered another request to this origin 429 with a Retry-After that ends in ${waitMs} ms, ` +
        `past this request's time limit of ${request.timeoutMs} ms`
      : "kept answering 429 to the requests to this origin that went first, as often as this request's retries allow";
  return new RateLimitError(
    `${request.method} ${request.url} was not sent: the API ${why}; slow down and retry later`,
    { status: 429, method: request.method, url: request.url, headers: {}, body: null, retryAfterMs: waitMs },
  );
}
