import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Fails the run at once, with what to install, when a system peer of the tests is missing. */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/ensure-system-deps.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('System packages for the tests are missing (see above).');
}
