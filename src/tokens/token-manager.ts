import { inspect } from 'node:util';
import { OAuthKitError } from '../errors/oauthkit-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { TokenStoreError } from '../errors/token-store-error.js';
import { runBounded } from './_bounded-work.js';
import { type RenewContext, type RenewIntent, renewTokens } from './_renew-tokens.js';
import { copyTokenSet } from './_token-set-shape.js';
import { computeRefreshAt, isUnexpired, waitFor } from './_token-timing.js';
import type { AccessTokenSource, GetAccessTokenOptions } from './access-token-source.js';
import { MemoryTokenStore } from './memory-store.js';
import type { StoredTokens, TokenStore } from './store.js';
import type { TokenEvent, TokenManagerGrant, TokenManagerOptions } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';

interface Flight {
  readonly promise: Promise<StoredTokens>;
  readonly forced: boolean;
}

const DEFAULT_REFRESH_SKEW_MS = 60_000;
const SET_TOKENS_ATTEMPTS = 5;
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Keeps the tokens of one store key valid: hands out the access token, renews it before it
 * expires (or when an API refuses it), with one token request per key however many callers
 * wait — and, through the store's lock, however many processes share the store.
 *
 * New tokens are written to the store before anyone uses them, so a rotated refresh token is
 * never lost; nothing is deleted when a renewal fails.
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
  readonly #refreshSkewMs: number;
  readonly #flightTimeoutMs: number;
  readonly #context: RenewContext;
  readonly #onEvent: ((event: TokenEvent) => void) | undefined;
  #record: StoredTokens | null = null;
  // Precomputed so that the hot path is one clock read and one comparison.
  #refreshAt = Number.NEGATIVE_INFINITY;
  #accessToken: Promise<string> | null = null;
  #flight: Flight | null = null;
  #loading: Promise<void> | null = null;

  constructor(options: TokenManagerOptions) {
    this.#store = options.store ?? new MemoryTokenStore();
    this.#key = options.key ?? 'default';
    this.#grant = options.grant ?? 'refresh_only';
    this.#refreshSkewMs = Math.max(0, options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS);
    this.#onEvent = options.onEvent;
    // Covers the token request with the client's own retries; the lock must outlive it.
    this.#flightTimeoutMs = options.client.timeoutMs * 3 + 5_000;
    this.#context = {
      client: options.client,
      store: this.#store,
      key: this.#key,
      grant: this.#grant,
      scopes: options.scopes,
      lockTtlMs: this.#flightTimeoutMs + 5_000,
      known: () => this.#record,
      isFresh: (record) => Date.now() < computeRefreshAt(record, this.#refreshSkewMs),
      cache: (record, retryAt) => this.#cache(record, retryAt),
      emit: (event) => this.#emit(event),
    };
  }

  /** The store key these tokens live under. */
  get key(): string {
    return this.#key;
  }

  /**
   * A valid access token. From memory when the cached one is fresh; otherwise renewed (once
   * for all concurrent callers). With `forceRefresh` and `rejectedToken`, renews only if
   * `rejectedToken` is still the current token.
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string> {
    if (options?.forceRefresh !== true && Date.now() < this.#refreshAt) return this.#accessToken!;
    return this.#getSlow(options ?? {});
  }

  /** The current tokens (a copy), read from the store when none are cached; `null` when there are none. */
  async getTokens(): Promise<TokenSet | null> {
    if (this.#record === null) await this.#load();
    return this.#record === null ? null : copyTokenSet(this.#record.tokens);
  }

  /** Stores `tokens` (e.g. after a browser login) and makes them current. */
  async setTokens(tokens: TokenSet): Promise<void> {
    for (let attempt = 0; attempt < SET_TOKENS_ATTEMPTS; attempt++) {
      const current = await this.#store.get(this.#key);
      const written = await this.#store.compareAndSet(this.#key, current?.version ?? 0, tokens);
      if (written !== null) {
        this.#cache(written);
        return;
      }
    }
    throw new TokenStoreError(`The tokens of "${this.#key}" kept changing while being set; try again.`, {
      location: this.#key,
      retryable: true,
    });
  }

  /** Deletes the tokens from the store and forgets them. */
  async clear(): Promise<void> {
    await this.#store.delete(this.#key);
    this.#record = null;
    this.#accessToken = null;
    this.#refreshAt = Number.NEGATIVE_INFINITY;
  }

  async #getSlow(options: GetAccessTokenOptions): Promise<string> {
    const { signal, rejectedToken } = options;
    signal?.throwIfAborted();
    const forced = options.forceRefresh === true;
    if (this.#record === null) await waitFor(this.#load(), signal);
    const current = this.#record;
    if (current !== null) {
      if (!forced && Date.now() < this.#refreshAt) return current.tokens.accessToken;
      // Someone already renewed since the caller got the refused token.
      if (
        forced &&
        rejectedToken !== undefined &&
        current.tokens.accessToken !== rejectedToken &&
        isUnexpired(current)
      ) {
        return current.tokens.accessToken;
      }
    }
    const intent: RenewIntent = { forced, rejectedToken };
    let flight = this.#flight ?? this.#startFlight(intent);
    let record = await waitFor(flight.promise, signal);
    // A proactive flight started before this call may have kept the refused token: force one.
    const superseded = rejectedToken === undefined || record.tokens.accessToken === rejectedToken;
    if (forced && !flight.forced && superseded) {
      flight = this.#flight ?? this.#startFlight(intent);
      record = await waitFor(flight.promise, signal);
    }
    return record.tokens.accessToken;
  }

  #startFlight(intent: RenewIntent): Flight {
    const timeoutMs = this.#flightTimeoutMs;
    const promise = runBounded(
      (signal) => renewTokens(this.#context, intent, signal),
      timeoutMs,
      () => {
        const error = new TimeoutError(
          `Renewing the tokens of "${this.#key}" took more than ${timeoutMs} ms; the next call will try again.`,
          { timeoutMs },
        );
        const current = this.#keepCurrent(intent, error);
        return current === null ? { error } : { value: current };
      },
    ).catch((error: unknown) => {
      // A lock that could not be taken, a store briefly unreachable: same rule as a failed request.
      const retryable = error instanceof OAuthKitError && error.retryable;
      const current = retryable ? this.#keepCurrent(intent, error) : null;
      if (current === null) throw error;
      return current;
    });
    const flight: Flight = { promise, forced: intent.forced };
    this.#flight = flight;
    // Registered before any waiter, so a waiter that retries finds no stale flight.
    const done = () => {
      if (this.#flight === flight) this.#flight = null;
    };
    promise.then(done, done);
    return flight;
  }

  /** After a transient failure of a proactive renewal, keeps the current token while it works. */
  #keepCurrent(intent: RenewIntent, error: Error): StoredTokens | null {
    const current = this.#record;
    if (intent.forced || current === null || !isUnexpired(current)) return null;
    this.#emit({ type: 'refresh-failed', key: this.#key, error, usingCurrentToken: true });
    const expiresAt = current.tokens.expiresAt ?? Number.POSITIVE_INFINITY;
    this.#cache(current, Math.min(Date.now() + RETRY_AFTER_FAILURE_MS, expiresAt));
    return current;
  }

  #load(): Promise<void> {
    this.#loading ??= this.#store.get(this.#key).then(
      (stored) => {
        this.#loading = null;
        if (stored === null || this.#record !== null) return;
        this.#cache(stored);
        this.#emit({
          type: 'load',
          key: this.#key,
          version: stored.version,
          expiresAt: stored.tokens.expiresAt,
        });
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }

  #cache(record: StoredTokens, retryAt?: number): void {
    this.#record = record;
    this.#accessToken = Promise.resolve(record.tokens.accessToken);
    this.#refreshAt = retryAt ?? computeRefreshAt(record, this.#refreshSkewMs);
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
    const expiresAt = this.#record?.tokens.expiresAt;
    const grant = typeof this.#grant === 'string' ? this.#grant : 'password';
    const expiry = expiresAt == null ? String(expiresAt ?? 'none') : new Date(expiresAt).toISOString();
    return `TokenManager { key: ${JSON.stringify(this.#key)}, grant: '${grant}', expiresAt: ${expiry} }`;
  }
}
