// One renewal of a TokenManager's tokens under the store lock, from its input to its outcome.
// The manager applies what it reports (cache, events), and decides what a renewal it abandons at
// its time limit, or that fails transiently, falls back on.
import { OAuthError } from '../errors/oauth-error.js';
import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import { TokenStoreError } from '../errors/token-store-error.js';
import type { Bound } from './_bounded-work.js';
import { isRetryable, type RenewalBudget, withStoreRetries } from './_renewal-budget.js';
import { isUnexpired } from './_token-timing.js';
import type { TokenGrantClient, TokenRequestOptions } from './grant-client.js';
import type { StoredTokens, TokenStore } from './store.js';
import type { TokenManagerGrant } from './token-manager-options.js';
import type { TokenSet } from './token-set.js';

/** What renews the tokens of one key; fixed for the life of a `TokenManager`. */
export interface RenewalSetup {
  readonly client: TokenGrantClient;
  readonly store: TokenStore;
  readonly key: string;
  readonly grant: TokenManagerGrant;
  readonly scopes: string[] | undefined;
  readonly budget: RenewalBudget;
}

/** Why a renewal runs: proactive (before expiry) or forced (the API refused `rejectedToken`). */
export interface RenewIntent {
  readonly forced: boolean;
  readonly rejectedToken: string | undefined;
}

/** New tokens not (yet) in the store, how they were obtained, and the version they replace (0: none). */
export interface PendingWrite {
  readonly baseVersion: number;
  readonly tokens: TokenSet;
  readonly kind: 'refresh' | 'client_credentials' | 'password';
}

/** What one renewal starts from: the manager's view of the tokens once it holds the lock. */
export interface RenewalInput {
  readonly intent: RenewIntent;
  /** The record the manager knows; another version in the store comes from another writer. */
  readonly known: StoredTokens | null;
  /** New tokens the manager uses but could not store yet. */
  readonly pending: PendingWrite | null;
  /** Whether `record` needs no renewal yet. */
  readonly isFresh: (record: StoredTokens) => boolean;
}

/** What the manager applies the moment the renewal reaches it, before the renewal goes on. */
export interface RenewalHooks {
  /**
   * New tokens about to be written (`null`: no longer). Their refresh token is spent, and the
   * manager's time limit may abandon the write: the manager holds them so that they are not lost.
   */
  readonly hold: (write: PendingWrite | null) => void;
  /** A step the renewal goes on from: later steps, or a failure, build on it. */
  readonly progress: (step: RenewalStep) => void;
}

type Adopted = { type: 'adopted'; record: StoredTokens };
type Stored = { type: 'stored'; record: StoredTokens; kind: PendingWrite['kind'] };
type Flushed = Adopted | Stored | { type: 'deleted' };

/**
 * - `adopted`: another writer's record replaces the known one; `stored`: new tokens were written.
 * - `deleted`: the record the pending tokens replace was deleted (a logout): forget them.
 * - `refused`: the refresh token was refused (`invalid_grant`); the store is read again.
 */
export type RenewalStep = Flushed | { type: 'refused'; error: OAuthError };

/**
 * How a renewal ends; the manager applies it, then gives callers the record or throws.
 *
 * - `kept-current`: a transient failure; the still-valid `record` serves until `retryAt`.
 * - `unsaved`: the store did not take the held tokens; the manager uses them from memory.
 * - `failed`: the token request failed, or only a new login can help (`ReauthorizationRequiredError`).
 */
export type RenewalOutcome =
  | Adopted
  | Stored
  | { type: 'kept-current'; record: StoredTokens; retryAt: number; error: Error }
  | { type: 'unsaved'; error: Error }
  | { type: 'failed'; error: Error };

// After a transient failure with a still-valid token, wait this long before trying again.
const RETRY_AFTER_TRANSIENT_MS = 5_000;

/**
 * Renews the tokens of `setup.key`; the caller holds the store lock and set the time limit of
 * its first phase. Writes the tokens an earlier renewal could not store, adopts what another
 * writer stored, or refreshes / mints and stores the result (compare-and-set) before anyone may
 * use it. Each phase gets its own time limit (see `renewalBudget`). Throws store errors (and
 * anything once `bound` is aborted): the manager decides what to fall back on.
 */
export async function renewUnderLock(
  setup: RenewalSetup,
  input: RenewalInput,
  hooks: RenewalHooks,
  bound: Bound,
): Promise<RenewalOutcome> {
  const { store, key, budget } = setup;
  const { intent, pending } = input;
  const { signal } = bound;
  bound.limit(budget.storeMs);
  let stored = await store.get(key);
  if (pending !== null) {
    const flushed = await flushPending(store, key, pending, stored, signal);
    if (flushed.type !== 'deleted' && isWanted(input, flushed.record)) return flushed;
    hooks.progress(flushed);
    stored = flushed.type === 'deleted' ? null : flushed.record;
  } else if (stored !== null && isAdoptable(input, stored, input.known?.version)) {
    return { type: 'adopted', record: stored };
  }

  bound.limit(budget.requestMs);
  const options: TokenRequestOptions = { signal, ...(setup.scopes ? { scopes: setup.scopes } : {}) };
  let base = stored;
  let obtained: Obtained;
  try {
    const refreshToken = stored?.tokens.refreshToken;
    if (refreshToken === undefined) {
      const minted = await mint(setup, options);
      if (minted === null) return reauthorization(key, undefined, stored !== null);
      obtained = minted;
    } else {
      try {
        const tokens = await setup.client.refresh(refreshToken, options);
        // RFC 6749 §6: the server may keep the old refresh token.
        obtained = {
          tokens: tokens.refreshToken === undefined ? { ...tokens, refreshToken } : tokens,
          kind: 'refresh',
        };
      } catch (error) {
        if (!(error instanceof OAuthError && error.error === 'invalid_grant')) throw error;
        hooks.progress({ type: 'refused', error });
        // Another process may have rotated the refresh token just before us.
        const again = await store.get(key);
        if (again !== null && isAdoptable(input, again, stored?.version)) {
          return { type: 'adopted', record: again };
        }
        base = again;
        const minted = await mint(setup, options);
        if (minted === null) return reauthorization(key, error, true);
        obtained = minted;
      }
    }
  } catch (error) {
    // Abandoned by the manager (time limit): it reports the outcome itself. A client that asks
    // for a new login itself has nothing to report either.
    if (signal.aborted || error instanceof ReauthorizationRequiredError) throw error;
    if (isRetryable(error) && !intent.forced && base !== null && isUnexpired(base)) {
      const now = Date.now();
      const expiresAt = base.tokens.expiresAt ?? Number.POSITIVE_INFINITY;
      const retryAt = now + Math.min(RETRY_AFTER_TRANSIENT_MS, (expiresAt - now) / 2);
      return { type: 'kept-current', record: base, retryAt, error: error as Error };
    }
    return { type: 'failed', error: error as Error };
  }

  bound.limit(budget.storeMs);
  const write: PendingWrite = { baseVersion: base?.version ?? 0, ...obtained };
  hooks.hold(write);
  let written: StoredTokens | null;
  try {
    written = await withStoreRetries(() => store.compareAndSet(key, write.baseVersion, write.tokens), signal);
  } catch (error) {
    return { type: 'unsaved', error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (written !== null) return { type: 'stored', record: written, kind: write.kind };
  return afterLostWrite(setup, input, hooks, write, signal);
}

/**
 * The compare-and-set lost: someone wrote without the lock (a login's `setTokens`, a logout) while
 * the new tokens were obtained. Their refresh token may be spent already, so they are never just
 * dropped. The rule is {@link flushPending}'s:
 * - a record that can give the caller a token now wins (`adopted`);
 * - one that cannot give any token (expired, no refresh token) is overwritten by ours (`stored`);
 * - one that could after a renewal of its own (refreshable, or the token the API refused) wins in
 *   the store, and ours serve this manager from memory until its next renewal (`unsaved`);
 * - a deleted record (a logout) stays deleted: `ReauthorizationRequiredError`, ours dropped;
 * - losing again keeps ours held in memory (`unsaved`).
 */
async function afterLostWrite(
  setup: RenewalSetup,
  input: RenewalInput,
  hooks: RenewalHooks,
  write: PendingWrite,
  signal: AbortSignal,
): Promise<RenewalOutcome> {
  const { store, key } = setup;
  const theirs = await store.get(key);
  if (theirs !== null && isAdoptable(input, theirs, write.baseVersion)) {
    hooks.hold(null);
    return { type: 'adopted', record: theirs };
  }
  let flushed: Flushed;
  try {
    flushed = await flushPending(store, key, write, theirs, signal);
  } catch (error) {
    return { type: 'unsaved', error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (flushed.type === 'stored') return flushed;
  if (flushed.type === 'deleted') {
    hooks.hold(null);
    const message = `The tokens of "${key}" were deleted (a logout) during a renewal; log in again to get new tokens.`;
    return { type: 'failed', error: new ReauthorizationRequiredError(message, { key }) };
  }
  const error = new TokenStoreError(
    `The tokens of "${key}" were replaced in the store during a renewal; this manager uses its new ones ` +
      'from memory until its next renewal, which takes the stored ones.',
    { location: key, retryable: true },
  );
  return { type: 'unsaved', error };
}

type Obtained = Pick<PendingWrite, 'tokens' | 'kind'>;

/**
 * Writes the tokens an earlier renewal could not store, and says which record is current
 * afterwards. If the store still holds the version ours replace, ours are written. If another
 * writer stored a record since (a login's `setTokens`, another process that minted while we could
 * not reach the store), theirs wins whenever it can still give a token (unexpired, or
 * refreshable): every other process already uses it, it may come from a deliberate new login,
 * and dropping ours loses nothing because its refresh token was never spent. Only a record that
 * can no longer give a token is overwritten by ours. A deleted record (a logout) is never brought back.
 */
async function flushPending(
  store: TokenStore,
  key: string,
  pending: PendingWrite,
  current: StoredTokens | null,
  signal: AbortSignal,
): Promise<Flushed> {
  const baseVersion = current?.version ?? 0;
  if (baseVersion !== pending.baseVersion) {
    if (current === null) return { type: 'deleted' };
    if (isUnexpired(current) || current.tokens.refreshToken !== undefined) {
      return { type: 'adopted', record: current };
    }
  }
  const written = await withStoreRetries(() => store.compareAndSet(key, baseVersion, pending.tokens), signal);
  if (written === null) {
    throw new TokenStoreError(`The tokens of "${key}" changed in the store while being written; try again.`, {
      location: key,
      retryable: true,
    });
  }
  return { type: 'stored', record: written, kind: pending.kind };
}

/** Whether `record` is what the caller needs: fresh, and not the token an API refused. */
function isWanted(input: RenewalInput, record: StoredTokens): boolean {
  return input.isFresh(record) && record.tokens.accessToken !== input.intent.rejectedToken;
}

/** Whether `record`, written by another writer than the one of `knownVersion`, can replace it. */
function isAdoptable(input: RenewalInput, record: StoredTokens, knownVersion: number | undefined): boolean {
  return record.version !== knownVersion && isWanted(input, record);
}

/** New tokens from the manager's own grant; `null` when it has none (`refresh_only`). */
async function mint({ grant, client }: RenewalSetup, options: TokenRequestOptions): Promise<Obtained | null> {
  if (grant === 'client_credentials') {
    return { tokens: await client.clientCredentials(options), kind: 'client_credentials' };
  }
  if (typeof grant !== 'object') return null;
  const credentials = await grant.password();
  return { tokens: await client.password({ ...credentials, ...options }), kind: 'password' };
}

/** Only a new login can help: no refresh token, or a refused one, and no grant of our own. */
function reauthorization(key: string, refusal: OAuthError | undefined, stored: boolean): RenewalOutcome {
  const problem = refusal
    ? `The refresh token of "${key}" was refused`
    : stored
      ? `The tokens of "${key}" have no refresh token`
      : `No tokens are stored under "${key}"`;
  const message = `${problem}; log in again to get new tokens.`;
  return { type: 'failed', error: new ReauthorizationRequiredError(message, { key, cause: refusal }) };
}
