// The `helloasso` provider: the SDK's environments, or an API host and an authorize host given.
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { HelloAsso } from '../../providers/helloasso/helloasso-client.js';
import { resolveHelloAssoOptions } from '../../providers/helloasso/helloasso-config.js';
import type { HelloAssoEnvironment } from '../../providers/helloasso/helloasso-options.js';
import { CliError, EXIT } from '../output.js';
import type { LoginOptions, PlaygroundLogin, ProviderPreset } from './_provider-preset.js';

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

/**
 * The two origins, resolved and checked by the SDK itself (its production/sandbox table, https
 * but on loopback): `--environment`, or `--api-base` with `--auth-base`. The SDK wants a client
 * to check options; the names below stand in for it and go nowhere.
 */
function environmentOf(options: LoginOptions): HelloAssoEnvironment {
  const apiBase = text(options.apiBase);
  const authBase = text(options.authBase);
  const named = text(options.environment);
  if (named !== undefined && (apiBase !== undefined || authBase !== undefined)) {
    throw new CliError(
      '--environment and --api-base/--auth-base are exclusive',
      'give one environment, or both hosts',
      EXIT.usage,
    );
  }
  if ((apiBase === undefined) !== (authBase === undefined)) {
    throw new CliError(
      '--provider helloasso needs --api-base and --auth-base together',
      'e.g. --api-base https://api.helloasso-sandbox.com --auth-base https://auth.helloasso-sandbox.com',
      EXIT.usage,
    );
  }
  const environment =
    apiBase !== undefined && authBase !== undefined
      ? // The API base may be given as the SDK's host root or as the `/v5` base `oauthkit api` uses.
        { apiBase: apiBase.replace(/\/+$/, '').replace(/\/v5$/, ''), authBase }
      : ((named ?? 'production') as 'production' | 'sandbox');
  try {
    return resolveHelloAssoOptions({ clientId: 'cli', clientSecret: 'cli', environment });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new CliError(error.message, 'see oauthkit login --help', EXIT.usage);
  }
}

/** HelloAsso API v5: `--environment production|sandbox` or `--api-base --auth-base`; continuation tokens. */
export const helloassoPreset: ProviderPreset = {
  name: 'helloasso',
  async revoke(openSdk) {
    // HelloAsso has no RFC 7009 endpoint: its SDK's disconnect() revokes the tokens it holds.
    await ((await openSdk()) as HelloAsso).disconnect();
  },
  async endpoints(options) {
    const sdk = environmentOf(options);
    // The paths of the SDK (helloasso-client.ts) and of docs/providers/helloasso.md#oauth-endpoints.
    return {
      sdk,
      tokenEndpoint: `${sdk.apiBase}/oauth2/token`,
      authorizationEndpoint: `${sdk.authBase}/authorize`,
      apiBase: `${sdk.apiBase}/v5`,
    };
  },
  fromPlayground(descriptor): PlaygroundLogin | undefined {
    const helloasso = descriptor.helloasso as Record<string, unknown> | undefined;
    const { apiBase, authBase, clientId, clientSecret } = helloasso ?? {};
    if (
      typeof apiBase !== 'string' ||
      typeof authBase !== 'string' ||
      typeof clientId !== 'string' ||
      typeof clientSecret !== 'string'
    )
      return undefined;
    return { options: { apiBase, authBase }, clientId, clientSecret };
  },
  async pagination() {
    // `pagination.continuationToken` beside `data`, until a page comes back empty.
    const { continuationTokenPagination } = await import(
      '../../http/pagination/continuation-token-pagination.js'
    );
    return continuationTokenPagination();
  },
  // HelloAsso takes the client's credentials in the form body (docs/providers/helloasso.md#client-authentication).
  oauthOptions: { clientAuth: 'client_secret_post' },
  async apiOptions() {
    const { helloAssoErrorMessages } = await import('../../providers/helloasso/helloasso-errors.js');
    return { errorMessages: helloAssoErrorMessages };
  },
};
