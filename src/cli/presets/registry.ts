// Provider presets: each fills a profile's endpoints and names its pagination.
import type { ProviderPreset } from './_provider-preset.js';

export type { LoginOptions, ProviderPreset } from './_provider-preset.js';

/**
 * The presets by `--provider` name, each loaded only when chosen. The `misoca` and `helloasso`
 * presets plug in here: a `_misoca.ts` / `_helloasso.ts` beside `_custom.ts` that fills the
 * endpoints from `--site-url` or `--environment` and names its pagination strategy.
 */
const presets: Record<string, () => Promise<ProviderPreset>> = {
  custom: async () => (await import('./_custom.js')).customPreset,
};

/** The known `--provider` values. */
export const presetNames = Object.keys(presets);

/** Loads the preset of `provider`, or `undefined` for an unknown one. */
export async function loadPreset(provider: string): Promise<ProviderPreset | undefined> {
  const load = presets[provider];
  return load ? load() : undefined;
}
