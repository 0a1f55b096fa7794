// The `misoca` provider: everything derived from one site URL by the Misoca SDK's own rules.
import { ConfigurationError } from '../../errors/configuration-error.js';
import { type MisocaConfig, readMisocaConfig } from '../../providers/misoca/misoca-config.js';
import { CliError, EXIT } from '../output.js';
import type { PlaygroundLogin, ProviderPreset } from './_provider-preset.js';

/**
 * The endpoints the SDK derives from `--site-url` (default https://app.misoca.jp), checked by its
 * rules (https, plain http only on loopback). The SDK wants a client to check its options; the
 * names below stand in for it and go nowhere.
 * @see docs/providers/misoca.md
 */
function configOf(siteUrl: string | boolean | undefined): MisocaConfig {
  try {
    return readMisocaConfig({
      clientId: 'cli',
      clientSecret: 'cli',
      ...(typeof siteUrl === 'string' ? { siteUrl } : {}),
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new CliError(`--site-url: ${error.message}`, 'see oauthkit login --help', EXIT.usage);
  }
}

/** Misoca API v3: `--site-url` (default https://app.misoca.jp), Link-header pages. */
export const misocaPreset: ProviderPreset = {
  name: 'misoca',
  async endpoints(options) {
    const config = configOf(options.siteUrl);
    return {
      sdk: { siteUrl: config.siteUrl },
      tokenEndpoint: config.tokenUrl,
      authorizationEndpoint: config.authorizeUrl,
      revocationEndpoint: config.revokeUrl,
      apiBase: config.apiBaseUrl,
      scopes: config.scopes,
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
