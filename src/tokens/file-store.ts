import { dirname, resolve } from 'node:path';
import { acquireFileLock, keyLockPath } from './_file-lock.js';
import { prepareTokenDirectory } from './_token-directory.js';
import { readRecord, readTokenFile, TOKEN_FILE_FORMAT, writeTokenFile } from './_token-file.js';
import type { StoredTokens, TokenLock, TokenStore } from './store.js';
import type { TokenSet } from './token-set.js';
import { assertStorable } from './token-set-shape.js';

// Writes are short: a read, a compare and a rename.
const WRITE_LOCK_TTL_MS = 10_000;

/**
 * Keeps tokens in one JSON file, shared safely by every process of the machine.
 *
 * Format (format version 1; fields this version does not know are kept on rewrite):
 * ```json
 * { "version": 1,
 *   "tokens": { "<key>": { "version": 3, "updatedAt": 1767225600000,
 *                          "tokens": { "accessToken": "…", "tokenType": "Bearer", "expiresAt": 1767229200000,
 *                                      "refreshToken": "…", "scope": "read", "extra": {} } } } }
 * ```
 * The file is mode 0600 (tightened if found readable by others) in a directory created 0700,
 * and replaced atomically (temp file created exclusively with `O_NOFOLLOW` and mode 0600, fsync,
 * rename). Locks are files next to it (`<file>.lock` for writes, `<file>.<key hash>.lock` for a
 * key), created exclusively and holding the owner's pid and expiry; a lock that expired or
 * whose process died is broken. A corrupt file makes every call throw `TokenStoreError`; it is
 * never overwritten.
 *
 * Symbolic links are never followed, so that whoever controls a link cannot choose where tokens
 * are read from or written to: a link at the token file or at the token directory itself makes
 * every call throw `TokenStoreError` (not retryable), one at a lock file every call that takes
 * that lock; the link and what it points to are left exactly as they were. Files are opened
 * with `O_NOFOLLOW`; where the platform has none (Windows), an `lstat` check just before is the
 * only guard. The directories above the token directory are trusted and may be links.
 *
 * The token directory is checked on every call, since whoever can write to it can replace the
 * token file. One this process owns that group or others can write to is tightened to 0700
 * (one that they can only read is left as it is: the file itself is 0600). One another user
 * owns that group or others can write to, and a shared sticky directory such as /tmp (even one
 * this process owns: tightening it would break other programs), are refused with
 * `TokenStoreError` and nothing is written. One that only its owner can write to is used as it
 * is, whoever the owner (root, an administrator, a mounted volume's owner): that owner already
 * decides what the path holds. Without POSIX modes (Windows) only the link check applies.
 *
 * @example
 * ```ts
 * const store = new FileTokenStore(join(homedir(), '.config', 'myapp', 'tokens.json'));
 * const tokens = new TokenManager({ client, store, key: 'misoca' });
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** Absolute path of the token file. */
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** The tokens under `key`, or `null`. Throws `TokenStoreError` when the file is corrupt. */
  async get(key: string): Promise<StoredTokens | null> {
    if (!(await prepareTokenDirectory(dirname(this.path), false))) return null;
    const document = await readTokenFile(this.path);
    return document === null ? null : readRecord(this.path, document, key);
  }

  /** Writes `tokens` under `key` if its version is still `expectedVersion` (0: none). */
  async compareAndSet(key: string, expectedVersion: number, tokens: TokenSet): Promise<StoredTokens | null> {
    assertStorable(tokens, this.path);
    return this.#withWriteLock(async () => {
      const document = (await readTokenFile(this.path)) ?? { version: TOKEN_FILE_FORMAT, tokens: {} };
      const current = readRecord(this.path, document, key);
      if ((current?.version ?? 0) !== expectedVersion) return null;
      const record: StoredTokens = { tokens, version: expectedVersion + 1, updatedAt: Date.now() };
      const previous = document.tokens[key];
      const entry = typeof previous === 'object' && previous !== null ? previous : {};
      document.tokens[key] = {
        ...entry,
        version: record.version,
        updatedAt: record.updatedAt,
        tokens: { ...tokens },
      };
      await writeTokenFile(this.path, document);
      return readRecord(this.path, document, key);
    });
  }

  /** Removes the tokens under `key` (other keys and unknown fields stay). */
  async delete(key: string): Promise<void> {
    await this.#withWriteLock(async () => {
      const document = await readTokenFile(this.path);
      if (document === null || !Object.hasOwn(document.tokens, key)) return;
      delete document.tokens[key];
      await writeTokenFile(this.path, document);
    });
  }

  /** Takes the cross-process lock of `key` (a lock file); waits up to about `ttlMs`. */
  async lock(key: string, ttlMs: number): Promise<TokenLock> {
    await this.#ensureDirectory();
    return acquireFileLock(keyLockPath(this.path, key), ttlMs, ttlMs);
  }

  async #withWriteLock<T>(write: () => Promise<T>): Promise<T> {
    await this.#ensureDirectory();
    const lock = await acquireFileLock(`${this.path}.lock`, WRITE_LOCK_TTL_MS, WRITE_LOCK_TTL_MS);
    try {
      return await write();
    } finally {
      await lock.release();
    }
  }

  async #ensureDirectory(): Promise<void> {
    await prepareTokenDirectory(dirname(this.path), true);
  }
}
