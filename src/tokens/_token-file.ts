import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { isProcessGone } from './_file-lock.js';
import {
  CREATE_NEW,
  errorCode,
  isSymlinkError,
  READ_NO_FOLLOW,
  refuseSymlink,
  symlinkRefusal,
} from './_fs-safety.js';
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
 * Deletes the temp files of writers that died between creating theirs and renaming it (a kill,
 * a power cut): they hold tokens and would pile up. Their names carry the writer's pid; a live
 * writer's file is left alone. Runs under the write lock, so no other writer of ours is mid-way.
 */
async function removeOrphanTempFiles(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d{1,10})\.[0-9a-f]{16}\.tmp$/.exec(name.slice(prefix.length));
    const pid = Number(match?.[1]);
    if (match !== null && pid !== process.pid && isProcessGone(pid)) {
      await unlink(join(dirname(path), name)).catch(() => undefined);
    }
  }
}

/**
 * Replaces the token file atomically: a private temp file in the same directory is written,
 * flushed to disk and renamed over the old one, so readers see the old or the new file, never half.
 * The directory must exist and have been checked. A link at `path` is refused, not replaced.
 */
export async function writeTokenFile(path: string, document: TokenFileDocument): Promise<void> {
  await removeOrphanTempFiles(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    // Exclusive and not following links: a file or link planted at this name is never written.
    const handle = await open(temp, CREATE_NEW, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(document, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await refuseSymlink(path, 'token file');
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (error instanceof TokenStoreError) throw error;
    throw new TokenStoreError(
      `Could not write the token file ${path}; check that its directory is writable.`,
      {
        location: path,
        cause: error,
      },
    );
  }
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
