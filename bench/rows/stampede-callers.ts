// Stampede callers: each library starts from tokens of an earlier login (an access token that has just
// expired and a single-use refresh token) and renews the way its documentation says.
import { hasOAuthKitCore, loadOAuthKit } from '../lib/oauthkit.js';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET } from '../lib/server.js';
import type { Call } from './hot-path-callers.js';

/** Stampede rows: oauthkit and each peer that can renew a token. */
export const STAMPEDE_ROWS = ['oauthkit', 'openid-client', 'badgateway', 'simple-oauth2'] as const;
export type StampedeRow = (typeof STAMPEDE_ROWS)[number];

/** Tokens from `/__seed`: the access token expired a second ago. */
export interface SeedTokens {
  access_token: string;
  refresh_token: string;
}

const expiredAt = (): number => Date.now() - 1_000;

async function oauthkitCaller(base: string, seed: SeedTokens): Promise<Call> {
  const kit = await loadOAuthKit();
  if (!hasOAuthKitCore(kit))
    throw new Error('oauthkit does not export ApiClient, TokenManager and OAuth2Client yet.');
  const client = new kit.OAuth2Client({
    tokenEndpoint: `${base}/token`,
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  });
  const tokens = new kit.TokenManager({ client, grant: 'refresh_only' });
  await tokens.setTokens({
    accessToken: seed.access_token,
    tokenType: 'Bearer',
    expiresAt: expiredAt(),
    refreshToken: seed.refresh_token,
    extra: {},
  });
  const api = new kit.ApiClient({ baseUrl: base, auth: tokens });
  return async () => (await api.get('/api/resource')).status === 200;
}

async function openidClientCaller(base: string, seed: SeedTokens): Promise<Call> {
  const oidc = await import('openid-client');
  const config = new oidc.Configuration(
    { issuer: base, token_endpoint: `${base}/token` },
    BENCH_CLIENT_ID,
    BENCH_CLIENT_SECRET,
  );
  oidc.allowInsecureRequests(config);
  let accessToken = seed.access_token;
  let refreshToken = seed.refresh_token;
  let expiresAt = expiredAt();
  const url = new URL(`${base}/api/resource`);
  return async () => {
    // openid-client leaves renewal to the application: refreshTokenGrant when the token has expired.
    if (Date.now() >= expiresAt) {
      const renewed = await oidc.refreshTokenGrant(config, refreshToken);
      accessToken = renewed.access_token;
      refreshToken = renewed.refresh_token ?? refreshToken;
      expiresAt = Date.now() + (renewed.expiresIn() ?? 0) * 1000;
    }
    const response = await oidc.fetchProtectedResource(config, accessToken, url, 'GET');
    await response.json();
    return response.status === 200;
  };
}

async function badgatewayCaller(base: string, seed: SeedTokens): Promise<Call> {
  const { OAuth2Client, OAuth2Fetch } = await import('@badgateway/oauth2-client');
  const client = new OAuth2Client({
    server: base,
    tokenEndpoint: '/token',
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  });
  const wrapper = new OAuth2Fetch({
    client,
    // A user's login cannot be re-minted without the user: when the refresh token is refused, fail.
    getNewToken: () => null,
    getStoredToken: () => ({
      accessToken: seed.access_token,
      refreshToken: seed.refresh_token,
      expiresAt: expiredAt(),
    }),
    scheduleRefresh: false,
  });
  const url = `${base}/api/resource`;
  return async () => {
    const response = await wrapper.fetch(url);
    await response.json();
    return response.status === 200;
  };
}

async function simpleOAuth2Caller(base: string, seed: SeedTokens): Promise<Call> {
  const { AuthorizationCode } = await import('simple-oauth2');
  const oauth = new AuthorizationCode({
    client: { id: BENCH_CLIENT_ID, secret: BENCH_CLIENT_SECRET },
    auth: { tokenHost: base, tokenPath: '/token' },
  });
  let accessToken = oauth.createToken({
    access_token: seed.access_token,
    refresh_token: seed.refresh_token,
    token_type: 'Bearer',
    expires_at: new Date(expiredAt()),
  });
  const url = `${base}/api/resource`;
  return async () => {
    // simple-oauth2's README: `if (accessToken.expired()) accessToken = await accessToken.refresh()`.
    if (accessToken.expired()) accessToken = await accessToken.refresh();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken.token.access_token}` },
    });
    await response.json();
    return response.status === 200;
  };
}

/** Builds the caller of a stampede row, seeded with `seed`. */
export function createStampedeCaller(row: StampedeRow, base: string, seed: SeedTokens): Promise<Call> {
  switch (row) {
    case 'oauthkit':
      return oauthkitCaller(base, seed);
    case 'openid-client':
      return openidClientCaller(base, seed);
    case 'badgateway':
      return badgatewayCaller(base, seed);
    case 'simple-oauth2':
      return simpleOAuth2Caller(base, seed);
  }
}
