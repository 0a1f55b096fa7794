// The authorization request's types, on their own so that the client and the browser login (which
// the client loads lazily) both import them without importing each other.

/**
 * Options of {@link OAuth2Client.authorizationUrl}.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export interface AuthorizationUrlOptions {
  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2 */
  redirectUri: string;
  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3 */
  scopes?: string[];
  /** Random when omitted. @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 */
  state?: string;
  /** Extra query parameters (`prompt`, `resource`, ...). */
  params?: Record<string, string>;
}

/**
 * An authorization request: send the person to `url`, keep `state` and `codeVerifier` for the callback.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier: string;
}
