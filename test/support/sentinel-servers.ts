import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Secrets with a recognisable shape, to scan everything the library emits for. */
export const SENTINELS = {
  clientSecret: 'SNTL-client-secret-9f86d081',
  password: 'SNTL-password-2c26b46b',
  accessToken: 'SNTL-access-',
  refreshToken: 'SNTL-refresh-',
} as const;

/** How the sentinel servers answer right now. */
export interface SentinelModes {
  /** Token endpoint: `ok`, or `echo` (400 invalid_grant / invalid_client repeating the whole request). */
  token: 'ok' | 'echo';
  /** API: `ok`, `echo` (500 repeating the Authorization header in body and headers) or `expire` (401 once per token). */
  api: 'ok' | 'echo' | 'expire';
}

/** A token endpoint issuing sentinel tokens and an API, both able to repeat what they were sent. */
export interface SentinelServers {
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
  readonly apiUrl: string;
  readonly modes: SentinelModes;
  /** Every access and refresh token issued so far. */
  readonly issued: string[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts both servers on 127.0.0.1 (ephemeral ports). */
export async function startSentinelServers(): Promise<SentinelServers> {
  const modes: SentinelModes = { token: 'ok', api: 'ok' };
  const issued: string[] = [];
  const refused = new Set<string>();
  let serial = 0;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const authorization = request.headers.authorization ?? '';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/token' || url.pathname === '/revoke') {
      if (modes.token === 'echo') {
        const form = new URLSearchParams(body);
        const error = form.has('client_secret') ? 'invalid_client' : 'invalid_grant';
        const echo = `you sent ${body} with ${authorization}`;
        json(response, 400, { error, error_description: echo, request: body }, { 'x-echo': encodeURI(echo) });
        return;
      }
      if (url.pathname === '/revoke') {
        response.writeHead(200).end();
        return;
      }
      serial++;
      const accessToken = `${SENTINELS.accessToken}${serial}-${Math.random().toString(36).slice(2)}`;
      const refreshToken = `${SENTINELS.refreshToken}${serial}-${Math.random().toString(36).slice(2)}`;
      issued.push(accessToken, refreshToken);
      json(response, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: refreshToken,
      });
      return;
    }
    const token = authorization.replace(/^Bearer /, '');
    if (modes.api === 'echo') {
      json(
        response,
        500,
        { message: `the server choked on ${authorization}`, token },
        { 'x-echo-authorization': authorization, 'www-authenticate': `Bearer realm="${token}"` },
      );
    } else if (modes.api === 'expire' && !refused.has(token)) {
      refused.add(token);
      json(
        response,
        401,
        { message: `token ${token} expired` },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
    } else json(response, 200, { ok: true });
  };
  const servers: Server[] = [];
  const listen = async () => {
    const server = createServer((request, response) => void handle(request, response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const auth = await listen();
  const api = await listen();
  return {
    tokenEndpoint: `${auth}/token`,
    revocationEndpoint: `${auth}/revoke`,
    apiUrl: api,
    modes,
    issued,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
