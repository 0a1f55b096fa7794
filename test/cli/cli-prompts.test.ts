import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { spawn } from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome } from '../support/cli-run.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';
import { repositoryPath } from '../support/run-script.js';

// The client secret and password prompts, typed into a real pseudo-terminal: nothing is echoed.
describe('oauthkit login prompts in a terminal', () => {
  let server: RotatingTokenServer;
  beforeAll(async () => {
    server = await startRotatingTokenServer({ accessTtlSeconds: 60 });
  });
  afterAll(() => server.close());

  it('asks for the client secret and the password without echoing them', async () => {
    const home = await freshHome();
    const terminal = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
        repositoryPath('src/cli/main.ts'),
        'login',
        '--flow',
        'password',
        '--token-url',
        server.tokenEndpoint,
        '--client-id',
        server.clientId,
        '--username',
        server.username,
      ],
      {
        cols: 120,
        rows: 30,
        env: {
          ...process.env,
          OAUTHKIT_HOME: home,
          OAUTHKIT_CLIENT_SECRET: '',
          TSX_TSCONFIG_PATH: repositoryPath('tsconfig.json'),
        } as Record<string, string>,
      },
    );
    let screen = '';
    const answered = new Set<string>();
    const exited = new Promise<number>((resolve) => terminal.onExit(({ exitCode }) => resolve(exitCode)));
    terminal.onData((data) => {
      screen += data;
      if (screen.includes('Client secret') && !answered.has('secret')) {
        answered.add('secret');
        setTimeout(() => terminal.write(`${server.clientSecret}\r`), 200);
      }
      if (screen.includes('Password') && !answered.has('password')) {
        answered.add('password');
        setTimeout(() => terminal.write(`${server.password}\r`), 200);
      }
    });
    expect(await exited).toBe(0);
    expect(screen).toContain('Logged in: profile "custom"');
    expect(screen).not.toContain(server.clientSecret);
    expect(screen).not.toContain(server.password);
    expect(server.stats.logins).toBe(1);
  }, 30_000);
});
