import type { ResponseEvent, RetryOptions } from '../../http/types.js';
import type { TokenStore } from '../../tokens/store.js';
import type { TokenEvent } from '../../tokens/token-manager-options.js';

/** Where HelloAsso lives: API host (`/v5`, `/oauth2/token`, `/oauth2/disconnect`) and authorize host. */
export interface HelloAssoEnvironment {
  /** Host root of the API, such as `https://api.helloasso.com` (no `/v5`). */
  apiBase: string;
  /** Host root of the authorize page, such as `https://auth.helloasso.com`. */
  authBase: string;
}

/** HaApiV5's token getter: `getter('access_token' | 'refresh_token', clientId)` returns the stored token. */
export type HelloAssoTokenGetter = (
  tokenKey: 'access_token' | 'refresh_token',
  clientId: string,
) => string | null | undefined | Promise<string | null | undefined>;

/** HaApiV5's token setter: `setter(tokenKey, clientId, token)` stores one token. */
export type HelloAssoTokenSetter = (
  tokenKey: 'access_token' | 'refresh_token',
  clientId: string,
  token: string | null,
) => void | Promise<void>;

/** Options of `new HelloAsso(...)`. */
export interface HelloAssoOptions {
  clientId: string;
  clientSecret: string;
  /** `'production'` (default), `'sandbox'` (HelloAsso's test environment), or any `{ apiBase, authBase }`. */
  environment?: 'production' | 'sandbox' | HelloAssoEnvironment;
  /** Where tokens live (a `MemoryTokenStore` when omitted); share a `FileTokenStore` or Redis store across processes. */
  store?: TokenStore;
  /** Store key of the tokens (default: `helloasso:<clientId>`). */
  key?: string;
  /** HaApiV5's getter (use `store` instead when you can: a store has a lock and a compare-and-set). */
  tokenGetter?: HelloAssoTokenGetter;
  /** HaApiV5's setter, paired with `tokenGetter`. */
  tokenSetter?: HelloAssoTokenSetter;
  /** An access token to start with (HaApiV5's `access_token`); renewed like any other once refused. */
  accessToken?: string;
  /** Total time limit of each API call, in ms. */
  timeoutMs?: number;
  /** Your application's `User-Agent`; `oauthkit-helloasso` is sent when omitted (HelloAsso's CDN requires one). */
  userAgent?: string;
  retry?: RetryOptions;
  /** Token lifecycle events (never a token): renewals, adoptions, failures. */
  onEvent?: (event: TokenEvent) => void;
  /** Every API response (status, headers), retried attempts included. */
  onResponse?: (event: ResponseEvent) => void;
}
