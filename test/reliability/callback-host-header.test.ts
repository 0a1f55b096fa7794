// The loopback login server against DNS rebinding: a page on another site whose name the attacker
// re-points at 127.0.0.1 reaches the callback server with its own name in `Host`. Such requests
// must be refused without ending the login.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuth2Client } from '../../src/oauth/client.js';
import { loopbackTokenClient } from '../support/loopback-token-client.js';
import type { ScriptedServerHandle } from '../support/scripted-http-server.js';

let tokenServer: ScriptedServerHandle | undefined;
afterEach(async () => {
  await tokenServer?.close();
  tokenServer = undefined;
});

async function makeClient(): Promise<OAuth2Client> {
  let client: OAuth2Client;
  ({ client, tokenServer } = await loopbackTokenClient());
  return client;
}

/** GETs the callback on 127.0.0.1 with `host` as the Host header (undefined: none); returns the status. */
function visitWithHost(redirectUri: string, query: string, host: string | undefined): Promise<number> {
  const url = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: '127.0.0.1', port: url.port, path: `${url.pathname}?${query}`, setHost: false },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    if (host !== undefined) sent.setHeader('host', host);
    sent.on('error', reject);
    sent.end();
  });
}

describe('loopback callback server Host check', () => {
  it('answers 400 to a foreign Host, even with the right state and code, and the login still completes', async () => {
    const client = await makeClient();
    const seen: number[] = [];
    const tokens = await client.authorizeInBrowser({
      open: false,
      onUrl: async (url) => {
        const params = new URL(url).searchParams;
        const redirectUri = params.get('redirect_uri') ?? '';
        const port = new URL(redirectUri).port;
        const query = `code=stolen-code&state=${params.get('state')}`;
        for (const host of [
          `rebind.attacker.example:${port}`,
          'rebind.attacker.example',
          '127.0.0.1',
          `127.0.0.1:${Number(port) + 1}`,
          `localhost.attacker.example:${port}`,
          undefined,
        ]) {
          seen.push(await visitWithHost(redirectUri, query, host));
        }
        seen.push(
          await visitWithHost(
            redirectUri,
            `code=good-code&state=${params.get('state')}`,
            `localhost:${port}`,
          ),
        );
      },
    });
    expect(seen).toEqual([400, 400, 400, 400, 400, 400, 200]);
    expect(tokens.accessToken).toBe('at-1');
    expect(tokenServer?.requests).toHaveLength(1);
    expect(tokenServer?.requests[0]?.form.code).toBe('good-code');
  });

  it('accepts 127.0.0.1:<port> and [::1]:<port>', async () => {
    for (const name of ['127.0.0.1', '[::1]']) {
      const client = await makeClient();
      const tokens = await client.authorizeInBrowser({
        open: false,
        onUrl: async (url) => {
          const params = new URL(url).searchParams;
          const redirectUri = params.get('redirect_uri') ?? '';
          const host = `${name}:${new URL(redirectUri).port}`;
          expect(await visitWithHost(redirectUri, `code=c&state=${params.get('state')}`, host)).toBe(200);
        },
      });
      expect(tokens.accessToken).toBe('at-1');
      await tokenServer?.close();
      tokenServer = undefined;
    }
  });
});
