// The `custom` provider: endpoints from `--issuer` discovery or given one by one.
import { CliError, EXIT } from '../output.js';
import type { ProviderPreset } from './_provider-preset.js';

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Any OAuth2 server: `--issuer URL`, or `--authorize-url --token-url [--revoke-url] [--device-url]`. */
export const customPreset: ProviderPreset = {
  name: 'custom',
  async endpoints(options) {
    const issuer = text(options.issuer);
    const apiBase = text(options.apiBase);
    if (issuer) {
      // Discovered again when a token request is needed: the client keeps its endpoints private.
      const { OAuth2Client } = await import('../../index.js');
      await OAuth2Client.discover(issuer, { clientId: 'discovery' });
      return { issuer, tokenEndpoint: '', ...(apiBase ? { apiBase } : {}) };
    }
    const tokenEndpoint = text(options.tokenUrl);
    if (!tokenEndpoint) {
      throw new CliError(
        '--provider custom needs --issuer URL or --token-url URL',
        'see oauthkit login --help',
        EXIT.usage,
      );
    }
    const authorizationEndpoint = text(options.authorizeUrl);
    const revocationEndpoint = text(options.revokeUrl);
    const deviceAuthorizationEndpoint = text(options.deviceUrl);
    return {
      tokenEndpoint,
      ...(authorizationEndpoint ? { authorizationEndpoint } : {}),
      ...(revocationEndpoint ? { revocationEndpoint } : {}),
      ...(deviceAuthorizationEndpoint ? { deviceAuthorizationEndpoint } : {}),
      ...(apiBase ? { apiBase } : {}),
    };
  },
  async pagination() {
    return undefined;
  },
};
