import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';
import { sendJson, startServer, type TestServer } from '../support/test-server.js';

// ApiClient with the real TokenManager and a certified authorization server: the API below
// revokes tokens on demand, so a 401 must cause exactly one new client-credentials grant.
let op: OidcProviderHandle;
let api: TestServer;
const revoked = new Set<string>();
let refuseEveryToken = false;

beforeAll(async () => {
  op = await startOidcProvider();
  api = await startServer((request, response) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (token === '' || refuseEveryToken || revoked.has(token))
      return sendJson(response, 401, { error: 'invalid_token' });
    sendJson(response, 200, { path: request.path });
  });
});
afterAll(async () => {
  await api?.close();
  await op?.close();
});

function apiClient(): { client: ApiClient; tokens: TokenManager } {
  const oauth = new OAuth2Client({
    tokenEndpoint: op.tokenEndpoint,
    clientId: op.clients.basic.clientId,
    clientSecret: op.clients.basic.clientSecret,
  });
  const tokens = new TokenManager({ client: oauth, grant: 'client_credentials' });
  return { client: new ApiClient({ baseUrl: api.origin, auth: tokens }), tokens };
}

describe('ApiClient with TokenManager', () => {
  it('gets a token once, then re-mints once when the API refuses it', async () => {
    const { client } = apiClient();
    const grantsBefore = op.count('client_credentials');
    await client.get('/a');
    await client.get('/b');
    expect(op.count('client_credentials') - grantsBefore).toBe(1);
    const first = api.requests.at(-1)?.headers.authorization?.replace(/^Bearer /, '') ?? '';
    revoked.add(first);
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => client.get(`/c${index}`)));
    expect(results.every((result) => result.status === 200)).toBe(true);
    // 20 concurrent 401s with the same rejected token cause one new grant, not twenty.
    expect(op.count('client_credentials') - grantsBefore).toBe(2);
    await client.close();
  });

  it('gives up with ApiError when the new token is refused too', async () => {
    const { client } = apiClient();
    const seen = api.requests.length;
    const grantsBefore = op.count('client_credentials');
    refuseEveryToken = true;
    try {
      const error = await client.get('/refused').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
    } finally {
      refuseEveryToken = false;
    }
    expect(api.requests.length - seen).toBe(2);
    expect(op.count('client_credentials') - grantsBefore).toBe(2);
    await client.close();
  });
});
