import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCli } from '../support/cli-run.js';
import { OIDC_CLIENTS, type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js';
import { repositoryPath } from '../support/run-script.js';

// `oauthkit token` with a fresh token and `oauthkit --version` stay cheap: no HTTP stack, no prompt
// library, no sandbox. A resolve hook logs every module the child loads.
describe('oauthkit start-up, and a client-credentials login', () => {
  let op: OidcProviderHandle;
  let home: string;
  beforeAll(async () => {
    op = await startOidcProvider();
    home = await freshHome();
  });
  afterAll(() => op.close());

  async function loadedModules(args: string[]): Promise<string[]> {
    const log = join(home, `modules-${args.join('-')}.log`);
    const result = await runCli(home, args, {
      env: {
        NODE_OPTIONS: `--import=${repositoryPath('test/support/cli-module-log.mjs')}`,
        OAUTHKIT_MODULE_LOG: log,
      },
    });
    expect(result.code).toBe(0);
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  }

  it('logs in with client credentials, and token / --version load no undici, prompts, sandbox or SDK', async () => {
    const { clientId, clientSecret } = OIDC_CLIENTS.basic;
    const login = await runCli(
      home,
      ['login', '--flow', 'client-credentials', '--token-url', op.tokenEndpoint, '--client-id', clientId],
      {
        env: { OAUTHKIT_CLIENT_SECRET: clientSecret },
      },
    );
    expect(login.code).toBe(0);
    expect(op.count('client_credentials')).toBe(1);
    const status = JSON.parse((await runCli(home, ['status', '--json'])).stdout);
    expect(status).toMatchObject({ profile: 'custom', loggedIn: true, refreshToken: false });
    for (const args of [['token'], ['--version']]) {
      const modules = await loadedModules(args);
      expect(modules.some((url) => url.includes('/src/cli/main.ts'))).toBe(true);
      expect(modules.filter((url) => /undici|@clack|sandbox|jq-wasm/.test(url))).toEqual([]);
      // Nor the SDKs or the operation commands' parameter tables (`oauthkit misoca|helloasso ...`).
      expect(modules.filter((url) => /\/src\/providers\/|\/src\/cli\/operations\//.test(url))).toEqual([]);
    }
    // The operation commands' help builds their tree from the SDK, still without undici or prompts.
    const help = await loadedModules(['misoca', 'invoices', 'list', '--help']);
    expect(help.some((url) => url.includes('/src/cli/operations/generated/misoca-parameters.ts'))).toBe(true);
    expect(help.some((url) => url.includes('helloasso'))).toBe(false);
    expect(help.filter((url) => /undici|@clack|sandbox|jq-wasm/.test(url))).toEqual([]);
    expect(op.count('client_credentials')).toBe(1);
  });
});
