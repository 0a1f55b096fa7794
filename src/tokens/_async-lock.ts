import { TokenStoreError } from '../errors/token-store-error.js';
import type { TokenLock } from './store.js';

interface Holder {
  readonly id: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Waiter {
  readonly ttlMs: number;
  readonly grant: (lock: TokenLock) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * In-process exclusive locks by key, for the stores that live in one process. A holder that
 * never releases loses the lock after its TTL, and waiters are served in arrival order.
 */
export class KeyedAsyncLock {
  readonly #holders = new Map<string, Holder>();
  readonly #waiters = new Map<string, Waiter[]>();
  #nextId = 1;

  /** Takes the lock of `key`; throws `TokenStoreError` after waiting about `ttlMs` plus a second. */
  acquire(key: string, ttlMs: number): Promise<TokenLock> {
    if (!this.#holders.has(key)) return Promise.resolve(this.#grant(key, ttlMs));
    return new Promise<TokenLock>((resolve, reject) => {
      const queue = this.#waiters.get(key) ?? [];
      this.#waiters.set(key, queue);
      const waiter: Waiter = {
        ttlMs,
        grant: resolve,
        timer: setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(
            new TokenStoreError(
              `Could not take the token lock of "${key}" within ${ttlMs + 1000} ms; another refresh holds it, try again.`,
              { location: key, retryable: true },
            ),
          );
        }, ttlMs + 1000),
      };
      unrefTimer(waiter.timer);
      queue.push(waiter);
    });
  }

  #grant(key: string, ttlMs: number): TokenLock {
    const id = this.#nextId++;
    // A crashed or hung holder must not block the others for ever.
    const timer = setTimeout(() => this.#release(key, id), ttlMs);
    unrefTimer(timer);
    this.#holders.set(key, { id, timer });
    return { release: async () => this.#release(key, id) };
  }

  #release(key: string, id: number): void {
    const holder = this.#holders.get(key);
    if (holder?.id !== id) return;
    clearTimeout(holder.timer);
    this.#holders.delete(key);
    const next = this.#waiters.get(key)?.shift();
    if (next === undefined) {
      this.#waiters.delete(key);
      return;
    }
    clearTimeout(next.timer);
    next.grant(this.#grant(key, next.ttlMs));
  }
}

function unrefTimer(timer: ReturnType<typeof setTimeout>): void {
  if (typeof timer === 'object' && 'unref' in timer) timer.unref();
}
