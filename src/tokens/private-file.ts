import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { nodeCrypto } from '../shared/lazy-builtins.js';
import { isProcessGone } from './_file-lock.js';
import { CREATE_NEW, refuseSymlink, type StorePath } from './_fs-safety.js';

/**
 * Deletes the temp files of writers that died between creating theirs and renaming it (a kill,
 * a power cut): they hold secrets and would pile up. Their names carry the writer's pid; a live
 * writer's file is left alone.
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
 * Replaces a private file (tokens, a client secret) atomically: a 0600 temp file in the same
 * directory, created exclusively without following links, is written, flushed to disk and renamed
 * over the old one, so readers see the old or the new file, never half. A link at `path` is
 * refused, not replaced. The directory must exist and have been checked. `what` names the file in
 * errors, which are `TokenStoreError`s.
 */
export async function writePrivateFile(
  path: string,
  text: string,
  what: Extract<StorePath, 'token file' | 'private file'>,
): Promise<void> {
  await removeOrphanTempFiles(path);
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(8).toString('hex')}.tmp`,
  );
  try {
    // Exclusive and not following links: a file or link planted at this name is never written.
    const handle = await open(temp, CREATE_NEW, 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await refuseSymlink(path, what);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (error instanceof TokenStoreError) throw error;
    throw new TokenStoreError(`Could not write the ${what} ${path}; check that its directory is writable.`, {
      location: path,
      cause: error,
    });
  }
}
