import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleFaultAdmin } from './_fault-admin.js';
import type { SandboxAuthorizationServer } from './auth/authorization-server.js';
import type { FaultInjector } from './faults.js';
import {
  BodyTooLargeError,
  mediaType,
  parseFormBody,
  parseJsonBody,
  readBody,
  send,
  sendJson,
} from './http-messages.js';
import type { ProviderApi, ProviderApiResponse } from './provider-api.js';

/** Path prefixes of the sandbox, one origin for both providers. */
export const SANDBOX_PATHS = {
  misocaSite: '/misoca',
  misocaAuthorize: '/misoca/oauth2/authorize',
  misocaToken: '/misoca/oauth2/token',
  misocaRevoke: '/misoca/oauth2/revoke',
  misocaApi: '/misoca/api/v3',
  helloassoApiBase: '/helloasso',
  helloassoAuthBase: '/helloasso/auth',
  helloassoAuthorize: '/helloasso/auth/authorize',
  helloassoToken: '/helloasso/oauth2/token',
  helloassoDisconnect: '/helloasso/oauth2/disconnect',
  helloassoApi: '/helloasso/v5',
  helloassoCheckout: '/helloasso/checkout',
  admin: '/_sandbox',
} as const;

/** What the sandbox HTTP server routes to. */
export interface SandboxServerParts {
  misocaAuth: SandboxAuthorizationServer;
  helloassoAuth: SandboxAuthorizationServer;
  misocaApi: ProviderApi;
  helloassoApi: ProviderApi;
  faults: FaultInjector;
  /**
   * The payer's checkout page (`{apiBase}/checkout/{slug}/{id}`, the intent's `redirectUrl`): pays
   * the intent, notifies, and answers the redirect to its `returnUrl`.
   */
  checkout?: (checkoutIntentId: number, outcome: 'succeeded' | 'refused') => Promise<ProviderApiResponse>;
  /** Answer of `GET /_sandbox` (URLs and clients, as `npm run sandbox -- --json` prints). */
  describe(): unknown;
  /** Told about unexpected errors (the request got a 500). */
  onError?: (error: unknown) => void;
}

type Route = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;

async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  const raw = await readBody(request);
  return mediaType(request) === 'application/x-www-form-urlencoded' ? parseFormBody(raw) : {};
}

function apiRoute(api: ProviderApi, auth: SandboxAuthorizationServer, prefix: string): Route {
  return async (request, response, url) => {
    const rawBody = await readBody(request);
    const result = await api.handle({
      method: request.method ?? 'GET',
      path: url.pathname.slice(prefix.length) || '/',
      query: url.searchParams,
      headers: request.headers,
      body: mediaType(request).endsWith('json') ? parseJsonBody(rawBody) : undefined,
      rawBody,
      caller: await auth.callerFor(request.headers),
      baseUrl: `${url.origin}${prefix}`,
    });
    const headers = { ...result.headers };
    if (result.json !== undefined) sendJson(response, result.status, result.json, headers);
    else if (result.body !== undefined) {
      send(response, result.status, result.body, {
        'content-type': result.contentType ?? 'application/octet-stream',
        ...headers,
      });
    } else send(response, result.status, '', headers);
  };
}

function checkoutRoute(checkout: NonNullable<SandboxServerParts['checkout']>): Route {
  return async (_request, response, url) => {
    const id = Number(url.pathname.split('/').at(-1));
    const outcome = url.searchParams.get('outcome') === 'refused' ? 'refused' : 'succeeded';
    const result = await checkout(id, outcome);
    if (result.json !== undefined) sendJson(response, result.status, result.json, result.headers);
    else send(response, result.status, '', result.headers ?? {});
  };
}

function routeFor(parts: SandboxServerParts, path: string): Route | null {
  const { misocaAuth, helloassoAuth } = parts;
  const p = SANDBOX_PATHS;
  switch (path) {
    case p.misocaAuthorize:
      return async (req, res, url) =>
        misocaAuth.authorize(req, res, url, req.method === 'POST' ? await readForm(req) : null);
    case p.helloassoAuthorize:
      return async (req, res, url) =>
        helloassoAuth.authorize(req, res, url, req.method === 'POST' ? await readForm(req) : null);
    case p.misocaToken:
      return async (req, res) => misocaAuth.token(req, res, await readForm(req));
    case p.helloassoToken:
      return async (req, res) => helloassoAuth.token(req, res, await readForm(req));
    case p.misocaRevoke:
      return async (req, res) => misocaAuth.revoke(req, res, await readForm(req));
    case p.helloassoDisconnect:
      return async (req, res) => helloassoAuth.disconnect(req, res);
    case `${p.admin}/faults`:
      return async (req, res) => handleFaultAdmin(parts.faults, req, res);
    case p.admin:
      return async (_req, res) => sendJson(res, 200, parts.describe());
    case `${p.admin}/token-requests`:
      return async (_req, res) =>
        sendJson(res, 200, {
          misoca: misocaAuth.tokenRequestCounts(),
          helloasso: helloassoAuth.tokenRequestCounts(),
        });
  }
  if (path.startsWith(`${p.helloassoCheckout}/`) && parts.checkout) return checkoutRoute(parts.checkout);
  if (path.startsWith(`${p.misocaApi}/`)) return apiRoute(parts.misocaApi, misocaAuth, p.misocaApi);
  if (path.startsWith(`${p.helloassoApi}/`))
    return apiRoute(parts.helloassoApi, helloassoAuth, p.helloassoApi);
  return null;
}

/**
 * The sandbox's single `node:http` server: fault injection first (except on `/_sandbox`),
 * then the authorization servers and the API emulations under their provider prefixes.
 */
export function createSandboxServer(parts: SandboxServerParts): Server {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    void (async () => {
      if (!url.pathname.startsWith(SANDBOX_PATHS.admin)) {
        if (await parts.faults.apply(request, response, url.pathname)) return;
      }
      const route = routeFor(parts, url.pathname);
      if (!route) {
        sendJson(response, 404, { error: 'not_found', message: `No sandbox route for ${url.pathname}.` });
        return;
      }
      await route(request, response, url);
    })().catch((error: unknown) => {
      if (!(error instanceof BodyTooLargeError)) parts.onError?.(error);
      if (response.headersSent || request.socket.destroyed) return;
      if (error instanceof BodyTooLargeError)
        sendJson(response, 413, { error: 'payload_too_large', message: error.message });
      else
        sendJson(response, 500, {
          error: 'server_error',
          message: 'The sandbox failed on this request.',
        });
    });
  });
  // Clients keep connections alive between tests; do not hold close() for them.
  server.keepAliveTimeout = 5_000;
  return server;
}
