import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { caught } from '../support/no-secrets.js';
import {
  type ScriptedAnswer,
  type ScriptedServerHandle,
  startScriptedServer,
} from '../support/scripted-http-server.js';

let server: ScriptedServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const notFound: ScriptedAnswer = {
  status: 404,
  headers: { 'content-type': 'text/plain' },
  body: 'Not Found',
};

describe('OAuth2Client.discover', () => {
  it('reads RFC 8414 metadata first and sends grants to the discovered token endpoint', async () => {
    const answers: ScriptedAnswer[] = [];
    server = await startScriptedServer(answers);
    const issuer = server.url;
    answers.push(
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          issuer,
          token_endpoint: `${issuer}/oauth/token`,
          revocation_endpoint: `${issuer}/oauth/revoke`,
        }),
      },
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: 'a', token_type: 'bearer', organization_slug: 'club' }),
      },
    );
    const client = await OAuth2Client.discover(issuer, { clientId: 'c', clientSecret: 's-1' });
    const tokens = await client.clientCredentials();
    expect(tokens.extra).toEqual({ organization_slug: 'club' });
    expect(tokens.expiresAt).toBeNull();
    expect(server.requests.map((r) => r.path)).toEqual([
      '/.well-known/oauth-authorization-server',
      '/oauth/token',
    ]);
  });

  it('falls back to OpenID Connect discovery, then says what failed', async () => {
    server = await startScriptedServer([notFound]);
    const error = await caught(() => OAuth2Client.discover(server?.url ?? '', { clientId: 'c' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/No usable metadata at .*oauth2: .*; oidc: /);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
    ]);
  });

  it('reports an unreachable issuer as NetworkError', async () => {
    server = await startScriptedServer([notFound]);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await caught(() => OAuth2Client.discover(url, { clientId: 'c' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a plain-http issuer that is not loopback before any request', async () => {
    const error = await caught(() => OAuth2Client.discover('http://as.example.com', { clientId: 'c' }));
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});
