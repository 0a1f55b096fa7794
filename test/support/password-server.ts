import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth2Server, {
  type Client,
  type PasswordModel,
  type RefreshToken,
  type RefreshTokenModel,
  Request,
  Response,
  type Token,
} from '@node-oauth/oauth2-server';

/** The client and user registered at the password-grant server. */
export const PASSWORD_SERVER_CLIENT = {
  clientId: 'password-client',
  clientSecret: 'pw-client-secret-3c8e1a',
} as const;
export const PASSWORD_SERVER_USER = { username: 'alice', password: 'correct-horse-battery-8812' } as const;

/** A running @node-oauth/oauth2-server token endpoint (password + refresh_token grants). */
export interface PasswordServerHandle {
  tokenEndpoint: string;
  /** Grant type of every token request received, in order. */
  grants: string[];
  close(): Promise<void>;
}

function createModel(): PasswordModel & RefreshTokenModel {
  const client: Client = { id: PASSWORD_SERVER_CLIENT.clientId, grants: ['password', 'refresh_token'] };
  const byRefresh = new Map<string, Token>();
  const byAccess = new Map<string, Token>();
  return {
    getClient: async (clientId, clientSecret) =>
      clientId === client.id && clientSecret === PASSWORD_SERVER_CLIENT.clientSecret ? client : null,
    getUser: async (username, password) =>
      username === PASSWORD_SERVER_USER.username && password === PASSWORD_SERVER_USER.password
        ? { username }
        : null,
    saveToken: async (token, owner, user) => {
      const saved: Token = { ...token, client: owner, user };
      byAccess.set(saved.accessToken, saved);
      if (saved.refreshToken) byRefresh.set(saved.refreshToken, saved);
      return saved;
    },
    getAccessToken: async (accessToken) => byAccess.get(accessToken) ?? null,
    getRefreshToken: async (refreshToken) =>
      (byRefresh.get(refreshToken) as RefreshToken | undefined) ?? null,
    revokeToken: async (token) => byRefresh.delete(token.refreshToken),
    validateScope: async (_user, _client, scope) => scope ?? ['read'],
  };
}

/**
 * Starts a token endpoint on 127.0.0.1 (ephemeral port) built on @node-oauth/oauth2-server with
 * an in-memory model: the password grant for {@link PASSWORD_SERVER_USER} and refresh with rotation.
 */
export async function startPasswordServer(
  options: { accessTokenTtlSeconds?: number } = {},
): Promise<PasswordServerHandle> {
  const oauth = new OAuth2Server({
    model: createModel(),
    accessTokenLifetime: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenLifetime: 86_400,
  });
  const grants: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    grants.push(body.grant_type ?? 'none');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    );
    const request = new Request({ method: req.method ?? 'GET', headers, query: {}, body });
    const response = new Response({ headers: {} });
    try {
      await oauth.token(request, response);
    } catch {
      // The library has already written the OAuth error into `response`.
    }
    res.writeHead(response.status ?? 500, {
      'content-type': 'application/json',
      ...(response.headers as object),
    });
    res.end(JSON.stringify(response.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    tokenEndpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    grants,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
