import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type OAuth2Server from '@node-oauth/oauth2-server';
import type { GrantStore, StoredToken } from './_grant-store.js';
import type { GrantSubject, ProviderProfile } from './profiles.js';

const LOOPBACK_REDIRECT_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A registered client of a sandbox authorization server. */
export interface SandboxClientRecord {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** HelloAsso: the organization a client-credentials token acts for. */
  organizationSlug?: string;
}

/** A user who can log in on the consent page or with the password grant. */
export interface SandboxUserRecord {
  id: string;
  username: string;
  password: string;
}

/** What {@link createAuthModel} needs. */
export interface AuthModelOptions {
  profile: ProviderProfile;
  store: GrantStore;
  client: SandboxClientRecord;
  user: SandboxUserRecord;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Key of the HMAC that signs JWT access tokens (HelloAsso). */
  jwtKey: Buffer;
}

/** The model interfaces of @node-oauth/oauth2-server that the sandbox implements. */
export type SandboxAuthModel = OAuth2Server.AuthorizationCodeModel &
  OAuth2Server.PasswordModel &
  OAuth2Server.RefreshTokenModel &
  OAuth2Server.ClientCredentialsModel;

/** True for `http://127.0.0.1:<port>/…`, `http://localhost:<port>/…` and `http://[::1]:<port>/…`. */
export function isLoopbackRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    // RFC 8252 §7.3: any port on a loopback redirect URI, since native apps pick one at run time.
    return url.protocol === 'http:' && LOOPBACK_REDIRECT_HOSTS.has(url.hostname) && !url.hash;
  } catch {
    return false;
  }
}

/** A registered redirect URI, or any loopback one. */
export function isAllowedRedirectUri(uri: string, registered: readonly string[]): boolean {
  return registered.includes(uri) || isLoopbackRedirectUri(uri);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function jwt(key: Buffer, payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

/** Builds the @node-oauth/oauth2-server model of one provider over an in-memory store. */
export function createAuthModel(options: AuthModelOptions): SandboxAuthModel {
  const { profile, store, client: record, user } = options;
  const client: OAuth2Server.Client = {
    id: record.clientId,
    redirectUris: record.redirectUris,
    grants: [...profile.grants],
    accessTokenLifetime: options.accessTokenTtlSeconds,
    refreshTokenLifetime: options.refreshTokenTtlSeconds,
  };
  const newSubject = (grantType: GrantSubject['grantType'], extra: Partial<GrantSubject>): GrantSubject => ({
    grantId: randomUUID(),
    grantType,
    clientId: record.clientId,
    ...extra,
  });

  return {
    async getClient(clientId, clientSecret) {
      if (clientId !== record.clientId) return false;
      // A null secret means "client lookup only" (authorize endpoint, public grants).
      if (clientSecret != null && !safeEqual(clientSecret, record.clientSecret)) return false;
      return client;
    },
    async validateRedirectUri(redirectUri, _client) {
      return isAllowedRedirectUri(redirectUri, record.redirectUris);
    },
    async validateScope(_user, _client, scope) {
      if (profile.scopes === null) return [];
      if (!scope || scope.length === 0) return [...profile.defaultScopes];
      return scope.every((s) => profile.scopes?.includes(s)) ? scope : false;
    },
    async generateAccessToken(_client, subject: GrantSubject, scope) {
      if (profile.accessTokenFormat === 'opaque') return randomBytes(32).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      return jwt(options.jwtKey, {
        jti: randomUUID(),
        cid: record.clientId,
        // Client privileges, as HelloAsso's `cps` claim lists them for an association client.
        cps: ['AccessPublicData', 'AccessTransactions', 'Checkout'],
        ...(subject.organizationSlug ? { org: subject.organizationSlug } : {}),
        ...(scope && scope.length > 0 ? { scope: scope.join(' ') } : {}),
        iat: now,
        exp: now + options.accessTokenTtlSeconds,
      });
    },
    async generateRefreshToken() {
      return randomBytes(32).toString('base64url');
    },
    async generateAuthorizationCode() {
      return randomBytes(24).toString('base64url');
    },
    async saveAuthorizationCode(code, _client, subject) {
      const saved = { ...code, client, user: subject } as OAuth2Server.AuthorizationCode;
      store.codes.set(code.authorizationCode, saved);
      return saved;
    },
    async getAuthorizationCode(code) {
      return store.codes.get(code) ?? false;
    },
    async revokeAuthorizationCode(code) {
      return store.codes.delete(code.authorizationCode);
    },
    async getUser(username, password) {
      if (!safeEqual(username, user.username) || !safeEqual(password, user.password)) return false;
      return newSubject('password', { userId: user.id });
    },
    async getUserFromClient() {
      return newSubject(
        'client_credentials',
        record.organizationSlug ? { organizationSlug: record.organizationSlug } : {},
      );
    },
    async saveToken(token, _client, subject: GrantSubject) {
      const saved: StoredToken = {
        accessToken: token.accessToken,
        accessTokenExpiresAt:
          token.accessTokenExpiresAt ?? new Date(Date.now() + options.accessTokenTtlSeconds * 1000),
        client,
        user: subject,
        ...(token.scope ? { scope: token.scope } : {}),
      };
      const refreshToken =
        token.refreshToken ??
        (profile.refreshTokenOnClientCredentials ? randomBytes(32).toString('base64url') : undefined);
      if (refreshToken) {
        saved.refreshToken = refreshToken;
        saved.refreshTokenExpiresAt =
          token.refreshTokenExpiresAt ?? new Date(Date.now() + options.refreshTokenTtlSeconds * 1000);
      }
      store.save(saved);
      return saved;
    },
    async getAccessToken(accessToken) {
      return store.findAccessToken(accessToken) ?? false;
    },
    async getRefreshToken(refreshToken) {
      const token = store.findRefreshToken(refreshToken);
      if (!token?.refreshToken) return false;
      return { ...token, refreshToken: token.refreshToken };
    },
    async revokeToken(token) {
      return token.refreshToken ? store.revokeRefreshToken(token.refreshToken) : false;
    },
    async verifyScope(token, scope) {
      return scope.every((s) => token.scope?.includes(s));
    },
  };
}
