import { inspect } from 'node:util';
import { PendingTokens } from './_pending-tokens.js';
import { boundedRenewal, type RenewContext, type RenewIntent } from './_renew-tokens.js';
import { renewalBudget } from './_renewal-budget.js';
import { type Flight, SingleFlight } from './_single-flight.js';
import { CurrentRecord, computeRefreshAt, isUnexpired, waitFor } from './_token-timing.js';
import type { AccessTokenSource, GetAccessTokenOptions } from './access-token-source.js';
import { MemoryTokenStore } from './memory-store.js';
import { overwriteTokens, type StoredTokens, type TokenStore } from './store.js';
import type { TokenEvent, TokenManagerGrant, TokenManagerOptions } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';
import { copyTokenSet } from './token-set-shape.js';

const DEFAULT_REFRESH_SKEW_MS = 60_000;
const SET_TOKENS_ATTEMPTS = 5;
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Keeps the tokens of one store key valid: hands out the access token, renews it before it
 * expires (or when an API refuses it), with one token request per key however many callers
 * wait — and, through the store's lock, however many processes share the store.
 *
 * New tokens are written to the store before anyone uses them, so a rotated refresh token is
 * never lost; if the store cannot take them (it is unreachable), they are kept and used in this
 * process and written as soon as the store is back. Nothing is deleted when a renewal fails.
 *
 * While the current token is still valid, a proactive renewal runs in the background and callers
 * get the current token at once; only callers whose token is about to expire (or has), forced
 * refreshes and the first load wait for it.
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
  readonly #store: TokenStore;
  readonly #key: string;
  readonly #grant: TokenManagerGrant;
  readonly #context: RenewContext;
  readonly #onEvent: ((event: TokenEvent) => void) | undefined;
  readonly #current: CurrentRecord;
  readonly #pending = new PendingTokens();
  readonly #flights = new SingleFlight<StoredTokens>();
  #loading: Promise<void> | null = null;

  constructor(options: TokenManagerOptions) {
    this.#store = options.store ?? new MemoryTokenStore();
    this.#key = options.key ?? 'default';
    this.#grant = options.grant ?? 'refresh_only';
    this.#current = new CurrentRecord(Math.max(0, options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS));
    this.#onEvent = options.onEvent;
    this.#context = {
      client: options.client,
      store: this.#store,
      key: this.#key,
      grant: this.#grant,
      scopes: options.scopes,
      budget: renewalBudget(options.client.timeoutMs),
      known: () => this.#current.record,
      pending: () => this.#pending.write,
      stage: (pending) => this.#pending.stage(pending),
      usePending: (error) => this.#usePending(error),
      forget: () => this.#forget(),
      isFresh: this.#current.isFresh,
      cache: (record, retryAt) => {
        this.#pending.stage(null);
        this.#current.set(record, retryAt);
      },
      emit: (event) => this.#emit(event),
    };
  }

  /** The store key these tokens live under. */
  get key(): string {
    return this.#key;
  }

  /**
   * A valid access token. From memory when the cached one is fresh; otherwise renewed (once
   * for all concurrent callers). Inside the `refreshSkewMs` window the renewal runs in the
   * background and the still-valid token is returned at once, until the token is within a
   * safety margin of its expiry (1 s, more for long-lived tokens): from then on callers wait.
   * With `forceRefresh` and `rejectedToken`, renews only if `rejectedToken` is still the current
   * token.
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
    const written = await overwriteTokens(this.#store, this.#key, tokens, SET_TOKENS_ATTEMPTS);
    // A login's tokens replace any this manager could not store.
    this.#pending.stage(null);
    this.#current.set(written);
  }

  /** Deletes the tokens from the store and forgets them. */
  async clear(): Promise<void> {
    await this.#store.delete(this.#key);
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
      if (this.#current.record === current && isUnexpired(current)) {
        this.#current.postpone(current, RETRY_AFTER_FAILURE_MS);
      }
    });
  }

  #startFlight(intent: RenewIntent): Flight<StoredTokens> {
    return this.#flights.start(intent.forced, () =>
      boundedRenewal(this.#context, intent, (error) =>
        // New tokens obtained but not stored within the time limit must not be lost.
        this.#pending.staged ? this.#usePending(error) : this.#keepCurrent(intent, error),
      ),
    );
  }

  /** After a transient failure of a proactive renewal, keeps the current token while it works. */
  #keepCurrent(intent: RenewIntent, error: Error): StoredTokens | null {
    const current = this.#current.record;
    if (intent.forced || current === null || !isUnexpired(current)) return null;
    this.#emit({ type: 'refresh-failed', key: this.#key, error, usingCurrentToken: true });
    this.#current.postpone(current, RETRY_AFTER_FAILURE_MS);
    return current;
  }

  /**
   * The store could not take new tokens: they become current (the old refresh token is spent;
   * with the store unreachable no other process can renew either) and are written at the next
   * renewal, which the hot path reaches again after a short pause.
   */
  #usePending(error: Error): StoredTokens {
    const record = this.#pending.takeIntoUse();
    if (record === null) {
      // Already in use (a late report of the same failed write), or written meanwhile.
      if (this.#current.record === null) throw error;
      return this.#current.record;
    }
    const refreshAt = computeRefreshAt(record, this.#current.refreshSkewMs);
    this.#current.set(record, Math.min(Date.now() + RETRY_AFTER_FAILURE_MS, refreshAt));
    this.#emit({ type: 'store-failed', key: this.#key, error, pendingWrite: true });
    return record;
  }

  #forget(): void {
    this.#pending.stage(null);
    this.#current.clear();
  }

  #load(): Promise<void> {
    this.#loading ??= this.#store.get(this.#key).then(
      (stored) => {
        this.#loading = null;
        if (stored === null || this.#current.record !== null) return;
        this.#current.set(stored);
        const { version, tokens } = stored;
        this.#emit({ type: 'load', key: this.#key, version, expiresAt: tokens.expiresAt });
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }

  #emit(event: TokenEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // A broken listener must not break token renewal.
    }
  }

  /** Shows the key and expiry, never a token. */
  [inspect.custom](): string {
    const expiresAt = this.#current.record?.tokens.expiresAt;
    const grant = typeof this.#grant === 'string' ? this.#grant : 'password';
    const expiry = expiresAt == null ? String(expiresAt ?? 'none') : new Date(expiresAt).toISOString();
    return `TokenManager { key: ${JSON.stringify(this.#key)}, grant: '${grant}', expiresAt: ${expiry} }`;
  }
}
