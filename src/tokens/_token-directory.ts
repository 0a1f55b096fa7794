import type { Stats } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { TokenStoreError } from '../errors/token-store-error.js';
import { errorCode, symlinkRefusal } from './_fs-safety.js';

/**
 * Checks the directory of the token file before any use, creating it 0700 when `create` is set;
 * returns `false` when it does not exist (and `create` is not set).
 *
 * Refused with `TokenStoreError`, nothing written: a symbolic link (whoever controls it would
 * choose where the tokens go) and something that is not a directory.
 */
export async function prepareTokenDirectory(directory: string, create: boolean): Promise<boolean> {
  let failure: unknown;
  if (create) {
    try {
      await mkdir(directory, { recursive: true, mode: 0o700 });
    } catch (error) {
      // Said below: a link or a file in the way is reported as such.
      failure = error;
    }
  }
  const info = await inspect(directory);
  if (info === undefined) {
    if (!create) return false;
    throw new TokenStoreError(
      `Could not create the token directory ${directory}; check that its parent directory is writable.`,
      { location: directory, cause: failure },
    );
  }
  if (info.isSymbolicLink()) throw symlinkRefusal(directory, 'token directory');
  if (!info.isDirectory()) {
    throw new TokenStoreError(
      `The token directory ${directory} exists but is not a directory; move it away or choose another token path.`,
      { location: directory },
    );
  }
  return true;
}

async function inspect(directory: string): Promise<Stats | undefined> {
  try {
    return await lstat(directory);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new TokenStoreError(
      `Could not inspect the token directory ${directory}; check the permissions of its parent directories.`,
      { location: directory, cause: error },
    );
  }
}
