import { afterEach, describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { ReauthorizationRequiredError } from '../../src/errors/reauthorization-required-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import type { OAuth2ClientOptions, TokenRequestEvent } from '../../src/oauth/options.js';
import { MemoryTokenStore } from '../../src/tokens/memory-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenEvent } from '../../src/tokens/token-manager-options.js';
import { caught, expectShownNowhere } from '../support/no-secrets.js';
import {
  type Handler,
  type SeenRequest,
  sendJson,
  startServer,
  type TestServer,
} from '../support/test-server.js';

// Characters that form-urlencoding, URI-encoding and Base64 all change, so every form is checked.
const SECRET = 'cl1ent+secret/with=odd&chars~';
const REFRESH = 'refresh-token/0cc175b9+c0f1';
const PASSWORD = 'hunter 2&password=92eb';
const CODE = 'auth-code-5f4dcc3b';
const VERIFIER = 'code-verifier-'.padEnd(43, 'v');
const DEVICE_CODE = 'device-code-e99a18c428';
const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
const BASIC = Buffer.from(`app:${formEncoded(SECRET)}`).toString('base64');
const formsOf = (...values: string[]) =>
  values.flatMap((value) => [value, formEncoded(value), encodeURIComponent(value)]);
const SECRETS = formsOf(SECRET, REFRESH, PASSWORD, CODE, VERIFIER, DEVICE_CODE, BASIC);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const form = (request: SeenRequest) => Object.fromEntries(new URLSearchParams(request.body));

/** A client of a server that answers with `handler`; `events` collects its onTokenRequest events. */
async function clientOf(handler: Handler, options: Partial<OAuth2ClientOptions> = {}) {
  server = await startServer(handler);
  const events: TokenRequestEvent[] = [];
  const client = new OAuth2Client({
    tokenEndpoint: `${server.origin}/token`,
    revocationEndpoint: `${server.origin}/revoke`,
    deviceAuthorizationEndpoint: `${server.origin}/device`,
    clientId: 'app',
    clientSecret: SECRET,
    onTokenRequest: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

describe('token endpoint errors that echo what they were sent', () => {
  it('blanks the refresh token and the Basic credentials out of the message, description, stack, JSON and events', async () => {
    const { client, events } = await clientOf((request, response) =>
      sendJson(response, 400, {
        error: 'invalid_grant',
        error_description: `refresh token ${form(request).refresh_token} revoked; auth was ${request.headers.authorization}`,
      }),
    );
    const error = (await caught(() => client.refresh(REFRESH))) as OAuthError;
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.errorDescription).toBe('refresh token [REDACTED] revoked; auth was Basic [REDACTED]');
    expect(error.message).toContain('(refresh token [REDACTED] revoked; auth was Basic [REDACTED])');
    expect(events).toHaveLength(1);
    expectShownNowhere(error, SECRETS);
    expectShownNowhere(events, SECRETS);
  });

  it('blanks the client secret out of an invalid_client answer that echoes the client_secret_post form, in every encoding', async () => {
    const { client, events } = await clientOf(
      (request, response) =>
        sendJson(response, 401, {
          error: 'invalid_client',
          error_description: `got ${request.body}; secret ${form(request).client_secret}`,
        }),
      { clientAuth: 'client_secret_post' },
    );
    const error = (await caught(() => client.clientCredentials())) as OAuthError;
    expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(error.errorDescription).toBe(
      'got grant_type=client_credentials&client_id=app&client_secret=[REDACTED]; secret [REDACTED]',
    );
    expectShownNowhere(error, SECRETS);
    expectShownNowhere(events, SECRETS);
  });

  it('blanks a secret the server put in the error code itself and in the content type', async () => {
    const { client } = await clientOf((request, response, index) => {
      if (index === 0) return sendJson(response, 400, { error: `bad_${form(request).password}` });
      response.writeHead(200, { 'content-type': `text/${encodeURIComponent(form(request).password ?? '')}` });
      response.end('no');
    });
    const coded = (await caught(() => client.password({ username: 'u', password: PASSWORD }))) as OAuthError;
    expect(coded.error).toBe('bad_[REDACTED]');
    const typed = (await caught(() => client.password({ username: 'u', password: PASSWORD }))) as OAuthError;
    expect(typed).toMatchObject({ error: 'invalid_response', status: 200 });
    expect(typed.message).toContain('answered 200 with text/[REDACTED] instead of');
    expectShownNowhere([coded, typed], SECRETS);
  });

  it('blanks the code and the code verifier a code exchange error echoes', async () => {
    const { client, events } = await clientOf((request, response) => {
      const sent = form(request);
      sendJson(response, 400, {
        error: 'invalid_grant',
        error_description: `code ${sent.code} does not match verifier ${sent.code_verifier}`,
      });
    });
    const error = (await caught(() =>
      client.exchangeCode({ code: CODE, redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: VERIFIER }),
    )) as OAuthError;
    expect(error.errorDescription).toBe('code [REDACTED] does not match verifier [REDACTED]');
    expectShownNowhere(error, SECRETS);
    expectShownNowhere(events, SECRETS);
  });

  it('blanks the revoked token and the Basic credentials a revocation error echoes', async () => {
    const { client, events } = await clientOf((request, response) =>
      sendJson(response, 400, {
        error: 'invalid_request',
        error_description: `cannot revoke ${form(request).token} for ${request.headers.authorization}`,
      }),
    );
    const error = (await caught(() => client.revoke(REFRESH, { hint: 'refresh_token' }))) as OAuthError;
    expect(error).toMatchObject({ error: 'invalid_request', status: 400 });
    expect(error.errorDescription).toBe('cannot revoke [REDACTED] for Basic [REDACTED]');
    expectShownNowhere(error, SECRETS);
    expectShownNowhere(events, SECRETS);
  });

  it('blanks the client secret a device authorization error echoes, and the device code a polling error echoes', async () => {
    const { client, events } = await clientOf(
      (request, response, index) => {
        if (index === 0) {
          return sendJson(response, 401, { error: 'invalid_client', error_description: request.body });
        }
        if (request.path === '/device') {
          return sendJson(response, 200, {
            device_code: DEVICE_CODE,
            user_code: 'ABCD-EFGH',
            verification_uri: 'https://as.example/device',
            expires_in: 600,
            interval: 1,
          });
        }
        sendJson(response, 400, {
          error: 'access_denied',
          error_description: `denied ${form(request).device_code}`,
        });
      },
      { clientAuth: 'client_secret_post' },
    );
    const refused = (await caught(() => client.deviceFlow({ onPrompt: () => undefined }))) as OAuthError;
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(refused.errorDescription).toContain('client_secret=[REDACTED]');
    const denied = (await caught(() => client.deviceFlow({ onPrompt: () => undefined }))) as OAuthError;
    expect(denied).toMatchObject({ error: 'access_denied', errorDescription: 'denied [REDACTED]' });
    expectShownNowhere([refused, denied], SECRETS);
    expectShownNowhere(events, SECRETS);
  });
});

describe('a TokenManager whose refresh is refused with an echo', () => {
  it('keeps the refresh token and the client secret out of refresh-failed and the cause of ReauthorizationRequiredError', async () => {
    const { client } = await clientOf((request, response) =>
      sendJson(response, 400, {
        error: 'invalid_grant',
        error_description: `${form(request).refresh_token} was revoked (${request.headers.authorization})`,
      }),
    );
    const store = new MemoryTokenStore();
    const expired = { accessToken: 'old-access', tokenType: 'Bearer', expiresAt: Date.now() - 1_000 };
    await store.compareAndSet('default', 0, { ...expired, refreshToken: REFRESH, extra: {} });
    const events: TokenEvent[] = [];
    const manager = new TokenManager({ client, store, onEvent: (event) => events.push(event) });
    const error = await caught(() => manager.getAccessToken());
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    const cause = (error as Error).cause as OAuthError;
    expect(cause).toBeInstanceOf(OAuthError);
    expect(cause.errorDescription).toBe('[REDACTED] was revoked (Basic [REDACTED])');
    expect(events.map((event) => event.type)).toEqual(['load', 'refresh-failed', 'reauthorization-required']);
    expectShownNowhere(error, SECRETS);
    expectShownNowhere(events, SECRETS);
  });
});
