import { link, open, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { nodeCrypto } from '../shared/lazy-builtins.js';
import { sleep } from '../shared/sleep.js';
import {
  CREATE_NEW,
  errorCode,
  isSymlinkError,
  READ_NO_FOLLOW,
  refuseSymlink,
  symlinkRefusal,
} from './_fs-safety.js';
import type { TokenLock } from './store.js';

interface LockContent {
  pid: number;
  expiresAt: number;
  id: string;
}

// A lock file still empty after this long was left by a holder that died while creating it.
const EMPTY_LOCK_GRACE_MS = 2_000;

/**
 * Takes a cross-process lock: a file created with `O_EXCL` holding the owner's pid and expiry.
 * An expired lock, or one whose owner process is gone, is broken. Waits with a small backoff
 * up to `waitMs`, then throws `TokenStoreError`. A symbolic link at `lockPath` is refused at once
 * (`TokenStoreError`), and neither read, broken nor followed.
 */
export async function acquireFileLock(lockPath: string, ttlMs: number, waitMs: number): Promise<TokenLock> {
  const deadline = Date.now() + waitMs;
  let delayMs = 5;
  let unreadableSince: number | undefined;
  for (;;) {
    const content: LockContent = {
      pid: process.pid,
      expiresAt: Date.now() + ttlMs,
      id: nodeCrypto().randomBytes(8).toString('hex'),
    };
    if (await tryCreate(lockPath, content)) return { release: () => releaseFileLock(lockPath, content.id) };
    const holder = await readLock(lockPath);
    if (holder === 'link') throw symlinkRefusal(lockPath, 'lock file');
    if (holder === 'unreadable') unreadableSince ??= Date.now();
    else unreadableSince = undefined;
    const stale =
      holder === 'unreadable'
        ? Date.now() - (unreadableSince ?? Date.now()) > EMPTY_LOCK_GRACE_MS
        : holder !== 'missing' && isStale(holder);
    if (stale && holder !== 'missing') await breakLock(lockPath, holder);
    // Checked on every path, so a lock that cannot be broken (permissions) cannot spin for ever.
    if (Date.now() >= deadline) {
      throw new TokenStoreError(
        `Could not lock ${lockPath} within ${waitMs} ms because another process holds it; try again, or delete the lock file if no oauthkit process is running.`,
        { location: lockPath, retryable: true },
      );
    }
    if (!stale && holder !== 'missing') {
      await sleep(delayMs * (0.5 + Math.random()));
      delayMs = Math.min(delayMs * 2, 100);
    }
  }
}

async function tryCreate(lockPath: string, content: LockContent): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, CREATE_NEW, 0o600);
  } catch (error) {
    // O_EXCL fails on a link too: tell a link from a lock held by someone before reading it.
    if (errorCode(error) === 'EEXIST') {
      await refuseSymlink(lockPath, 'lock file');
      return false;
    }
    throw new TokenStoreError(
      `Could not create the lock file ${lockPath}; check that its directory is writable.`,
      {
        location: lockPath,
        cause: error,
      },
    );
  }
  try {
    await handle.writeFile(JSON.stringify(content));
  } catch (error) {
    await handle.close();
    await unlink(lockPath).catch(() => undefined);
    throw new TokenStoreError(`Could not write the lock file ${lockPath}; check the free disk space.`, {
      location: lockPath,
      cause: error,
    });
  }
  await handle.close();
  return true;
}

type LockState = LockContent | 'unreadable' | 'missing' | 'link';

async function readLock(lockPath: string): Promise<LockState> {
  try {
    const handle = await open(lockPath, READ_NO_FOLLOW);
    const text = await handle.readFile('utf8').finally(() => handle.close());
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.expiresAt === 'number' &&
      typeof parsed.id === 'string'
    ) {
      return parsed as LockContent;
    }
    return 'unreadable';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    if (isSymlinkError(error)) return 'link';
    // Being written right now, or left half-written by a crash.
    return 'unreadable';
  }
}

function isStale(holder: LockContent): boolean {
  return holder.expiresAt <= Date.now() || isProcessGone(holder.pid);
}

/** Whether no process with this pid runs on this machine (one of another user's still counts). */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

/**
 * Removes a stale lock without removing a fresh one another breaker just created: the file is
 * moved aside first, and put back if it turns out not to be the one judged stale.
 */
async function breakLock(lockPath: string, stale: Exclude<LockState, 'link' | 'missing'>): Promise<void> {
  const aside = `${lockPath}.${nodeCrypto().randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readLock(aside);
  const sameAsJudged =
    moved === stale || (typeof moved === 'object' && typeof stale === 'object' && moved.id === stale.id);
  if (moved !== 'missing' && !sameAsJudged) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function releaseFileLock(lockPath: string, id: string): Promise<void> {
  const holder = await readLock(lockPath);
  // An expired lock may have been broken and taken by another process: leave theirs alone.
  if (typeof holder === 'object' && holder.id === id) await unlink(lockPath).catch(() => undefined);
}

/** The lock file of `key` next to the token file at `path`. */
export function keyLockPath(path: string, key: string): string {
  const digest = nodeCrypto().createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${resolve(path)}.${digest}.lock`;
}
