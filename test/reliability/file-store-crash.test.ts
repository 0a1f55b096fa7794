import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/tokens/file-store.js';

// A child rotating tokens in a loop is killed with SIGKILL at random moments, 200 times. After
// each kill the token file must parse and hold the pair it last wrote, or the one it was writing.
const KILLS = 200;

let dir: string;
let workerScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauthkit-crash-'));
  // Bundled once, so that each of the 200 children starts in tens of ms instead of loading tsx.
  workerScript = join(dir, 'worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../support/file-store-crash-worker.ts', import.meta.url))],
    outfile: workerScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Starts the worker; resolves with the versions it reported once it reported `atLeast` of them. */
function startWorker(path: string): { child: ChildProcess; reported: number[]; started: Promise<void> } {
  const child = spawn(process.execPath, [workerScript, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reported: number[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const started = new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) reported.push(Number(line));
      if (reported.length > 0) resolve();
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`worker exited with ${code ?? signal}: ${stderr.slice(0, 500)}`));
    });
  });
  return { child, reported, started };
}

describe('FileTokenStore under SIGKILL', () => {
  it(`holds the last written pair or the next one after each of ${KILLS} kills, never a torn file`, async () => {
    const path = join(dir, 'tokens', 'tokens.json');
    let lastReported = 0;
    let rotations = 0;
    let killedMidWrite = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = startWorker(path);
      await worker.started;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      worker.child.kill('SIGKILL');
      await exited;
      lastReported = Math.max(lastReported, ...worker.reported);
      const record = await new FileTokenStore(path).get('rotating');
      expect(record, `after kill ${kill + 1}`).not.toBeNull();
      const version = record?.version ?? 0;
      // The pair is whole: the access and refresh token of one generation, with its version.
      expect(record?.tokens).toMatchObject({
        accessToken: `access-${version}`,
        refreshToken: `refresh-${version}`,
        extra: { generation: version },
      });
      // What the worker said it wrote, or the write it was killed after but before saying so.
      expect([lastReported, lastReported + 1], `after kill ${kill + 1}`).toContain(version);
      if (version === lastReported + 1) killedMidWrite++;
      rotations = version;
      lastReported = version;
    }
    const leftovers = (await readdir(join(dir, 'tokens'))).filter((name) => name !== 'tokens.json');
    process.stderr.write(
      `file-store crash: ${KILLS} kills survived, ${rotations} rotations, ${killedMidWrite} killed between write and report, ` +
        `leftover files: ${leftovers.length}\n`,
    );
    expect(rotations).toBeGreaterThan(KILLS);
    // Killed writers' temp files are swept by the next write: at most the last one's is left, and
    // the locks the last child held (the next process breaks them).
    expect(leftovers.filter((name) => name.endsWith('.tmp')).length, leftovers.join(' ')).toBeLessThanOrEqual(
      1,
    );
    expect(
      leftovers.filter((name) => !name.endsWith('.tmp') && !name.endsWith('.lock')),
      leftovers.join(' '),
    ).toEqual([]);
  }, 180_000);
});
