import { access, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHelloAssoOptions } from '../../src/providers/helloasso/helloasso-config.js';
import { type CliResult, freshHome, runCli, startCli } from '../support/cli-run.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { freePort, sendJson, startServer, type TestServer } from '../support/test-server.js';

/** Where the SDK itself puts HelloAsso's test environment (its own table, not a copy). */
const SDK_SANDBOX = resolveHelloAssoOptions({ clientId: 'c', clientSecret: 's', environment: 'sandbox' });

/** Runs a browser login with --no-open, and opens the printed URL itself (the sandbox approves at once). */
async function browserLogin(home: string, args: string[]): Promise<CliResult> {
  let opened: Promise<unknown> | undefined;
  const login = startCli(home, ['login', ...args, '--flow', 'browser', '--no-open'], {
    onStderr: (text) => {
      const url = text.match(/^\s+(http\S+)$/m)?.[1];
      opened ??= url ? fetch(url).then((answer) => answer.text()) : undefined;
    },
  });
  const result = await login.result;
  await opened;
  return result;
}

/** A proxy that records the CONNECT targets and refuses each one: no request leaves the machine. */
async function startRefusingProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const server: Server = createServer((_request, response) => response.writeHead(403).end());
  server.on('connect', (request, socket) => {
    targets.push(request.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('oauthkit login presets: explicit hosts, environments, browser logins, bad input', () => {
  let sandbox: Sandbox;
  let plain: TestServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true });
    plain = await startServer((request, response) => {
      if (request.path === '/text/_sandbox') return void response.writeHead(200).end('<html>hello</html>');
      if (request.path === '/json/_sandbox') return void sendJson(response, 200, { status: 'ok' });
      sendJson(response, 404, { error: 'not found' });
    });
  });
  afterAll(async () => {
    await Promise.all([sandbox?.close(), plain?.close()]);
  });

  it('helloasso --api-base (with /v5) --auth-base: the origins are stored as the SDK takes them', async () => {
    const home = await freshHome();
    const { apiBase, authBase, clientId, clientSecret } = sandbox.helloasso;
    const before = sandbox.tokenRequests().helloasso.client_credentials ?? 0;
    const login = await runCli(
      home,
      [
        'login',
        '--provider',
        'helloasso',
        '--api-base',
        `${apiBase}/v5/`,
        '--auth-base',
        authBase,
        '--client-id',
        clientId,
      ],
      { env: { OAUTHKIT_CLIENT_SECRET: clientSecret } },
    );
    expect(login.code).toBe(0);
    expect(sandbox.tokenRequests().helloasso.client_credentials).toBe(before + 1);
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'));
    expect(config.profiles.helloasso).toMatchObject({
      sdk: { apiBase, authBase },
      tokenEndpoint: sandbox.helloasso.tokenUrl,
      authorizationEndpoint: sandbox.helloasso.authorizeUrl,
      apiBase: sandbox.helloasso.baseUrl,
    });
    const status = JSON.parse((await runCli(home, ['status', '--json'])).stdout);
    expect(status).toMatchObject({
      provider: 'helloasso',
      apiBase: sandbox.helloasso.baseUrl,
      refreshToken: true,
    });
    expectNoSecrets(login, [clientSecret]);
  });

  it('helloasso --environment sandbox: the SDK’s authorize host in the URL, its API host for tokens', async () => {
    const home = await freshHome();
    const proxy = await startRefusingProxy();
    try {
      // Client credentials: the token request goes to the SDK's sandbox API host (refused by the proxy).
      const login = await runCli(
        home,
        ['login', '--provider', 'helloasso', '--environment', 'sandbox', '--client-id', 'c'],
        { env: { OAUTHKIT_CLIENT_SECRET: 'not-a-real-secret', HTTPS_PROXY: proxy.url, NO_PROXY: '' } },
      );
      expect(login.code).toBe(5);
      expect(login.stderr).toContain(`${SDK_SANDBOX.apiBase}/oauth2/token`);
      // (The token request is retried after a network failure: each attempt went the same way.)
      expect(proxy.targets.length).toBeGreaterThan(0);
      expect(new Set(proxy.targets)).toEqual(new Set([`${new URL(SDK_SANDBOX.apiBase).host}:443`]));
      await expect(access(join(home, 'config.json'))).rejects.toThrow();
    } finally {
      await proxy.close();
    }
    // The code flow: the URL printed to open is on the SDK's sandbox authorize host.
    let printed: (url: string) => void = () => undefined;
    const shown = new Promise<string>((resolve) => {
      printed = resolve;
    });
    const browser = startCli(
      home,
      [
        'login',
        '--provider',
        'helloasso',
        '--environment',
        'sandbox',
        '--client-id',
        'c',
        '--flow',
        'browser',
        '--no-open',
      ],
      {
        env: { OAUTHKIT_CLIENT_SECRET: 'not-a-real-secret' },
        onStderr: (text) => {
          const found = text.match(/^\s+(https\S+)$/m)?.[1];
          if (found) printed(found);
        },
      },
    );
    const url = new URL(await shown);
    browser.child.kill('SIGTERM');
    await browser.result;
    expect(url.origin + url.pathname).toBe(`${SDK_SANDBOX.authBase}/authorize`);
    expect(url.searchParams.get('client_id')).toBe('c');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('helloasso and misoca --sandbox --flow browser: the authorization code flow end to end', async () => {
    for (const provider of ['helloasso', 'misoca'] as const) {
      const home = await freshHome();
      const before = sandbox.tokenRequests()[provider].authorization_code ?? 0;
      const login = await browserLogin(home, ['--provider', provider, '--sandbox', sandbox.url]);
      expect(login.stderr).toContain(`Logged in: profile "${provider}"`);
      expect(login.code).toBe(0);
      expect(sandbox.tokenRequests()[provider].authorization_code).toBe(before + 1);
      const path =
        provider === 'misoca' ? '/user/me' : `/organizations/${sandbox.helloasso.organizationSlug}`;
      const api = await runCli(home, ['api', path]);
      expect([api.code, api.stderr]).toEqual([0, '']);
      const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'));
      expect(config.profiles[provider].flow).toBe('browser');
      expectNoSecrets([login, api], [sandbox[provider].clientSecret]);
    }
  });

  describe('refused before any token request, with exit 2 (usage), 1 or 5', () => {
    const cases: [string, () => string[], number, RegExp][] = [
      [
        '--environment bogus',
        () => ['--provider', 'helloasso', '--environment', 'bogus'],
        2,
        /argument 'bogus' is invalid/,
      ],
      [
        'helloasso --api-base without --auth-base',
        () => ['--provider', 'helloasso', '--api-base', sandbox.helloasso.apiBase, '--client-id', 'c'],
        2,
        /^error: --provider helloasso needs --api-base and --auth-base together\nhint: /,
      ],
      [
        'helloasso --environment with --api-base',
        () => [
          '--provider',
          'helloasso',
          '--environment',
          'sandbox',
          '--api-base',
          'https://a.example',
          '--auth-base',
          'https://b.example',
          '--client-id',
          'c',
        ],
        2,
        /^error: --environment and --api-base\/--auth-base are exclusive\n/,
      ],
      [
        'misoca --flow client-credentials',
        () => ['--provider', 'misoca', '--flow', 'client-credentials', '--client-id', 'c'],
        2,
        /^error: --provider misoca does not support --flow client-credentials\nhint: use --flow browser or --flow password\n$/,
      ],
      [
        'helloasso --flow password',
        () => ['--provider', 'helloasso', '--flow', 'password', '--client-id', 'c'],
        2,
        /^error: --provider helloasso does not support --flow password\nhint: use --flow client-credentials or --flow browser\n$/,
      ],
      [
        'misoca --api-base (another preset’s option)',
        () => ['--provider', 'misoca', '--api-base', 'https://x.example', '--client-id', 'c'],
        2,
        /^error: --api-base does not apply to --provider misoca\n/,
      ],
      [
        'misoca --site-url over plain http to another host',
        () => ['--provider', 'misoca', '--site-url', 'http://misoca.example', '--client-id', 'c'],
        2,
        /^error: --site-url: siteUrl must be https \(http only on loopback\), not http:\/\/misoca\.example\n/,
      ],
      [
        '--sandbox with --provider custom',
        () => ['--provider', 'custom', '--sandbox', sandbox.url],
        2,
        /^error: --sandbox does not apply to --provider custom\n/,
      ],
      [
        '--sandbox with --site-url',
        () => ['--provider', 'misoca', '--sandbox', sandbox.url, '--site-url', sandbox.misoca.siteUrl],
        2,
        /^error: --sandbox gives the URLs: drop --site-url\n/,
      ],
      [
        '--sandbox at a server that answers 404',
        () => ['--provider', 'helloasso', '--sandbox', plain.origin],
        1,
        /^error: http:\/\/127\.0\.0\.1:\d+ is not an oauthkit sandbox \(GET .*\/_sandbox answered 404\)\nhint: start one/,
      ],
      [
        '--sandbox at a server that answers HTML',
        () => ['--provider', 'misoca', '--sandbox', `${plain.origin}/text`],
        1,
        /^error: http:\/\/127\.0\.0\.1:\d+\/text is not an oauthkit sandbox \(its answer is not JSON\)\n/,
      ],
      [
        '--sandbox at a server that answers other JSON',
        () => ['--provider', 'helloasso', '--sandbox', `${plain.origin}/json/`],
        1,
        /^error: http:\/\/127\.0\.0\.1:\d+\/json\/ is not an oauthkit sandbox \(its answer has no helloasso client\)\n/,
      ],
    ];
    for (const [name, args, code, stderr] of cases) {
      it(name, async () => {
        const home = await freshHome();
        const before = JSON.stringify(sandbox.tokenRequests());
        const result = await runCli(home, ['login', ...args()]);
        expect(result.stderr).toMatch(stderr);
        expect(result.code).toBe(code);
        expect(JSON.stringify(sandbox.tokenRequests())).toBe(before);
        await expect(access(join(home, 'config.json'))).rejects.toThrow();
      });
    }

    it('--sandbox at a port nobody listens on exits 5', async () => {
      const home = await freshHome();
      const url = `http://127.0.0.1:${await freePort()}`;
      const result = await runCli(home, ['login', '--provider', 'helloasso', '--sandbox', url]);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(
        /^error: GET http:\/\/127\.0\.0\.1:\d+\/_sandbox failed: .*ECONNREFUSED.*\nhint: /,
      );
    });
  });
});
