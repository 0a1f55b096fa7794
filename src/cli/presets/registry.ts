// Provider presets: each fills a profile's endpoints and names its pagination and renewal.
import type { TokenManagerGrant } from '../../tokens/token-manager-options.js';
import type { LoginFlow } from '../profiles.js';
import type { ProviderPreset } from './_provider-preset.js';

export type { LoginOptions, PlaygroundLogin, ProviderPreset } from './_provider-preset.js';

/** How a profile's `TokenManager` renews its tokens (see `session.ts` createTokenManager). */
export interface RenewalRules {
  /** Client credentials mint again (after a refused refresh token, if one is held); other flows only refresh. */
  grant: TokenManagerGrant;
  /** How long before expiry the access token is renewed; the core's default when omitted. */
  refreshSkewMs?: number;
}

/**
 * What is known of a preset without loading it: `token` must stay fast, so the renewal rules are
 * here, and the module with the endpoints (which may import an SDK's tables) loads only on use.
 */
interface PresetEntry {
  /** The `--flow` values the provider supports, the default first. */
  flows: readonly LoginFlow[];
  /** The `login` options (camelCase) only this preset reads; refused with the other presets. */
  options: readonly string[];
  renewal(flow: LoginFlow): RenewalRules;
  load(): Promise<ProviderPreset>;
}

const mintOrRefresh = (flow: LoginFlow): RenewalRules => ({
  grant: flow === 'client-credentials' ? 'client_credentials' : 'refresh_only',
});

const presets: Record<string, PresetEntry> = {
  custom: {
    flows: ['browser', 'password', 'client-credentials', 'device'],
    options: ['issuer', 'authorizeUrl', 'tokenUrl', 'revokeUrl', 'deviceUrl', 'apiBase'],
    renewal: mintOrRefresh,
    load: async () => (await import('./_custom.js')).customPreset,
  },
  // The Misoca SDK's rules: the code flow and the password grant, refresh only (no grant of the
  // client's own); a refresh token is single-use and the TokenManager stores the rotated one first.
  misoca: {
    flows: ['browser', 'password'],
    options: ['siteUrl'],
    renewal: () => ({ grant: 'refresh_only' }),
    load: async () => (await import('./_misoca.js')).misocaPreset,
  },
  // The HelloAsso SDK's TokenManager options (helloasso-client.ts): with client credentials,
  // `grant: 'client_credentials'` renews with the refresh token while one is held and mints again
  // only after `invalid_grant`, 60 s before expiry. An organization's code-flow login only refreshes.
  helloasso: {
    flows: ['client-credentials', 'browser'],
    options: ['environment', 'apiBase', 'authBase'],
    renewal: (flow) => ({ ...mintOrRefresh(flow), refreshSkewMs: 60_000 }),
    load: async () => (await import('./_helloasso.js')).helloassoPreset,
  },
};

/** The known `--provider` values. */
export const presetNames = Object.keys(presets);

/** The `--flow` values a provider supports (the default first), or `undefined` for an unknown one. */
export function presetFlows(provider: string): readonly LoginFlow[] | undefined {
  return presets[provider]?.flows;
}

/** The login options that belong to presets other than `provider` and that it does not read. */
export function foreignOptions(provider: string): string[] {
  const own = new Set(presets[provider]?.options ?? []);
  return [
    ...new Set(
      Object.entries(presets)
        .filter(([name]) => name !== provider)
        .flatMap(([, entry]) => entry.options),
    ),
  ].filter((option) => !own.has(option));
}

/** The options of `provider`'s own preset that were given (those `--sandbox` would contradict). */
export function presetOptionsGiven(provider: string, options: Record<string, unknown>): string[] {
  return (presets[provider]?.options ?? []).filter((option) => options[option] !== undefined);
}

/** How the tokens of a profile of `provider` logged in with `flow` are renewed. */
export function renewalRules(provider: string, flow: LoginFlow): RenewalRules {
  return (presets[provider] ?? presets.custom)?.renewal(flow) ?? mintOrRefresh(flow);
}

/** Loads the preset of `provider`, or `undefined` for an unknown one. */
export async function loadPreset(provider: string): Promise<ProviderPreset | undefined> {
  return presets[provider]?.load();
}
