import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, loginThroughProvider } from '../support/browser.js';
import { freshHome, runCli, startCli } from '../support/cli-run.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { OIDC_CLIENTS, type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';
import { startServer, type TestServer } from '../support/test-server.js';

// `oauthkit login --flow device` against oidc-provider, the code confirmed in Chromium as a person
// would on another device; then `api` with every way of giving a request body and headers.
describe('oauthkit login --flow device, then api bodies from -f, -F, --input and stdin', () => {
  let op: OidcProviderHandle;
  let api: TestServer;
  let browser: BrowserHandle;
  let home: string;

  beforeAll(async () => {
    [op, api, browser] = await Promise.all([
      startOidcProvider(),
      startServer((request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ method: request.method, path: request.path }));
      }),
      launchBrowser(),
    ]);
    home = await freshHome();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([op?.close(), api?.close(), browser?.close()]);
  });

  it('shows the code and the URL, waits for the approval, and saves the tokens', async () => {
    let approved: Promise<string> | undefined;
    const login = startCli(
      home,
      [
        'login',
        '--flow',
        'device',
        '--issuer',
        op.issuer,
        '--client-id',
        OIDC_CLIENTS.public.clientId,
        '--no-client-secret',
        '--scopes',
        'openid offline_access',
        '--api-base',
        api.origin,
      ],
      {
        onStderr: (text) => {
          const match = /Open (\S+) and enter the code (\S+)/.exec(text);
          if (match && approved === undefined) {
            const [, url = '', code = ''] = match;
            // The complete URI carries the code; the page still asks the person to confirm it.
            expect(url).toContain(op.issuer);
            expect(url).toContain(encodeURIComponent(code).replace(/%2D/g, '-'));
            approved = loginThroughProvider(browser, url, op.issuer);
          }
        },
      },
    );
    const result = await login.result;
    expect(approved).toBeDefined();
    expect(await approved).toMatch(/Sign-in Success|successfully/i);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Logged in: profile "custom"');
    expect(op.count('urn:ietf:params:oauth:grant-type:device_code')).toBeGreaterThanOrEqual(1);
    const status = JSON.parse((await runCli(home, ['status', '--json'])).stdout);
    expect(status).toMatchObject({ provider: 'custom', flow: 'device', loggedIn: true, refreshToken: true });
    const token = (await runCli(home, ['token'])).stdout.trim();
    expect(token.length).toBeGreaterThan(10);
    expectNoSecrets(result, [token]);
  }, 60_000);

  it('-f gives strings, -F numbers, booleans and null, -H adds headers; the server sees that JSON', async () => {
    const result = await runCli(home, [
      'api',
      '-X',
      'POST',
      '/things',
      '-f',
      'name=Café 42',
      '-f',
      'count=3',
      '-F',
      'size=3',
      '-F',
      'ratio=0.5',
      '-F',
      'ok=true',
      '-F',
      'gone=null',
      '-H',
      'X-Trace: abc-123',
    ]);
    expect(result.code).toBe(0);
    const seen = api.requests.at(-1);
    expect(seen?.method).toBe('POST');
    expect(seen?.headers['content-type']).toMatch(/^application\/json/);
    expect(seen?.headers['x-trace']).toBe('abc-123');
    expect(JSON.parse(seen?.body ?? '')).toEqual({
      name: 'Café 42',
      count: '3',
      size: 3,
      ratio: 0.5,
      ok: true,
      gone: null,
    });
  });

  it('--input FILE and --input - send the bytes as they are', async () => {
    const file = join(home, '..', 'body.json');
    const body = '{"lines":[{"qty":2,"price":"1200"}],"note":"請求書"}';
    await writeFile(file, body);
    const fromFile = await runCli(home, ['api', '-X', 'PUT', '/invoice/7', '--input', file]);
    expect(fromFile.code).toBe(0);
    expect(api.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/invoice/7', body });
    const fromStdin = await runCli(home, ['api', '-X', 'POST', '/invoice', '--input', '-'], {
      input: body,
    });
    expect(fromStdin.code).toBe(0);
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/invoice', body });
  });

  it('refuses a missing --input file and a malformed -F, sending nothing', async () => {
    const before = api.requests.length;
    const missing = await runCli(home, ['api', '-X', 'POST', '/x', '--input', join(home, 'nope.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^error: .*nope\.json/m);
    const malformed = await runCli(home, ['api', '-X', 'POST', '/x', '-F', 'novalue']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^error: .*novalue/m);
    expect(api.requests.length).toBe(before);
  });
});
