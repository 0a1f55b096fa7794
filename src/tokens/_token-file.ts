import { open } from 'node:fs/promises';
import { TokenStoreError } from '../errors/token-store-error.js';
import { errorCode, isSymlinkError, READ_NO_FOLLOW, refuseSymlink, symlinkRefusal } from './_fs-safety.js';
import { writePrivateFile } from './private-file.js';
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

/**
 * Reads and checks the token file; `null` when it does not exist. Never repairs a bad file, and
 * refuses a symbolic link in its place without reading or changing it (or what it points to).
 */
export async function readTokenFile(path: string): Promise<TokenFileDocument | null> {
  const text = await readPrivateFile(path);
  if (text === null) return null;
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
 * Replaces the token file atomically (see {@link writePrivateFile}): readers see the old or the
 * new file, never half. A link at `path` is refused, not replaced.
 */
export function writeTokenFile(path: string, document: TokenFileDocument): Promise<void> {
  return writePrivateFile(path, `${JSON.stringify(document, null, 2)}\n`, 'token file');
}

/**
 * The text of the token file, or `null` when there is none. It is opened without following a
 * link, and tightened to 0600 through the open handle if others can read it: a token file
 * others can read leaks the tokens, and a `chmod` by path would change a link's target instead.
 */
async function readPrivateFile(path: string): Promise<string | null> {
  // Also the only guard where the platform has no O_NOFOLLOW.
  if (!(await refuseSymlink(path, 'token file'))) return null;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, READ_NO_FOLLOW);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    if (isSymlinkError(error)) throw symlinkRefusal(path, 'token file');
    throw unreadable(path, error);
  }
  try {
    const info = await handle.stat().catch((error: unknown) => {
      throw unreadable(path, error);
    });
    if (!info.isFile()) {
      throw new TokenStoreError(
        `The token file ${path} is not a regular file; move it away or choose another token path.`,
        { location: path },
      );
    }
    if ((info.mode & 0o077) !== 0) {
      await handle.chmod(0o600).catch((error: unknown) => {
        throw new TokenStoreError(
          `The token file ${path} can be read by other users and could not be restricted to mode 0600; run chmod 600 on it as its owner.`,
          { location: path, cause: error },
        );
      });
    }
    return await handle.readFile('utf8').catch((error: unknown) => {
      throw unreadable(path, error);
    });
  } finally {
    await handle.close();
  }
}

function unreadable(path: string, cause: unknown): TokenStoreError {
  return new TokenStoreError(`Could not read the token file ${path}; check its permissions.`, {
    location: path,
    cause,
  });
}

function corrupt(path: string, problem: string): TokenStoreError {
  return new TokenStoreError(`The token file ${path} ${problem}; fix or delete it, then log in again.`, {
    location: path,
  });
}
