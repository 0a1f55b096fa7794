import { inspect } from 'node:util';
import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import { type Bound, runBounded } from './_bounded-work.js';
import type { PendingWrite, RenewalHooks, RenewalOutcome, RenewalSetup, RenewIntent } from './_renewal.js';
import { renewUnderLock } from './_renewal.js';
import { renewalBudget } from './_renewal-budget.js';
import { type Flight, SingleFlight } from './_single-flight.js';
import { CurrentRecord, computeRefreshAt, formatExpiry, isUnexpired, waitFor } from './_token-timing.js';
import type { AccessTokenSource, GetAccessTokenOptions } from './access-token-source.js';
import { MemoryTokenStore } from './memory-store.js';
import { overwriteTokens, type StoredTokens, withLock } from './store.js';
import type { TokenEvent, TokenManagerOptions } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';
import { copyTokenSet } from './token-set-shape.js';

const DEFAULT_REFRESH_SKEW_MS = 60_000;
const SET_TOKENS_ATTEMPTS = 5;
const RETRY_AFTER_FAILURE_MS = 5_000;

type EventDetails<T extends TokenEvent['type']> = Omit<Extract<TokenEvent, { type: T }>, 'type' | 'key'>;

/**
 * Keeps the tokens of one store key valid: hands out the access token and renews it before it
 * expires (or when an API refuses it), with one token request per key however many callers wait,
 * and, through the store's lock, however many processes share the store. New tokens are stored
 * before anyone uses them, so a rotated refresh token is never lost; if the store cannot take
 * them, this process uses them and writes them once the store is back. Nothing is deleted when a
 * renewal fails. While the token is still valid, renewal runs in the background.
 *
 * @example
 * ```ts
 * const tokens = new TokenManager({ client, grant: 'client_credentials', store: new FileTokenStore(path) });
 * const accessToken = await tokens.getAccessToken();
 * // after a 401 from the API:
 * const renewed = await tokens.getAccessToken({ forceRefresh: true, rejectedToken: accessToken });
 * ```
 */
export class TokenManager implements AccessTokenSource {
  readonly #key: string;
  readonly #setup: RenewalSetup;
  readonly #onEvent: ((event: TokenEvent) => void) | undefined;
  readonly #current: CurrentRecord;
  // New tokens not in the store yet: held while a renewal writes them, in use once it failed to.
  #pending: { readonly write: PendingWrite; inUse: boolean } | null = null;
  readonly #flights = new SingleFlight<StoredTokens>();
  readonly #loads = new SingleFlight<void>();
  readonly #hooks: RenewalHooks = {
    hold: (write) => {
      this.#pending = write && { write, inUse: false };
    },
    progress: (step) => {
      if (step.type === 'deleted') this.#forget();
      else if (step.type !== 'refused') this.#apply(step);
      else this.#emit('refresh-failed', { error: step.error, usingCurrentToken: false });
    },
  };

  constructor(options: TokenManagerOptions) {
    const { client, scopes, store = new MemoryTokenStore(), key = 'default' } = options;
    const budget = renewalBudget(client.timeoutMs);
    this.#setup = { client, store, key, grant: options.grant ?? 'refresh_only', scopes, budget };
    this.#key = key;
    this.#current = new CurrentRecord(Math.max(0, options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS));
    this.#onEvent = options.onEvent;
  }

  /** The store key these tokens live under. */
  get key(): string {
    return this.#key;
  }

  /**
   * A valid access token: the cached one while it is fresh, otherwise renewed (once for all
   * concurrent callers). Inside the `refreshSkewMs` window the renewal runs in the background and
   * the still-valid token is returned at once, until the token is within a safety margin of its
   * expiry (1 s, more for long-lived tokens): from then on callers wait. With `forceRefresh` and
   * `rejectedToken`, renews only if `rejectedToken` is still the current token.
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string> {
    const current = this.#current;
    if (options?.forceRefresh !== true && Date.now() < current.refreshAt) return current.accessToken!;
    return this.#getSlow(options ?? {});
  }

  /** The current tokens (a copy), read from the store when none are cached; `null` when there are none. */
  async getTokens(): Promise<TokenSet | null> {
    if (this.#current.record === null) await this.#load();
    return this.#current.record && copyTokenSet(this.#current.record.tokens);
  }

  /** Stores `tokens` (e.g. after a browser login) and makes them current. */
  async setTokens(tokens: TokenSet): Promise<void> {
    const written = await overwriteTokens(this.#setup.store, this.#key, tokens, SET_TOKENS_ATTEMPTS);
    // A login's tokens replace any this manager could not store.
    this.#pending = null;
    this.#current.set(written);
  }

  /** Deletes the tokens from the store and forgets them. */
  async clear(): Promise<void> {
    await this.#setup.store.delete(this.#key);
    this.#forget();
  }

  async #getSlow(options: GetAccessTokenOptions): Promise<string> {
    const { signal, rejectedToken } = options;
    signal?.throwIfAborted();
    const forced = options.forceRefresh === true;
    if (this.#current.record === null) await waitFor(this.#load(), signal);
    const { record: current, refreshAt, waitAt } = this.#current;
    if (current !== null) {
      if (!forced && Date.now() < refreshAt) return current.tokens.accessToken;
      // Someone already renewed since the caller got the refused token.
      const replaced = rejectedToken !== undefined && current.tokens.accessToken !== rejectedToken;
      if (forced && replaced && isUnexpired(current)) return current.tokens.accessToken;
      // Still valid for a while: renew behind the caller's back rather than make it wait.
      if (!forced && Date.now() < waitAt) {
        this.#renewInBackground(current);
        return current.tokens.accessToken;
      }
    }
    const intent: RenewIntent = { forced, rejectedToken };
    let flight = this.#flights.current ?? this.#startFlight(intent);
    let record = await waitFor(flight.promise, signal);
    // A proactive flight started before this call may have kept the refused token: force one.
    const superseded = rejectedToken === undefined || record.tokens.accessToken === rejectedToken;
    if (forced && !flight.forced && superseded) {
      flight = this.#flights.current ?? this.#startFlight(intent);
      record = await waitFor(flight.promise, signal);
    }
    return record.tokens.accessToken;
  }

  /** Starts (or joins) a proactive renewal that nobody waits for; its failures become events. */
  #renewInBackground(current: StoredTokens): void {
    if (this.#flights.current !== null) return;
    this.#startFlight({ forced: false, rejectedToken: undefined }).promise.catch(() => {
      // Reported as an event already. Keep the token a little longer instead of starting a
      // renewal on every call (the next one after this pause, or once the token is near expiry).
      if (this.#current.record === current && isUnexpired(current))
        this.#current.postpone(current, RETRY_AFTER_FAILURE_MS);
    });
  }

  /** Starts the renewal all callers join; waiting for the store lock is its first time-limited phase. */
  #startFlight(intent: RenewIntent): Flight<StoredTokens> {
    const { store, key, budget } = this.#setup;
    const renew = (bound: Bound) =>
      withLock(store, key, budget.lockTtlMs, async () => {
        bound.signal.throwIfAborted();
        // Read under the lock (an abandoned renewal may have changed them); applied before release.
        const { record: known, isFresh } = this.#current;
        const input = { intent, known, pending: this.#pending?.write ?? null, isFresh };
        return this.#apply(await renewUnderLock(this.#setup, input, this.#hooks, bound));
      });
    const fallBack = (error: Error) => this.#fallBack(intent, error);
    const recovery = { doing: `Renewing the tokens of "${key}"`, fallBack };
    return this.#flights.start(intent.forced, () => runBounded(renew, budget.lockWaitMs, recovery));
  }

  /** Makes what a renewal led to current and says so; a failure is thrown once reported. */
  #apply(outcome: RenewalOutcome): StoredTokens {
    switch (outcome.type) {
      case 'unsaved':
        return this.#usePending(outcome.error);
      case 'failed':
        if (outcome.error instanceof ReauthorizationRequiredError) this.#emit('reauthorization-required', {});
        else this.#emit('refresh-failed', { error: outcome.error, usingCurrentToken: false });
        throw outcome.error;
      case 'kept-current':
        this.#emit('refresh-failed', { error: outcome.error, usingCurrentToken: true });
        this.#pending = null;
        this.#current.set(outcome.record, outcome.retryAt);
        return outcome.record;
    }
    const { record } = outcome;
    const stamp = { version: record.version, expiresAt: record.tokens.expiresAt };
    // In the store: any tokens this manager could not store are no longer needed.
    this.#pending = null;
    this.#current.set(record);
    if (outcome.type === 'adopted') this.#emit('adopt', stamp);
    else if (outcome.kind === 'refresh') this.#emit('refresh', stamp);
    else this.#emit('mint', { grant: outcome.kind, ...stamp });
    return record;
  }

  /** On a time limit or a transient failure: held tokens must not be lost; else keep a valid token. */
  #fallBack(intent: RenewIntent, error: Error): StoredTokens | null {
    if (this.#pending?.inUse === false) return this.#usePending(error);
    const current = this.#current.record;
    // A forced renewal cannot fall back on the token the API refused.
    if (intent.forced || current === null || !isUnexpired(current)) return null;
    this.#emit('refresh-failed', { error, usingCurrentToken: true });
    this.#current.postpone(current, RETRY_AFTER_FAILURE_MS);
    return current;
  }

  /**
   * The store could not take the held tokens: they become current (their refresh token is the live
   * one) until the next renewal, soon, writes them. Their version is the one they replace, so the
   * stored (older) record never looks like another writer's newer one.
   */
  #usePending(error: Error): StoredTokens {
    const pending = this.#pending;
    if (pending === null || pending.inUse) {
      // Already in use (a late report of the same failed write), or written meanwhile.
      if (this.#current.record === null) throw error;
      return this.#current.record;
    }
    pending.inUse = true;
    const { tokens, baseVersion } = pending.write;
    const record: StoredTokens = { tokens, version: baseVersion, updatedAt: Date.now() };
    const refreshAt = computeRefreshAt(record, this.#current.refreshSkewMs);
    this.#current.set(record, Math.min(Date.now() + RETRY_AFTER_FAILURE_MS, refreshAt));
    this.#emit('store-failed', { error, pendingWrite: true });
    return record;
  }

  #forget(): void {
    this.#pending = null;
    this.#current.clear();
  }

  /** Reads the stored record (once for concurrent callers) and makes it current if none is. */
  #load(): Promise<void> {
    const load = async () => {
      const stored = await this.#setup.store.get(this.#key);
      if (stored === null || this.#current.record !== null) return;
      this.#current.set(stored);
      this.#emit('load', { version: stored.version, expiresAt: stored.tokens.expiresAt });
    };
    return (this.#loads.current ?? this.#loads.start(false, load)).promise;
  }

  #emit<T extends TokenEvent['type']>(type: T, details: EventDetails<T>): void {
    try {
      this.#onEvent?.({ type, key: this.#key, ...details } as TokenEvent);
    } catch {
      // A broken listener must not break token renewal.
    }
  }

  /** Shows the key and expiry, never a token. */
  [inspect.custom](): string {
    const expiresAt = this.#current.record?.tokens.expiresAt;
    const grant = typeof this.#setup.grant === 'string' ? this.#setup.grant : 'password';
    const expiry = formatExpiry(expiresAt);
    return `TokenManager { key: ${JSON.stringify(this.#key)}, grant: '${grant}', expiresAt: ${expiry} }`;
  }
}
