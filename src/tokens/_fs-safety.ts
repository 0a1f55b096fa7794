import { constants } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { TokenStoreError } from '../errors/token-store-error.js';

/**
 * `O_NOFOLLOW`, or 0 where the platform has none (Windows): there the `lstat` check of
 * {@link refuseSymlink} is the only guard, and a link swapped in right after it is followed.
 */
export const NO_FOLLOW: number = constants.O_NOFOLLOW ?? 0;

/** Flags of a file created for writing: a new file (never an existing one, nor a link). */
export const CREATE_NEW: number = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;

/** Flags of a file opened for reading, refusing a link in place of the file. */
export const READ_NO_FOLLOW: number = constants.O_RDONLY | NO_FOLLOW;

/** The paths of a FileTokenStore, and any other private file written like its token file. */
export type StorePath = 'token file' | 'lock file' | 'token directory' | 'private file';

// Why a link there is refused, and what the user can do about it.
const REFUSAL: Record<StorePath, string> = {
  'token file':
    'whoever controls the link would choose which file the tokens are read from and written to; replace the link with the file itself, or pass the path of the real file',
  'lock file':
    'whoever controls the link would choose which file oauthkit writes its lock to; delete the link if no oauthkit process is running',
  'token directory':
    'whoever controls the link would choose where the tokens are kept; pass a path inside the real directory, or replace the link with a directory',
  'private file':
    'whoever controls the link would choose which file the secrets are written to; replace the link with the file itself',
};

/** The `code` of a Node.js system error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `error` is how `open` with `O_NOFOLLOW` refuses a link (ELOOP; EMLINK on FreeBSD). */
export function isSymlinkError(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ELOOP' || code === 'EMLINK';
}

/** The refusal of a link found at `path`; the message says why and what to do. */
export function symlinkRefusal(path: string, what: StorePath): TokenStoreError {
  return new TokenStoreError(
    `The ${what} ${path} is a symbolic link, which oauthkit does not follow: ${REFUSAL[what]}.`,
    { location: path },
  );
}

/**
 * Throws {@link symlinkRefusal} when `path` is a symbolic link; returns whether anything is
 * there. A link is refused without being read, changed or removed.
 */
export async function refuseSymlink(path: string, what: StorePath): Promise<boolean> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw symlinkRefusal(path, what);
    return true;
  } catch (error) {
    if (error instanceof TokenStoreError) throw error;
    if (errorCode(error) === 'ENOENT') return false;
    throw new TokenStoreError(
      `Could not inspect the ${what} ${path}; check the permissions of its directory.`,
      {
        location: path,
        cause: error,
      },
    );
  }
}
