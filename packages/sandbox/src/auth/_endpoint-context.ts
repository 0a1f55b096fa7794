import type { IncomingHttpHeaders } from 'node:http';
import type OAuth2Server from '@node-oauth/oauth2-server';
import type { GrantStore } from './_grant-store.js';
import type { SandboxAuthModel, SandboxClientRecord, SandboxUserRecord } from './_model.js';
import type { GrantSubject, ProviderProfile } from './profiles.js';

/**
 * What the endpoint handlers (authorize, token, revocation, disconnect) use of one provider's
 * authorization server. The server implements it and hands itself over; the endpoints depend on
 * this interface rather than on the server class, so the server can import them without a cycle.
 * Each endpoint narrows it further (`Pick<…>`) to say exactly what it touches.
 */
export interface AuthEndpointContext {
  readonly profile: ProviderProfile;
  readonly client: SandboxClientRecord;
  readonly user: SandboxUserRecord;
  /** Skip the consent page: approve as the sandbox user at once. */
  readonly autoApprove: boolean;
  /** Key of the consent pages' CSRF tokens (random per server). */
  readonly consentKey: Buffer;
  /** HelloAsso: the organization an authorization-code grant binds to. */
  readonly organizationSlug: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly store: GrantStore;
  readonly oauth: OAuth2Server;
  readonly model: SandboxAuthModel;
  /** Counts one token request under its `grant_type` (failed ones included). */
  countTokenRequest(grantType: string): void;
  /** A new grant chain for the sandbox user, as the consent page approves it. */
  userSubject(): GrantSubject;
  /** The stored token behind an `Authorization: Bearer …` header, or `null`. */
  authenticate(headers: IncomingHttpHeaders): Promise<OAuth2Server.Token | null>;
}

/** Headers as @node-oauth/oauth2-server reads them (one string per name). */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
