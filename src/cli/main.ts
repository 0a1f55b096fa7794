#!/usr/bin/env node
// The `oauthkit` command. `--version` answers here; everything else goes to the command tree.
import { createRequire } from 'node:module';

/** The version of the installed oauthkit package (dist/cli.js or src/cli/main.ts alike). */
function packageVersion(): string {
  const require = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const manifest = require(path) as { name?: string; version?: string };
      if (manifest.name === 'oauthkit' && manifest.version) return manifest.version;
    } catch {}
  }
  return '0.0.0';
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./program.js');
  await main(argv, packageVersion());
}
