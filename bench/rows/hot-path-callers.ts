// One authenticated GET per call, done the way each library's documentation shows. Every caller
// reads the JSON body, so all rows do the same work: get a token, send, receive, parse.

import type { Dispatcher } from 'undici';
import { clientCredentialsApi, hasOAuthKitCore, loadOAuthKit } from '../lib/oauthkit.js';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET } from '../lib/server.js';

/** One authenticated GET; resolves `true` on a 200 with a parsed body. */
export type Call = () => Promise<boolean>;

/** Hot-path rows in table order: the floor first, then fetch, oauthkit and the peers. */
export const HOT_PATH_ROWS = [
  'undici',
  'undici-dispatcher',
  'undici-handler',
  'fetch',
  'oauthkit',
  'openid-client',
  'badgateway',
  'simple-oauth2',
] as const;
export type HotPathRow = (typeof HOT_PATH_ROWS)[number];

async function clientCredentialsToken(base: string): Promise<string> {
  const response = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: BENCH_CLIENT_ID,
      client_secret: BENCH_CLIENT_SECRET,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * The headers oauthkit's `ApiClient` sends on a GET (its defaults and the token), so that the raw
 * rows send the same request: each header costs undici a check and bytes on the wire.
 */
async function sameHeadersAsOAuthKit(base: string): Promise<Record<string, string>> {
  return {
    accept: 'application/json',
    'user-agent': `oauthkit/${process.env.OAUTHKIT_BENCH_VERSION ?? '0.1.0'}`,
    authorization: `Bearer ${await clientCredentialsToken(base)}`,
  };
}

async function undiciCaller(base: string): Promise<Call> {
  const { request } = await import('undici');
  const headers = await sameHeadersAsOAuthKit(base);
  const url = `${base}/api/resource`;
  return async () => {
    const { statusCode, body } = await request(url, { headers });
    await body.json();
    return statusCode === 200;
  };
}

/** An undici Agent of its own and the fixed options of the GET the two Agent rows send. */
async function agentGet(base: string) {
  const { Agent } = await import('undici');
  const options = {
    origin: base,
    path: '/api/resource',
    method: 'GET' as const,
    headers: await sameHeadersAsOAuthKit(base),
  };
  return { agent: new Agent(), options };
}

/**
 * `dispatcher.request` with origin and path, no URL parsing per call, and one fixed set of headers:
 * the yardstick of the hot-path goal. oauthkit's transport sends streamed answers this way; answers
 * it reads whole go through a dispatch handler of its own (the next row).
 */
async function undiciDispatcherCaller(base: string): Promise<Call> {
  const { agent, options } = await agentGet(base);
  return async () => {
    const { statusCode, body } = await agent.request(options);
    await body.json();
    return statusCode === 200;
  };
}

/**
 * What oauthkit's transport now does for an answer it reads whole: `dispatcher.dispatch` with a
 * handler that keeps the chunks and parses them at the end, no body stream: the floor under oauthkit.
 */
async function undiciHandlerCaller(base: string): Promise<Call> {
  const { agent, options } = await agentGet(base);
  return () =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      const handler: Dispatcher.DispatchHandler = {
        // undici tells a handler of this API from a legacy one by this method.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
          resolve(status === 200);
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      };
      agent.dispatch(options, handler);
    });
}

async function fetchCaller(base: string): Promise<Call> {
  const headers = { authorization: `Bearer ${await clientCredentialsToken(base)}` };
  const url = `${base}/api/resource`;
  return async () => {
    const response = await fetch(url, { headers });
    await response.json();
    return response.status === 200;
  };
}

async function oauthkitCaller(base: string): Promise<Call> {
  const kit = await loadOAuthKit();
  if (!hasOAuthKitCore(kit))
    throw new Error('oauthkit does not export ApiClient, TokenManager and OAuth2Client yet.');
  const api = clientCredentialsApi(kit, base);
  return async () => (await api.get('/api/resource')).status === 200;
}

async function openidClientCaller(base: string): Promise<Call> {
  const oidc = await import('openid-client');
  const config = new oidc.Configuration(
    { issuer: base, token_endpoint: `${base}/token` },
    BENCH_CLIENT_ID,
    BENCH_CLIENT_SECRET,
  );
  oidc.allowInsecureRequests(config);
  const tokens = await oidc.clientCredentialsGrant(config);
  const url = new URL(`${base}/api/resource`);
  return async () => {
    const response = await oidc.fetchProtectedResource(config, tokens.access_token, url, 'GET');
    await response.json();
    return response.status === 200;
  };
}

async function badgatewayCaller(base: string): Promise<Call> {
  const { OAuth2Client, OAuth2Fetch } = await import('@badgateway/oauth2-client');
  const client = new OAuth2Client({
    server: base,
    tokenEndpoint: '/token',
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  });
  const wrapper = new OAuth2Fetch({
    client,
    getNewToken: () => client.clientCredentials(),
    scheduleRefresh: false,
  });
  const url = `${base}/api/resource`;
  return async () => {
    const response = await wrapper.fetch(url);
    await response.json();
    return response.status === 200;
  };
}

async function simpleOAuth2Caller(base: string): Promise<Call> {
  const { ClientCredentials } = await import('simple-oauth2');
  const oauth = new ClientCredentials({
    client: { id: BENCH_CLIENT_ID, secret: BENCH_CLIENT_SECRET },
    auth: { tokenHost: base, tokenPath: '/token' },
  });
  let accessToken = await oauth.getToken({});
  const url = `${base}/api/resource`;
  return async () => {
    // simple-oauth2's documented pattern: check expiry before each use, get a new token when needed.
    if (accessToken.expired(60)) accessToken = await oauth.getToken({});
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken.token.access_token}` },
    });
    await response.json();
    return response.status === 200;
  };
}

/** Builds the caller of a row against the bench server at `base`. */
export function createCaller(row: HotPathRow, base: string): Promise<Call> {
  switch (row) {
    case 'undici':
      return undiciCaller(base);
    case 'undici-dispatcher':
      return undiciDispatcherCaller(base);
    case 'undici-handler':
      return undiciHandlerCaller(base);
    case 'fetch':
      return fetchCaller(base);
    case 'oauthkit':
      return oauthkitCaller(base);
    case 'openid-client':
      return openidClientCaller(base);
    case 'badgateway':
      return badgatewayCaller(base);
    case 'simple-oauth2':
      return simpleOAuth2Caller(base);
  }
}
