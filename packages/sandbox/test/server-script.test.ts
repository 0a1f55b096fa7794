import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { finished, startScript } from '../../../test/support/run-script.js';

const SANDBOX_CLI = 'packages/sandbox/src/cli.ts';

describe('npm run sandbox (oauthkit-sandbox)', () => {
  it('prints its URLs and clients as JSON, serves them, and stops cleanly on SIGTERM', async () => {
    const child = startScript(SANDBOX_CLI, ['--json', '--ttl', '30'], process.cwd());
    try {
      let output = '';
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = once(child, 'exit');
      for await (const chunk of child.stdout!) {
        output += (chunk as Buffer).toString();
        if (output.includes('\n')) break;
      }
      const info = JSON.parse(output.split('\n')[0]!) as {
        url: string;
        misoca: { tokenUrl: string; clientId: string };
      };
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.misoca.tokenUrl).toBe(`${info.url}/misoca/oauth2/token`);
      const described = (await (await fetch(`${info.url}/_sandbox`)).json()) as {
        misoca: { clientId: string };
      };
      expect(described.misoca.clientId).toBe(info.misoca.clientId);
      const token = await fetch(`${info.url}/helloasso/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'sandbox-helloasso-client',
          client_secret: 'sandbox-helloasso-secret',
        }),
      });
      expect(await token.json()).toMatchObject({ expires_in: 30 });

      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stderr).toBe('');
      await expect(fetch(`${info.url}/_sandbox`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('prints a readable description without --json', async () => {
    const child = startScript(SANDBOX_CLI, [], process.cwd());
    try {
      let output = '';
      for await (const chunk of child.stdout!) {
        output += (chunk as Buffer).toString();
        if (output.includes('Press Ctrl-C to stop.')) break;
      }
      expect(output).toMatch(/^oauthkit sandbox at http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toContain('yamada.taro@example.jp / sandbox-password');
      expect(output).toContain('sandbox-helloasso-client');
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a zero token lifetime as a usage error (exit 2) without starting', async () => {
    const { code, stdout, stderr } = await finished(startScript(SANDBOX_CLI, ['--ttl', '0'], process.cwd()));
    expect(code).toBe(2);
    expect(stderr).toContain('--ttl needs a whole number of at least 1, got "0".');
    expect(stderr).toContain('Usage: oauthkit-sandbox');
    expect(stdout).toBe('');
  });
});
