import { ConfigurationError } from '../errors/configuration-error.js';
import type { AccessTokenSource, GetAccessTokenOptions } from '../tokens/access-token-source.js';
import type { ApiAuth } from './types.js';

/** Gets the bearer token for one attempt; `rejectedToken` asks for a forced refresh. */
export type TokenGetter = (
  signal: AbortSignal | undefined,
  rejectedToken: string | undefined,
) => string | Promise<string>;

/** The token getter of an `auth` option, and whether it can refresh (only an {@link AccessTokenSource} can). */
export function createTokenGetter(auth: ApiAuth): { getToken: TokenGetter; canRefresh: boolean } {
  if (typeof auth === 'function') return { getToken: () => auth(), canRefresh: false };
  if (isAccessTokenSource(auth)) {
    const getToken: TokenGetter = (signal, rejectedToken) => {
      if (rejectedToken === undefined) {
        return signal === undefined ? auth.getAccessToken() : auth.getAccessToken({ signal });
      }
      const options: GetAccessTokenOptions = { forceRefresh: true, rejectedToken };
      if (signal !== undefined) options.signal = signal;
      return auth.getAccessToken(options);
    };
    return { getToken, canRefresh: true };
  }
  if (auth !== null && typeof auth === 'object' && typeof auth.accessToken === 'string') {
    const token = auth.accessToken;
    return { getToken: () => token, canRefresh: false };
  }
  throw new ConfigurationError(
    'ApiClient needs `auth`: a TokenManager (or any AccessTokenSource), { accessToken }, or a function returning a token',
  );
}

function isAccessTokenSource(auth: object): auth is AccessTokenSource {
  return typeof (auth as Partial<AccessTokenSource>).getAccessToken === 'function';
}

/** Checks what a token getter produced, so a bad getter fails clearly instead of sending `Bearer undefined`. */
export function checkToken(token: unknown): string {
  if (typeof token === 'string' && token.length > 0) return token;
  throw new ConfigurationError(
    'The ApiClient `auth` getter returned no access token; it must return a non-empty string',
  );
}
