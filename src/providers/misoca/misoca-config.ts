import { ConfigurationError } from '../../errors/configuration-error.js';
import type { MisocaOptions, MisocaScope } from './misoca-options.js';

/** Misoca's production site. */
export const DEFAULT_SITE_URL = 'https://app.misoca.jp';
const SCOPES: readonly MisocaScope[] = ['read', 'write'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/** The endpoints and settings a `Misoca` is built from, checked once. */
export interface MisocaConfig {
  siteUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
  scopes: MisocaScope[];
  redirectUri: string | undefined;
  key: string;
}

/** Checks the options and derives the endpoints from `siteUrl`; a `ConfigurationError` says what is wrong. */
export function readMisocaConfig(options: MisocaOptions): MisocaConfig {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('new Misoca() takes an options object: { clientId, clientSecret, ... }');
  }
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') {
      throw new ConfigurationError(
        `Misoca needs ${name}: copy it from https://app.misoca.jp/oauth2/applications`,
      );
    }
  }
  const site = parseUrl(options.siteUrl ?? DEFAULT_SITE_URL, 'siteUrl');
  if (site.protocol !== 'https:' && !(site.protocol === 'http:' && LOOPBACK_HOSTS.has(site.hostname))) {
    throw new ConfigurationError(`siteUrl must be https (http only on loopback), not ${site.origin}`);
  }
  const siteUrl = site.href.replace(/\/+$/, '');
  const scopes = options.scopes ?? [...SCOPES];
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    scopes.some((scope) => !SCOPES.includes(scope as MisocaScope))
  ) {
    throw new ConfigurationError(`Misoca's scopes are 'read' and 'write', not ${JSON.stringify(scopes)}`);
  }
  if (options.redirectUri !== undefined) {
    const redirect = parseUrl(options.redirectUri, 'redirectUri');
    if (redirect.protocol !== 'http:' || !LOOPBACK_HOSTS.has(redirect.hostname)) {
      throw new ConfigurationError(
        `redirectUri ${redirect.origin} cannot be served by login(): register http://127.0.0.1:PORT/PATH (RFC 8252)`,
      );
    }
  }
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key === '')) {
    throw new ConfigurationError('key must be a non-empty string');
  }
  return {
    siteUrl,
    authorizeUrl: `${siteUrl}/oauth2/authorize`,
    tokenUrl: `${siteUrl}/oauth2/token`,
    revokeUrl: `${siteUrl}/oauth2/revoke`,
    apiBaseUrl: `${siteUrl}/api/v3`,
    scopes: [...new Set(scopes as MisocaScope[])],
    redirectUri: options.redirectUri,
    key: options.key ?? 'misoca',
  };
}

function parseUrl(value: unknown, name: string): URL {
  try {
    if (typeof value !== 'string') throw new TypeError();
    return new URL(value);
  } catch {
    throw new ConfigurationError(`${name} must be an absolute URL, not ${JSON.stringify(value)}`);
  }
}

/** The one-line note for a `0.0.0.0` redirect URI, or `undefined` for any other. */
export function redirectNotice(redirectUri: string | undefined): string | undefined {
  if (redirectUri === undefined || new URL(redirectUri).hostname !== '0.0.0.0') return undefined;
  const suggested = new URL(redirectUri);
  suggested.hostname = '127.0.0.1';
  return `Browsers increasingly block http://0.0.0.0; register ${suggested.href} in Misoca instead (this login listens on 127.0.0.1 only).`;
}
