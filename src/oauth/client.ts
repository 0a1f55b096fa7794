import * as oauth from 'oauth4webapi';
import type { TokenGrantClient, TokenRequestOptions } from '../tokens/grant-client.js';
import type { TokenSet } from '../tokens/token-set.js';
import { createContext, type OAuthContext, requireEndpoint } from './_context.js';
import { requestTokens, scopeParam } from './_token-grant.js';
import { runTokenCall } from './_token-request.js';
import type { AuthorizationRequest, AuthorizationUrlOptions } from './authorization-request.js';
// The browser login (node:http server), device flow and discovery are loaded on first use, so
// that importing oauthkit stays cheap (CONTRIBUTING.md, "Start-up").
import type { AuthorizeInBrowserOptions } from './browser-login.js';
import type { DeviceFlowOptions } from './device-flow.js';
import type { OAuth2ClientOptions } from './options.js';

/**
 * The OAuth 2.0 protocol client: every common grant on top of oauth4webapi, with time limits,
 * retries for transient token-endpoint failures and typed errors that never hold secrets.
 *
 * @example
 * ```ts
 * const client = new OAuth2Client({ tokenEndpoint: 'https://as.example/token', clientId: 'id', clientSecret: 's' });
 * const tokens = await client.clientCredentials({ scopes: ['read'] });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export class OAuth2Client implements TokenGrantClient {
  /** Time limit of one token request, in milliseconds. */
  readonly timeoutMs: number;
  readonly clientId: string;
  // Holds the client secret (inside the client authentication) out of reach of util.inspect.
  readonly #context: OAuthContext;

  constructor(options: OAuth2ClientOptions) {
    this.#context = createContext(options);
    this.timeoutMs = this.#context.timeoutMs;
    this.clientId = options.clientId;
  }

  /**
   * Builds a client from the server's metadata: RFC 8414 first, then OpenID Connect discovery.
   * @example
   * ```ts
   * const client = await OAuth2Client.discover('https://as.example', { clientId: 'id' });
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc8414
   */
  static async discover(
    issuerUrl: string,
    options: Omit<OAuth2ClientOptions, 'tokenEndpoint'> & { tokenEndpoint?: string },
  ): Promise<OAuth2Client> {
    const { discoverServer } = await import('./_discover.js');
    return new OAuth2Client(await discoverServer(issuerUrl, options));
  }

  /**
   * An authorization request URL with PKCE S256 and a `state`.
   * @see https://www.rfc-editor.org/rfc/rfc7636
   */
  async authorizationUrl(options: AuthorizationUrlOptions): Promise<AuthorizationRequest> {
    const endpoint = requireEndpoint(this.#context, 'authorization_endpoint', 'authorizationEndpoint');
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = options.state ?? oauth.generateRandomState();
    const url = new URL(endpoint);
    const query = {
      ...options.params,
      response_type: 'code',
      client_id: this.#context.client.client_id,
      redirect_uri: options.redirectUri,
      ...scopeParam(this.#context, options.scopes),
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return { url: url.href, state, codeVerifier };
  }

  /**
   * Exchanges an authorization code (never retried: a code is single-use).
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
   */
  exchangeCode(options: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    signal?: AbortSignal;
  }): Promise<TokenSet> {
    const { as, client } = this.#context;
    const callback = new URLSearchParams({ code: options.code });
    // The code arrives alone here; the callback's `iss` was checked by whoever received it.
    if (as.authorization_response_iss_parameter_supported) callback.set('iss', as.issuer);
    const validated = oauth.validateAuthResponse(as, client, callback, oauth.skipStateCheck);
    return requestTokens(this.#context, {
      grant: 'authorization_code',
      retry: false,
      signal: options.signal,
      secrets: [options.code, options.codeVerifier],
      send: (http) =>
        oauth.authorizationCodeGrantRequest(
          as,
          client,
          this.#context.clientAuth,
          validated,
          options.redirectUri,
          options.codeVerifier,
          http,
        ),
      validate: (a, c, response) => oauth.processAuthorizationCodeResponse(a, c, response),
    });
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4 */
  clientCredentials(options: TokenRequestOptions = {}): Promise<TokenSet> {
    const { as, client, clientAuth } = this.#context;
    return requestTokens(this.#context, {
      grant: 'client_credentials',
      retry: true,
      signal: options.signal,
      send: (http) =>
        oauth.clientCredentialsGrantRequest(
          as,
          client,
          clientAuth,
          scopeParam(this.#context, options.scopes),
          http,
        ),
      validate: oauth.processClientCredentialsResponse,
    });
  }

  /**
   * Resource owner password credentials, for providers that still offer it (e.g. Misoca).
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
   */
  password(options: { username: string; password: string } & TokenRequestOptions): Promise<TokenSet> {
    const { as, client, clientAuth } = this.#context;
    const params = {
      username: options.username,
      password: options.password,
      ...scopeParam(this.#context, options.scopes),
    };
    return requestTokens(this.#context, {
      grant: 'password',
      retry: true,
      signal: options.signal,
      secrets: [options.password],
      send: (http) => oauth.genericTokenEndpointRequest(as, client, clientAuth, 'password', params, http),
      validate: oauth.processGenericTokenEndpointResponse,
    });
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-6 */
  refresh(refreshToken: string, options: TokenRequestOptions = {}): Promise<TokenSet> {
    const { as, client, clientAuth } = this.#context;
    const additionalParameters = options.scopes ? scopeParam(this.#context, options.scopes) : {};
    return requestTokens(this.#context, {
      grant: 'refresh_token',
      retry: true,
      signal: options.signal,
      secrets: [refreshToken],
      send: (http) =>
        oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {
          ...http,
          additionalParameters,
        }),
      validate: oauth.processRefreshTokenResponse,
    });
  }

  /** @see https://www.rfc-editor.org/rfc/rfc7009 */
  async revoke(
    token: string,
    options: { hint?: 'access_token' | 'refresh_token'; signal?: AbortSignal } = {},
  ): Promise<void> {
    const endpoint = requireEndpoint(this.#context, 'revocation_endpoint', 'revocationEndpoint');
    const { as, client, clientAuth, http } = this.#context;
    const additionalParameters: Record<string, string> = options.hint
      ? { token_type_hint: options.hint }
      : {};
    const call = {
      grant: 'revocation',
      endpoint,
      timeoutMs: this.timeoutMs,
      retry: false,
      signal: options.signal,
      onTokenRequest: this.#context.onTokenRequest,
      secrets: [...this.#context.secrets, token],
    };
    await runTokenCall(call, async (signal) => {
      const response = await oauth.revocationRequest(as, client, clientAuth, token, {
        ...http,
        signal,
        additionalParameters,
      });
      return oauth.processRevocationResponse(response);
    });
  }

  /**
   * Device authorization grant: shows a code to the person, then polls until they approve.
   * @see https://www.rfc-editor.org/rfc/rfc8628
   */
  async deviceFlow(options: DeviceFlowOptions): Promise<TokenSet> {
    const { runDeviceFlow } = await import('./device-flow.js');
    return runDeviceFlow(this.#context, options);
  }

  /**
   * Logs in through the system browser with a loopback redirect (RFC 8252) and PKCE.
   * @example
   * ```ts
   * const tokens = await client.authorizeInBrowser({ scopes: ['read'] });
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc8252
   */
  async authorizeInBrowser(options: AuthorizeInBrowserOptions = {}): Promise<TokenSet> {
    const { authorizeInBrowser } = await import('./browser-login.js');
    return authorizeInBrowser(this, this.#context, options);
  }
}
