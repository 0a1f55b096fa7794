// Builds the core objects of a profile: OAuth2Client (lazily), FileTokenStore, TokenManager, ApiClient.

import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import type { ApiClient, OAuth2Client, TokenGrantClient, TokenManager, TokenSet } from '../index.js';
import { FileTokenStore } from '../tokens/file-store.js';
import { TokenManager as Manager } from '../tokens/token-manager.js';
import { cliPaths } from './home.js';
import { CliError, EXIT } from './output.js';
import { loadPreset, renewalRules } from './presets/registry.js';
import { type Profile, readClientSecret } from './profiles.js';

/**
 * Makes the profile's `OAuth2Client` (discovering the issuer when the profile has one), with its
 * preset's client options (HelloAsso: the client's credentials in the form body).
 */
export async function createClient(
  profile: Profile,
  clientSecret: string | undefined,
): Promise<OAuth2Client> {
  const { OAuth2Client: Client } = await import('../oauth/client.js');
  const preset = await loadPreset(profile.provider);
  const options = {
    clientId: profile.clientId,
    ...(clientSecret ? { clientSecret, ...preset?.oauthOptions } : { clientAuth: 'none' as const }),
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
  let secret: Promise<string | undefined> | undefined;
  const storedSecret = () => {
    secret ??= readClientSecret(name);
    return secret;
  };
  const real = () => {
    client ??= storedSecret().then((value) => createClient(profile, value));
    return client;
  };
  return {
    timeoutMs: 30_000,
    real,
    clientCredentials: async (options) => {
      // `logout` forgets the secret with the tokens: a logged-out profile does not mint again.
      if ((await storedSecret()) === undefined) {
        throw new ReauthorizationRequiredError(
          `profile "${name}" is logged out (it holds no client secret)`,
          {
            key: name,
          },
        );
      }
      return (await real()).clientCredentials(options);
    },
    password: async (options) => (await real()).password(options),
    refresh: async (token, options) => (await real()).refresh(token, options),
  };
}

/** The token file shared by every profile (one key each). */
export function tokenStore(): FileTokenStore {
  return new FileTokenStore(cliPaths().tokenFile);
}

/**
 * The profile's `TokenManager`, keyed by the profile name, with its preset's renewal rules: client
 * credentials mint again (HelloAsso: only once the refresh token is refused), other flows only
 * refresh (Misoca's refresh tokens rotate: the new one is stored before the token is used).
 * Synchronous, and it loads no preset module, so that `token` with a fresh token stays cheap.
 */
export function createTokenManager(name: string, profile: Profile, client?: TokenGrantClient): TokenManager {
  const { grant, refreshSkewMs } = renewalRules(profile.provider, profile.flow);
  return new Manager({
    client: client ?? lazyGrantClient(name, profile),
    store: tokenStore(),
    key: name,
    grant,
    ...(refreshSkewMs !== undefined ? { refreshSkewMs } : {}),
  });
}

/** The profile's `ApiClient` on its API base, with its preset's options (error messages). */
export async function createApiClient(profile: Profile, tokens: TokenManager): Promise<ApiClient> {
  if (!profile.apiBase) {
    throw new CliError(
      'this profile has no API base',
      'run oauthkit login again with --api-base URL',
      EXIT.usage,
    );
  }
  const { ApiClient: Client } = await import('../http/api-client.js');
  const options = await (await loadPreset(profile.provider))?.apiOptions?.();
  return new Client({ ...options, baseUrl: profile.apiBase, auth: tokens });
}

/** Whether a stored token set still gives an access token without a request. */
export function isFresh(tokens: TokenSet): boolean {
  return tokens.expiresAt === null || tokens.expiresAt > Date.now();
}
