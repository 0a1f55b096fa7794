import { afterEach, describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { caught } from '../support/no-secrets.js';
import {
  type ScriptedAnswer,
  type ScriptedServerHandle,
  startScriptedServer,
} from '../support/scripted-http-server.js';

const json = (status: number, body: unknown): ScriptedAnswer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const device = (expiresIn = 600) =>
  json(200, {
    device_code: 'dev-code-1',
    user_code: 'ABCD-EFGH',
    verification_uri: 'https://as.example/device',
    verification_uri_complete: 'https://as.example/device?user_code=ABCD-EFGH',
    expires_in: expiresIn,
    interval: 1,
  });
const pending = json(400, { error: 'authorization_pending' });

let server: ScriptedServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(answers: ScriptedAnswer[]): Promise<OAuth2Client> {
  server = await startScriptedServer(answers);
  return new OAuth2Client({
    tokenEndpoint: `${server.url}/token`,
    deviceAuthorizationEndpoint: `${server.url}/device`,
    clientId: 'tv-app',
    scopes: ['read'],
  });
}

const arrivals = () => (server?.requests ?? []).map((r) => r.form.grant_type ?? r.path);

describe('device flow (RFC 8628) polling', () => {
  it('shows the code, waits while pending, and slows down by 5 s on slow_down', async () => {
    const client = await clientFor([
      device(),
      pending,
      json(400, { error: 'slow_down' }),
      json(200, { access_token: 'tv-token', token_type: 'Bearer' }),
    ]);
    const prompts: string[] = [];
    const tokens = await client.deviceFlow({
      onPrompt: (prompt) => {
        prompts.push(`${prompt.userCode} ${prompt.verificationUri} ${prompt.verificationUriComplete}`);
      },
      signal: new AbortController().signal,
    });
    expect(tokens.accessToken).toBe('tv-token');
    expect(prompts).toEqual([
      'ABCD-EFGH https://as.example/device https://as.example/device?user_code=ABCD-EFGH',
    ]);
    const grant = 'urn:ietf:params:oauth:grant-type:device_code';
    expect(arrivals()).toEqual(['/device', grant, grant, grant]);
    expect(server?.requests[0]?.form).toMatchObject({ client_id: 'tv-app', scope: 'read' });
    expect(server?.requests[1]?.form.device_code).toBe('dev-code-1');
    const at = (server?.requests ?? []).map((r) => r.at);
    // After slow_down the interval grows from 1 s to 6 s (RFC 8628 §3.5).
    expect((at[3] ?? 0) - (at[2] ?? 0)).toBeGreaterThanOrEqual(5_900);
  }, 30_000);

  it('stops with OAuthError access_denied when the person refuses', async () => {
    const client = await clientFor([device(), pending, json(400, { error: 'access_denied' })]);
    const error = await caught(() => client.deviceFlow({ onPrompt: () => undefined }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'access_denied', status: 400 });
    expect(server?.requests).toHaveLength(3);
  });

  it('stops with expired_token once the device code has expired', async () => {
    const client = await clientFor([device(2), pending]);
    const error = await caught(() => client.deviceFlow({ onPrompt: () => undefined }));
    expect(error).toMatchObject({ name: 'OAuthError', error: 'expired_token' });
    expect(server?.requests.length).toBeGreaterThanOrEqual(2);
    expect(server?.requests.length).toBeLessThanOrEqual(3);
  });

  it('stops polling when the caller aborts', async () => {
    const client = await clientFor([device(), pending]);
    const controller = new AbortController();
    const error = await caught(() =>
      client.deviceFlow({
        onPrompt: () => controller.abort(new Error('user closed the dialog')),
        signal: controller.signal,
      }),
    );
    expect((error as Error).message).toBe('user closed the dialog');
    expect(server?.requests).toHaveLength(1);
  });

  it('rides out dropped connections, 503s and a 429 while polling, backing off, then gets the tokens', async () => {
    const client = await clientFor([
      device(),
      pending,
      'drop',
      json(503, { error: 'temporarily_unavailable' }),
      {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: '{"error":"busy"}',
      },
      pending,
      json(200, { access_token: 'tv-token-2', token_type: 'Bearer' }),
    ]);
    const tokens = await client.deviceFlow({ onPrompt: () => undefined });
    expect(tokens.accessToken).toBe('tv-token-2');
    const grant = 'urn:ietf:params:oauth:grant-type:device_code';
    expect(arrivals()).toEqual(['/device', grant, grant, grant, grant, grant, grant]);
    const at = (server?.requests ?? []).map((r) => r.at);
    const gaps = at.slice(2).map((time, index) => time - (at[index + 1] ?? 0));
    // interval 1 s; after failure 1, 2, 3 in a row: 2 s, 4 s, 8 s; after the pending answer, 1 s again.
    expect(gaps[0]).toBeLessThan(1_900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_900);
    expect(gaps[2]).toBeGreaterThanOrEqual(3_900);
    expect(gaps[3]).toBeGreaterThanOrEqual(7_900);
    expect(gaps[4]).toBeLessThan(1_900);
    expect(gaps).toHaveLength(5);
  }, 40_000);

  it('ends with expired_token naming the last failure when the server stays down for the code’s lifetime', async () => {
    const client = await clientFor([device(4), json(502, { error: 'bad_gateway' })]);
    const error = await caught(() => client.deviceFlow({ onPrompt: () => undefined }));
    expect(error).toMatchObject({ name: 'OAuthError', error: 'expired_token' });
    expect((error as Error).message).toMatch(/the last polls failed: .*502/);
    // Polls at about 1 s, 3 s and one last one before 4 s: never after the code expired.
    expect(server?.requests.length).toBeGreaterThanOrEqual(3);
    expect(server?.requests.length).toBeLessThanOrEqual(4);
  }, 20_000);
});
