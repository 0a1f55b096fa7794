import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshHome, runCli } from '../support/cli-run.js';

// Completion scripts that a shell really loads, and the demo's pointer to the repository.
describe('oauthkit completion and demo', () => {
  it('completes commands and flags in bash', async () => {
    const home = await freshHome();
    const script = await runCli(home, ['completion', 'bash']);
    expect(script.code).toBe(0);
    const file = join(home, '..', 'completion.bash');
    await writeFile(file, script.stdout);
    const complete = (words: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _oauthkit; echo "\${COMPREPLY[*]}"`,
        ],
        {
          encoding: 'utf8',
        },
      ).trim();
    expect(complete('oauthkit lo')).toBe('login logout');
    expect(complete('oauthkit api --pag')).toBe('--paginate');
    const fish = await runCli(home, ['completion', 'fish']);
    expect(fish.stdout).toContain('__fish_seen_subcommand_from login" -l client-id');
    const unknown = await runCli(home, ['completion', 'tcsh']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'error: no completion for "tcsh"\nhint: use bash, zsh or fish\n',
    ]);
  });

  it('demo says it lives in the repository', async () => {
    const demo = await runCli(await freshHome(), ['demo']);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('hint: in a clone of the repository, run npm run demo');
  });
});
