import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';
import {
  PASSWORD_SERVER_CLIENT,
  PASSWORD_SERVER_USER,
  type PasswordServerHandle,
  startPasswordServer,
} from '../support/password-server.js';

let server: PasswordServerHandle;
let client: OAuth2Client;
beforeAll(async () => {
  server = await startPasswordServer({ accessTokenTtlSeconds: 900 });
  client = new OAuth2Client({ tokenEndpoint: server.tokenEndpoint, ...PASSWORD_SERVER_CLIENT });
});
afterAll(() => server.close());

describe('password grant against @node-oauth/oauth2-server', () => {
  it('logs in with a username and password, then refreshes with rotation', async () => {
    const before = Date.now();
    const tokens = await client.password({ ...PASSWORD_SERVER_USER, scopes: ['read'] });
    expect(tokens.accessToken).toMatch(/^[0-9a-f]{40,64}$/);
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 899_000);
    const renewed = await client.refresh(tokens.refreshToken ?? '');
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await caught(() => client.refresh(tokens.refreshToken ?? ''));
    expect(reused).toBeInstanceOf(OAuthError);
    expect(reused).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect(server.grants.slice(-3)).toEqual(['password', 'refresh_token', 'refresh_token']);
    expectNoSecrets(reused, [tokens.refreshToken ?? '', PASSWORD_SERVER_CLIENT.clientSecret]);
  });

  it('refuses a wrong password with invalid_grant, once, and no secret in the error', async () => {
    const count = server.grants.length;
    const wrong = 'wrong-password-6512bd43d9';
    const error = await caught(() => client.password({ username: 'alice', password: wrong }));
    expect(error).toMatchObject({
      name: 'OAuthError',
      error: 'invalid_grant',
      status: 400,
      retryable: false,
    });
    expect(server.grants.length).toBe(count + 1);
    expectNoSecrets(error, [wrong, PASSWORD_SERVER_CLIENT.clientSecret]);
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const bad = new OAuth2Client({
      tokenEndpoint: server.tokenEndpoint,
      clientId: PASSWORD_SERVER_CLIENT.clientId,
      clientSecret: 'nope-secret-1679091c5a',
    });
    const error = await caught(() => bad.password(PASSWORD_SERVER_USER));
    expect(error).toMatchObject({ error: 'invalid_client' });
    expectNoSecrets(error, ['nope-secret-1679091c5a', PASSWORD_SERVER_USER.password]);
  });
});
