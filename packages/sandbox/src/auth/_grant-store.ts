import type OAuth2Server from '@node-oauth/oauth2-server';
import type { GrantSubject } from './profiles.js';

/** A token pair as the authorization server keeps it. */
export interface StoredToken {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope?: string[];
  client: OAuth2Server.Client;
  user: GrantSubject;
}

/** In-memory codes and tokens of one provider's authorization server. */
export class GrantStore {
  readonly codes = new Map<string, OAuth2Server.AuthorizationCode>();
  readonly #accessTokens = new Map<string, StoredToken>();
  readonly #refreshTokens = new Map<string, StoredToken>();

  save(token: StoredToken): void {
    this.#accessTokens.set(token.accessToken, token);
    if (token.refreshToken) this.#refreshTokens.set(token.refreshToken, token);
  }

  findAccessToken(accessToken: string): StoredToken | undefined {
    return this.#accessTokens.get(accessToken);
  }

  findRefreshToken(refreshToken: string): StoredToken | undefined {
    return this.#refreshTokens.get(refreshToken);
  }

  /** Makes a refresh token unusable (rotation: the old one is refused once a new one is issued). */
  revokeRefreshToken(refreshToken: string): boolean {
    return this.#refreshTokens.delete(refreshToken);
  }

  /** Revokes every access and refresh token of a grant; returns how many tokens went. */
  revokeGrant(grantId: string): number {
    let revoked = 0;
    for (const map of [this.#accessTokens, this.#refreshTokens]) {
      for (const [key, token] of map) {
        if (token.user.grantId === grantId) {
          map.delete(key);
          revoked += 1;
        }
      }
    }
    return revoked;
  }

  /** Drops expired entries so a long-running sandbox does not grow without bound. */
  sweep(now = Date.now()): void {
    for (const [key, code] of this.codes) if (code.expiresAt.getTime() < now) this.codes.delete(key);
    for (const [key, token] of this.#accessTokens) {
      if (token.accessTokenExpiresAt.getTime() < now) this.#accessTokens.delete(key);
    }
    for (const [key, token] of this.#refreshTokens) {
      if (token.refreshTokenExpiresAt && token.refreshTokenExpiresAt.getTime() < now)
        this.#refreshTokens.delete(key);
    }
  }
}
