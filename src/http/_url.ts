import { ConfigurationError } from '../errors/configuration-error.js';
import { isLoopbackHost } from '../shared/loopback-host.js';

/** The parts of a base URL computed once, so that requests join strings instead of parsing URLs. */
export interface BaseUrl {
  /** `https://host[:port]` */
  origin: string;
  /** Path prefix without a trailing slash (`''` for the root). */
  basePath: string;
}

/** Parses and checks `baseUrl`: http(s) only, and plain http only on loopback unless allowed. */
export function resolveBaseUrl(baseUrl: string, allowInsecureHttp: boolean): BaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(
      `ApiClient baseUrl "${baseUrl}" is not a valid URL; pass e.g. https://api.example.com/v1`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`ApiClient baseUrl must use https:, not ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `ApiClient baseUrl ${url.origin} is plain http: tokens would travel unencrypted; use https or set allowInsecureHttp`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError(
      'ApiClient baseUrl must not hold credentials, a query or a fragment; pass them per request',
    );
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

/**
 * The request path (what follows the origin) for `path`: appended to the base path, or, for an
 * absolute URL (a `Link` header's target), taken as it is — but only on the client's own origin,
 * so the bearer token is never sent to another host.
 */
export function resolvePath(origin: string, basePath: string, path: string): string {
  if (path.startsWith('https://') || path.startsWith('http://')) {
    const url = new URL(path);
    if (url.origin !== origin) {
      throw new ConfigurationError(
        `Refusing to send this client's token to ${url.origin}: the URL is not on ${origin}`,
      );
    }
    return url.pathname + url.search;
  }
  return path.charCodeAt(0) === 47 ? basePath + path : `${basePath}/${path}`;
}
