// An undici dispatch handler that reads an answer whole into memory, within limits. It replaces
// `dispatcher.request()` + `body.text()` for every answer that is not handed to the caller as a
// stream: no Readable stream, no AsyncResource and no second abort listener per request, which is
// most of what undici's own request handler costs (bench/RESULTS.md, "Hot path").
import type { Dispatcher } from 'undici';
import { type AbortEmitter, isAbortSignal } from './abort-emitter.js';
import { type BodyLimit, responseTooLarge } from './body-limit.js';

/** An answer read whole by the transport (`Transport#requestBuffered`). */
export interface BufferedResponse {
  readonly statusCode: number;
  readonly statusText: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body; of an answer that is not 2xx, at most its first `prefixBytes` (see `truncated`). */
  readonly body: Buffer;
  /** Whether `body` is only the start of a longer body, of which the rest was not read. */
  readonly truncated: boolean;
  /**
   * Why reading the body failed once the headers had come (a reset, a time limit, an abort, a
   * 2xx body over the limit), or `undefined` when it was read.
   */
  readonly bodyError: unknown;
}

/**
 * How much of a body is read: all of a 2xx one up to `maxBytes` (else a `ResponseTooLargeError`
 * naming the request, and the rest is not read), and the first `prefixBytes` of any other answer
 * (an error to describe).
 */
export interface BufferLimits extends BodyLimit {
  prefixBytes: number;
}

// Why the read stopped after the kept start of an error body: not a failure, never thrown.
const PREFIX_READ = new Error('The start of the error body was read; the rest is not needed.');
const EMPTY = Buffer.alloc(0);

type Controller = Dispatcher.DispatchController;

/**
 * Collects one answer, and is that answer once complete (one object per request, not two). The
 * promise rejects only when no answer came (connection, time limit or abort before the headers);
 * once the headers are in, it resolves, with `bodyError` telling of a body that did not arrive
 * whole, so that the caller still sees the status and headers.
 */
export class BufferingHandler implements Dispatcher.DispatchHandler, BufferedResponse {
  statusCode = 0;
  statusText = '';
  headers: Record<string, string | string[] | undefined> = {};
  body: Buffer = EMPTY;
  truncated = false;
  bodyError: unknown;
  readonly #resolve: (response: BufferedResponse) => void;
  readonly #reject: (error: unknown) => void;
  readonly #signal: AbortSignal | AbortEmitter | undefined;
  readonly #onAbort: (() => void) | undefined;
  readonly #limits: BufferLimits;
  #controller: Controller | undefined;
  #maxBytes = 0;
  #ok = false;
  #length = 0;
  // Most bodies come in one chunk: the array is made for a second one.
  #more: Buffer[] | undefined;
  #settled = false;

  constructor(
    signal: AbortSignal | AbortEmitter | undefined,
    limits: BufferLimits,
    resolve: (response: BufferedResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#signal = signal;
    this.#limits = limits;
    this.#resolve = resolve;
    this.#reject = reject;
    if (signal !== undefined) {
      this.#onAbort = () => this.#aborted();
      if (isAbortSignal(signal)) signal.addEventListener('abort', this.#onAbort, { once: true });
      else signal.on('abort', this.#onAbort);
    }
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#signal?.aborted) controller.abort(this.#signal.reason);
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    // 1xx answers are informational: the real one follows.
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.statusText = statusMessage ?? '';
    this.headers = headers;
    const limits = this.#limits;
    this.#ok = statusCode < 300;
    this.#maxBytes = this.#ok ? limits.maxBytes : limits.prefixBytes;
    (this.#signal as AbortEmitter | undefined)?.responseStarted?.();
    if (!this.#ok || limits.method === 'HEAD') return;
    // A body announced over the limit is refused before a byte of it is read.
    const declared = headers['content-length'];
    if (typeof declared === 'string' && Number(declared) > limits.maxBytes && /^\d+$/.test(declared))
      controller.abort(responseTooLarge(limits, 0, Number(declared)));
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    const length = this.#length + chunk.length;
    if (length <= this.#maxBytes) {
      this.#length = length;
      this.#keep(chunk);
    } else if (this.#ok) {
      controller.abort(responseTooLarge(this.#limits, length, undefined));
    } else {
      const room = this.#maxBytes - this.#length;
      if (room > 0) this.#keep(chunk.subarray(0, room));
      this.#length = this.#maxBytes;
      this.truncated = true;
      controller.abort(PREFIX_READ);
    }
  }

  onResponseEnd(): void {
    this.#answer(undefined);
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (this.statusCode === 0) this.#fail(error);
    else this.#answer(error === PREFIX_READ ? undefined : error);
  }

  #keep(chunk: Buffer): void {
    if (this.body === EMPTY) this.body = chunk;
    else if (this.#more === undefined) this.#more = [this.body, chunk];
    else this.#more.push(chunk);
  }

  /** The caller's abort or the deadline: before the request is on a socket, it fails at once. */
  #aborted(): void {
    const reason = this.#signal?.reason;
    if (this.#controller !== undefined) this.#controller.abort(reason as Error);
    else this.#fail(reason);
  }

  #answer(bodyError: unknown): void {
    if (this.#settle()) return;
    if (this.#more !== undefined) {
      this.body = Buffer.concat(this.#more, this.#length);
      // The chunks are views of the socket's reads: let them go with the copy made.
      this.#more = undefined;
    }
    this.bodyError = bodyError;
    this.#resolve(this);
  }

  #fail(error: unknown): void {
    if (this.#settle()) return;
    this.#reject(error);
  }

  /** Marks the answer settled; `true` when it already was. */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    const signal = this.#signal;
    if (signal === undefined || this.#onAbort === undefined) return false;
    if (isAbortSignal(signal)) signal.removeEventListener('abort', this.#onAbort);
    else signal.removeListener('abort', this.#onAbort);
    return false;
  }
}
