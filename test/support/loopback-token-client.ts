import { OAuth2Client } from '../../src/oauth/client.js';
import type { OAuth2ClientOptions } from '../../src/oauth/options.js';
import { type ScriptedServerHandle, startScriptedServer } from './scripted-http-server.js';

/**
 * A token endpoint that answers every code exchange with `tokens`, and an `OAuth2Client` on it for
 * loopback-login tests (authorization endpoint `https://as.example/authorize`, client `app`).
 * The caller closes `tokenServer`.
 */
export async function loopbackTokenClient(
  tokens: Record<string, unknown> = { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 },
  options: Partial<OAuth2ClientOptions> = {},
): Promise<{ client: OAuth2Client; tokenServer: ScriptedServerHandle }> {
  const tokenServer = await startScriptedServer([
    { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(tokens) },
  ]);
  const client = new OAuth2Client({
    tokenEndpoint: `${tokenServer.url}/token`,
    authorizationEndpoint: 'https://as.example/authorize',
    clientId: 'app',
    ...options,
  });
  return { client, tokenServer };
}
