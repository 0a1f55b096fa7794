import { ConfigurationError } from '../../errors/configuration-error.js';
import type { HelloAssoEnvironment, HelloAssoOptions } from './helloasso-options.js';

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
