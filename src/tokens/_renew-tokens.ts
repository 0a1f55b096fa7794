import { OAuthError } from '../errors/oauth-error.js';
import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import { type Bound, runBounded } from './_bounded-work.js';
import type { RenewalBudget } from './_renewal-budget.js';
import {
  adopt,
  flushPending,
  isAdoptable,
  type PendingWrite,
  type RenewalKind,
  storeRenewal,
} from './_store-renewal.js';
import { isUnexpired } from './_token-timing.js';
import type { TokenGrantClient, TokenRequestOptions } from './grant-client.js';
import { type StoredTokens, type TokenStore, withLock } from './store.js';
import type { TokenEvent, TokenManagerGrant } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';

/** What a `TokenManager` lends to one renewal. */
export interface RenewContext {
  readonly client: TokenGrantClient;
  readonly store: TokenStore;
  readonly key: string;
  readonly grant: TokenManagerGrant;
  readonly scopes: string[] | undefined;
  readonly budget: RenewalBudget;
  /** The record the manager last knew. */
  known(): StoredTokens | null;
  /** New tokens the manager holds but could not store yet. */
  pending(): PendingWrite | null;
  /** Remembers new tokens before writing them (`null`: nothing to remember any more). */
  stage(pending: PendingWrite | null): void;
  /** Makes the staged tokens current although the store could not take them; says so with `error`. */
  usePending(error: Error): StoredTokens;
  /** Forgets the current tokens (they were deleted from the store). */
  forget(): void;
  /** Whether `record` does not need renewal yet. */
  isFresh(record: StoredTokens): boolean;
  /** Makes the stored `record` current (and drops pending tokens); `retryAt` overrides when to renew. */
  cache(record: StoredTokens, retryAt?: number): void;
  emit(event: TokenEvent): void;
}

/** Why a renewal runs: proactive (before expiry) or forced (the API refused `rejectedToken`). */
export interface RenewIntent {
  readonly forced: boolean;
  readonly rejectedToken: string | undefined;
}

// After a transient failure with a still-valid token, wait this long before trying again.
const RETRY_AFTER_TRANSIENT_MS = 5_000;

/**
 * Runs {@link renewTokens} within the renewal's time limits. On a time limit or a transient
 * failure (a lock that could not be taken, a store briefly unreachable, a failed request),
 * `fallBack` may supply the record to go on with (the still-valid current one, or new tokens the
 * store could not take); when it gives `null`, the error is thrown.
 */
export function boundedRenewal(
  ctx: RenewContext,
  intent: RenewIntent,
  fallBack: (error: Error) => StoredTokens | null,
): Promise<StoredTokens> {
  // The first phase is waiting for the lock; renewTokens sets the limits of the next ones.
  return runBounded((bound) => renewTokens(ctx, intent, bound), ctx.budget.lockWaitMs, {
    doing: `Renewing the tokens of "${ctx.key}"`,
    fallBack,
  });
}

/**
 * Renews the tokens of `ctx.key` under the store lock: writes tokens an earlier renewal could
 * not store, adopts what another writer stored, or refreshes / mints and stores the result
 * (compare-and-set) before anyone may use it. Each phase gets its own time limit (see
 * `renewalBudget`); the caller set the first one, for taking the lock.
 */
export async function renewTokens(
  ctx: RenewContext,
  intent: RenewIntent,
  bound: Bound,
): Promise<StoredTokens> {
  const { signal } = bound;
  return withLock(ctx.store, ctx.key, ctx.budget.lockTtlMs, async () => {
    signal.throwIfAborted();
    bound.limit(ctx.budget.storeMs);
    let stored = await ctx.store.get(ctx.key);
    const pending = ctx.pending();
    if (pending !== null) {
      stored = await flushPending(ctx, pending, stored, bound);
      if (stored !== null && ctx.isFresh(stored) && stored.tokens.accessToken !== intent.rejectedToken) {
        return stored;
      }
    } else if (stored !== null && isAdoptable(ctx, intent, stored, ctx.known()?.version)) {
      return adopt(ctx, stored);
    }
    bound.limit(ctx.budget.requestMs);
    const requestOptions: TokenRequestOptions = { signal, ...(ctx.scopes ? { scopes: ctx.scopes } : {}) };
    let base = stored;
    let obtained: TokenSet;
    let kind: RenewalKind;
    try {
      const refreshToken = stored?.tokens.refreshToken;
      if (refreshToken !== undefined) {
        try {
          obtained = await ctx.client.refresh(refreshToken, requestOptions);
          kind = 'refresh';
          if (obtained.refreshToken === undefined) obtained = { ...obtained, refreshToken }; // RFC 6749 §6: may keep the old one
        } catch (error) {
          if (!(error instanceof OAuthError && error.error === 'invalid_grant')) throw error;
          ctx.emit({ type: 'refresh-failed', key: ctx.key, error, usingCurrentToken: false });
          // Another process may have rotated the refresh token just before us.
          const again = await ctx.store.get(ctx.key);
          if (
            again !== null &&
            again.version !== stored?.version &&
            isAdoptable(ctx, intent, again, stored?.version)
          ) {
            return adopt(ctx, again);
          }
          base = again;
          [obtained, kind] = await mint(ctx, requestOptions, error, true);
        }
      } else {
        [obtained, kind] = await mint(ctx, requestOptions, undefined, stored !== null);
      }
    } catch (error) {
      // Abandoned by the manager (time limit): it reports the outcome itself.
      if (signal.aborted) throw error;
      const retryable = error instanceof Error && (error as { retryable?: unknown }).retryable === true;
      if (retryable && !intent.forced && base !== null && isUnexpired(base)) {
        ctx.emit({ type: 'refresh-failed', key: ctx.key, error: error as Error, usingCurrentToken: true });
        const now = Date.now();
        const expiresAt = base.tokens.expiresAt ?? Number.POSITIVE_INFINITY;
        ctx.cache(base, now + Math.min(RETRY_AFTER_TRANSIENT_MS, (expiresAt - now) / 2));
        return base;
      }
      if (!(error instanceof ReauthorizationRequiredError)) {
        ctx.emit({ type: 'refresh-failed', key: ctx.key, error: error as Error, usingCurrentToken: false });
      }
      throw error;
    }
    bound.limit(ctx.budget.storeMs);
    return await storeRenewal(ctx, intent, base, obtained, kind, bound);
  });
}

async function mint(
  ctx: RenewContext,
  options: TokenRequestOptions,
  refusal: OAuthError | undefined,
  stored: boolean,
): Promise<[TokenSet, 'client_credentials' | 'password']> {
  const { grant, key } = ctx;
  if (grant === 'client_credentials')
    return [await ctx.client.clientCredentials(options), 'client_credentials'];
  if (typeof grant === 'object') {
    const credentials = await grant.password();
    return [await ctx.client.password({ ...credentials, ...options }), 'password'];
  }
  ctx.emit({ type: 'reauthorization-required', key });
  const problem = refusal
    ? `The refresh token of "${key}" was refused`
    : stored
      ? `The tokens of "${key}" have no refresh token`
      : `No tokens are stored under "${key}"`;
  throw new ReauthorizationRequiredError(`${problem}; log in again to get new tokens.`, {
    key,
    cause: refusal,
  });
}
