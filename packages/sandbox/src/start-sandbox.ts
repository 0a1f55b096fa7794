import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createSandboxServer, SANDBOX_PATHS } from './_server.js';
import { SandboxAuthorizationServer } from './auth/authorization-server.js';
import { helloassoProfile, misocaProfile } from './auth/profiles.js';
import { FaultInjector, type FaultRule, type SandboxFaults } from './faults.js';
import type { ProviderApi } from './provider-api.js';
import type { HelloAssoSandboxInfo, MisocaSandboxInfo, Sandbox } from './types.js';

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions {
  /** TCP port on 127.0.0.1 (default 0: an ephemeral port). */
  port?: number;
  /**
   * Access-token lifetime for both providers, in seconds (default: Misoca 86400, HelloAsso 1800,
   * as the real services). Short values let you watch refreshes happen.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
   */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime in seconds (default 30 days). */
  refreshTokenTtlSeconds?: number;
  /** Seed of the generated data (same seed, same contacts, orders…). */
  seed?: number;
  /** Fault rules active from the start (see {@link FaultRule}). */
  faults?: FaultRule[];
  /** Approve authorization requests at once, without the consent page (default false). */
  autoApprove?: boolean;
  /** Redirect URIs to register besides the always-allowed loopback ones (RFC 8252 §7.3). */
  redirectUris?: string[];
  /** HelloAsso: where to POST signed notifications, the organization slug and the signature key. */
  helloasso?: { notificationUrl?: string; signatureKey?: string; organizationSlug?: string };
  /** Replaces the API emulations (tests of the server itself mount their own). */
  apis?: { misoca?: ProviderApi; helloasso?: ProviderApi };
  /** Called with unexpected server errors (the request got a 500). */
  onError?: (error: unknown) => void;
}

const MISOCA_USER = { id: '4201', username: 'yamada.taro@example.jp', password: 'sandbox-password' };

/**
 * Starts a local Misoca and HelloAsso on 127.0.0.1: authorization servers (consent page, every
 * grant, rotation, revocation), both APIs with seeded data, and fault injection.
 *
 * @example
 * ```ts
 * import { startSandbox } from '@oauthkit/sandbox';
 * const sandbox = await startSandbox({ accessTokenTtlSeconds: 5, autoApprove: true });
 * console.log(sandbox.misoca.authorizeUrl, sandbox.helloasso.tokenUrl);
 * sandbox.faults.add({ path: '/helloasso/v5/', status: 503, times: 2 });
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  for (const name of ['accessTokenTtlSeconds', 'refreshTokenTtlSeconds'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new RangeError(`startSandbox: ${name} must be a whole number of seconds above 0, not ${value}.`);
    }
  }
  const seed = options.seed ?? 1;
  const organizationSlug = options.helloasso?.organizationSlug ?? 'les-amis-du-sandbox';
  const signatureKey =
    options.helloasso?.signatureKey ??
    createHash('sha256').update(`oauthkit-sandbox-signature-${seed}`).digest('hex');
  const redirectUris = ['http://127.0.0.1/callback', ...(options.redirectUris ?? [])];
  const ttl = {
    ...(options.accessTokenTtlSeconds !== undefined
      ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
      : {}),
    ...(options.refreshTokenTtlSeconds !== undefined
      ? { refreshTokenTtlSeconds: options.refreshTokenTtlSeconds }
      : {}),
  };
  const misocaAuth = new SandboxAuthorizationServer({
    profile: misocaProfile,
    client: { clientId: 'sandbox-misoca-client', clientSecret: 'sandbox-misoca-secret', redirectUris },
    user: MISOCA_USER,
    autoApprove: options.autoApprove ?? false,
    ...ttl,
  });
  const helloassoAuth = new SandboxAuthorizationServer({
    profile: helloassoProfile,
    client: {
      clientId: 'sandbox-helloasso-client',
      clientSecret: 'sandbox-helloasso-secret',
      redirectUris,
      organizationSlug,
    },
    user: { id: 'helloasso-admin', username: 'admin@les-amis-du-sandbox.test', password: 'sandbox-password' },
    autoApprove: options.autoApprove ?? false,
    organizationSlug,
    ...ttl,
  });
  const faults = new FaultInjector(options.faults);
  const misocaApi =
    options.apis?.misoca ?? (await import('./emulators/misoca/api.js')).createMisocaApi({ seed });
  const helloassoEmulation = options.apis?.helloasso
    ? undefined
    : (await import('./emulators/helloasso/api.js')).createHelloAssoApi({
        seed,
        signatureKey,
        organizationSlug,
        ...(options.helloasso?.notificationUrl ? { notificationUrl: options.helloasso.notificationUrl } : {}),
      });
  const helloassoApi = options.apis?.helloasso ?? helloassoEmulation!;

  let info: { misoca: MisocaSandboxInfo; helloasso: HelloAssoSandboxInfo; url: string } | undefined;
  const server = createSandboxServer({
    misocaAuth,
    helloassoAuth,
    misocaApi,
    helloassoApi,
    ...(helloassoEmulation
      ? {
          checkout: (id: number, outcome: 'succeeded' | 'refused') =>
            helloassoEmulation.checkoutRedirect(id, outcome),
        }
      : {}),
    faults,
    describe: () => info,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const p = SANDBOX_PATHS;
  info = {
    url,
    misoca: {
      baseUrl: url + p.misocaApi,
      siteUrl: url + p.misocaSite,
      authorizeUrl: url + p.misocaAuthorize,
      tokenUrl: url + p.misocaToken,
      revokeUrl: url + p.misocaRevoke,
      clientId: misocaAuth.client.clientId,
      clientSecret: misocaAuth.client.clientSecret,
      redirectUris: [...redirectUris],
      scopes: ['read', 'write'],
      user: { username: MISOCA_USER.username, password: MISOCA_USER.password },
    },
    helloasso: {
      apiBase: url + p.helloassoApiBase,
      authBase: url + p.helloassoAuthBase,
      baseUrl: url + p.helloassoApi,
      authorizeUrl: url + p.helloassoAuthorize,
      tokenUrl: url + p.helloassoToken,
      disconnectUrl: url + p.helloassoDisconnect,
      clientId: helloassoAuth.client.clientId,
      clientSecret: helloassoAuth.client.clientSecret,
      organizationSlug,
      signatureKey,
    },
  };
  const sweeper = setInterval(() => {
    misocaAuth.store.sweep();
    helloassoAuth.store.sweep();
  }, 60_000).unref();

  let closing: Promise<void> | undefined;
  const sandboxFaults: SandboxFaults = faults;
  return {
    ...info,
    faults: sandboxFaults,
    tokenRequests: () => ({
      misoca: misocaAuth.tokenRequestCounts(),
      helloasso: helloassoAuth.tokenRequestCounts(),
    }),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
