import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { errorCode } from './_file-lock.js';
import type { StoredTokens } from './store.js';
import { isObject, parseTokenSet } from './token-set-shape.js';

/** The format version this code reads and writes. */
export const TOKEN_FILE_FORMAT = 1;

/** The parsed token file; unknown fields (top level and per record) are kept as they are. */
export interface TokenFileDocument {
  version: number;
  tokens: Record<string, unknown>;
  [field: string]: unknown;
}

/** Reads and checks the token file; `null` when it does not exist. Never repairs a bad file. */
export async function readTokenFile(path: string): Promise<TokenFileDocument | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new TokenStoreError(`Could not read the token file ${path}; check its permissions.`, {
      location: path,
      cause: error,
    });
  }
  await restrictMode(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(path, 'is not valid JSON');
  }
  if (!isObject(parsed) || !isObject(parsed.tokens) || typeof parsed.version !== 'number') {
    throw corrupt(
      path,
      'does not have the shape of an oauthkit token file ({ "version": 1, "tokens": {...} })',
    );
  }
  if (parsed.version > TOKEN_FILE_FORMAT) {
    throw new TokenStoreError(
      `The token file ${path} was written by a newer oauthkit (format ${parsed.version}); upgrade oauthkit to use it.`,
      { location: path },
    );
  }
  return parsed as TokenFileDocument;
}

/** The record of `key` in `document`, checked; `null` when there is none. */
export function readRecord(path: string, document: TokenFileDocument, key: string): StoredTokens | null {
  const entry = Object.hasOwn(document.tokens, key) ? document.tokens[key] : undefined;
  if (entry === undefined) return null;
  const where = `its record ${JSON.stringify(key)}`;
  if (!isObject(entry)) throw corrupt(path, `has ${where} that is not an object`);
  const { version, updatedAt } = entry;
  if (!Number.isInteger(version) || (version as number) < 1)
    throw corrupt(path, `has ${where} without a valid version`);
  if (!Number.isFinite(updatedAt)) throw corrupt(path, `has ${where} without a valid updatedAt`);
  const tokens = parseTokenSet(entry.tokens);
  if (typeof tokens === 'string') throw corrupt(path, `has ${where} whose tokens are invalid (${tokens})`);
  return { tokens, version: version as number, updatedAt: updatedAt as number };
}

/**
 * Replaces the token file atomically: a private temp file in the same directory is written,
 * flushed to disk and renamed over the old one, so readers see the old or the new file, never half.
 */
export async function writeTokenFile(path: string, document: TokenFileDocument): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temp = join(directory, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(document, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new TokenStoreError(
      `Could not write the token file ${path}; check that its directory is writable.`,
      {
        location: path,
        cause: error,
      },
    );
  }
}

// A token file others can read leaks the tokens: tighten it as soon as it is seen.
async function restrictMode(path: string): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) await chmod(path, 0o600);
}

function corrupt(path: string, problem: string): TokenStoreError {
  return new TokenStoreError(`The token file ${path} ${problem}; fix or delete it, then log in again.`, {
    location: path,
  });
}
