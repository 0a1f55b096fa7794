// How the bench children load oauthkit: the built package (`dist/`, what users get), by a URL the
// parent passes in OAUTHKIT_BENCH_ENTRY. The shapes below are the parts of the public API the bench uses;
// they are declared here so the bench does not depend on the source layout.
import { pathToFileURL } from 'node:url';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET } from './server.js';

/** The token set shape of `TokenManager.setTokens`. */
export interface BenchTokenSet {
  accessToken: string;
  tokenType: string;
  expiresAt: number | null;
  refreshToken?: string;
  extra: Record<string, unknown>;
}

export interface BenchApiClient {
  get(path: string, options?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
  paginate<T>(path: string, options: Record<string, unknown>): AsyncIterable<T>;
  close?(): Promise<void>;
}

export interface BenchTokenManager {
  getAccessToken(): Promise<string>;
  setTokens(tokens: BenchTokenSet): Promise<void>;
}

/** The part of the `oauthkit` module the bench uses. */
export interface OAuthKitModule {
  OAuth2Client: new (options: { tokenEndpoint: string; clientId: string; clientSecret?: string }) => object;
  TokenManager: new (options: {
    client: object;
    grant?: 'client_credentials' | 'refresh_only';
  }) => BenchTokenManager;
  ApiClient: new (options: { baseUrl: string; auth: BenchTokenManager }) => BenchApiClient;
  MemoryTokenStore: new () => object;
  continuationTokenPagination?: (...args: never[]) => unknown;
  linkHeaderPagination?: (...args: never[]) => unknown;
  pageIndexPagination?: (...args: never[]) => unknown;
}

/** Imports oauthkit from OAUTHKIT_BENCH_ENTRY (a file URL), else from `dist/index.js`. */
export async function loadOAuthKit(): Promise<OAuthKitModule> {
  const entry = process.env.OAUTHKIT_BENCH_ENTRY ?? pathToFileURL(`${process.cwd()}/dist/index.js`).href;
  return (await import(entry)) as OAuthKitModule;
}

/** Whether the module exports everything a row needs (the core lands piece by piece). */
export function hasOAuthKitCore(module: Partial<OAuthKitModule>): module is OAuthKitModule {
  return (
    typeof module.ApiClient === 'function' &&
    typeof module.TokenManager === 'function' &&
    typeof module.OAuth2Client === 'function'
  );
}

/** An `ApiClient` on the bench server with a client-credentials `TokenManager`, as users write it. */
export function clientCredentialsApi(kit: OAuthKitModule, base: string): BenchApiClient {
  const client = new kit.OAuth2Client({
    tokenEndpoint: `${base}/token`,
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  });
  return new kit.ApiClient({
    baseUrl: base,
    auth: new kit.TokenManager({ client, grant: 'client_credentials' }),
  });
}
