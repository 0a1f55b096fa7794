// The shape of a provider preset (kept apart from the registry so presets need not import it).
import type { ApiClientOptions, OAuth2ClientOptions, PaginationStrategy } from '../../index.js';
import type { Profile } from '../profiles.js';

/**
 * The `login` options a preset may read, by commander's camelCase names
 * (`--token-url` is `tokenUrl`, `--api-base` is `apiBase`).
 */
export type LoginOptions = Record<string, string | boolean | undefined>;

/** What a running sandbox (`GET /_sandbox`) gives a preset's login: where, and which client. */
export interface PlaygroundLogin {
  /** The login options it stands for (`siteUrl`, or `apiBase` and `authBase`). */
  options: LoginOptions;
  clientId: string;
  /** Goes to the 0600 secret file only; never printed. */
  clientSecret: string;
  /** The sandbox's user, the default `--username` of the password flow. */
  username?: string;
}

/** A provider preset: `login` asks it for endpoints, `api --paginate` for its strategy. */
export interface ProviderPreset {
  // A preset holds no state: every call derives its answer from the options alone.
  /** The `--provider` value. */
  name: string;
  /** The profile fields it fills from the options (endpoints, API base, `sdk`). */
  endpoints(options: LoginOptions): Promise<Omit<Profile, 'provider' | 'flow' | 'clientId'>>;
  /**
   * Reads this provider's part of a sandbox descriptor (`GET /_sandbox`), or `undefined` when
   * the preset has no sandbox counterpart (`custom`).
   */
  fromPlayground?(descriptor: Record<string, unknown>): PlaygroundLogin | undefined;
  /** The strategy for `api --paginate`, or `undefined` to detect it from the first answer. */
  pagination(): Promise<PaginationStrategy<unknown> | undefined>;
  /** Options of the profile's `OAuth2Client` beyond the endpoints and the client (e.g. `clientAuth`). */
  oauthOptions?: Pick<OAuth2ClientOptions, 'clientAuth'>;
  /** Options of the profile's `ApiClient` for `oauthkit api` (e.g. the provider's error messages). */
  apiOptions?(): Promise<Pick<ApiClientOptions, 'errorMessages' | 'userAgent'>>;
  /**
   * Revokes the profile's tokens at the provider for `logout --revoke`, where the provider has no
   * RFC 7009 endpoint (HelloAsso's disconnect), through the profile's SDK that `openSdk` makes;
   * without it the profile's revocation endpoint is used.
   */
  revoke?(openSdk: () => Promise<unknown>): Promise<void>;
}
