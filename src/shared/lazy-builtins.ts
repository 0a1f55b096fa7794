// Built-in modules that only some calls need, loaded on first use so that importing oauthkit
// does not pay for them (node:crypto alone costs about 2 ms of start-up).
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;
let http: typeof import('node:http') | undefined;

/** `node:crypto`, loaded on the first call. */
export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= load('node:crypto') as typeof import('node:crypto');
  return crypto;
}

/** `node:http`, loaded on the first call. */
export function nodeHttp(): typeof import('node:http') {
  http ??= load('node:http') as typeof import('node:http');
  return http;
}
