// Section 6: what starting costs — `import('oauthkit')`, `oauthkit --version` and `oauthkit token`
// with a cached token — against `node -e 0`, and what each loads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportRow } from '../lib/report.js';
import {
  type LoadProbe,
  measureStartup,
  probeImport,
  probeLoads,
  type StartupCommand,
} from '../lib/startup.js';
import { formatNumber } from '../lib/stats.js';

const SECTION = "6. Start-up: import('oauthkit') and the CLI vs node -e 0";
const MAX_IMPORT_EXTRA_MS = 30;
const MAX_CLI_EXTRA_MS = 60;
/** What `oauthkit token` and `--version` must not load (issue #12): HTTP stack, prompts, sandbox, jq. */
const HEAVY = /^(undici|@clack\/prompts|@oauthkit\/sandbox|jq-wasm)$/;
const PROFILE = 'bench';

/** An `$OAUTHKIT_HOME` with one profile whose access token is valid for an hour (no server needed). */
async function homeWithFreshToken(root: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'oauthkit-bench-home-'));
  const profile = {
    provider: 'custom',
    flow: 'client-credentials',
    clientId: 'bench',
    tokenEndpoint: 'http://127.0.0.1:9/token',
  };
  writeFileSync(
    join(home, 'config.json'),
    JSON.stringify({ current: PROFILE, profiles: { [PROFILE]: profile } }),
    {
      mode: 0o600,
    },
  );
  const kit = (await import(
    pathToFileURL(join(root, 'dist/index.js')).href
  )) as typeof import('../../src/index.js');
  const store = new kit.FileTokenStore(join(home, 'state', 'tokens.json'));
  const tokens = {
    accessToken: 'bench-access-token',
    tokenType: 'Bearer',
    expiresAt: Date.now() + 3_600_000,
    extra: {},
  };
  await store.compareAndSet(PROFILE, 0, tokens);
  return home;
}

/** `errors 13, http 16, ...`: the source modules of a probe, counted by folder. */
function byFolder(probe: LoadProbe): string {
  const counts = new Map<string, number>();
  for (const module of probe.sourceModules) {
    const folder = module.split('/')[1] ?? module;
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].map(([folder, count]) => `${folder} ${count}`).join(', ');
}

function describeLoads(probe: LoadProbe): string {
  return (
    `${probe.packageFiles.length} files of oauthkit holding ${probe.sourceModules.length} source modules (${byFolder(probe)}); ` +
    `packages: ${probe.dependencies.join(', ') || 'none'}; built-ins: ${probe.builtins.join(', ') || 'none'}`
  );
}

/** Start-up rows, timed in interleaved runs of the built dist/. */
export async function runStartup(root: string, runs: number): Promise<ReportRow[]> {
  const home = await homeWithFreshToken(root);
  try {
    const cliEnv = { OAUTHKIT_HOME: home, OAUTHKIT_PROFILE: '' };
    const commands: StartupCommand[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'node -e "import(\'oauthkit\')"', args: ['-e', "import('oauthkit')"] },
      { label: 'oauthkit --version', args: ['dist/cli.js', '--version'] },
      { label: 'oauthkit token (cached valid token)', args: ['dist/cli.js', 'token'], env: cliEnv },
    ];
    const [bare, ...timed] = measureStartup(commands, runs, root);
    if (bare === undefined || timed.length !== 3) throw new Error('start-up measurement returned no samples');
    const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
    const rows: ReportRow[] = [
      {
        section: SECTION,
        subject: `${bare.label} (reference), median of ${runs}`,
        result: `${formatNumber(bare.wallMs)} ms wall · ${formatNumber(bare.cpuMs)} ms CPU · ${mib(bare.maxRssKiB)} peak RSS`,
        ratio: '1.00×',
      },
    ];
    timed.forEach((sample, index) => {
      const extra = sample.wallMs - bare.wallMs;
      const limit = index === 0 ? MAX_IMPORT_EXTRA_MS : MAX_CLI_EXTRA_MS;
      rows.push({
        section: SECTION,
        subject: `${sample.label}, median of ${runs}`,
        result:
          `${formatNumber(sample.wallMs)} ms wall (+${formatNumber(extra)} ms) · ${formatNumber(sample.cpuMs)} ms CPU ` +
          `(+${formatNumber(sample.cpuMs - bare.cpuMs)} ms) · ${mib(sample.maxRssKiB)} peak RSS (+${mib(sample.maxRssKiB - bare.maxRssKiB)})`,
        ratio: `${(sample.wallMs / bare.wallMs).toFixed(2)}×`,
        goal: `≤ +${limit} ms over node -e 0`,
        passed: extra <= limit,
      });
    });
    const kit = probeImport('oauthkit', root);
    rows.push(
      { section: SECTION, subject: "what import('oauthkit') loads (info)", result: describeLoads(kit) },
      {
        section: SECTION,
        subject: "undici loaded by import('oauthkit') before any request",
        result: kit.undiciLoaded ? 'yes' : 'no',
        goal: 'no',
        passed: !kit.undiciLoaded,
      },
    );
    for (const command of commands.slice(2)) {
      const probe = probeLoads(command.args, root, command.env);
      const heavy = probe.dependencies.filter((name) => HEAVY.test(name));
      rows.push({
        section: SECTION,
        subject: `what ${command.label} loads`,
        result: `${describeLoads(probe)}${probe.undiciLoaded ? '; undici (CommonJS)' : ''}`,
        goal: 'no undici, @clack/prompts, @oauthkit/sandbox or jq-wasm',
        passed: heavy.length === 0 && !probe.undiciLoaded,
      });
    }
    return rows;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
