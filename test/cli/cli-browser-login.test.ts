import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, loginThroughProvider } from '../support/browser.js';
import { freshHome, runCli, startCli } from '../support/cli-run.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';
import { freePort, startServer, type TestServer } from '../support/test-server.js';

const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10, 0x80]);

// An API that accepts any bearer token: /me, /items in 3 pages with Link headers, /missing 404, /invoice.pdf.
function startApi(): Promise<TestServer> {
  return startServer((request, response) => {
    if (!request.headers.authorization?.startsWith('Bearer ')) return void response.writeHead(401).end();
    if (request.path === '/me')
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"name":"alice","id":7}');
    if (request.path === '/invoice.pdf')
      return void response.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    if (request.path === '/items') {
      const page = Number(request.query.get('page') ?? '1');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page < 3) headers.link = `<${request.path}?page=${page + 1}>; rel="next"`;
      const items = [1, 2].map((n) => ({ id: (page - 1) * 2 + n, page }));
      return void response.writeHead(200, headers).end(JSON.stringify(items));
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
}

describe('oauthkit login (browser) through Chromium, then the API commands', () => {
  let op: OidcProviderHandle;
  let api: TestServer;
  let browser: BrowserHandle;
  let home: string;
  const { clientId, clientSecret } = { clientId: 'code-client', clientSecret: 'code-secret-9d1c3b7a20' };

  beforeAll(async () => {
    [op, api, browser] = await Promise.all([startOidcProvider(), startApi(), launchBrowser()]);
    home = await freshHome();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([op?.close(), api?.close(), browser?.close()]);
  });

  it('logs in with --no-open and the URL read from stderr, then status, token, api, paginate, jq, -o, logout --revoke', async () => {
    let opened = false;
    const login = startCli(
      home,
      [
        'login',
        '--provider',
        'custom',
        '--issuer',
        op.issuer,
        '--client-id',
        clientId,
        '--scopes',
        'openid offline_access',
        '--no-open',
        '--api-base',
        api.origin,
      ],
      {
        env: { OAUTHKIT_CLIENT_SECRET: clientSecret },
        onStderr: (text) => {
          const url = text.match(/^\s+(http\S+)$/m)?.[1];
          if (url && !opened) {
            opened = true;
            void loginThroughProvider(browser, url, op.issuer);
          }
        },
      },
    );
    const loggedIn = await login.result;
    expect(loggedIn.stderr).toContain(`tokens saved in ${join(home, 'state', 'tokens.json')}`);
    expect(loggedIn.code).toBe(0);
    expect(op.count('authorization_code')).toBe(1);

    const status = JSON.parse((await runCli(home, ['status', '--json'])).stdout);
    expect(status).toMatchObject({
      profile: 'custom',
      provider: 'custom',
      loggedIn: true,
      refreshToken: true,
    });
    expect(status.scopes).toContain('openid');
    const token = (await runCli(home, ['token'])).stdout.trim();
    expect(token.length).toBeGreaterThan(10);

    const me = await runCli(home, ['api', '-X', 'GET', '/me']);
    expect([me.code, JSON.parse(me.stdout)]).toEqual([0, { name: 'alice', id: 7 }]);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);

    const pages = await runCli(home, ['api', '/items', '--paginate', '--format', 'ndjson']);
    expect(pages.code).toBe(0);
    expect(
      pages.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    const filtered = await runCli(home, [
      'api',
      '/items',
      '--paginate',
      '--jq',
      'select(.page == 2) | .id',
      '--format',
      'ndjson',
    ]);
    expect([filtered.code, filtered.stdout]).toEqual([0, '3\n4\n']);
    const table = await runCli(home, ['api', '/items', '--paginate', '--format', 'csv']);
    expect(table.stdout).toBe('id,page\n1,1\n2,1\n3,2\n4,2\n5,3\n6,3\n');

    const file = join(home, 'invoice.pdf');
    const saved = await runCli(home, ['api', '/invoice.pdf', '-o', file]);
    expect(saved.code).toBe(0);
    expect(Buffer.compare(await readFile(file), PDF)).toBe(0);

    const missing = await runCli(home, ['api', '/missing']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^error: GET \S+\/missing answered 404\n/);

    const tokens = JSON.parse(await readFile(join(home, 'state', 'tokens.json'), 'utf8'));
    const refreshToken = tokens.tokens.custom.tokens.refreshToken as string;
    const logout = await runCli(home, ['logout', '--revoke']);
    expect([logout.code, logout.stderr]).toEqual([
      0,
      'Revoked at the server.\nLogged out of profile "custom".\n',
    ]);
    // The server saw the revocation: the refresh token no longer works there.
    const refused = await fetch(op.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error?: string }).error).toBe('invalid_grant');
    for (const result of [loggedIn, me, pages, saved, missing, logout])
      expectNoSecrets(result, [clientSecret, token, refreshToken]);
  }, 90_000);

  it('an unreachable API exits 5; an unknown command or flag exits 2 with usage', async () => {
    const port = await freePort();
    const other = await freshHome();
    const login = await runCli(
      other,
      [
        'login',
        '--flow',
        'client-credentials',
        '--token-url',
        `http://127.0.0.1:${port}/token`,
        '--client-id',
        'x',
      ],
      { env: { OAUTHKIT_CLIENT_SECRET: 'unreachable-secret-1234' } },
    );
    expect(login.code).toBe(5);
    expect(login.stderr).toMatch(/^error: .*\nhint: check the URL and your connection\n$/);
    expectNoSecrets(login, ['unreachable-secret-1234']);
    const unknownCommand = await runCli(other, ['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("error: unknown command 'frobnicate'");
    expect(unknownCommand.stderr).toContain('Usage: oauthkit');
    const unknownFlag = await runCli(other, ['status', '--frob']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("error: unknown option '--frob'");
    expect(unknownFlag.stderr).toContain('Usage: oauthkit status');
  });
});
