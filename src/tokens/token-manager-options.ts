import type { TokenGrantClient } from './grant-client.js';
import type { TokenStore } from './store.js';

/** Supplies the resource owner's credentials each time the password grant is needed. */
export interface PasswordGrantProvider {
  password: () => Promise<{ username: string; password: string }>;
}

/**
 * How a `TokenManager` gets tokens when it has no usable refresh token.
 *
 * - `'refresh_only'`: never on its own; a user logs in (e.g. in a browser) and `setTokens` stores the result.
 * - `'client_credentials'`: the client's own credentials.
 * - `{ password }`: the resource owner password grant, with credentials asked for on each use.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export type TokenManagerGrant = 'client_credentials' | 'refresh_only' | PasswordGrantProvider;

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  /** Makes the token requests (usually an `OAuth2Client`). */
  client: TokenGrantClient;
  /** Where tokens live; a new `MemoryTokenStore` when omitted. Share one store to share tokens. */
  store?: TokenStore;
  /** The store key of these tokens; `'default'` when omitted. */
  key?: string;
  /** How to get tokens without a refresh token; `'refresh_only'` when omitted. */
  grant?: TokenManagerGrant;
  /**
   * Scopes asked for on mint and refresh; the client's own when omitted.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
   */
  scopes?: string[];
  /**
   * How long before expiry the access token is renewed, in milliseconds: 60000 when omitted,
   * and never more than half the token's lifetime. In that window the renewal runs in the
   * background while callers keep getting the still-valid token, until the token is within a
   * safety margin of its expiry (at least 1 s; a tenth of the lifetime, at most half the window):
   * from then on callers wait for the new token.
   */
  refreshSkewMs?: number;
  /** Receives lifecycle events (never a token). An exception thrown here is ignored. */
  onEvent?: (event: TokenEvent) => void;
}

/**
 * What happened to the tokens of a key. No event ever carries a token or a secret.
 *
 * - `load`: a record was read from the store (first use).
 * - `refresh` / `mint`: new tokens were obtained and stored (for tokens kept after `store-failed`:
 *   when they are finally stored).
 * - `adopt`: another writer (process, manager) had already renewed; its tokens are used.
 * - `refresh-failed`: a renewal failed; `usingCurrentToken` says whether the still-valid token is kept.
 * - `store-failed`: new tokens could not be written to the store (after retries); with
 *   `pendingWrite` they are used from memory and written at the next renewal, once the store
 *   is back.
 * - `reauthorization-required`: only a new login can help.
 */
export type TokenEvent =
  | { type: 'load'; key: string; version: number; expiresAt: number | null }
  | { type: 'refresh'; key: string; version: number; expiresAt: number | null }
  | {
      type: 'mint';
      key: string;
      grant: 'client_credentials' | 'password';
      version: number;
      expiresAt: number | null;
    }
  | { type: 'adopt'; key: string; version: number; expiresAt: number | null }
  | { type: 'refresh-failed'; key: string; error: Error; usingCurrentToken: boolean }
  | { type: 'store-failed'; key: string; error: Error; pendingWrite: boolean }
  | { type: 'reauthorization-required'; key: string };
