import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import type { TokenRequestEvent } from '../../src/oauth/options.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';
import {
  type ScriptedAnswer,
  type ScriptedServerHandle,
  startScriptedServer,
} from '../support/scripted-http-server.js';

const SECRET = 'client-secret-d41d8cd98f';
const REFRESH = 'refresh-token-0cc175b9c0f1';
const PASSWORD = 'hunter2-password-92eb5ffee6';
const SECRETS = [SECRET, REFRESH, PASSWORD, Buffer.from(`app:${SECRET}`).toString('base64')];
const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const TOKENS = json(200, {
  access_token: 'new-access',
  token_type: 'Bearer',
  expires_in: '120',
  refresh_token: 'r2',
});

let server: ScriptedServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(
  answers: ScriptedAnswer[],
  extra: { timeoutMs?: number; events?: TokenRequestEvent[] } = {},
) {
  server = await startScriptedServer(answers);
  const events = extra.events;
  return new OAuth2Client({
    tokenEndpoint: `${server.url}/token`,
    clientId: 'app',
    clientSecret: SECRET,
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    ...(events ? { onTokenRequest: (event: TokenRequestEvent) => events.push(event) } : {}),
  });
}

describe('token endpoint answers that are not token responses', () => {
  it('maps an HTML 502 page to invalid_response with status, endpoint and a hint, after retrying twice', async () => {
    const client = await clientFor([
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
    ]);
    const error = await caught(() => client.refresh(REFRESH));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_response', status: 502, retryable: true });
    expect((error as Error).message).toContain(`${server?.url}/token answered 502 with text/html`);
    expect((error as Error).message).toContain('check tokenEndpoint');
    expect(server?.requests).toHaveLength(3);
    expect(server?.requests[0]?.form.grant_type).toBe('refresh_token');
    expectNoSecrets(error, SECRETS);
  });

  it('maps a non-JSON 200 to invalid_response', async () => {
    const client = await clientFor([{ status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' }]);
    const error = await caught(() => client.clientCredentials());
    expect(error).toMatchObject({ error: 'invalid_response', status: 200, retryable: false });
    expect((error as Error).message).toMatch(
      /answered 200 with text\/plain instead of a JSON token response/,
    );
    expect(server?.requests).toHaveLength(1);
    expectNoSecrets(error, SECRETS);
  });

  it('maps JSON without access_token to invalid_response', async () => {
    const client = await clientFor([json(200, { token_type: 'Bearer', refresh_token: REFRESH })]);
    const error = await caught(() => client.password({ username: 'u', password: PASSWORD }));
    expect(error).toMatchObject({ error: 'invalid_response', status: 200 });
    expect((error as Error).message).toContain('has no access_token');
    expect(server?.requests[0]?.form).toMatchObject({
      grant_type: 'password',
      username: 'u',
      password: PASSWORD,
    });
    expectNoSecrets(error, SECRETS);
  });

  it('maps JSON sent as text/html to invalid_response (wrong content type)', async () => {
    const client = await clientFor([
      { status: 200, headers: { 'content-type': 'text/html' }, body: '{"access_token":"a"}' },
    ]);
    const error = await caught(() => client.clientCredentials());
    expect(error).toMatchObject({ error: 'invalid_response', status: 200 });
  });

  it('keeps the OAuth error code of a 400 invalid_client and does not retry it', async () => {
    const client = await clientFor([
      json(401, { error: 'invalid_client', error_description: 'client authentication failed' }),
    ]);
    const error = await caught(() => client.clientCredentials());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      error: 'invalid_client',
      errorDescription: 'client authentication failed',
      status: 401,
    });
    expect((error as Error).message).toContain('check clientId, clientSecret and clientAuth');
    expect(server?.requests).toHaveLength(1);
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const basic = String(server?.requests[0]?.headers.authorization);
    const [id, secret] = Buffer.from(basic.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    expect([decodeURIComponent(id ?? ''), decodeURIComponent(secret ?? '')]).toEqual(['app', SECRET]);
    expect(server?.requests[0]?.form.client_secret).toBeUndefined();
    expectNoSecrets(error, SECRETS);
  });
});

describe('retries and time limits', () => {
  it('retries a refresh after a 503 and a 429 with Retry-After, then succeeds', async () => {
    const events: TokenRequestEvent[] = [];
    const client = await clientFor(
      [
        json(503, { error: 'temporarily_unavailable' }),
        json(429, { error: 'slow' }, { 'retry-after': '0' }),
        TOKENS,
      ],
      { events },
    );
    const tokens = await client.refresh(REFRESH);
    expect(tokens.accessToken).toBe('new-access');
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(server?.requests.map((r) => r.form.refresh_token)).toEqual([REFRESH, REFRESH, REFRESH]);
    expect(events.map((e) => e.status)).toEqual([503, 429, undefined]);
    expectNoSecrets(events, SECRETS);
  });

  it('never retries a code exchange', async () => {
    const client = await clientFor([json(503, { error: 'temporarily_unavailable' }), TOKENS]);
    const error = await caught(() =>
      client.exchangeCode({
        code: 'c0de',
        redirectUri: 'http://127.0.0.1:1/cb',
        codeVerifier: 'v'.repeat(43),
      }),
    );
    expect(error).toMatchObject({ error: 'temporarily_unavailable', status: 503, retryable: true });
    expect(server?.requests).toHaveLength(1);
  });

  it('times out a token endpoint that never answers with TimeoutError', async () => {
    const client = await clientFor(['hang'], { timeoutMs: 300 });
    const error = await caught(() =>
      client.exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: 'v'.repeat(43) }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300 });
    expect(server?.requests).toHaveLength(1);
  });

  it('lets the caller’s signal cancel a token request', async () => {
    const client = await clientFor(['hang']);
    const controller = new AbortController();
    const pending = caught(() => client.clientCredentials({ signal: controller.signal }));
    while (server?.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort(new Error('caller gave up'));
    expect(((await pending) as Error).message).toBe('caller gave up');
  });

  it('turns a dropped connection into NetworkError (after the retries of a client credentials grant)', async () => {
    const client = await clientFor(['drop']);
    const error = await caught(() => client.clientCredentials());
    expect(error).toBeInstanceOf(NetworkError);
    expect(server?.requests).toHaveLength(3);
  });
});

describe('configuration', () => {
  it('refuses plain http endpoints that are not loopback', () => {
    const make = (extra: object) => () =>
      new OAuth2Client({ tokenEndpoint: 'http://auth.example.com/token', clientId: 'a', ...extra });
    expect(make({})).toThrow(ConfigurationError);
    expect(make({})).toThrow(/not loopback/);
    expect(make({ allowInsecureHttp: true })).not.toThrow();
    expect(
      () => new OAuth2Client({ tokenEndpoint: 'http://localhost:9/token', clientId: 'a' }),
    ).not.toThrow();
  });

  it('refuses a secret-based clientAuth without a secret, and a non-positive timeoutMs', () => {
    const base = { tokenEndpoint: 'https://as.example/token', clientId: 'a' };
    expect(() => new OAuth2Client({ ...base, clientAuth: 'client_secret_post' })).toThrow(ConfigurationError);
    expect(() => new OAuth2Client({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(new OAuth2Client(base).timeoutMs).toBe(30_000);
  });

  it('sends client_secret_post credentials in the form, not in a header', async () => {
    server = await startScriptedServer([TOKENS]);
    const client = new OAuth2Client({
      tokenEndpoint: `${server.url}/t`,
      clientId: 'app',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
    });
    await client.clientCredentials({ scopes: ['a', 'b'] });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.form).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: SECRET,
      scope: 'a b',
    });
  });

  it('keeps the client secret out of util.inspect', async () => {
    const { inspect } = await import('node:util');
    const client = new OAuth2Client({
      tokenEndpoint: 'https://as.example/token',
      clientId: 'a',
      clientSecret: SECRET,
    });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain(SECRET);
  });
});
