const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a URL's `hostname` is this machine (RFC 8252 §8.3): plain http is acceptable there,
 * and no proxy from the environment is used to reach it.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}
