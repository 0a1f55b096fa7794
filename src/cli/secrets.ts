// Secrets come from the environment, stdin or a prompt without echo; never from argv.
import { CliError, EXIT } from './output.js';

/** Reads all of stdin, without the trailing newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a secret without echo (the prompt library is loaded only here). */
export async function promptSecret(message: string, flagHint: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError(`${message}: no terminal to ask on`, `pass ${flagHint}`, EXIT.usage);
  }
  const { password, isCancel } = await import('@clack/prompts');
  const answer = await password({ message, mask: '', output: process.stderr });
  if (isCancel(answer) || typeof answer !== 'string') throw new CliError('cancelled', undefined, EXIT.error);
  return answer;
}
