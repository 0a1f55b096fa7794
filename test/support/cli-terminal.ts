// Runs `oauthkit` in a real pseudo-terminal (stdin, stdout and stderr are TTYs), typing answers to
// what it shows.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { spawn } from '@lydell/node-pty';
import { repositoryPath } from './run-script.js';

/** What the terminal showed and how the CLI ended. */
export interface TerminalResult {
  code: number;
  screen: string;
}

/**
 * Runs the CLI from source in a pseudo-terminal with `OAUTHKIT_HOME=home`; each time the screen
 * first shows a key of `answers`, its value is typed (`\r` is Enter).
 */
export function runCliInTerminal(
  home: string,
  args: string[],
  answers: Record<string, string> = {},
): Promise<TerminalResult> {
  const terminal = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      repositoryPath('src/cli/main.ts'),
      ...args,
    ],
    {
      cols: 160,
      rows: 40,
      env: {
        ...process.env,
        OAUTHKIT_HOME: home,
        OAUTHKIT_PROFILE: '',
        TSX_TSCONFIG_PATH: repositoryPath('tsconfig.json'),
      } as Record<string, string>,
    },
  );
  let screen = '';
  const answered = new Set<string>();
  terminal.onData((data) => {
    screen += data;
    for (const [prompt, keys] of Object.entries(answers)) {
      if (answered.has(prompt) || !screen.includes(prompt)) continue;
      answered.add(prompt);
      setTimeout(() => terminal.write(keys), 200);
    }
  });
  return new Promise((resolve) => terminal.onExit(({ exitCode }) => resolve({ code: exitCode, screen })));
}
