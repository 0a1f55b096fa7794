/** How the client proves its identity at the token endpoint. @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What a token request did, for diagnostics and counting. Never holds a token or secret. */
export interface TokenRequestEvent {
  /** The grant type sent (`refresh_token`, `client_credentials`, ...) or `revocation` / `device_authorization`. */
  grant: string;
  /** The URL the request went to. */
  endpoint: string;
  /** HTTP status of the answer, when one came. */
  status?: number;
  durationMs: number;
  /** The error thrown for this attempt, when it failed. */
  error?: Error;
}

/** Options of {@link OAuth2Client}. */
export interface OAuth2ClientOptions {
  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2 */
  tokenEndpoint: string;
  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1 */
  authorizationEndpoint?: string;
  /** @see https://www.rfc-editor.org/rfc/rfc7009 */
  revocationEndpoint?: string;
  /** @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1 */
  deviceAuthorizationEndpoint?: string;
  /** The authorization server's issuer identifier; checked against ID tokens. @see https://www.rfc-editor.org/rfc/rfc8414 */
  issuer?: string;
  clientId: string;
  clientSecret?: string;
  /** Defaults to `client_secret_basic` with a secret and `none` without. */
  clientAuth?: ClientAuthMethod;
  /** Scopes asked for when a call does not name its own. */
  scopes?: string[];
  /** Time limit of one token request in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Allow plain `http://` endpoints on hosts that are not loopback. Only for tests and closed networks. */
  allowInsecureHttp?: boolean;
  /** Called after every token-endpoint attempt. */
  onTokenRequest?: (event: TokenRequestEvent) => void;
}
