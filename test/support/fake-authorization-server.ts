import { NetworkError } from '../../src/errors/network-error.js';
import { OAuthError } from '../../src/errors/oauth-error.js';
import type { TokenGrantClient, TokenRequestOptions } from '../../src/tokens/grant-client.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

/** One token request the fake server received (no secrets worth hiding: they are test values). */
export interface SeenRequest {
  grant: 'client_credentials' | 'password' | 'refresh_token';
  refreshToken?: string;
  username?: string;
  scopes?: string[];
}

/**
 * Stands in for the authorization server in unit tests: issues numbered tokens, accepts each
 * refresh token once (reuse → `invalid_grant`, like rotation), counts requests, and can be
 * told to hang until aborted or to fail with a transient network error.
 */
export class FakeAuthorizationServer implements TokenGrantClient {
  readonly timeoutMs = 1_000;
  /** Access-token lifetime; `null` → no `expires_in`. */
  lifetimeMs: number | null = 3_600_000;
  /** Whether refresh responses carry a new refresh token (rotation). */
  rotateRefreshTokens = true;
  /** Whether client-credentials responses carry a refresh token. */
  refreshTokenOnMint = true;
  /** What the next requests do. */
  behaviour: 'ok' | 'hang' | 'transient' = 'ok';
  /** Runs when a request arrives, before it is answered (e.g. to let another process act first). */
  onRequest: ((request: SeenRequest) => Promise<void>) | undefined;
  readonly requests: SeenRequest[] = [];
  readonly #validRefreshTokens = new Set<string>();
  #counter = 0;
  #gate: Promise<void> | undefined;

  /** Token requests that reached the server with `grant`. */
  count(grant: SeenRequest['grant']): number {
    return this.requests.filter((request) => request.grant === grant).length;
  }

  /** Makes requests wait (as if the network were slow) until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.#gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.#gate = undefined;
      release();
    };
  }

  /** Refuses a refresh token from now on, as after a revocation. */
  revoke(refreshToken: string): void {
    this.#validRefreshTokens.delete(refreshToken);
  }

  clientCredentials(options?: TokenRequestOptions): Promise<TokenSet> {
    return this.#answer(
      { grant: 'client_credentials', ...scopesOf(options) },
      options,
      this.refreshTokenOnMint,
    );
  }

  password(options: { username: string; password: string } & TokenRequestOptions): Promise<TokenSet> {
    if (options.password !== 'correct horse') {
      return Promise.reject(
        new OAuthError('The credentials were refused (invalid_grant).', { error: 'invalid_grant' }),
      );
    }
    return this.#answer(
      { grant: 'password', username: options.username, ...scopesOf(options) },
      options,
      true,
    );
  }

  async refresh(refreshToken: string, options?: TokenRequestOptions): Promise<TokenSet> {
    const request: SeenRequest = { grant: 'refresh_token', refreshToken, ...scopesOf(options) };
    await this.onRequest?.(request);
    if (this.behaviour === 'ok' && !this.#validRefreshTokens.has(refreshToken)) {
      this.requests.push(request);
      throw new OAuthError('The authorization server refused the refresh token (invalid_grant).', {
        error: 'invalid_grant',
        status: 400,
      });
    }
    // Rotation: a refresh token is single-use; without rotation the server keeps accepting it.
    if (this.behaviour === 'ok' && this.rotateRefreshTokens) this.#validRefreshTokens.delete(refreshToken);
    return this.#answer(request, options, this.rotateRefreshTokens);
  }

  async #answer(
    request: SeenRequest,
    options: TokenRequestOptions | undefined,
    withRefresh: boolean,
  ): Promise<TokenSet> {
    this.requests.push(request);
    // Let concurrent callers pile up as they would behind a network round trip.
    await Promise.resolve();
    await this.#gate;
    if (this.behaviour === 'transient')
      throw new NetworkError('Connection reset by the token endpoint.', { code: 'ECONNRESET' });
    if (this.behaviour === 'hang') {
      return new Promise<TokenSet>((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
      });
    }
    const n = ++this.#counter;
    const tokens: TokenSet = {
      accessToken: `access-${n}`,
      tokenType: 'Bearer',
      expiresAt: this.lifetimeMs === null ? null : Date.now() + this.lifetimeMs,
      extra: {},
    };
    if (withRefresh) {
      tokens.refreshToken = `refresh-${n}`;
      this.#validRefreshTokens.add(tokens.refreshToken);
    }
    return tokens;
  }
}

function scopesOf(options: TokenRequestOptions | undefined): { scopes?: string[] } {
  return options?.scopes ? { scopes: options.scopes } : {};
}
