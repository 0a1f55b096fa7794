import type { TokenEvent } from '../../src/tokens/token-manager-options.js';

/** Records a manager's events and lets a test await the next one of a type (no sleeping). */
export class EventRecorder {
  readonly events: TokenEvent[] = [];
  readonly #waiting: Array<{ type: TokenEvent['type']; resolve: (event: TokenEvent) => void }> = [];

  /** Pass as `onEvent`. */
  readonly onEvent = (event: TokenEvent): void => {
    this.events.push(event);
    for (const waiter of this.#waiting.splice(0)) {
      if (waiter.type === event.type) waiter.resolve(event);
      else this.#waiting.push(waiter);
    }
  };

  /** Resolves with the next event of `type` (emitted after this call). */
  next<T extends TokenEvent['type']>(type: T): Promise<Extract<TokenEvent, { type: T }>> {
    return new Promise((resolve) => {
      this.#waiting.push({ type, resolve: resolve as (event: TokenEvent) => void });
    });
  }

  /** The types of the events so far, in order. */
  types(): string[] {
    return this.events.map((event) => event.type);
  }
}
