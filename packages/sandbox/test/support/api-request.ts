import type { ProviderApiRequest, SandboxCaller } from '../../src/provider-api.js';

/** Builds a request as the sandbox server would hand it to an emulation. */
export function apiRequest(
  method: string,
  pathWithQuery: string,
  options: {
    body?: unknown;
    caller?: SandboxCaller | null;
    headers?: Record<string, string>;
    baseUrl?: string;
  } = {},
): ProviderApiRequest {
  const [path = '/', query = ''] = pathWithQuery.split('?');
  const raw = options.body === undefined ? '' : JSON.stringify(options.body);
  return {
    method,
    path,
    query: new URLSearchParams(query),
    headers: options.headers ?? {},
    body: options.body,
    rawBody: Buffer.from(raw),
    caller: options.caller === undefined ? { clientId: 'test-client', scopes: ['write'] } : options.caller,
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:4010/api',
  };
}

/** A reader of `Link: <url>; rel="next", …` headers (RFC 8288). */
export function linkRel(header: string | undefined, rel: string): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[2] === rel) return match[1];
  }
  return undefined;
}
