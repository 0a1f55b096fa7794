#!/usr/bin/env node
// `oauthkit-sandbox [--json --port N --ttl S --auto-approve --seed N]` (in the oauthkit repository:
// `npm run sandbox -- …`): runs the sandbox in the foreground.
import { parseArgs } from 'node:util';
import { formatSandbox, sandboxInfo } from './format-sandbox.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

const USAGE = `Usage: oauthkit-sandbox [--json] [--port N] [--ttl SECONDS] [--refresh-ttl SECONDS] [--auto-approve] [--seed N]`;

/** A whole-number option, at least `minimum` (a lifetime of 0 s is no lifetime). */
function numberOption(value: string | undefined, name: string, minimum = 0): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    process.stderr.write(
      `--${name} needs a whole number of at least ${minimum}, got "${value}".\n${USAGE}\n`,
    );
    process.exit(2);
  }
  return parsed;
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      port: { type: 'string' },
      ttl: { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'auto-approve': { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const options = {
  port: numberOption(args.values.port, 'port'),
  accessTokenTtlSeconds: numberOption(args.values.ttl, 'ttl', 1),
  refreshTokenTtlSeconds: numberOption(args.values['refresh-ttl'], 'refresh-ttl', 1),
  seed: numberOption(args.values.seed, 'seed'),
};
let sandbox: Sandbox;
try {
  sandbox = await startSandbox({
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    autoApprove: args.values['auto-approve'],
    onError: (error) =>
      process.stderr.write(`sandbox: request failed: ${(error as Error).stack ?? String(error)}\n`),
  });
} catch (error) {
  process.stderr.write(`sandbox did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
  if (!args.values.json) process.stderr.write(`sandbox stopped (${signal})\n`);
  process.exit(0);
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

if (args.values.json) process.stdout.write(`${JSON.stringify(sandboxInfo(sandbox))}\n`);
else process.stdout.write(`${formatSandbox(sandbox)}\nPress Ctrl-C to stop.\n`);
