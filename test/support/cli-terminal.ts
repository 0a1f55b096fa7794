// Runs `oauthkit` in a real pseudo-terminal (stdin, stdout and stderr are TTYs), typing answers to
// what it shows.
import { spawn } from '@lydell/node-pty';
import { cliInvocation } from './cli-run.js';

/** What the terminal showed and how the CLI ended. */
export interface TerminalResult {
  code: number;
  screen: string;
}

/**
 * Runs the CLI from source in a pseudo-terminal, as `cliInvocation` says; each time the screen
 * first shows a key of `answers`, its value is typed (`\r` is Enter).
 */
export function runCliInTerminal(
  home: string,
  args: string[],
  answers: Record<string, string> = {},
): Promise<TerminalResult> {
  const invocation = cliInvocation(home, args);
  const terminal = spawn(invocation.file, invocation.args, { cols: 160, rows: 40, env: invocation.env });
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
