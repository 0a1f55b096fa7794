// What a request is built from on the command line: `-f`/`-F` fields and a body from a file or stdin.
import { readFile } from 'node:fs/promises';
import { CliError, EXIT } from '../output.js';
import { readStdin } from '../secrets.js';

/** `-F`'s typing: `true`, `false`, `null` and numbers parsed, anything else kept as a string. */
export function typedValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

/** Adds `key=value` fields to `into`: as strings (`-f`), or typed (`-F`, see {@link typedValue}). */
export function parseFields(fields: unknown, typed: boolean, into: Record<string, unknown>): void {
  for (const field of (fields as string[] | undefined) ?? []) {
    const at = field.indexOf('=');
    if (at < 1) throw new CliError(`field "${field}" is not key=value`, undefined, EXIT.usage);
    const raw = field.slice(at + 1);
    into[field.slice(0, at)] = typed ? typedValue(raw) : raw;
  }
}

/** The text of `--input`/`--body`: a file, or stdin for `-`; `undefined` without the flag. */
export async function readInput(input: string | undefined): Promise<string | undefined> {
  if (input === undefined) return undefined;
  return input === '-' ? readStdin() : readFile(input, 'utf8');
}

/** {@link readInput}, parsed as JSON (a usage error, exit 2, when it is not JSON). */
export async function readJsonInput(input: string | undefined, flag: string): Promise<unknown> {
  const text = await readInput(input);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const from = input === '-' ? 'stdin' : input;
    throw new CliError(`${flag} ${from}: not valid JSON`, 'give a JSON document', EXIT.usage);
  }
}
