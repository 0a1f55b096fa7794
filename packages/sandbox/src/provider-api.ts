import type { IncomingHttpHeaders } from 'node:http';

/** Who is calling a sandbox API, from the bearer token the authorization server issued. */
export interface SandboxCaller {
  clientId: string;
  scopes: string[];
  /** The user who approved the grant (authorization code, password); absent for client credentials. */
  userId?: string;
  /**
   * HelloAsso: the organization the token reaches — the one that authorized an authorization-code
   * token, or the client's own organization for client credentials.
   */
  organizationSlug?: string;
}

/** An API request as the sandbox server hands it to a provider emulation. */
export interface ProviderApiRequest {
  method: string;
  /** Path below the API base, starting with `/` (Misoca `/contacts`, HelloAsso `/organizations/x/forms`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or `undefined` when there is none or it is not JSON. */
  body: unknown;
  rawBody: Buffer;
  /** `null` when the request had no valid bearer token; the emulation answers per the operation's security. */
  caller: SandboxCaller | null;
  /** Absolute API base URL as seen by the client (to build `Link` headers and URLs). */
  baseUrl: string;
}

/** What a provider emulation answers. Exactly one of `json` or `body` is set, or neither (empty). */
export interface ProviderApiResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: Buffer | string;
  contentType?: string;
}

/** A provider's API emulation (Misoca v3, HelloAsso v5), mounted by the sandbox server. */
export interface ProviderApi {
  handle(request: ProviderApiRequest): Promise<ProviderApiResponse>;
}
