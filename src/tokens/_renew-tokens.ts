import { OAuthError } from '../errors/oauth-error.js';
import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import { TokenStoreError } from '../errors/token-store-error.js';
import { isUnexpired } from './_token-timing.js';
import type { TokenGrantClient, TokenRequestOptions } from './grant-client.js';
import type { StoredTokens, TokenStore } from './store.js';
import type { TokenEvent, TokenManagerGrant } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';

/** What a `TokenManager` lends to one renewal. */
export interface RenewContext {
  readonly client: TokenGrantClient;
  readonly store: TokenStore;
  readonly key: string;
  readonly grant: TokenManagerGrant;
  readonly scopes: string[] | undefined;
  readonly lockTtlMs: number;
  /** The record the manager last knew. */
  known(): StoredTokens | null;
  /** Whether `record` does not need renewal yet. */
  isFresh(record: StoredTokens): boolean;
  /** Makes `record` the manager's current one; `retryAt` overrides when to try renewing again. */
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
 * Renews the tokens of `ctx.key` under the store lock: adopts what another writer stored,
 * or refreshes / mints and stores the result (compare-and-set) before anyone may use it.
 */
export async function renewTokens(
  ctx: RenewContext,
  intent: RenewIntent,
  signal: AbortSignal,
): Promise<StoredTokens> {
  const lock = await ctx.store.lock(ctx.key, ctx.lockTtlMs);
  try {
    signal.throwIfAborted();
    const stored = await ctx.store.get(ctx.key);
    if (stored !== null && isAdoptable(ctx, intent, stored, ctx.known()?.version)) return adopt(ctx, stored);
    const requestOptions: TokenRequestOptions = { signal, ...(ctx.scopes ? { scopes: ctx.scopes } : {}) };
    let base = stored;
    let obtained: TokenSet;
    let kind: 'refresh' | 'client_credentials' | 'password';
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
    return await store(ctx, intent, base, obtained, kind);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

function isAdoptable(
  ctx: RenewContext,
  intent: RenewIntent,
  record: StoredTokens,
  knownVersion?: number,
): boolean {
  return (
    record.version !== knownVersion &&
    ctx.isFresh(record) &&
    record.tokens.accessToken !== intent.rejectedToken
  );
}

function adopt(ctx: RenewContext, record: StoredTokens): StoredTokens {
  ctx.cache(record);
  ctx.emit({ type: 'adopt', key: ctx.key, version: record.version, expiresAt: record.tokens.expiresAt });
  return record;
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

async function store(
  ctx: RenewContext,
  intent: RenewIntent,
  base: StoredTokens | null,
  tokens: TokenSet,
  kind: 'refresh' | 'client_credentials' | 'password',
): Promise<StoredTokens> {
  const written = await ctx.store.compareAndSet(ctx.key, base?.version ?? 0, tokens);
  if (written === null) {
    // Someone wrote without the lock (a login's setTokens): theirs wins when it is usable.
    const theirs = await ctx.store.get(ctx.key);
    if (theirs !== null && isAdoptable(ctx, intent, theirs, base?.version)) return adopt(ctx, theirs);
    throw new TokenStoreError(
      `The tokens of "${ctx.key}" changed in the store during a renewal; try again.`,
      { location: ctx.key, retryable: true },
    );
  }
  ctx.cache(written);
  const { version, tokens: stored } = written;
  if (kind === 'refresh') ctx.emit({ type: 'refresh', key: ctx.key, version, expiresAt: stored.expiresAt });
  else ctx.emit({ type: 'mint', key: ctx.key, grant: kind, version, expiresAt: stored.expiresAt });
  return written;
}
