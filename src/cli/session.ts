// Builds the core objects of a profile: OAuth2Client (lazily), FileTokenStore, TokenManager, ApiClient.
import type { ApiClient, OAuth2Client, TokenGrantClient, TokenManager, TokenSet } from '../index.js';
import { FileTokenStore } from '../tokens/file-store.js';
import { TokenManager as Manager } from '../tokens/token-manager.js';
import { cliPaths } from './home.js';
import { CliError, EXIT } from './output.js';
import { type Profile, readClientSecret } from './profiles.js';

/** Makes the profile's `OAuth2Client` (discovering the issuer when the profile has one). */
export async function createClient(
  profile: Profile,
  clientSecret: string | undefined,
): Promise<OAuth2Client> {
  const { OAuth2Client: Client } = await import('../oauth/client.js');
  const options = {
    clientId: profile.clientId,
    ...(clientSecret ? { clientSecret } : { clientAuth: 'none' as const }),
    ...(profile.scopes ? { scopes: profile.scopes } : {}),
  };
  if (profile.issuer) return Client.discover(profile.issuer, options);
  return new Client({
    ...options,
    tokenEndpoint: profile.tokenEndpoint,
    ...(profile.authorizationEndpoint ? { authorizationEndpoint: profile.authorizationEndpoint } : {}),
    ...(profile.revocationEndpoint ? { revocationEndpoint: profile.revocationEndpoint } : {}),
    ...(profile.deviceAuthorizationEndpoint
      ? { deviceAuthorizationEndpoint: profile.deviceAuthorizationEndpoint }
      : {}),
  });
}

/** A grant client that makes the real one only when a token request is needed (fast `token`). */
export function lazyGrantClient(
  name: string,
  profile: Profile,
): TokenGrantClient & { real(): Promise<OAuth2Client> } {
  let client: Promise<OAuth2Client> | undefined;
  const real = () => {
    client ??= readClientSecret(name).then((secret) => createClient(profile, secret));
    return client;
  };
  return {
    timeoutMs: 30_000,
    real,
    clientCredentials: async (options) => (await real()).clientCredentials(options),
    password: async (options) => (await real()).password(options),
    refresh: async (token, options) => (await real()).refresh(token, options),
  };
}

/** The token file shared by every profile (one key each). */
export function tokenStore(): FileTokenStore {
  return new FileTokenStore(cliPaths().tokenFile);
}

/** The profile's `TokenManager`: client credentials mint again, other flows only refresh. */
export function createTokenManager(name: string, profile: Profile, client?: TokenGrantClient): TokenManager {
  return new Manager({
    client: client ?? lazyGrantClient(name, profile),
    store: tokenStore(),
    key: name,
    grant: profile.flow === 'client-credentials' ? 'client_credentials' : 'refresh_only',
  });
}

/** The profile's `ApiClient` on its API base. */
export async function createApiClient(profile: Profile, tokens: TokenManager): Promise<ApiClient> {
  if (!profile.apiBase) {
    throw new CliError(
      'this profile has no API base',
      'run oauthkit login again with --api-base URL',
      EXIT.usage,
    );
  }
  const { ApiClient: Client } = await import('../http/api-client.js');
  return new Client({ baseUrl: profile.apiBase, auth: tokens });
}

/** Whether a stored token set still gives an access token without a request. */
export function isFresh(tokens: TokenSet): boolean {
  return tokens.expiresAt === null || tokens.expiresAt > Date.now();
}
