// The bench server: a keep-alive node:http server that plays both the authorization server (token
// endpoint with single-use refresh tokens) and the protected API (a small JSON body, and a paginated
// collection). It runs in its own process (see the end of this file) so the client's CPU is measured alone.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What the server counted since the last reset. */
export interface ServerStats {
  tokenRequests: number;
  invalidGrant: number;
  apiRequests: number;
  unauthorized: number;
  pageRequests: number;
}

/** Credentials the bench server's token endpoint accepts (a local test client, not a secret). */
export const BENCH_CLIENT_ID = 'bench-client';
export const BENCH_CLIENT_SECRET = 'bench-secret';
const RESOURCE_BODY = JSON.stringify({ id: 42, name: 'widget', price: 1234, tags: ['a', 'b'], ok: true });

function emptyStats(): ServerStats {
  return { tokenRequests: 0, invalidGrant: 0, apiRequests: 0, unauthorized: 0, pageRequests: 0 };
}

function newToken(): string {
  return randomBytes(16).toString('hex');
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Client authentication by HTTP Basic or by `client_id`/`client_secret` in the form. */
function clientAuthenticated(req: IncomingMessage, form: URLSearchParams): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return (
      decodeURIComponent(id ?? '') === BENCH_CLIENT_ID &&
      decodeURIComponent(secret ?? '') === BENCH_CLIENT_SECRET
    );
  }
  return form.get('client_id') === BENCH_CLIENT_ID && form.get('client_secret') === BENCH_CLIENT_SECRET;
}

/** One page of the collection, in HelloAsso's shape and with a Link header (Misoca's way). */
function pageBody(url: URL, total: number): { body: string; link: string | undefined } {
  const pageSize = Number(url.searchParams.get('pageSize') ?? url.searchParams.get('per_page') ?? 1000);
  const token = url.searchParams.get('continuationToken');
  const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : null;
  const start = token !== null ? Number(token) : page !== null ? (page - 1) * pageSize : 0;
  const end = Math.min(start + pageSize, total);
  const items: string[] = [];
  for (let id = start; id < end; id++) items.push(`{"id":${id},"name":"item-${id}","amount":${id % 10000}}`);
  const pageIndex = Math.floor(start / pageSize) + 1;
  const totalPages = Math.ceil(total / pageSize);
  const pagination = `{"pageSize":${pageSize},"totalCount":${total},"pageIndex":${pageIndex},"totalPages":${totalPages},"continuationToken":"${end}"}`;
  let link: string | undefined;
  if (end < total) {
    const next = new URL(url);
    next.searchParams.set('page', String(pageIndex + 1));
    next.searchParams.set('per_page', String(pageSize));
    next.searchParams.delete('continuationToken');
    link = `<${next.href}>; rel="next"`;
  }
  return { body: `{"data":[${items.join(',')}],"pagination":${pagination}}`, link };
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startBenchServer(): Promise<{ server: Server; url: string }> {
  let stats = emptyStats();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  let accessTtlSeconds = 3600;

  function issue(
    res: ServerResponse,
    withRefresh: boolean,
    ttlSeconds = accessTtlSeconds,
  ): Record<string, unknown> {
    const access = newToken();
    accessTokens.set(access, Date.now() + ttlSeconds * 1000);
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
    };
    if (withRefresh) {
      const refresh = newToken();
      refreshTokens.add(refresh);
      body.refresh_token = refresh;
    }
    sendJson(res, 200, JSON.stringify(body), { 'cache-control': 'no-store' });
    return body;
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.tokenRequests++;
    const form = new URLSearchParams(await readBody(req));
    if (!clientAuthenticated(req, form)) return sendJson(res, 401, '{"error":"invalid_client"}');
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      issue(res, false);
      return;
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      // Single use: a refresh token works once; reusing it is refused as RFC 6749 §5.2 says.
      if (!refreshTokens.delete(refresh)) {
        stats.invalidGrant++;
        return sendJson(
          res,
          400,
          '{"error":"invalid_grant","error_description":"refresh token already used"}',
        );
      }
      issue(res, true);
      return;
    }
    sendJson(res, 400, '{"error":"unsupported_grant_type"}');
  }

  function authorized(req: IncomingMessage, res: ServerResponse): boolean {
    const header = req.headers.authorization ?? '';
    const expiresAt = header.startsWith('Bearer ') ? accessTokens.get(header.slice(7)) : undefined;
    if (expiresAt !== undefined && expiresAt > Date.now()) return true;
    stats.unauthorized++;
    sendJson(res, 401, '{"error":"invalid_token"}', { 'www-authenticate': 'Bearer error="invalid_token"' });
    return false;
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__stats') return sendJson(res, 200, JSON.stringify(stats));
    if (path === '/__reset') {
      stats = emptyStats();
      return sendJson(res, 200, '{}');
    }
    if (path === '/__seed') {
      // Tokens for a client that logged in earlier: an access token that has just expired and a
      // refresh token that has not been used yet.
      const options = JSON.parse((await readBody(req)) || '{}') as { accessTtlSeconds?: number };
      if (options.accessTtlSeconds !== undefined) accessTtlSeconds = options.accessTtlSeconds;
      issue(res, true, -1);
      return;
    }
    sendJson(res, 404, '{"error":"not_found"}');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    if (path === '/api/resource') {
      stats.apiRequests++;
      if (authorized(req, res)) sendJson(res, 200, RESOURCE_BODY);
      return;
    }
    if (path.startsWith('/api/items')) {
      stats.pageRequests++;
      if (!authorized(req, res)) return;
      const url = new URL(path, `http://${req.headers.host ?? '127.0.0.1'}`);
      const { body, link } = pageBody(url, Number(url.searchParams.get('total') ?? 1_000_000));
      return sendJson(res, 200, body, link === undefined ? {} : { link });
    }
    if (path === '/token' && req.method === 'POST') return token(req, res);
    if (path.startsWith('/__')) return control(req, res, path);
    sendJson(res, 404, '{"error":"not_found"}');
  }

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, '{"error":"server_error"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The bench server has no TCP address.');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

// Run as a program (its own process, started by `startServerProcess`): print `{"url":...}`, then
// serve until the parent closes stdin or sends SIGTERM.
if (process.argv[1]?.endsWith('/lib/server.js')) {
  const { server, url } = await startBenchServer();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}
