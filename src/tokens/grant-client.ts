import type { TokenSet } from './token-set.js';

/** Options every token request accepts. */
export interface TokenRequestOptions {
  /** Scopes to ask for; the client's configured scopes when omitted. */
  scopes?: string[];
  /** Cancels the token request. */
  signal?: AbortSignal;
}

/**
 * The grants a {@link TokenManager} needs from its client. `OAuth2Client` implements it; a
 * provider SDK may wrap one.
 */
export interface TokenGrantClient {
  /** Time limit of one token request, in milliseconds. */
  readonly timeoutMs: number;
  clientCredentials(options?: TokenRequestOptions): Promise<TokenSet>;
  password(options: { username: string; password: string } & TokenRequestOptions): Promise<TokenSet>;
  refresh(refreshToken: string, options?: TokenRequestOptions): Promise<TokenSet>;
}
