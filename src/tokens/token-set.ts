import { REDACTED, redactInspect } from '../errors/redact.js';

/**
 * Tokens from an authorization server, in camelCase.
 *
 * `util.inspect` (and so `console.log`) shows a token set with its secrets redacted;
 * `JSON.stringify` keeps everything, for stores.
 */
export interface TokenSet {
  accessToken: string;
  /** Usually `Bearer`. */
  tokenType: string;
  /**
   * When the access token expires, in epoch milliseconds; `null` when the server did not say.
   *
   * From a token response's `expires_in`: at most 10 years ahead (a longer lifetime is clamped),
   * now for a negative one (the token counts as expired and a `TokenManager` renews it at once),
   * and `null` for one that is not a number (`"soon"`; a quoted unsigned decimal is a number).
   * Stores refuse a value that is not a time a `Date` can hold (not finite, or beyond ±8.64e15):
   * such a record is reported as corrupt (`TokenStoreError`) and never written.
   */
  expiresAt: number | null;
  refreshToken?: string;
  scope?: string;
  idToken?: string;
  /** Every other field of the token response, as sent (e.g. HelloAsso's `organization_slug`). */
  extra: Record<string, unknown>;
}

/** Returns `tokens` with an inspect view that hides its secrets. */
export function protectTokenSet<T extends TokenSet>(tokens: T): T {
  return redactInspect(tokens, (value) => ({
    ...value,
    accessToken: REDACTED,
    ...(value.refreshToken === undefined ? {} : { refreshToken: REDACTED }),
    ...(value.idToken === undefined ? {} : { idToken: REDACTED }),
  }));
}
