// The shape of a provider preset (kept apart from the registry so presets need not import it).
import type { PaginationStrategy } from '../../index.js';
import type { Profile } from '../profiles.js';

/**
 * The `login` options a preset may read, by commander's camelCase names
 * (`--token-url` is `tokenUrl`, `--api-base` is `apiBase`).
 */
export type LoginOptions = Record<string, string | boolean | undefined>;

/** A provider preset: `login` asks it for endpoints, `api --paginate` for its strategy. */
export interface ProviderPreset {
  // A preset holds no state: every call derives its answer from the options alone.
  /** The `--provider` value. */
  name: string;
  /** The profile fields it fills from the options (endpoints, API base). */
  endpoints(options: LoginOptions): Promise<Omit<Profile, 'provider' | 'flow' | 'clientId'>>;
  /** The strategy for `api --paginate`, or `undefined` to detect it from the first answer. */
  pagination(): Promise<PaginationStrategy<unknown> | undefined>;
}
