// FileTokenStore against a hostile or careless file system: symbolic links at the token file,
// the lock files and the token directory, and token directories that others can write to.
// Each test checks what is on disk afterwards, not only the error.
import { constants } from 'node:fs';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { keyLockPath } from '../../src/tokens/_file-lock.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { caught, expectNoSecrets } from '../support/no-secrets.js';

// Records how the store opens files, to check the flags of the temporary file it writes.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});

const SECRETS = ['secret-access-', 'secret-refresh-'];
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;

const tokens = (n: number): TokenSet => ({
  accessToken: `secret-access-${n}`,
  tokenType: 'Bearer',
  expiresAt: 1_900_000_000_000,
  refreshToken: `secret-refresh-${n}`,
  extra: {},
});
const tokenFile = (n: number): string =>
  `${JSON.stringify({ version: 1, tokens: { default: { version: 1, updatedAt: 1, tokens: tokens(n) } } })}\n`;

let root: string;
let dir: string;
let path: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'oauthkit-hardening-'));
  dir = join(root, 'config', 'oauthkit');
  path = join(dir, 'tokens.json');
});

afterEach(async () => {
  vi.mocked(open).mockClear();
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (file: string): Promise<number> => (await lstat(file)).mode & 0o7777;

/** Asserts a refusal: a non-retryable TokenStoreError naming `location`, without token text. */
function expectRefusal(error: unknown, location: string, why: RegExp): void {
  expect(error).toBeInstanceOf(TokenStoreError);
  const refusal = error as TokenStoreError;
  expect(refusal.message).toMatch(why);
  expect(refusal.message).toContain(location);
  expect(refusal.location).toBe(location);
  expect(refusal.retryable).toBe(false);
  expectNoSecrets(refusal, SECRETS);
}

/** A 0644 token file outside the token directory, and a symbolic link to it at `link`. */
async function linkToReadableFile(link: string, content: string): Promise<string> {
  const target = join(root, 'elsewhere.json');
  await writeFile(target, content);
  await chmod(target, 0o644);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await symlink(target, link);
  return target;
}

describe('FileTokenStore and symbolic links', () => {
  it('refuses to read a token file that is a symbolic link, leaving the link and its 0644 target as they were', async () => {
    const target = await linkToReadableFile(path, tokenFile(1));
    const error = await caught(() => new FileTokenStore(path).get('default'));
    expectRefusal(error, path, /is a symbolic link.*does not follow/);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(await readlink(path)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe(tokenFile(1));
    expect(await modeOf(target)).toBe(0o644);
  });

  it.each([
    ['a 0644 file', true],
    ['nothing (a dangling link)', false],
  ])(
    'refuses to write or delete through a token file symlink to %s: the link stays a link',
    async (_, withTarget) => {
      const target = await linkToReadableFile(path, tokenFile(1));
      if (!withTarget) await rm(target);
      const store = new FileTokenStore(path);
      expectRefusal(await caught(() => store.compareAndSet('default', 1, tokens(2))), path, /symbolic link/);
      expectRefusal(await caught(() => store.compareAndSet('default', 0, tokens(2))), path, /symbolic link/);
      expectRefusal(await caught(() => store.delete('default')), path, /symbolic link/);
      expect((await lstat(path)).isSymbolicLink()).toBe(true);
      expect(await readlink(path)).toBe(target);
      if (withTarget) {
        expect(await readFile(target, 'utf8')).toBe(tokenFile(1));
        expect(await modeOf(target)).toBe(0o644);
      } else {
        await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
      }
      // No temporary file and no lock file is left behind.
      expect(await readdir(dir)).toEqual(['tokens.json']);
    },
  );

  it.each([
    ['key lock', (store: FileTokenStore) => store.lock('default', 5_000), () => keyLockPath(path, 'default')],
    [
      'write lock',
      (store: FileTokenStore) => store.compareAndSet('default', 0, tokens(1)),
      () => `${path}.lock`,
    ],
  ])(
    'refuses a %s file that is a symbolic link, touching neither the link nor its target',
    async (_, take, lockPath) => {
      const link = lockPath();
      const target = await linkToReadableFile(link, 'not a lock');
      const error = await caught(() => take(new FileTokenStore(path)));
      expectRefusal(error, link, /lock file .* is a symbolic link/);
      expect(await readlink(link)).toBe(target);
      expect(await readFile(target, 'utf8')).toBe('not a lock');
      expect(await modeOf(target)).toBe(0o644);
      expect(await readdir(dir)).toEqual([link.slice(dir.length + 1)]);
    },
  );

  it('refuses a token directory that is a symbolic link to another directory, writing nothing into either', async () => {
    const real = join(root, 'attacker');
    await mkdir(real, { mode: 0o755 });
    await chmod(real, 0o755);
    await mkdir(join(root, 'config'));
    await symlink(real, dir);
    const store = new FileTokenStore(path);
    for (const call of [
      () => store.get('default'),
      () => store.compareAndSet('default', 0, tokens(1)),
      () => store.delete('default'),
      () => store.lock('default', 1_000),
    ]) {
      expectRefusal(await caught(call), dir, /token directory .* is a symbolic link/);
    }
    expect(await readlink(dir)).toBe(real);
    expect(await readdir(real)).toEqual([]);
    expect(await modeOf(real)).toBe(0o755);
  });

  it('creates its temporary file exclusively, without following links, mode 0600, and leaves none behind', async () => {
    await new FileTokenStore(path).compareAndSet('default', 0, tokens(1));
    const temps = vi.mocked(open).mock.calls.filter(([file]) => String(file).endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
    expect(temps[0]?.slice(1)).toEqual([O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600]);
    expect(await readdir(dir)).toEqual(['tokens.json']);
    expect(await modeOf(path)).toBe(0o600);
  });
});

describe('FileTokenStore and the permissions of its directory', () => {
  it.each([
    ['0777', 'compareAndSet'],
    ['0770', 'get'],
    ['0757', 'lock'],
  ] as const)('tightens a token directory it owns from %s to 0700 (%s)', async (mode, operation) => {
    await new FileTokenStore(path).compareAndSet('default', 0, tokens(1));
    await chmod(dir, Number.parseInt(mode, 8));
    const store = new FileTokenStore(path);
    if (operation === 'compareAndSet') await store.compareAndSet('default', 1, tokens(2));
    if (operation === 'get') expect(await store.get('default')).toMatchObject({ version: 1 });
    if (operation === 'lock') await (await store.lock('default', 1_000)).release();
    expect(await modeOf(dir)).toBe(0o700);
    expect((await lstat(dir)).uid).toBe(process.geteuid?.());
  });

  it.runIf(asRoot).each(['0777', '0770', '0730'])(
    'refuses a token directory another user owns that others can write to (%s), writing nothing',
    async (shown) => {
      const mode = Number.parseInt(shown, 8);
      await new FileTokenStore(path).compareAndSet('default', 0, tokens(1));
      const before = await readFile(path, 'utf8');
      await chown(dir, NOBODY, NOBODY);
      await chmod(dir, mode);
      const store = new FileTokenStore(path);
      for (const call of [
        () => store.get('default'),
        () => store.compareAndSet('default', 1, tokens(2)),
        () => store.delete('default'),
        () => store.lock('default', 1_000),
      ]) {
        expectRefusal(await caught(call), dir, /writable by other users.*owned by uid 65534/);
      }
      expect(await readdir(dir)).toEqual(['tokens.json']);
      expect(await readFile(path, 'utf8')).toBe(before);
      expect(await modeOf(dir)).toBe(mode);
      expect((await lstat(dir)).uid).toBe(NOBODY);
    },
  );

  it('refuses a shared sticky directory (1777) even one it owns, rather than tightening it', async () => {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o1777);
    const error = await caught(() => new FileTokenStore(path).compareAndSet('default', 0, tokens(1)));
    expectRefusal(error, dir, /shared directory.*sticky/);
    expect(await modeOf(dir)).toBe(0o1777);
    expect(await readdir(dir)).toEqual([]);
  });

  it.runIf(asRoot).each([
    ['this process', undefined],
    ['another user', NOBODY],
  ])('uses a 0755 token directory owned by %s and leaves its mode and owner alone', async (_, owner) => {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755);
    if (owner !== undefined) await chown(dir, owner, owner);
    const store = new FileTokenStore(path);
    expect(await store.compareAndSet('default', 0, tokens(1))).toMatchObject({ version: 1 });
    expect(await store.get('default')).toMatchObject({ version: 1 });
    expect(await modeOf(dir)).toBe(0o755);
    expect((await lstat(dir)).uid).toBe(owner ?? process.geteuid?.());
    expect(await modeOf(path)).toBe(0o600);
  });
});
