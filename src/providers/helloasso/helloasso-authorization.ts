import { ConfigurationError } from '../../errors/configuration-error.js';
import type { OAuth2Client } from '../../oauth/client.js';
import type { TokenManager } from '../../tokens/token-manager.js';
import type { TokenSet } from '../../tokens/token-set.js';

/** A partner's authorization request: open `url`, keep `codeVerifier` and `state` for the callback. */
export interface HelloAssoAuthorizationRequest {
  url: string;
  codeVerifier: string;
  state: string;
}

/** Tokens of an organization that authorized a partner, with the organization's slug. */
export type HelloAssoTokenSet = TokenSet & { organizationSlug: string | undefined };

/**
 * HelloAsso's partner authorization ("mire d'autorisation"): authorization code with PKCE S256.
 * @see https://dev.helloasso.com/docs/mire-authorisation
 * @see https://www.rfc-editor.org/rfc/rfc7636
 */
export class HelloAssoAuthorization {
  readonly #client: OAuth2Client;
  readonly #tokens: TokenManager;

  constructor(client: OAuth2Client, tokens: TokenManager) {
    this.#client = client;
    this.#tokens = tokens;
  }

  /**
   * The authorize URL (the redirect URI's domain must be the one set on the API client).
   *
   * @example
   * ```ts
   * const { url, codeVerifier, state } = await helloasso.authorization.authorizeUrl({ redirectUri });
   * ```
   */
  async authorizeUrl(options: {
    redirectUri: string;
    state?: string;
  }): Promise<HelloAssoAuthorizationRequest> {
    // HelloAsso echoes `state` back only when it is under 500 characters.
    if (options.state !== undefined && options.state.length >= 500) {
      throw new ConfigurationError('HelloAsso: state must be under 500 characters');
    }
    const request = await this.#client.authorizationUrl({
      redirectUri: options.redirectUri,
      ...(options.state !== undefined ? { state: options.state } : {}),
    });
    return { url: request.url, codeVerifier: request.codeVerifier, state: request.state };
  }

  /**
   * Exchanges the callback's `code` (valid 5 minutes) for tokens; with `store: true` they become
   * this client's tokens (renewed with their refresh token from then on).
   */
  async exchangeCode(options: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    store?: boolean;
  }): Promise<HelloAssoTokenSet> {
    const tokens = await this.#client.exchangeCode({
      code: options.code,
      redirectUri: options.redirectUri,
      codeVerifier: options.codeVerifier,
    });
    if (options.store) await this.#tokens.setTokens(tokens);
    const slug = tokens.extra.organization_slug;
    return Object.assign(tokens, { organizationSlug: typeof slug === 'string' ? slug : undefined });
  }
}
