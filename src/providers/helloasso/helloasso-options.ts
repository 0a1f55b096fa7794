import { ConfigurationError } from '../../errors/configuration-error.js';
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

const KNOWN = new Set([
  'clientId',
  'clientSecret',
  'environment',
  'store',
  'key',
  'tokenGetter',
  'tokenSetter',
  'accessToken',
  'timeoutMs',
  'userAgent',
  'retry',
  'onEvent',
  'onResponse',
  // The descriptor `startSandbox()` returns may be spread in as it is (see docs/providers/helloasso.md).
  'baseUrl',
  'authorizeUrl',
  'tokenUrl',
  'disconnectUrl',
  'organizationSlug',
  'signatureKey',
  'apiBase',
  'authBase',
]);

const ENVIRONMENTS: Record<'production' | 'sandbox', HelloAssoEnvironment> = {
  production: { apiBase: 'https://api.helloasso.com', authBase: 'https://auth.helloasso.com' },
  sandbox: { apiBase: 'https://api.helloasso-sandbox.com', authBase: 'https://auth.helloasso-sandbox.com' },
};

/** Checks the options and resolves the environment to two origins without a trailing slash. */
export function resolveHelloAssoOptions(options: HelloAssoOptions): HelloAssoEnvironment {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('new HelloAsso() takes { clientId, clientSecret, ... }');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name))
      throw new ConfigurationError(`HelloAsso: unknown option "${name}"; check its spelling`);
  }
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') {
      throw new ConfigurationError(`HelloAsso: ${name} is required (a non-empty string)`);
    }
  }
  if (options.store && (options.tokenGetter || options.tokenSetter)) {
    throw new ConfigurationError('HelloAsso: give either store or tokenGetter/tokenSetter, not both');
  }
  if (Boolean(options.tokenGetter) !== Boolean(options.tokenSetter)) {
    throw new ConfigurationError('HelloAsso: tokenGetter and tokenSetter go together');
  }
  const environment = options.environment ?? 'production';
  const chosen = typeof environment === 'string' ? ENVIRONMENTS[environment] : environment;
  if (!chosen || typeof chosen !== 'object') {
    throw new ConfigurationError(
      `HelloAsso: environment must be 'production', 'sandbox' or { apiBase, authBase }, not ${String(environment)}`,
    );
  }
  return { apiBase: checkBase('apiBase', chosen.apiBase), authBase: checkBase('authBase', chosen.authBase) };
}

function checkBase(name: string, value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigurationError(`HelloAsso: environment.${name} must be an absolute URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigurationError(
      `HelloAsso: environment.${name} must use https (http only for loopback hosts)`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError(
      `HelloAsso: environment.${name} must not carry credentials, a query or a fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}
