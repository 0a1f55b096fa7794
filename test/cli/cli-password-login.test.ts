import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCli } from '../support/cli-run.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';

// A password login against a server with single-use refresh tokens, then every token command.
describe('oauthkit login --flow password, status, token, api, profile, logout', () => {
  let server: RotatingTokenServer;
  let home: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    server = await startRotatingTokenServer({ accessTtlSeconds: 2 });
    secrets.push(server.clientSecret, server.password);
    home = await freshHome();
  });
  afterAll(() => server.close());

  const login = (profile: string) =>
    runCli(
      home,
      [
        'login',
        '--profile',
        profile,
        '--flow',
        'password',
        '--token-url',
        server.tokenEndpoint,
        '--client-id',
        server.clientId,
        '--username',
        server.username,
        '--password-stdin',
        '--api-base',
        new URL('/', server.resourceUrl).href,
      ],
      { input: `${server.password}\n`, env: { OAUTHKIT_CLIENT_SECRET: server.clientSecret } },
    );

  it('logs in, reports the status without tokens, prints a token, calls the API', async () => {
    const loggedIn = await login('work');
    expect(loggedIn.stderr).toContain('Logged in: profile "work"');
    expect(loggedIn.code).toBe(0);
    const status = await runCli(home, ['status', '--json']);
    expect(status.code).toBe(0);
    const shown = JSON.parse(status.stdout);
    expect(shown).toMatchObject({ profile: 'work', provider: 'custom', loggedIn: true, refreshToken: true });
    const token = await runCli(home, ['token']);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/\S{20,}/);
    expect(status.stdout).not.toContain(token.stdout.trim());
    const api = await runCli(home, ['api', '/resource']);
    expect(api.code).toBe(0);
    expect(server.stats.resourceOk).toBeGreaterThan(0);
    const show = await runCli(home, ['profile', 'show', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'work', clientId: server.clientId });
    for (const result of [loggedIn, status, api, show])
      expectNoSecrets(result, [...secrets, token.stdout.trim()]);
    const config = await readFile(join(home, 'config.json'), 'utf8');
    expectNoSecrets(config, secrets);
    expect((await stat(join(home, 'state', 'client-secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'state', 'tokens.json'))).mode & 0o777).toBe(0o600);
  });

  it('two concurrent api processes across an expiry share one refresh and both succeed', async () => {
    await login('race');
    const refreshesBefore = server.stats.refreshes;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const [first, second] = await Promise.all([
      runCli(home, ['--profile', 'race', 'api', '/resource']),
      runCli(home, ['--profile', 'race', 'api', '/resource']),
    ]);
    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([0, 0, '', '']);
    expect(server.stats.refreshes - refreshesBefore).toBe(1);
    expect(server.stats.invalidGrants).toBe(0);
  });

  it('profile list, use and OAUTHKIT_PROFILE pick the profile in that order', async () => {
    await runCli(home, ['profile', 'use', 'race']);
    const list = await runCli(home, ['profile', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toContainEqual({ name: 'race', provider: 'custom', current: true });
    const byEnv = await runCli(home, ['status', '--json'], { env: { OAUTHKIT_PROFILE: 'work' } });
    expect(JSON.parse(byEnv.stdout).profile).toBe('work');
    const byFlag = await runCli(home, ['--profile', 'race', 'status', '--json'], {
      env: { OAUTHKIT_PROFILE: 'work' },
    });
    expect(JSON.parse(byFlag.stdout).profile).toBe('race');
  });

  it('an unknown profile is an error that says how to log in', async () => {
    const result = await runCli(home, ['--profile', 'nope', 'token']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: no profile named "nope".*\nhint: run oauthkit login --profile nope\n$/,
    );
  });

  it('a corrupt config or token file is named, with what to do', async () => {
    const corrupt = await freshHome();
    await mkdir(join(corrupt, 'state'), { recursive: true, mode: 0o700 });
    await writeFile(join(corrupt, 'config.json'), '{ not json');
    const config = await runCli(corrupt, ['status']);
    expect(config.code).toBe(1);
    expect(config.stderr).toContain(`the config file ${join(corrupt, 'config.json')} is not valid JSON`);
    expect(config.stderr).toContain('hint: fix it or delete it');
    const copy = await readFile(join(home, 'config.json'), 'utf8');
    await writeFile(join(corrupt, 'config.json'), copy);
    await writeFile(join(corrupt, 'state', 'tokens.json'), '{ broken', { mode: 0o600 });
    const tokens = await runCli(corrupt, ['--profile', 'work', 'token']);
    expect(tokens.code).toBe(1);
    expect(tokens.stderr).toContain(join(corrupt, 'state', 'tokens.json'));
  });

  it('a refused refresh token exits 3 and says to run oauthkit login; logout forgets the tokens', async () => {
    const loggedIn = await login('refused');
    expect(loggedIn.code).toBe(0);
    // Another client spends the refresh token: the CLI's one is then refused (invalid_grant).
    const tokens = JSON.parse(await readFile(join(home, 'state', 'tokens.json'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const stolen = tokens.tokens.refused.tokens.refreshToken as string;
    const basic = Buffer.from(`${server.clientId}:${server.clientSecret}`).toString('base64');
    await fetch(server.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stolen }),
    });
    const result = await runCli(home, ['--profile', 'refused', 'token']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('run oauthkit login --profile refused');
    expectNoSecrets(result, [...secrets, stolen]);
    const logout = await runCli(home, ['--profile', 'refused', 'logout']);
    expect(logout.code).toBe(0);
    const after = await runCli(home, ['--profile', 'refused', 'status', '--json']);
    expect(JSON.parse(after.stdout).loggedIn).toBe(false);
  });
});
