import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { TokenStoreError } from '../errors/token-store-error.js';
import { errorCode, isSymlinkError, NO_FOLLOW, symlinkRefusal } from './_fs-safety.js';

// Whoever can write to the directory can replace the token file, or plant a link or a lock in it.
const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;

/**
 * Checks the directory of the token file before any use, creating it 0700 when `create` is set;
 * returns `false` when it does not exist (and `create` is not set).
 *
 * Refused with `TokenStoreError`, nothing written: a symbolic link, something that is not a
 * directory, a shared sticky directory such as /tmp, and a directory that others can write to
 * and this process does not own. One it owns that others can write to is tightened to 0700.
 * One that only its owner can write to is used as it is, whoever the owner: that owner already
 * decides what the path holds. Without POSIX modes (Windows) only the link check applies.
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
  if (process.geteuid !== undefined && (info.mode & WRITABLE_BY_OTHERS) !== 0) await tighten(directory);
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

// Decided and done on an open handle, so that a link swapped in after `lstat` is not followed.
async function tighten(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(directory, constants.O_RDONLY | constants.O_DIRECTORY | NO_FOLLOW);
  } catch (error) {
    if (isSymlinkError(error)) throw symlinkRefusal(directory, 'token directory');
    throw cannotTighten(directory, error);
  }
  try {
    const { mode, uid } = await handle.stat().catch((error: unknown) => {
      throw cannotTighten(directory, error);
    });
    const shown = (mode & 0o7777).toString(8).padStart(4, '0');
    if ((mode & WRITABLE_BY_OTHERS) === 0) return;
    // Tightening /tmp (when running as root) would break every other program that uses it.
    if ((mode & STICKY) !== 0) {
      throw new TokenStoreError(
        `The token directory ${directory} is a shared directory (mode ${shown}: sticky and writable by other users, like /tmp) where others can create the token and lock files first; use a directory of its own, such as one under ~/.config.`,
        { location: directory },
      );
    }
    const self = process.geteuid?.();
    if (uid !== self) {
      throw new TokenStoreError(
        `The token directory ${directory} is writable by other users (mode ${shown}) and owned by uid ${uid}, not by this process (uid ${self}), so oauthkit cannot tighten it and others could replace the token file; remove the write permission of group and others (chmod go-w) or use a directory this user owns.`,
        { location: directory },
      );
    }
    await handle.chmod(0o700).catch((error: unknown) => {
      throw cannotTighten(directory, error);
    });
  } finally {
    await handle.close();
  }
}

function cannotTighten(directory: string, cause: unknown): TokenStoreError {
  return new TokenStoreError(
    `Could not restrict the token directory ${directory} to mode 0700; run chmod 700 on it.`,
    { location: directory, cause },
  );
}
