import type * as oauth from 'oauth4webapi';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isLoopbackHost } from '../shared/loopback-host.js';
import type { FetchFunction } from '../transport/transport-fetch.js';
import type { ClientAuthMethod, OAuth2ClientOptions, TokenRequestEvent } from './options.js';

// What a client knows once its options are checked. Nothing here loads oauth4webapi: the client
// checks its options when it is made, and builds the oauth4webapi structures (_oauth-context.ts)
// only on its first request, so that importing oauthkit stays cheap.

/** How the client authenticates at the token endpoint, before oauth4webapi turns it into a function. */
export type ClientAuthChoice =
  | { method: 'none' }
  | { method: 'client_secret_post' | 'client_secret_basic'; secret: string };

/** A client's checked options: everything of {@link OAuthContext} that needs no oauth4webapi. */
export interface ClientSettings {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: ClientAuthChoice;
  /** Whether an endpoint is plain http (on loopback, or with `allowInsecureHttp`). */
  usesHttp: boolean;
  scopes: string[];
  issuerKnown: boolean;
  timeoutMs: number;
  onTokenRequest?: ((event: TokenRequestEvent) => void) | undefined;
  secrets: readonly string[];
}

/** Everything the grant functions need, built once from the client's options. */
export interface OAuthContext {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  /**
   * oauth4webapi request options shared by every call: oauthkit's transport as its `fetch`, and
   * the insecure-http switch.
   */
  http: { [oauth.customFetch]: FetchFunction; [oauth.allowInsecureRequests]?: boolean };
  scopes: string[];
  /** Whether `as.issuer` was configured (else it is a guess from the token endpoint's origin). */
  issuerKnown: boolean;
  timeoutMs: number;
  onTokenRequest?: ((event: TokenRequestEvent) => void) | undefined;
  /** What every request of this client sends that is secret: the client secret, its Basic credentials. */
  secrets: readonly string[];
}

/** Whether `url` is on this machine (RFC 8252 §8.3), where plain http is acceptable. */
export function isLoopbackUrl(url: URL): boolean {
  return isLoopbackHost(url.hostname);
}

function checkEndpoint(name: string, value: string | undefined, allowInsecureHttp: boolean): boolean {
  if (value === undefined) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} "${value}" is not a valid URL; give an absolute https:// URL.`);
  }
  if (url.protocol === 'https:') return false;
  if (url.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must use https:// (got ${url.protocol}); fix the endpoint URL.`);
  }
  if (!isLoopbackUrl(url) && !allowInsecureHttp) {
    throw new ConfigurationError(
      `${name} ${url.origin} uses plain http on a host that is not loopback; use https:// or set allowInsecureHttp for a closed test network.`,
    );
  }
  return true;
}

function chooseClientAuth(
  method: ClientAuthMethod,
  clientId: string,
  secret: string | undefined,
): ClientAuthChoice {
  if (method === 'none') return { method };
  if (secret === undefined) {
    throw new ConfigurationError(
      `clientAuth ${method} needs a clientSecret for client ${clientId}; give one or use 'none'.`,
    );
  }
  return { method, secret };
}

// RFC 6749 §2.3.1 asks for form-urlencoding before Basic encoding. oauth4webapi also escapes
// `-`, `.`, `_` and `~`, which servers that do not decode (@node-oauth/oauth2-server, the
// sandbox, many providers) then refuse; the WHATWG form encoding leaves them as they are, so
// both kinds of server agree whenever the secret has no other special characters.
function formEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

/** The `Authorization: Basic` credentials of a client (RFC 6749 §2.3.1). */
export function basicCredentials(clientId: string, secret: string): string {
  return Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64');
}

// A server may echo the credentials it got, decoded or not: both are blanked out of its errors.
function clientSecrets(clientId: string, secret: string | undefined): string[] {
  return secret === undefined || secret === '' ? [] : [secret, basicCredentials(clientId, secret)];
}

/** Validates the options (without loading oauth4webapi). Throws {@link ConfigurationError}. */
export function createSettings(options: OAuth2ClientOptions): ClientSettings {
  if (!options.clientId)
    throw new ConfigurationError('clientId is required; give the client ID the provider issued.');
  if (!options.tokenEndpoint)
    throw new ConfigurationError('tokenEndpoint is required; give it or use OAuth2Client.discover().');
  const allow = options.allowInsecureHttp === true;
  const endpoints = {
    tokenEndpoint: options.tokenEndpoint,
    authorizationEndpoint: options.authorizationEndpoint,
    revocationEndpoint: options.revocationEndpoint,
    deviceAuthorizationEndpoint: options.deviceAuthorizationEndpoint,
    issuer: options.issuer,
  };
  let usesHttp = false;
  for (const [name, value] of Object.entries(endpoints))
    usesHttp = checkEndpoint(name, value, allow) || usesHttp;
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0))
    throw new ConfigurationError(`timeoutMs must be a positive number of milliseconds (got ${timeoutMs}).`);
  const as: oauth.AuthorizationServer = {
    issuer: options.issuer ?? new URL(options.tokenEndpoint).origin,
    token_endpoint: options.tokenEndpoint,
    ...(options.authorizationEndpoint ? { authorization_endpoint: options.authorizationEndpoint } : {}),
    ...(options.revocationEndpoint ? { revocation_endpoint: options.revocationEndpoint } : {}),
    ...(options.deviceAuthorizationEndpoint
      ? { device_authorization_endpoint: options.deviceAuthorizationEndpoint }
      : {}),
  };
  const method = options.clientAuth ?? (options.clientSecret === undefined ? 'none' : 'client_secret_basic');
  return {
    as,
    client: { client_id: options.clientId },
    clientAuth: chooseClientAuth(method, options.clientId, options.clientSecret),
    usesHttp,
    scopes: options.scopes ?? [],
    issuerKnown: options.issuer !== undefined,
    timeoutMs,
    onTokenRequest: options.onTokenRequest,
    secrets: clientSecrets(options.clientId, options.clientSecret),
  };
}

/** The endpoint `name` of the server, or a {@link ConfigurationError} saying which option to set. */
export function requireEndpoint(
  context: Pick<OAuthContext, 'as'>,
  name: keyof oauth.AuthorizationServer,
  option: string,
): string {
  const value = context.as[name];
  if (typeof value !== 'string') {
    throw new ConfigurationError(`${option} is not configured; set it or use OAuth2Client.discover().`);
  }
  return value;
}
