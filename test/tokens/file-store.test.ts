import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { keyLockPath } from '../../src/tokens/_file-lock.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import { TokenManager } from '../../src/tokens/token-manager.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';

const tokens = (n: number): TokenSet => ({
  accessToken: `secret-access-${n}`,
  tokenType: 'Bearer',
  expiresAt: 1_900_000_000_000,
  refreshToken: `secret-refresh-${n}`,
  extra: { organization_slug: 'asso' },
});

let root: string;
let dir: string;
let path: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'oauthkit-file-store-'));
  dir = join(root, 'config', 'oauthkit');
  path = join(dir, 'tokens.json');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FileTokenStore', () => {
  it('creates a 0700 directory and a 0600 file in the documented format, leaving no temp files', async () => {
    const store = new FileTokenStore(path);
    expect(await store.get('default')).toBeNull();
    expect(await store.compareAndSet('default', 0, tokens(1))).toMatchObject({ version: 1 });
    expect(await store.compareAndSet('default', 1, tokens(2))).toMatchObject({ version: 2 });
    expect(await store.compareAndSet('default', 1, tokens(3))).toBeNull();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['tokens.json']);
    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document).toEqual({
      version: 1,
      tokens: { default: { version: 2, updatedAt: expect.any(Number), tokens: tokens(2) } },
    });
    const record = await store.get('default');
    expect(record).toMatchObject({ version: 2, tokens: tokens(2) });
  });

  it('keeps fields and keys it does not know when rewriting the file', async () => {
    const store = new FileTokenStore(path);
    await store.compareAndSet('default', 0, tokens(1));
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.profile = { name: 'work' };
    document.tokens.default.note = 'kept';
    document.tokens.other = { version: 7, updatedAt: 1, tokens: tokens(9), label: 'x' };
    await writeFile(path, JSON.stringify(document), { mode: 0o600 });
    await store.compareAndSet('default', 1, tokens(2));
    await store.delete('absent');
    const after = JSON.parse(await readFile(path, 'utf8'));
    expect(after.profile).toEqual({ name: 'work' });
    expect(after.tokens.default).toMatchObject({ version: 2, note: 'kept', tokens: tokens(2) });
    expect(after.tokens.other).toEqual(document.tokens.other);
    await store.delete('default');
    expect(await store.get('default')).toBeNull();
    expect(JSON.parse(await readFile(path, 'utf8')).tokens.other).toEqual(document.tokens.other);
  });

  it('tightens a token file that others can read', async () => {
    const store = new FileTokenStore(path);
    await store.compareAndSet('default', 0, tokens(1));
    await chmod(path, 0o644);
    await store.get('default');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['{ "version": 1, "tokens": ', /is not valid JSON; fix or delete it, then log in again/],
    ['[1, 2]', /does not have the shape of an oauthkit token file/],
    [
      '{ "version": 1, "tokens": { "default": { "version": 1, "updatedAt": 5, "tokens": { "accessToken": 42 } } } }',
      /record "default" whose tokens are invalid \(accessToken is not a non-empty string\)/,
    ],
  ])('refuses a corrupt file %# with a TokenStoreError and never overwrites it', async (content, message) => {
    const store = new FileTokenStore(path);
    await store.compareAndSet('default', 0, tokens(1));
    await writeFile(path, content);
    for (const call of [() => store.get('default'), () => store.compareAndSet('default', 1, tokens(2))]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenStoreError);
      expect((error as TokenStoreError).message).toMatch(message);
      expect((error as TokenStoreError).message).toContain(path);
      expect((error as TokenStoreError).location).toBe(path);
    }
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  it('never puts token text into its error messages', async () => {
    await new FileTokenStore(path).compareAndSet('default', 0, tokens(1));
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"tokenType": "Bearer"', '"tokenType": 5'));
    const error = await new FileTokenStore(path).get('default').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/tokenType is not a string/);
    expect((error as Error).message).not.toContain('secret-');
  });

  it('lets no update be lost between real processes writing under the lock', async () => {
    const worker = fileURLToPath(new URL('../support/file-store-worker.ts', import.meta.url));
    const processes = 4;
    const iterations = 15;
    const outputs = await Promise.all(
      Array.from({ length: processes }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, path, String(iterations)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        return new Promise<string>((resolve, reject) => {
          child.on('error', reject);
          child.on('exit', (code) =>
            code === 0 ? resolve(out) : reject(new Error(`worker exited with ${code}`)),
          );
        });
      }),
    );
    expect(outputs.map((out) => JSON.parse(out))).toEqual(Array(processes).fill({ conflicts: 0 }));
    const record = await new FileTokenStore(path).get('counter');
    expect(record?.tokens.accessToken).toBe(String(processes * iterations));
    expect(record?.version).toBe(processes * iterations);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('breaks a lock left by a process that died, and an expired one', async () => {
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    const store = new FileTokenStore(path);
    await store.compareAndSet('default', 0, tokens(1));
    const farFuture = Date.now() + 3_600_000;
    await writeFile(
      keyLockPath(path, 'default'),
      JSON.stringify({ pid: Number(dead), expiresAt: farFuture, id: 'a' }),
    );
    const lock = await store.lock('default', 5_000);
    const held = JSON.parse(await readFile(keyLockPath(path, 'default'), 'utf8'));
    expect(held.pid).toBe(process.pid);
    await lock.release();
    await expect(stat(keyLockPath(path, 'default'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Same for the short write lock, with a live owner whose lock expired.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, expiresAt: Date.now() - 1, id: 'b' }));
    expect(await store.compareAndSet('default', 1, tokens(2))).toMatchObject({ version: 2 });
  });

  it('gives up with a TokenStoreError while a live process holds the lock', async () => {
    const store = new FileTokenStore(path);
    const held = await store.lock('default', 60_000);
    const error = await store.lock('default', 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect((error as Error).message).toContain(keyLockPath(path, 'default'));
    await held.release();
    await (await store.lock('default', 200)).release();
  });

  it('shares tokens between two token managers through the file', async () => {
    const server = new FakeAuthorizationServer();
    const a = new TokenManager({
      client: server,
      store: new FileTokenStore(path),
      grant: 'client_credentials',
    });
    const b = new TokenManager({
      client: server,
      store: new FileTokenStore(path),
      grant: 'client_credentials',
    });
    expect(await a.getAccessToken()).toBe('access-1');
    expect(await b.getAccessToken()).toBe('access-1');
    expect(server.requests).toHaveLength(1);
  });
});
