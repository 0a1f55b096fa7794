import { TokenStoreError } from '../errors/token-store-error.js';
import type { Bound } from './_bounded-work.js';
import type { RenewContext, RenewIntent } from './_renew-tokens.js';
import { withStoreRetries } from './_renewal-budget.js';
import { isUnexpired } from './_token-timing.js';
import type { StoredTokens } from './store.js';
import type { TokenSet } from './token-set.js';

/** How new tokens were obtained. */
export type RenewalKind = 'refresh' | 'client_credentials' | 'password';

/** New tokens not (yet) in the store, and the stored version they replace (0: none). */
export interface PendingWrite {
  readonly baseVersion: number;
  readonly tokens: TokenSet;
  readonly kind: RenewalKind;
}

/** Whether `record`, written by another writer, replaces what the manager knows. */
export function isAdoptable(
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

/** Makes another writer's `record` current. */
export function adopt(ctx: RenewContext, record: StoredTokens): StoredTokens {
  ctx.cache(record);
  ctx.emit({ type: 'adopt', key: ctx.key, version: record.version, expiresAt: record.tokens.expiresAt });
  return record;
}

/**
 * Stores new tokens before anyone uses them. The old refresh token is already spent, so the new
 * tokens must not be lost: the write is retried, and if the store still fails they become the
 * manager's current, unsaved tokens (written at the next renewal, see {@link flushPending}).
 */
export async function storeRenewal(
  ctx: RenewContext,
  intent: RenewIntent,
  base: StoredTokens | null,
  tokens: TokenSet,
  kind: RenewalKind,
  bound: Bound,
): Promise<StoredTokens> {
  const pending: PendingWrite = { baseVersion: base?.version ?? 0, tokens, kind };
  // Staged first: if the time limit passes during the write, the manager still has them.
  ctx.stage(pending);
  let written: StoredTokens | null;
  try {
    written = await writeWithRetries(ctx, pending, bound);
  } catch (error) {
    return ctx.usePending(error instanceof Error ? error : new Error(String(error)));
  }
  if (written === null) {
    ctx.stage(null);
    // Someone wrote without the lock (a login's setTokens): theirs wins when it is usable.
    const theirs = await ctx.store.get(ctx.key);
    if (theirs !== null && isAdoptable(ctx, intent, theirs, base?.version)) return adopt(ctx, theirs);
    throw new TokenStoreError(
      `The tokens of "${ctx.key}" changed in the store during a renewal; try again.`,
      { location: ctx.key, retryable: true },
    );
  }
  return stored(ctx, written, kind);
}

/**
 * Writes the tokens an earlier renewal could not store, under the lock, and returns the record
 * that is current afterwards (`null`: none, the tokens were deleted meanwhile).
 *
 * If the store still holds the version ours replace, ours are written. If another writer stored
 * a record since (a login's `setTokens`, another process that minted while we could not reach
 * the store), theirs wins whenever it can still give a token (unexpired, or refreshable): every
 * other process already uses it, it may come from a deliberate new login, and dropping ours
 * loses nothing because its refresh token was never spent. Only a record that can no longer give
 * a token is overwritten by ours. A deleted record (a logout) is never brought back.
 */
export async function flushPending(
  ctx: RenewContext,
  pending: PendingWrite,
  current: StoredTokens | null,
  bound: Bound,
): Promise<StoredTokens | null> {
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== pending.baseVersion) {
    if (current === null) {
      ctx.forget();
      return null;
    }
    if (isUnexpired(current) || current.tokens.refreshToken !== undefined) return adopt(ctx, current);
  }
  const written = await writeWithRetries(ctx, { ...pending, baseVersion: currentVersion }, bound);
  if (written === null) {
    throw new TokenStoreError(
      `The tokens of "${ctx.key}" changed in the store while being written; try again.`,
      {
        location: ctx.key,
        retryable: true,
      },
    );
  }
  return stored(ctx, written, pending.kind);
}

function stored(ctx: RenewContext, written: StoredTokens, kind: RenewalKind): StoredTokens {
  ctx.cache(written);
  const { version, tokens } = written;
  if (kind === 'refresh') ctx.emit({ type: 'refresh', key: ctx.key, version, expiresAt: tokens.expiresAt });
  else ctx.emit({ type: 'mint', key: ctx.key, grant: kind, version, expiresAt: tokens.expiresAt });
  return written;
}

function writeWithRetries(
  ctx: RenewContext,
  pending: PendingWrite,
  bound: Bound,
): Promise<StoredTokens | null> {
  return withStoreRetries(
    () => ctx.store.compareAndSet(ctx.key, pending.baseVersion, pending.tokens),
    bound.signal,
  );
}
