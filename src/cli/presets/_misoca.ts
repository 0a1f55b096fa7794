// The `misoca` provider: everything derived from one site URL, as the Misoca SDK does.
import { isLoopbackHost } from '../../shared/loopback-host.js';
import { CliError, EXIT } from '../output.js';
import type { PlaygroundLogin, ProviderPreset } from './_provider-preset.js';

/**
 * Misoca's production site and the paths the SDK derives from its `siteUrl` (the SDK keeps its own
 * in a file private to its folder; test/cli/cli-provider-login.test.ts checks that the two agree).
 * @see docs/providers/misoca.md
 */
const SITE_URL = 'https://app.misoca.jp';
const PATHS = {
  authorizationEndpoint: '/oauth2/authorize',
  tokenEndpoint: '/oauth2/token',
  revocationEndpoint: '/oauth2/revoke',
  apiBase: '/api/v3',
} as const;
/** The SDK's default scopes (`--scopes` replaces them). */
const SCOPES = ['read', 'write'];

function siteUrlOf(value: string | boolean | undefined): string {
  const given = typeof value === 'string' ? value : SITE_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`--site-url must be an absolute URL, not "${given}"`, undefined, EXIT.usage);
  }
  // The SDK's rule: plain http only to this machine (the sandbox).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new CliError(
      `--site-url must be an https URL (http only on loopback), not "${given}"`,
      undefined,
      EXIT.usage,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** Misoca API v3: `--site-url` (default https://app.misoca.jp), Link-header pages. */
export const misocaPreset: ProviderPreset = {
  name: 'misoca',
  async endpoints(options) {
    const siteUrl = siteUrlOf(options.siteUrl);
    return {
      sdk: { siteUrl },
      tokenEndpoint: siteUrl + PATHS.tokenEndpoint,
      authorizationEndpoint: siteUrl + PATHS.authorizationEndpoint,
      revocationEndpoint: siteUrl + PATHS.revocationEndpoint,
      apiBase: siteUrl + PATHS.apiBase,
      scopes: SCOPES,
    };
  },
  fromPlayground(descriptor): PlaygroundLogin | undefined {
    const misoca = descriptor.misoca as
      | { siteUrl?: unknown; clientId?: unknown; clientSecret?: unknown; user?: { username?: unknown } }
      | undefined;
    const { siteUrl, clientId, clientSecret } = misoca ?? {};
    if (typeof siteUrl !== 'string' || typeof clientId !== 'string' || typeof clientSecret !== 'string')
      return undefined;
    const username = misoca?.user?.username;
    return {
      options: { siteUrl },
      clientId,
      clientSecret,
      ...(typeof username === 'string' ? { username } : {}),
    };
  },
  async pagination() {
    // Misoca answers a JSON array and names the next page in `Link: <…>; rel="next"` (RFC 8288).
    const { linkHeaderPagination } = await import('../../http/pagination/link-header-pagination.js');
    return linkHeaderPagination();
  },
};
