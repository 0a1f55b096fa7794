import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import type { SandboxCaller } from '../provider-api.js';
import { handleAuthorize } from './_authorize-endpoint.js';
import type { AuthEndpointContext } from './_endpoint-context.js';
import { GrantStore } from './_grant-store.js';
import {
  createAuthModel,
  type SandboxAuthModel,
  type SandboxClientRecord,
  type SandboxUserRecord,
} from './_model.js';
import { handleDisconnect, handleRevoke } from './_revocation.js';
import { handleToken } from './_token-endpoint.js';
import type { GrantSubject, ProviderProfile } from './profiles.js';

/** Options of one provider's sandbox authorization server. */
export interface AuthorizationServerOptions {
  profile: ProviderProfile;
  client: SandboxClientRecord;
  user: SandboxUserRecord;
  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2 (`expires_in`) */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Skip the consent page: the authorize endpoint approves as the sandbox user at once. */
  autoApprove?: boolean;
  /** HelloAsso: the organization an authorization-code grant binds to. */
  organizationSlug?: string;
}

/**
 * One provider's authorization server, on @node-oauth/oauth2-server: authorize (consent page
 * or auto-approve), token (every grant of the provider, rotation), revocation, bearer checks.
 * The endpoint handlers get it as their {@link AuthEndpointContext}.
 */
export class SandboxAuthorizationServer implements AuthEndpointContext {
  readonly profile: ProviderProfile;
  readonly client: SandboxClientRecord;
  readonly user: SandboxUserRecord;
  readonly autoApprove: boolean;
  readonly consentKey = randomBytes(32);
  readonly organizationSlug: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly store = new GrantStore();
  readonly oauth: OAuth2Server;
  readonly model: SandboxAuthModel;
  readonly #tokenRequests = new Map<string, number>();

  constructor(options: AuthorizationServerOptions) {
    this.profile = options.profile;
    this.client = options.client;
    this.user = options.user;
    this.autoApprove = options.autoApprove ?? false;
    this.organizationSlug = options.organizationSlug;
    this.accessTokenTtlSeconds =
      options.accessTokenTtlSeconds ?? options.profile.defaultAccessTokenTtlSeconds;
    this.refreshTokenTtlSeconds =
      options.refreshTokenTtlSeconds ?? options.profile.defaultRefreshTokenTtlSeconds;
    this.model = createAuthModel({
      profile: this.profile,
      store: this.store,
      client: this.client,
      user: this.user,
      accessTokenTtlSeconds: this.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: this.refreshTokenTtlSeconds,
      jwtKey: randomBytes(32),
    });
    this.oauth = new OAuth2Server({
      model: this.model,
      accessTokenLifetime: this.accessTokenTtlSeconds,
      refreshTokenLifetime: this.refreshTokenTtlSeconds,
      authorizationCodeLifetime: 300,
      allowEmptyState: true,
      alwaysIssueNewRefreshToken: true,
      requireClientAuthentication: Object.fromEntries(
        this.profile.grants.map((grant) => [grant, !this.profile.grantsWithoutClientSecret.includes(grant)]),
      ),
    });
  }

  /** Token requests received so far, by `grant_type` (failed ones included). */
  tokenRequestCounts(): Record<string, number> {
    return Object.fromEntries(this.#tokenRequests);
  }

  /** @internal Counts one token request. */
  countTokenRequest(grantType: string): void {
    this.#tokenRequests.set(grantType, (this.#tokenRequests.get(grantType) ?? 0) + 1);
  }

  /** A new grant chain for the sandbox user, as the consent page approves it. */
  userSubject(): GrantSubject {
    return {
      grantId: randomBytes(16).toString('hex'),
      grantType: 'authorization_code',
      clientId: this.client.clientId,
      userId: this.user.id,
      ...(this.organizationSlug ? { organizationSlug: this.organizationSlug } : {}),
    };
  }

  authorize(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    form: Record<string, string> | null,
  ) {
    return handleAuthorize(this, request, response, url, form);
  }

  token(request: IncomingMessage, response: ServerResponse, form: Record<string, string>) {
    return handleToken(this, request, response, form);
  }

  revoke(request: IncomingMessage, response: ServerResponse, form: Record<string, string>) {
    return handleRevoke(this, request, response, form);
  }

  disconnect(request: IncomingMessage, response: ServerResponse) {
    return handleDisconnect(this, request, response);
  }

  /** The caller behind a bearer token, or `null` when the token is missing, unknown, expired or revoked. */
  async callerFor(headers: IncomingHttpHeaders): Promise<SandboxCaller | null> {
    const token = await this.authenticate(headers);
    if (!token) return null;
    const subject = token.user as GrantSubject;
    return {
      clientId: subject.clientId,
      scopes: token.scope ?? [],
      ...(subject.userId ? { userId: subject.userId } : {}),
      ...(subject.organizationSlug ? { organizationSlug: subject.organizationSlug } : {}),
    };
  }

  /** Checks a bearer token through the library's authenticate handler (format, expiry, store). */
  async authenticate(headers: IncomingHttpHeaders): Promise<OAuth2Server.Token | null> {
    if (!headers.authorization) return null;
    const request = new OAuth2Server.Request({
      method: 'GET',
      headers: { authorization: headers.authorization },
      query: {},
    });
    try {
      return await this.oauth.authenticate(request, new OAuth2Server.Response());
    } catch {
      return null;
    }
  }
}
