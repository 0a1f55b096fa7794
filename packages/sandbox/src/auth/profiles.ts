/** A grant's subject: who the tokens of one grant (and its refresh chain) act for. */
export interface GrantSubject {
  /** Ties together the tokens of one grant: revoking one revokes the chain (RFC 7009 §2.1). */
  grantId: string;
  /** The grant that started the chain. */
  grantType: 'authorization_code' | 'password' | 'client_credentials';
  clientId: string;
  /** The user who approved (authorization code, password); absent for client credentials. */
  userId?: string;
  /** HelloAsso: the organization an authorization-code grant is bound to. */
  organizationSlug?: string;
}

/** What a token response is shaped from, beyond the library's RFC 6749 body. */
export interface TokenResponseContext {
  /** `grant_type` of the request. */
  grantType: string;
  subject: GrantSubject;
  accessTokenTtlSeconds: number;
  nowMs: number;
}

/** How one provider's authorization server differs from the others. */
export interface ProviderProfile {
  name: 'misoca' | 'helloasso';
  title: string;
  /** Allowed scopes, or `null` when the provider has none (HelloAsso: client privileges instead). */
  scopes: readonly string[] | null;
  /** Scopes granted when the request names none. */
  defaultScopes: readonly string[];
  grants: readonly string[];
  /** Grants whose token requests may omit the client secret (the client id is still required). */
  grantsWithoutClientSecret: readonly string[];
  /** HelloAsso issues a refresh token with client credentials (and requires using it). */
  refreshTokenOnClientCredentials: boolean;
  /** HelloAsso access tokens are JWTs; Misoca's are opaque (Doorkeeper). */
  accessTokenFormat: 'opaque' | 'jwt';
  defaultAccessTokenTtlSeconds: number;
  defaultRefreshTokenTtlSeconds: number;
  /** Turns the library's token body into the provider's exact response shape. */
  shapeTokenResponse(body: Record<string, unknown>, context: TokenResponseContext): Record<string, unknown>;
}

const THIRTY_DAYS = 30 * 24 * 3600;

/**
 * Misoca runs Doorkeeper (inferred from the response fields): `token_type: "Bearer"`, a
 * space-separated `scope` and `created_at` in epoch seconds; access tokens live one day.
 * @see docs/providers/misoca.md#tokens
 */
export const misocaProfile: ProviderProfile = {
  name: 'misoca',
  title: 'Misoca',
  scopes: ['read', 'write'],
  defaultScopes: ['read'],
  grants: ['authorization_code', 'password', 'refresh_token'],
  grantsWithoutClientSecret: [],
  refreshTokenOnClientCredentials: false,
  accessTokenFormat: 'opaque',
  defaultAccessTokenTtlSeconds: 24 * 3600,
  defaultRefreshTokenTtlSeconds: THIRTY_DAYS,
  shapeTokenResponse(body, context) {
    return {
      access_token: body.access_token,
      token_type: 'Bearer',
      expires_in: context.accessTokenTtlSeconds,
      refresh_token: body.refresh_token,
      scope: body.scope ?? misocaProfile.defaultScopes.join(' '),
      created_at: Math.floor(context.nowMs / 1000),
    };
  },
};

/**
 * HelloAsso: lower-case `bearer`, no scope, `organization_slug` only on the authorization-code
 * exchange; refresh requests carry only `client_id`; 30-minute access and one-month refresh tokens.
 * @see docs/providers/helloasso.md#tokens
 */
export const helloassoProfile: ProviderProfile = {
  name: 'helloasso',
  title: 'HelloAsso',
  scopes: null,
  defaultScopes: [],
  grants: ['authorization_code', 'client_credentials', 'refresh_token'],
  grantsWithoutClientSecret: ['refresh_token'],
  refreshTokenOnClientCredentials: true,
  accessTokenFormat: 'jwt',
  defaultAccessTokenTtlSeconds: 1800,
  defaultRefreshTokenTtlSeconds: THIRTY_DAYS,
  shapeTokenResponse(body, context) {
    const shaped: Record<string, unknown> = {
      access_token: body.access_token,
      refresh_token: body.refresh_token,
      token_type: 'bearer',
      expires_in: context.accessTokenTtlSeconds,
    };
    if (context.grantType === 'authorization_code' && context.subject.organizationSlug) {
      shaped.organization_slug = context.subject.organizationSlug;
    }
    return shaped;
  },
};
