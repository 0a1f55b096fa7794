// The SDK behind `oauthkit misoca|helloasso ...`, built from the selected profile (or, for the
// command tree and its help, from placeholders that never send anything).
import type { OperationInfo } from '../../providers/sdk/operation-types.js';
import { CliError, EXIT } from '../output.js';
import { loadProfile, type Profile, readClientSecret, readConfig } from '../profiles.js';
import { tokenStore } from '../session.js';

/** The providers that have operation commands. */
export type OperationProvider = 'misoca' | 'helloasso';

/** What the operation commands use of an SDK instance (both SDKs have it). */
export interface OperationSdk {
  readonly api: { close(): Promise<void> };
  paginate(method: never, params?: never, options?: { limit?: number }): AsyncIterable<unknown>;
}

/** One SDK method: callable, and carrying its {@link OperationInfo}. */
export type SdkMethod = (
  params?: Record<string, unknown>,
  options?: { responseType?: 'stream' },
) => Promise<unknown>;

/** Where the SDK points and who it is: the profile's client and token key. */
interface SdkSettings {
  clientId: string;
  clientSecret: string;
  sdk: NonNullable<Profile['sdk']>;
  key?: string;
  withStore: boolean;
  /** Called on each API answer (the SDKs' `onResponse`), to count pages. */
  onResponse?: () => void;
}

async function createSdk(provider: OperationProvider, settings: SdkSettings): Promise<OperationSdk> {
  const { clientId, clientSecret, onResponse } = settings;
  // What both SDKs take alike: the client, the CLI's token file under the profile's key, the hook.
  const common = {
    clientId,
    clientSecret,
    ...(settings.withStore ? { store: tokenStore() } : {}),
    ...(settings.key ? { key: settings.key } : {}),
    ...(onResponse ? { onResponse: () => onResponse() } : {}),
  };
  if (provider === 'misoca') {
    const { Misoca } = await import('../../providers/misoca/misoca-client.js');
    const site = settings.sdk.siteUrl ? { siteUrl: settings.sdk.siteUrl } : {};
    return new Misoca({ ...common, ...site }) as unknown as OperationSdk;
  }
  const { HelloAsso } = await import('../../providers/helloasso/helloasso-client.js');
  const { apiBase, authBase } = settings.sdk;
  const environment = apiBase && authBase ? { environment: { apiBase, authBase } } : {};
  return new HelloAsso({ ...common, ...environment }) as unknown as OperationSdk;
}

/** An SDK instance for listing the operations: placeholders, no store, never called. */
export function catalogSdk(provider: OperationProvider): Promise<OperationSdk> {
  return createSdk(provider, { clientId: 'catalog', clientSecret: 'catalog', sdk: {}, withStore: false });
}

/**
 * The profile for `provider`: `--profile`, then `$OAUTHKIT_PROFILE`, then the profile named after the
 * provider when there is one, then the one chosen with `profile use`. One of another provider is a
 * usage error (exit 2).
 */
export async function selectProviderProfile(
  provider: OperationProvider,
  flag: string | undefined,
): Promise<{ name: string; profile: Profile }> {
  const explicit = flag ?? (process.env.OAUTHKIT_PROFILE || undefined);
  const named = explicit === undefined && (await readConfig()).profiles[provider] !== undefined;
  const selected = await loadProfile(named ? provider : explicit);
  if (selected.profile.provider !== provider) {
    throw new CliError(
      `profile "${selected.name}" is a ${selected.profile.provider} profile, not ${provider}`,
      `pass --profile NAME of a ${provider} profile, or run oauthkit login --provider ${provider}`,
      EXIT.usage,
    );
  }
  return selected;
}

/**
 * The SDK of a profile, on the CLI's token file under the profile's name; `onResponse` counts the
 * answers where the SDK reports them (pages, for the progress line).
 */
export async function profileSdk(
  provider: OperationProvider,
  name: string,
  profile: Profile,
  onResponse?: () => void,
): Promise<OperationSdk> {
  const login = `run oauthkit login --provider ${provider} --profile ${name}`;
  // Without `sdk` the SDK would fall back on the production service: never guess that.
  if (profile.sdk === undefined) {
    throw new CliError(`profile "${name}" does not say where the ${provider} SDK points`, login, EXIT.usage);
  }
  const clientSecret = await readClientSecret(name);
  if (!clientSecret) {
    throw new CliError(
      `profile "${name}" has no client secret, which the ${provider} SDK needs`,
      login,
      EXIT.usage,
    );
  }
  return createSdk(provider, {
    clientId: profile.clientId,
    clientSecret,
    sdk: profile.sdk,
    key: name,
    withStore: true,
    ...(onResponse ? { onResponse } : {}),
  });
}

/** The methods of an SDK instance by resource, each with its {@link OperationInfo}. */
export async function sdkOperations(
  sdk: OperationSdk,
): Promise<{ resource: string; method: string; info: OperationInfo }[]> {
  const { operationInfo } = await import('../../providers/sdk/operation-binder.js');
  const found: { resource: string; method: string; info: OperationInfo }[] = [];
  for (const [resource, value] of Object.entries(sdk)) {
    if (value === null || typeof value !== 'object') continue;
    for (const [method, candidate] of Object.entries(value as Record<string, unknown>)) {
      const info = operationInfo(candidate);
      if (info !== undefined) found.push({ resource, method, info });
    }
  }
  return found;
}

/** The bound SDK method `resource.method` of an instance. */
export function sdkMethod(sdk: OperationSdk, resource: string, method: string): SdkMethod {
  const target = (sdk as unknown as Record<string, Record<string, SdkMethod>>)[resource]?.[method];
  if (typeof target !== 'function') throw new CliError(`the SDK has no method ${resource}.${method}`);
  return target;
}
