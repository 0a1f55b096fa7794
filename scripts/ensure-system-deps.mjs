#!/usr/bin/env node
// Makes sure the system programs the test suite runs for real are present: Debian's
// `redis-server`, `chromium` and `poppler-utils` (pdftotext reads the sandbox's PDFs). Installs
// them with apt-get when possible (root), otherwise stops with a message that says what to
// install. Run by `npm test` (pretest) and `.ci/run`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wanted = [
  { pkg: 'redis-server', present: () => onPath('redis-server') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'poppler-utils', present: () => onPath('pdftotext') },
];

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = () => wanted.filter((w) => !w.present()).map((w) => w.pkg);
let absent = missing();
if (absent.length === 0) process.exit(0);

const canInstall = process.getuid?.() === 0 && onPath('apt-get');
if (canInstall) {
  process.stderr.write(`oauthkit tests: installing ${absent.join(', ')} with apt-get...\n`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...absent], { stdio: 'inherit', env });
  } catch {
    // Reported below with the list of what is still missing.
  }
  absent = missing();
  if (absent.length === 0) process.exit(0);
}

process.stderr.write(
  `oauthkit tests need system packages that are missing: ${absent.join(', ')}.\n` +
    `Install them and run the tests again: sudo apt-get install -y ${absent.join(' ')}\n`,
);
process.exit(1);
