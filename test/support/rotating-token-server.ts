import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth2Server from '@node-oauth/oauth2-server';
import { signAccessToken, verifyAccessToken } from './signed-access-token.js';

/** What the token and resource servers saw. */
export interface RotatingTokenServerStats {
  /** Successful `refresh_token` grants. */
  refreshes: number;
  /** Refresh attempts refused with `invalid_grant` (a refresh token used twice, or unknown). */
  invalidGrants: number;
  /** Successful `password` grants (the initial login). */
  logins: number;
  /** Resource calls accepted / refused with 401. */
  resourceOk: number;
  resourceRefused: number;
}

/** A token server with single-use refresh tokens and a resource server checking its tokens. */
export interface RotatingTokenServer {
  readonly tokenEndpoint: string;
  readonly resourceUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  readonly accessTtlSeconds: number;
  /** The key access tokens are signed with: resource servers in other processes check them with it. */
  readonly signingKey: string;
  readonly stats: RotatingTokenServerStats;
  /** Epoch ms of every successful refresh, in order. */
  readonly refreshTimes: number[];
  /**
   * Holds the next refresh request without answering or processing it (its refresh token stays
   * valid), until its client goes away. Resolves once such a request has arrived.
   */
  hangNextRefresh(): Promise<void>;
  close(): Promise<void>;
}

interface StoredToken {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope?: string | string[];
  client: { id: string; grants: string[] };
  user: { id: string };
}

/**
 * Starts an authorization server on `@node-oauth/oauth2-server` (password and refresh_token
 * grants, every refresh rotates the refresh token and revokes the old one, so a reuse is
 * `invalid_grant`) plus `GET /resource`, which accepts only unexpired access tokens it issued.
 */
export async function startRotatingTokenServer(
  options: { accessTtlSeconds?: number } = {},
): Promise<RotatingTokenServer> {
  const accessTtlSeconds = options.accessTtlSeconds ?? 1;
  // Letters only: oauth2-server does not form-decode Basic credentials (RFC 6749 §2.3.1), oauth4webapi encodes them.
  const clientId = 'manyprocesses';
  const clientSecret = randomBytes(12).toString('hex');
  const username = 'worker';
  const password = randomBytes(12).toString('hex');
  const client = { id: clientId, grants: ['password', 'refresh_token'] };
  const user = { id: 'user-1' };
  const signingKey = randomBytes(16).toString('hex');
  const accessTokens = new Map<string, StoredToken>();
  const refreshTokens = new Map<string, StoredToken>();
  const stats: RotatingTokenServerStats = {
    refreshes: 0,
    invalidGrants: 0,
    logins: 0,
    resourceOk: 0,
    resourceRefused: 0,
  };
  const refreshTimes: number[] = [];
  let hangWaiter: (() => void) | undefined;

  const oauth = new OAuth2Server({
    accessTokenLifetime: accessTtlSeconds,
    refreshTokenLifetime: 3600,
    alwaysIssueNewRefreshToken: true,
    model: {
      generateAccessToken: async () => signAccessToken(signingKey, Date.now() + accessTtlSeconds * 1000),
      getClient: async (id: string, secret: string | null) =>
        id === clientId && (secret === null || secret === clientSecret) ? client : false,
      getUser: async (name: string, pass: string) => (name === username && pass === password ? user : false),
      saveToken: async (token: Omit<StoredToken, 'client' | 'user'>) => {
        const saved: StoredToken = { ...token, client, user };
        accessTokens.set(saved.accessToken, saved);
        if (saved.refreshToken) refreshTokens.set(saved.refreshToken, saved);
        // oauth2-server derives expires_in as floor(seconds left), which is 0 — and then left out
        // — for a 1 s token answered a millisecond later. The answer gets the whole second; the
        // token itself still expires at the stored (and signed) time.
        return { ...saved, accessTokenExpiresAt: new Date(saved.accessTokenExpiresAt.getTime() + 999) };
      },
      getAccessToken: async (token: string) => accessTokens.get(token) ?? false,
      getRefreshToken: async (token: string) => {
        const saved = refreshTokens.get(token);
        return saved?.refreshToken ? { ...saved, refreshToken: saved.refreshToken } : false;
      },
      // Single use: only the first of two concurrent refreshes with one token can revoke it.
      revokeToken: async (token: { refreshToken: string }) => refreshTokens.delete(token.refreshToken),
    },
  } as ConstructorParameters<typeof OAuth2Server>[0]);

  const token = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const form = Object.fromEntries(new URLSearchParams(body));
    if (form.grant_type === 'refresh_token' && hangWaiter !== undefined) {
      const arrived = hangWaiter;
      hangWaiter = undefined;
      arrived();
      return; // never answered; the socket closes when the client dies
    }
    const request = new OAuth2Server.Request({
      method: 'POST',
      query: {},
      headers: req.headers as Record<string, string>,
      body: form,
    });
    const response = new OAuth2Server.Response({ headers: {} });
    try {
      await oauth.token(request, response);
      if (form.grant_type === 'refresh_token') {
        stats.refreshes++;
        refreshTimes.push(Date.now());
      } else stats.logins++;
    } catch (error) {
      if ((error as { name?: string }).name === 'invalid_grant' && form.grant_type === 'refresh_token') {
        stats.invalidGrants++;
      }
    }
    res.writeHead(response.status ?? 500, { ...response.headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(response.body ?? {}));
  };

  const resource = (req: IncomingMessage, res: ServerResponse): void => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !accessTokens.has(bearer) || !verifyAccessToken(signingKey, bearer)) {
      stats.resourceRefused++;
      res.writeHead(401, {
        'www-authenticate': 'Bearer error="invalid_token"',
        'content-type': 'application/json',
      });
      res.end('{"error":"invalid_token"}');
      return;
    }
    stats.resourceOk++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/resource') {
      req.resume();
      resource(req, res);
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/token') void token(req, res, body);
      else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tokenEndpoint: `${base}/token`,
    resourceUrl: `${base}/resource`,
    clientId,
    clientSecret,
    username,
    password,
    accessTtlSeconds,
    signingKey,
    stats,
    refreshTimes,
    hangNextRefresh: () =>
      new Promise<void>((resolve) => {
        hangWaiter = resolve;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
