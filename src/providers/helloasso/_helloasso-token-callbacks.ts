import { CallbackTokenStore } from '../../tokens/callback-store.js';
import type { TokenSet } from '../../tokens/token-set.js';
import type { HelloAssoTokenGetter, HelloAssoTokenSetter } from './helloasso-options.js';

/**
 * HaApiV5's `tokenGetter(tokenKey, clientId)` / `tokenSetter(tokenKey, clientId, token)` as a token
 * store: two plain strings per client. The expiry is read back from the access token's `exp` claim
 * (HelloAsso's access tokens are JWTs, RFC 7519 §4.1.4) so proactive renewal still works.
 */
export function tokenCallbackStore(
  clientId: string,
  getter: HelloAssoTokenGetter,
  setter: HelloAssoTokenSetter,
): CallbackTokenStore {
  return new CallbackTokenStore({
    async get(): Promise<TokenSet | null> {
      const accessToken = await getter('access_token', clientId);
      const refreshToken = await getter('refresh_token', clientId);
      if (!accessToken && !refreshToken) return null;
      return {
        accessToken: accessToken ?? '',
        tokenType: 'bearer',
        // Without an access token the record is expired at once, and the refresh token renews it.
        expiresAt: accessToken ? jwtExpiry(accessToken) : 0,
        ...(refreshToken ? { refreshToken } : {}),
        extra: {},
      };
    },
    async set(tokens) {
      // The refresh token first: it is the one that must never be lost (HelloAsso rotates it).
      await setter('refresh_token', clientId, tokens.refreshToken ?? null);
      await setter('access_token', clientId, tokens.accessToken);
    },
    async delete() {
      await setter('refresh_token', clientId, null);
      await setter('access_token', clientId, null);
    },
  });
}

function jwtExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
