import type { TokenGrantClient, TokenRequestOptions } from '../tokens/grant-client.js';
import type { TokenSet } from '../tokens/token-set.js';
import { type ClientSettings, createSettings } from './_context.js';
// oauth4webapi and the grants on it, the browser login (node:http server), the device flow and
// discovery are all loaded on first use, so that importing oauthkit stays cheap (CONTRIBUTING.md,
// "Start-up"); the options are checked at once all the same.
import type { CodeExchange, Grants, RevokeOptions } from './_grants.js';
import type { AuthorizationRequest, AuthorizationUrlOptions } from './authorization-request.js';
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
  // Hold the client secret out of reach of util.inspect.
  readonly #settings: ClientSettings;
  #grants: Promise<Grants> | undefined;

  constructor(options: OAuth2ClientOptions) {
    this.#settings = createSettings(options);
    this.timeoutMs = this.#settings.timeoutMs;
    this.clientId = options.clientId;
  }

  /** The grants on oauth4webapi, loaded and bound to this client's settings on first use. */
  #load(): Promise<Grants> {
    const settings = this.#settings;
    this.#grants ??= import('./_grants.js').then(({ bindGrants }) => bindGrants(settings));
    return this.#grants;
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
    return (await this.#load()).authorizationUrl(options);
  }

  /**
   * Exchanges an authorization code (never retried: a code is single-use).
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
   */
  async exchangeCode(options: CodeExchange): Promise<TokenSet> {
    return (await this.#load()).exchangeCode(options);
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4 */
  async clientCredentials(options: TokenRequestOptions = {}): Promise<TokenSet> {
    return (await this.#load()).clientCredentials(options);
  }

  /**
   * Resource owner password credentials, for providers that still offer it (e.g. Misoca).
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
   */
  async password(options: { username: string; password: string } & TokenRequestOptions): Promise<TokenSet> {
    return (await this.#load()).password(options);
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-6 */
  async refresh(refreshToken: string, options: TokenRequestOptions = {}): Promise<TokenSet> {
    return (await this.#load()).refresh(refreshToken, options);
  }

  /** @see https://www.rfc-editor.org/rfc/rfc7009 */
  async revoke(token: string, options: RevokeOptions = {}): Promise<void> {
    return (await this.#load()).revoke(token, options);
  }

  /**
   * Device authorization grant: shows a code to the person, then polls until they approve.
   * @see https://www.rfc-editor.org/rfc/rfc8628
   */
  async deviceFlow(options: DeviceFlowOptions): Promise<TokenSet> {
    const [{ runDeviceFlow }, grants] = await Promise.all([import('./device-flow.js'), this.#load()]);
    return runDeviceFlow(grants.context, options);
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
    const [{ authorizeInBrowser }, grants] = await Promise.all([import('./browser-login.js'), this.#load()]);
    return authorizeInBrowser(this, grants.context, options);
  }
}
