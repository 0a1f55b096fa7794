// The grants of OAuth2Client on oauth4webapi. The client loads this module on its first request,
// so that `import('oauthkit')` does not load oauth4webapi (CONTRIBUTING.md, "Start-up").
import * as oauth from 'oauth4webapi';
import type { TokenRequestOptions } from '../tokens/grant-client.js';
import type { TokenSet } from '../tokens/token-set.js';
import { type ClientSettings, type OAuthContext, requireEndpoint } from './_context.js';
import { createContext } from './_oauth-context.js';
import { requestTokens, scopeParam } from './_token-grant.js';
import { runTokenCall } from './_token-request.js';
import type { AuthorizationRequest, AuthorizationUrlOptions } from './authorization-request.js';

/** What {@link OAuth2Client.exchangeCode} takes. */
export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string;
  signal?: AbortSignal;
}

/** The revocation options of {@link OAuth2Client.revoke}. */
export interface RevokeOptions {
  hint?: 'access_token' | 'refresh_token';
  signal?: AbortSignal;
}

/** The grants of one client, on its context. */
export interface Grants {
  readonly context: OAuthContext;
  authorizationUrl(options: AuthorizationUrlOptions): Promise<AuthorizationRequest>;
  exchangeCode(options: CodeExchange): Promise<TokenSet>;
  clientCredentials(options: TokenRequestOptions): Promise<TokenSet>;
  password(options: { username: string; password: string } & TokenRequestOptions): Promise<TokenSet>;
  refresh(refreshToken: string, options: TokenRequestOptions): Promise<TokenSet>;
  revoke(token: string, options: RevokeOptions): Promise<void>;
}

/** Builds the oauth4webapi context of a client's settings and its grants on it. */
export function bindGrants(settings: ClientSettings): Grants {
  const context = createContext(settings);
  const { as, client, clientAuth, http } = context;
  return {
    context,
    async authorizationUrl(options) {
      const endpoint = requireEndpoint(context, 'authorization_endpoint', 'authorizationEndpoint');
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const state = options.state ?? oauth.generateRandomState();
      const url = new URL(endpoint);
      const query = {
        ...options.params,
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: options.redirectUri,
        ...scopeParam(context, options.scopes),
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      return { url: url.href, state, codeVerifier };
    },

    exchangeCode(options) {
      const callback = new URLSearchParams({ code: options.code });
      // The code arrives alone here; the callback's `iss` was checked by whoever received it.
      if (as.authorization_response_iss_parameter_supported) callback.set('iss', as.issuer);
      const validated = oauth.validateAuthResponse(as, client, callback, oauth.skipStateCheck);
      return requestTokens(context, {
        grant: 'authorization_code',
        retry: false,
        signal: options.signal,
        secrets: [options.code, options.codeVerifier],
        send: (request) =>
          oauth.authorizationCodeGrantRequest(
            as,
            client,
            clientAuth,
            validated,
            options.redirectUri,
            options.codeVerifier,
            request,
          ),
        validate: (a, c, response) => oauth.processAuthorizationCodeResponse(a, c, response),
      });
    },

    clientCredentials(options) {
      return requestTokens(context, {
        grant: 'client_credentials',
        retry: true,
        signal: options.signal,
        send: (request) =>
          oauth.clientCredentialsGrantRequest(
            as,
            client,
            clientAuth,
            scopeParam(context, options.scopes),
            request,
          ),
        validate: oauth.processClientCredentialsResponse,
      });
    },

    password(options) {
      const params = {
        username: options.username,
        password: options.password,
        ...scopeParam(context, options.scopes),
      };
      return requestTokens(context, {
        grant: 'password',
        retry: true,
        signal: options.signal,
        secrets: [options.password],
        send: (request) =>
          oauth.genericTokenEndpointRequest(as, client, clientAuth, 'password', params, request),
        validate: oauth.processGenericTokenEndpointResponse,
      });
    },

    refresh(refreshToken, options) {
      const additionalParameters = options.scopes ? scopeParam(context, options.scopes) : {};
      return requestTokens(context, {
        grant: 'refresh_token',
        retry: true,
        signal: options.signal,
        secrets: [refreshToken],
        send: (request) =>
          oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {
            ...request,
            additionalParameters,
          }),
        validate: oauth.processRefreshTokenResponse,
      });
    },

    async revoke(token, options) {
      const endpoint = requireEndpoint(context, 'revocation_endpoint', 'revocationEndpoint');
      const additionalParameters: Record<string, string> = options.hint
        ? { token_type_hint: options.hint }
        : {};
      const call = {
        grant: 'revocation',
        endpoint,
        timeoutMs: context.timeoutMs,
        retry: false,
        signal: options.signal,
        onTokenRequest: context.onTokenRequest,
        secrets: [...context.secrets, token],
      };
      await runTokenCall(call, async (signal) => {
        const response = await oauth.revocationRequest(as, client, clientAuth, token, {
          ...http,
          signal,
          additionalParameters,
        });
        return oauth.processRevocationResponse(response);
      });
    },
  };
}
