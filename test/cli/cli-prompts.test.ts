import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome } from '../support/cli-run.js';
import { runCliInTerminal } from '../support/cli-terminal.js';
import { type RotatingTokenServer, startRotatingTokenServer } from '../support/rotating-token-server.js';

// The client secret and password prompts, typed into a real pseudo-terminal: nothing is echoed.
describe('oauthkit login prompts in a terminal', () => {
  let server: RotatingTokenServer;
  beforeAll(async () => {
    server = await startRotatingTokenServer({ accessTtlSeconds: 60 });
  });
  afterAll(() => server.close());

  it('asks for the client secret and the password without echoing them', async () => {
    const home = await freshHome();
    const { code, screen } = await runCliInTerminal(
      home,
      [
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
      { 'Client secret': `${server.clientSecret}\r`, Password: `${server.password}\r` },
    );
    expect(code).toBe(0);
    expect(screen).toContain('Logged in: profile "custom"');
    expect(screen).not.toContain(server.clientSecret);
    expect(screen).not.toContain(server.password);
    expect(server.stats.logins).toBe(1);
  }, 30_000);
});
