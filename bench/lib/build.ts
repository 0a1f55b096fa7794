// The bench measures the built package (`dist/`, what users get): build it when missing or older
// than any source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when `dist/index.js` is missing or stale; returns a note on what happened. */
export function ensureBuilt(root: string): string {
  const entry = join(root, 'dist/index.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(root, 'src')))
    return 'dist/ up to date';
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (!existsSync(entry)) {
    throw new Error(
      `npm run build produced no dist/index.js: ${result.stdout}${result.stderr}`.slice(0, 2000),
    );
  }
  // tsc emits even with type errors; measure what was emitted but say so.
  return result.status === 0 ? 'dist/ rebuilt' : 'dist/ rebuilt with type errors (tsc exit code != 0)';
}
