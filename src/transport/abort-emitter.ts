/**
 * An abort signal without `AbortSignal`'s cost: undici takes an `EventEmitter` as `signal`, of
 * which it only reads `aborted` and `reason` and calls `on`/`once`/`removeListener` for 'abort'.
 */
export interface AbortEmitter {
  readonly aborted: boolean;
  readonly reason: unknown;
  on(event: 'abort', listener: () => void): unknown;
  once(event: 'abort', listener: () => void): unknown;
  removeListener(event: 'abort', listener: () => void): unknown;
  /** Told by `Transport#requestBuffered` when the answer's headers are in and its body is being read. */
  responseStarted?(): void;
}

/** Whether `signal` is an `AbortSignal` (an EventTarget) rather than undici's emitter form. */
export function isAbortSignal(signal: AbortSignal | AbortEmitter): signal is AbortSignal {
  return typeof (signal as AbortSignal).addEventListener === 'function';
}
