/** One piece of shared work and whether it was a forced renewal. */
export interface Flight<T> {
  readonly promise: Promise<T>;
  readonly forced: boolean;
}

/**
 * Holds the one renewal of a key that every caller joins while it runs: started by the first
 * caller who needs it, forgotten as soon as it settles so the next need starts a new one.
 */
export class SingleFlight<T> {
  #current: Flight<T> | null = null;

  /** The running flight, or `null`. */
  get current(): Flight<T> | null {
    return this.#current;
  }

  /** Starts `run` as the current flight. */
  start(forced: boolean, run: () => Promise<T>): Flight<T> {
    const flight: Flight<T> = { promise: run(), forced };
    this.#current = flight;
    // Registered before any waiter, so a waiter that retries finds no stale flight.
    const done = () => {
      if (this.#current === flight) this.#current = null;
    };
    flight.promise.then(done, done);
    return flight;
  }
}
