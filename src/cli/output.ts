// Everything the CLI prints goes through here: stdout for results, stderr for messages.
// The error classes one by one: the package index would also load the OAuth protocol library.
import { ApiError } from '../errors/api-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { NetworkError } from '../errors/network-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ReauthorizationRequiredError } from '../errors/reauthorization-required-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { TokenStoreError } from '../errors/token-store-error.js';

/** The CLI's exit codes : 0 ok, 1 error, 2 usage, 3 log in again, 4 API error, 5 network or timeout. */
export const EXIT = { ok: 0, error: 1, usage: 2, reauthorize: 3, api: 4, network: 5 } as const;

/** A failure the CLI itself detects: a message, a hint and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint: string | undefined = undefined,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Writes a result line to stdout. */
export function printResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes raw bytes or text to stdout, as they are. */
export function writeStdout(chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** Writes `value` as JSON with two-space indentation to stdout. */
export function printJson(value: unknown): void {
  printResult(JSON.stringify(value, null, 2));
}

/** Writes a message for the human to stderr. */
export function printMessage(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A spinner on stderr when it is a TTY; otherwise one line. Returns a function that stops it. */
export function startSpinner(text: string): (finalText?: string) => void {
  if (!process.stderr.isTTY) {
    printMessage(text);
    return (finalText) => finalText && printMessage(finalText);
  }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const timer = setInterval(() => process.stderr.write(`\r${frames[frame++ % frames.length]} ${text}`), 80);
  return (finalText) => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
    if (finalText) printMessage(finalText);
  };
}

/** Maps any error to the one-line message, hint and exit code the CLI shows. */
export function describeError(
  error: unknown,
  profile = 'PROFILE',
): { message: string; hint?: string; code: number } {
  const login = `run oauthkit login --profile ${profile}`;
  if (error instanceof CliError) {
    return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), code: error.exitCode };
  }
  if (error instanceof ReauthorizationRequiredError) {
    // Its message says why (no tokens, no refresh token, a refused one) and names only the key.
    const why = error.message.replace(/; log in again.*$/s, '');
    return { message: why.charAt(0).toLowerCase() + why.slice(1), hint: login, code: EXIT.reauthorize };
  }
  if (error instanceof OAuthError && error.error === 'invalid_grant') {
    return { message: 'the saved login can no longer be renewed', hint: login, code: EXIT.reauthorize };
  }
  if (error instanceof RateLimitError)
    return { message: error.message, hint: 'wait and try again', code: EXIT.api };
  if (error instanceof ApiError) {
    return {
      message: `${error.method} ${error.url} answered ${error.status}`,
      hint: error.message,
      code: EXIT.api,
    };
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return { message: error.message, hint: 'check the URL and your connection', code: EXIT.network };
  }
  if (error instanceof TokenStoreError) return { message: error.message, code: EXIT.error };
  if (error instanceof ConfigurationError || error instanceof OAuthError)
    return { message: error.message, code: EXIT.error };
  return { message: error instanceof Error ? error.message : String(error), code: EXIT.error };
}

/** Prints `error: ...` and a hint on stderr and returns the exit code. */
export function reportError(error: unknown, profile?: string): number {
  const { message, hint, code } = describeError(error, profile);
  printMessage(`error: ${message.split('\n')[0]}`);
  if (hint) printMessage(`hint: ${hint}`);
  return code;
}
