import type { SandboxFaults } from './faults.js';

/** Misoca in a running sandbox: endpoints, the registered client and the user who can log in. */
export interface MisocaSandboxInfo {
  /** API base (`…/misoca/api/v3`), what `new Misoca({ baseUrl })` takes. */
  baseUrl: string;
  /** The site root (`…/misoca`), Misoca's `https://app.misoca.jp`. */
  siteUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation endpoint. */
  revokeUrl: string;
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; any loopback `http://127.0.0.1:<port>/…` or `localhost` one is accepted too. */
  redirectUris: string[];
  scopes: string[];
  /** Credentials for the consent page and the password grant. */
  user: { username: string; password: string };
}

/** HelloAsso in a running sandbox: endpoints, the client, the organization and the webhook key. */
export interface HelloAssoSandboxInfo {
  /** Host root of the API (`…/helloasso`), HelloAsso's `https://api.helloasso.com`. */
  apiBase: string;
  /** Host root of the authorize page (`…/helloasso/auth`), HelloAsso's `https://auth.helloasso.com`. */
  authBase: string;
  /** The v5 API base (`…/helloasso/v5`). */
  baseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  disconnectUrl: string;
  clientId: string;
  clientSecret: string;
  organizationSlug: string;
  /** Key of the `x-ha-signature` HMAC on notifications. */
  signatureKey: string;
}

/** Token requests that reached the token endpoints (failed ones included, faulted ones not), per provider and `grant_type`. */
export interface SandboxTokenRequests {
  misoca: Record<string, number>;
  helloasso: Record<string, number>;
}

/** A running sandbox, as {@link startSandbox} returns it. */
export interface Sandbox {
  /** Origin, `http://127.0.0.1:<port>`. */
  url: string;
  misoca: MisocaSandboxInfo;
  helloasso: HelloAssoSandboxInfo;
  /** Fault rules, changeable while running (also over HTTP at `/_sandbox/faults`). */
  faults: SandboxFaults;
  /** Counts of token requests received so far. */
  tokenRequests(): SandboxTokenRequests;
  /** Stops the server and drops open connections; the port is free once it resolves. */
  close(): Promise<void>;
}
