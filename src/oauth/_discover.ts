import * as oauth from 'oauth4webapi';
import { ConfigurationError } from '../errors/configuration-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { TransportFetch } from '../transport/transport-fetch.js';
import { isLoopbackUrl, type OAuthContext } from './_context.js';
import { httpOptions } from './_oauth-context.js';
import type { OAuth2ClientOptions } from './options.js';

type DiscoverOptions = Omit<OAuth2ClientOptions, 'tokenEndpoint'> & { tokenEndpoint?: string };

/**
 * Reads the server's metadata (RFC 8414 `oauth-authorization-server`, then OpenID Connect
 * `openid-configuration`) and fills the endpoints the caller did not set.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverServer(
  issuerUrl: string,
  options: DiscoverOptions,
): Promise<OAuth2ClientOptions> {
  const issuer = new URL(issuerUrl);
  if (issuer.protocol === 'http:' && !isLoopbackUrl(issuer) && !options.allowInsecureHttp) {
    throw new ConfigurationError(
      `The issuer ${issuer.origin} uses plain http on a host that is not loopback; use https:// or set allowInsecureHttp.`,
    );
  }
  // Its own pool, closed once the metadata is read; the client built from it opens its own.
  const transport = new TransportFetch();
  try {
    return await discoverWith(issuer, options, httpOptions(transport, issuer.protocol === 'http:'));
  } finally {
    await transport.close();
  }
}

async function discoverWith(
  issuer: URL,
  options: DiscoverOptions,
  http: OAuthContext['http'],
): Promise<OAuth2ClientOptions> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const failures: string[] = [];
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    try {
      const response = await oauth.discoveryRequest(issuer, {
        ...http,
        algorithm,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const as = await oauth.processDiscoveryResponse(issuer, response);
      return withEndpoints(options, as);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new TimeoutError(
          `Discovery at ${issuer.href} got no answer within ${timeoutMs} ms; check the issuer URL.`,
          {
            timeoutMs,
          },
        );
      }
      if (error instanceof NetworkError) {
        throw new NetworkError(
          `Discovery at ${issuer.href} failed before a complete answer arrived; check the issuer URL.`,
          { code: error.code, cause: error },
        );
      }
      failures.push(`${algorithm}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new ConfigurationError(
    `No usable metadata at ${issuer.href} (${failures.join('; ')}); check the issuer URL or give the endpoints yourself.`,
  );
}

function withEndpoints(options: DiscoverOptions, as: oauth.AuthorizationServer): OAuth2ClientOptions {
  const tokenEndpoint = options.tokenEndpoint ?? as.token_endpoint;
  if (!tokenEndpoint) {
    throw new ConfigurationError(
      `The metadata of ${as.issuer} has no token_endpoint; give tokenEndpoint yourself.`,
    );
  }
  const result: OAuth2ClientOptions = { ...options, tokenEndpoint, issuer: options.issuer ?? as.issuer };
  const authorizationEndpoint = options.authorizationEndpoint ?? as.authorization_endpoint;
  const revocationEndpoint = options.revocationEndpoint ?? as.revocation_endpoint;
  const deviceAuthorizationEndpoint = options.deviceAuthorizationEndpoint ?? as.device_authorization_endpoint;
  if (authorizationEndpoint) result.authorizationEndpoint = authorizationEndpoint;
  if (revocationEndpoint) result.revocationEndpoint = revocationEndpoint;
  if (deviceAuthorizationEndpoint) result.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint;
  return result;
}
