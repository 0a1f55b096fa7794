import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import { type CliResult, freshHome, runCli } from '../support/cli-run.js';
import { type HelloAssoSandbox, startHelloAssoSandbox } from '../support/helloasso-sandbox.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { repositoryPath } from '../support/run-script.js';
import { editStoredTokens, staleTokens } from '../support/stored-token-edit.js';

// `oauthkit login --provider helloasso --sandbox URL` against the sandbox started in-process, then
// every command a script uses, with HelloAsso's pagination and token rules.
describe('oauthkit login --provider helloasso --sandbox, then status, token, api, renewal', () => {
  let ha: HelloAssoSandbox;
  let home: string;
  let slug: string;
  // Every output to check for secrets (`token`'s stdout is the access token by design, so left out),
  // and every token the profile held along the way.
  const shown: CliResult[] = [];
  const held = new Set<string>();
  const noteTokens = async () => {
    const stored = await new FileTokenStore(join(home, 'state', 'tokens.json')).get('helloasso');
    for (const token of [stored?.tokens.accessToken, stored?.tokens.refreshToken]) if (token) held.add(token);
  };
  const tokenOutput = (result: CliResult) => ({ ...result, stdout: '' });
  const tokenFile = () => new FileTokenStore(join(home, 'state', 'tokens.json'));
  /** `oauthkit token` that must renew: its result, and the sandbox's token request counts before it. */
  const renewingToken = async () => {
    const before = ha.sandbox.tokenRequests().helloasso;
    const token = await runCli(home, ['token']);
    shown.push(tokenOutput(token));
    expect(token.code).toBe(0);
    return { token, before };
  };

  beforeAll(async () => {
    ha = await startHelloAssoSandbox();
    slug = ha.sandbox.helloasso.organizationSlug;
    home = await freshHome();
  });
  afterAll(() => ha?.close());

  it('logs in with the sandbox client (client credentials by default) and stores the SDK’s URLs', async () => {
    const login = await runCli(home, ['login', '--provider', 'helloasso', '--sandbox', ha.sandbox.url]);
    shown.push(login);
    expect(login.stderr).toContain('Logged in: profile "helloasso"');
    expect(login.code).toBe(0);
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({ client_credentials: 1 });
    const { apiBase, authBase, clientId } = ha.sandbox.helloasso;
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'));
    expect(config.profiles.helloasso).toEqual({
      provider: 'helloasso',
      flow: 'client-credentials',
      clientId,
      sdk: { apiBase, authBase },
      tokenEndpoint: `${apiBase}/oauth2/token`,
      authorizationEndpoint: `${authBase}/authorize`,
      apiBase: `${apiBase}/v5`,
    });
    expect(ha.sandbox.helloasso.tokenUrl).toBe(config.profiles.helloasso.tokenEndpoint);
    const secrets = JSON.parse(await readFile(join(home, 'state', 'client-secrets.json'), 'utf8'));
    expect(secrets).toEqual({ helloasso: ha.sandbox.helloasso.clientSecret });
    await noteTokens();
  });

  it('status --json names the provider and a held refresh token; token prints it without a request', async () => {
    const status = await runCli(home, ['status', '--json']);
    shown.push(status);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'helloasso',
      provider: 'helloasso',
      loggedIn: true,
      expired: false,
      refreshToken: true,
      apiBase: `${ha.sandbox.helloasso.apiBase}/v5`,
    });
    const token = await runCli(home, ['token']);
    shown.push(tokenOutput(token));
    expect(token.code).toBe(0);
    const stored = await new FileTokenStore(join(home, 'state', 'tokens.json')).get('helloasso');
    expect(token.stdout.trim()).toBe(stored?.tokens.accessToken);
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({ client_credentials: 1 });
  });

  it('token with a fresh token loads no HTTP stack, prompt library, SDK, preset module or sandbox', async () => {
    const log = join(home, 'modules-token.log');
    const token = await runCli(home, ['token'], {
      env: {
        NODE_OPTIONS: `--import=${repositoryPath('test/support/cli-module-log.mjs')}`,
        OAUTHKIT_MODULE_LOG: log,
      },
    });
    shown.push(tokenOutput(token));
    expect(token.code).toBe(0);
    const modules = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(modules.some((url) => url.endsWith('/src/cli/presets/registry.ts'))).toBe(true);
    expect(
      modules.filter((url) =>
        /undici|oauth4webapi|@clack|jq-wasm|sandbox|\/src\/providers\/|\/presets\/_|playground/.test(url),
      ),
    ).toEqual([]);
  });

  it('api /organizations/<slug> answers the organization with the stored token', async () => {
    const before = ha.exchanges.length;
    const api = await runCli(home, ['api', `/organizations/${slug}`]);
    shown.push(api);
    expect(api.stderr).toBe('');
    expect(api.code).toBe(0);
    expect(JSON.parse(api.stdout)).toMatchObject({ organizationSlug: slug });
    const seen = ha.exchanges.slice(before);
    expect(seen.map((exchange) => [exchange.operation, exchange.status])).toEqual([
      ['GET /organizations/{organizationSlug}', 200],
    ]);
    const stored = await new FileTokenStore(join(home, 'state', 'tokens.json')).get('helloasso');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${stored?.tokens.accessToken}`);
  });

  it('api --paginate streams every order, following the continuation tokens', async () => {
    const before = ha.exchanges.length;
    const api = await runCli(home, [
      'api',
      `/organizations/${slug}/orders`,
      '--paginate',
      '--format',
      'ndjson',
      '-F',
      'pageSize=40',
    ]);
    shown.push(api);
    expect(api.stderr).toBe('');
    expect(api.code).toBe(0);
    const orders = api.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number });
    const own = ha.emulation.state.orders.filter((order) => order.organizationSlug === slug);
    expect(own.length).toBeGreaterThan(80);
    expect(orders.map((order) => order.id).sort()).toEqual(own.map((order) => order.id).sort());
    const pages = ha.exchanges.slice(before);
    // ceil(n / 40) full pages, then the empty page that ends HelloAsso's walk.
    expect(pages).toHaveLength(Math.ceil(own.length / 40) + 1);
    expect(pages.every((page) => page.status === 200)).toBe(true);
    expect(new URLSearchParams(pages[0]?.query).has('continuationToken')).toBe(false);
    for (const page of pages.slice(1)) {
      expect(new URLSearchParams(page.query).get('continuationToken')).toMatch(/\S/);
      expect(new URLSearchParams(page.query).get('pageSize')).toBe('40');
    }
  });

  it('a stale token is renewed with the refresh token, and client credentials are not asked again', async () => {
    const stale = await editStoredTokens(home, 'helloasso', staleTokens);
    const { token, before } = await renewingToken();
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({
      client_credentials: before.client_credentials,
      refresh_token: (before.refresh_token ?? 0) + 1,
    });
    const renewed = await tokenFile().get('helloasso');
    expect(token.stdout.trim()).toBe(renewed?.tokens.accessToken);
    expect(renewed?.tokens.accessToken).not.toBe(stale.accessToken);
    expect(renewed?.tokens.expiresAt).toBeGreaterThan(Date.now());
    await noteTokens();
    // The new token works.
    const api = await runCli(home, ['api', `/organizations/${slug}`]);
    shown.push(api);
    expect(api.code).toBe(0);
  });

  it('a refused refresh token: client credentials mint again (HelloAsso’s rule), no login needed', async () => {
    await editStoredTokens(home, 'helloasso', (tokens) => ({
      ...staleTokens(tokens),
      refreshToken: 'refresh-token-the-sandbox-never-issued',
    }));
    const { before } = await renewingToken();
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({
      client_credentials: (before.client_credentials ?? 0) + 1,
      refresh_token: (before.refresh_token ?? 0) + 1,
    });
    expect((await tokenFile().get('helloasso'))?.tokens.refreshToken).not.toBe(
      'refresh-token-the-sandbox-never-issued',
    );
    await noteTokens();
  });

  it('logout --revoke disconnects at HelloAsso (GET /oauth2/disconnect): the old token is refused', async () => {
    const before = (await tokenFile().get('helloasso'))?.tokens;
    expect(before?.accessToken).toBeTruthy();
    const organization = `${ha.sandbox.helloasso.baseUrl}/organizations/${slug}`;
    const headers = { authorization: `Bearer ${before?.accessToken}` };
    expect((await fetch(organization, { headers })).status).toBe(200);
    const mintsBefore = ha.sandbox.tokenRequests().helloasso.client_credentials;
    const logout = await runCli(home, ['logout', '--revoke']);
    shown.push(logout);
    expect(logout).toMatchObject({ code: 0 });
    expect(logout.stderr).toContain('Revoked at the server.');
    expect((await fetch(organization, { headers })).status).toBe(401);
    expect(await tokenFile().get('helloasso')).toBeNull();
    const token = await runCli(home, ['token']);
    shown.push(token);
    // Logged out means logged out: the profile does not mint a new token with a kept secret.
    expect(token.code).toBe(3);
    expect(token.stderr).toMatch(/logged out[\s\S]*oauthkit login/);
    expect(ha.sandbox.tokenRequests().helloasso.client_credentials).toBe(mintsBefore);
  });

  it('shows no client secret and no token in any output or in config.json', async () => {
    const secrets = [ha.sandbox.helloasso.clientSecret, ...held];
    // Three access tokens and three refresh tokens: login, the refresh, the new mint.
    expect(secrets).toHaveLength(7);
    expect(shown.length).toBeGreaterThanOrEqual(6);
    for (const result of shown) expectNoSecrets(result, secrets);
    expectNoSecrets(await readFile(join(home, 'config.json'), 'utf8'), secrets);
  });
});
