import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error oidc-provider ships no type declarations; the few members used are typed below.
import ProviderModule from 'oidc-provider';

/** The client IDs and secrets registered at the test provider. */
export const OIDC_CLIENTS = {
  /** Confidential, `client_secret_basic` only: client_credentials. */
  basic: { clientId: 'basic-client', clientSecret: 'basic-secret-7f3a9c0e1d' },
  /** Confidential, `client_secret_post` only: client_credentials. */
  post: { clientId: 'post-client', clientSecret: 'post-secret-52b8e4a6f1' },
  /** Confidential, `client_secret_basic`: authorization_code + refresh_token + device_code (loopback redirect, any port). */
  code: { clientId: 'code-client', clientSecret: 'code-secret-9d1c3b7a20' },
  /** Public (`none`): authorization_code + refresh_token + device_code. */
  public: { clientId: 'public-client' },
} as const;

/** One request the token endpoint answered, as the server saw it. */
export interface SeenTokenRequest {
  grant: string;
  clientId: string | undefined;
  /** How the client authenticated: an `Authorization: Basic` header, a `client_secret` form field, or neither. */
  auth: 'basic' | 'post' | 'none';
  ok: boolean;
  /** The OAuth error code returned, when the request failed. */
  error?: string;
}

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  /** Lifetime of access tokens (code and client-credentials grants), in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Whether each refresh answers with a new refresh token and retires the old one. Default true. */
  rotateRefreshToken?: boolean;
}

/** A running oidc-provider on 127.0.0.1 over http. */
export interface OidcProviderHandle {
  issuer: string;
  tokenEndpoint: string;
  authorizationEndpoint: string;
  revocationEndpoint: string;
  deviceAuthorizationEndpoint: string;
  clients: typeof OIDC_CLIENTS;
  /** Every token-endpoint request, in order. */
  tokenRequests: SeenTokenRequest[];
  /** How many token-endpoint requests used `grant` (all of them when omitted). */
  count(grant?: string): number;
  close(): Promise<void>;
}

interface ProviderContext {
  get(header: string): string;
  oidc?: { params?: Record<string, unknown>; client?: { clientId: string } };
}
interface ProviderInstance {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  on(event: 'grant.success', listener: (ctx: ProviderContext) => void): void;
  on(event: 'grant.error', listener: (ctx: ProviderContext, error: { error?: string }) => void): void;
}
const Provider = ProviderModule as new (issuer: string, configuration: object) => ProviderInstance;

const NATIVE_REDIRECTS = { application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'] };
const CODE_GRANTS = ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'];

function clientMetadata(): object[] {
  const c = OIDC_CLIENTS;
  return [
    {
      ...idAndSecret(c.basic),
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      ...idAndSecret(c.post),
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      ...idAndSecret(c.code),
      ...NATIVE_REDIRECTS,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: CODE_GRANTS,
      response_types: ['code'],
    },
    {
      client_id: c.public.clientId,
      ...NATIVE_REDIRECTS,
      token_endpoint_auth_method: 'none',
      grant_types: CODE_GRANTS,
      response_types: ['code'],
    },
  ];
}

function idAndSecret(client: { clientId: string; clientSecret: string }): object {
  return { client_id: client.clientId, client_secret: client.clientSecret };
}

function describe(ctx: ProviderContext, ok: boolean, error?: string): SeenTokenRequest {
  const params = ctx.oidc?.params ?? {};
  const authorization = ctx.get('authorization');
  const auth = authorization.startsWith('Basic ')
    ? 'basic'
    : typeof params.client_secret === 'string'
      ? 'post'
      : 'none';
  const seen: SeenTokenRequest = {
    grant: typeof params.grant_type === 'string' ? params.grant_type : 'unknown',
    clientId:
      ctx.oidc?.client?.clientId ?? (typeof params.client_id === 'string' ? params.client_id : undefined),
    auth,
    ok,
  };
  if (error !== undefined) seen.error = error;
  return seen;
}

/**
 * Starts oidc-provider (a certified OpenID Provider) on an ephemeral 127.0.0.1 port with the
 * clients of {@link OIDC_CLIENTS}; features: client credentials, device flow, revocation and
 * the built-in login/consent pages (any login and password are accepted).
 *
 * @example
 * ```ts
 * const op = await startOidcProvider({ accessTokenTtlSeconds: 2 });
 * try { ... op.count('refresh_token') ... } finally { await op.close(); }
 * ```
 */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcProviderHandle> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_q, s) => s.end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  const provider = new Provider(issuer, {
    clients: clientMetadata(),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'api:read', 'api:write'],
    rotateRefreshToken: options.rotateRefreshToken ?? true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      DeviceCode: 600,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: 86_400,
      Session: 3600,
    },
    cookies: { keys: ['oauthkit-test-cookie-key'] },
    // Its default 15 s of tolerance would keep a token with a short TTL valid well past its expiry.
    clockTolerance: 0,
  });
  const tokenRequests: SeenTokenRequest[] = [];
  provider.on('grant.success', (ctx) => tokenRequests.push(describe(ctx, true)));
  provider.on('grant.error', (ctx, error) =>
    tokenRequests.push(describe(ctx, false, error.error ?? 'server_error')),
  );
  handler = provider.callback();
  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    authorizationEndpoint: `${issuer}/auth`,
    revocationEndpoint: `${issuer}/token/revocation`,
    deviceAuthorizationEndpoint: `${issuer}/device/auth`,
    clients: OIDC_CLIENTS,
    tokenRequests,
    count: (grant) => tokenRequests.filter((seen) => grant === undefined || seen.grant === grant).length,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
