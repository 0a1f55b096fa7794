// `npm run demo [-- --out DIR --ttl SECONDS]`: the README's main job. The tour itself is in demo.ts,
// misoca.ts and helloasso.ts: read them to see oauthkit used against the sandbox.
import { parseArgs } from 'node:util';
import { runDemo } from './demo.js';

const USAGE = 'Usage: npm run demo -- [--out DIR] [--ttl SECONDS]';

let values: { out?: string | undefined; ttl?: string | undefined; help?: boolean | undefined };
try {
  ({ values } = parseArgs({
    options: { out: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(
    `${USAGE}\n  --out DIR      where the invoice PDF goes (default: .oauthkit-demo)\n  --ttl SECONDS  sandbox access-token lifetime (default 2)\n`,
  );
  process.exit(0);
}
const ttl = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
  process.stderr.write(`--ttl needs a whole number of seconds above 0, got "${values.ttl}".\n${USAGE}\n`);
  process.exit(2);
}

try {
  await runDemo({
    ...(values.out ? { outputDir: values.out } : {}),
    ...(ttl ? { accessTokenTtlSeconds: ttl } : {}),
  });
  process.exit(0);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
